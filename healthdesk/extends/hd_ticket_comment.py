"""healthdesk's doc events on Helpdesk's HD Ticket Comment (internal notes; reseller desks: a note
written at a desk stays the desk's)."""

from healthdesk.desks import visibility


def before_insert(doc, method=None):
    visibility.comment_before_insert(doc)
