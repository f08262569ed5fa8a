"""healthdesk's doc events on Helpdesk's HD Settings (reseller desks: team-less tickets are not
shown to every agent while cooperatives run their own desks)."""

from healthdesk.desks import visibility


def validate(doc, method=None):
    visibility.hd_settings_validate(doc)
