"""healthdesk's doc events on every doctype ("*") (LGPD support access: the paths around the permission hooks)."""

from healthdesk.support_access import guards


def on_update(doc, method=None):
    guards.make_attached_files_private(doc)
