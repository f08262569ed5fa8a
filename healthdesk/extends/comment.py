"""healthdesk's doc events on Comment (LGPD support access: the paths around the permission hooks)."""

from healthdesk.support_access import enforcement, guards


def before_insert(doc, method=None):
    enforcement.reference_before_insert(doc)
    guards.log_reference_guard(doc)
