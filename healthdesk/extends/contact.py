"""healthdesk's doc events on Contact (LGPD support access: the paths around the permission hooks)."""

from healthdesk.support_access import guards


def validate(doc, method=None):
    guards.contact_validate(doc)
