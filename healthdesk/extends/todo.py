"""healthdesk's doc events on ToDo (assignments) (LGPD support access: the paths around the permission hooks)."""

from healthdesk.desks import visibility
from healthdesk.indicators import assignments
from healthdesk.support_access import guards


def before_insert(doc, method=None):
    guards.log_reference_guard(doc)


def on_update(doc, method=None):
    # indicators: the per-agent rows of the ticket follow its assignments
    assignments.todo_changed(doc, method)


def after_delete(doc, method=None):
    assignments.todo_changed(doc, method)


def validate(doc, method=None):
    # reseller desks: no assignment of another cooperative's record to a desk agent
    visibility.todo_validate(doc)
