"""healthdesk's doc events on Helpdesk's HD Team (reseller desks: a desk team keeps Helpdesk's
restriction, its members work only there, nobody joins with another cooperative's tickets)."""

from healthdesk.desks import visibility


def validate(doc, method=None):
    visibility.team_validate(doc)


def on_update(doc, method=None):
    visibility.team_on_update(doc)
