"""healthdesk's doc events on File (LGPD support access: the paths around the permission hooks)."""

from healthdesk.desks import visibility
from healthdesk.support_access import enforcement, guards


def before_insert(doc, method=None):
    enforcement.reference_before_insert(doc)
    guards.file_before_insert(doc)


def after_insert(doc, method=None):
    enforcement.file_after_insert(doc)
    visibility.file_after_insert(doc)  # reseller desks: a ticket's public attachment is made private
