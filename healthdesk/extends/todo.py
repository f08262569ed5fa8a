"""healthdesk's doc events on ToDo (assignments) (LGPD support access: the paths around the permission hooks)."""

from healthdesk.support_access import guards


def before_insert(doc, method=None):
    guards.log_reference_guard(doc)
