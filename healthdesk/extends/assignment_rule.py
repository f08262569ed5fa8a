"""healthdesk's doc events on Frappe's Assignment Rule (reseller desks: a desk agent is only in
their desk team's ticket rotation)."""

from healthdesk.desks import visibility


def validate(doc, method=None):
    visibility.assignment_rule_validate(doc)
