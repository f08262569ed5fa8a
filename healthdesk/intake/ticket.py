"""Ticket intake guarantees on HD Ticket, run by healthdesk.extends.hd_ticket once the clinic is
known and before the severity is mapped onto Helpdesk's priority: unknown categories and modules
are refused, categories other than Error get their default severity (an agent's explicit choice
stands), personal data is flagged, and a new clinic ticket is triaged. Tickets that are not
about a clinic are not triaged: Helpdesk's own tickets behave as before.

Matched personal data is never stored or logged: only the count and the kinds.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import strip_html_tags

from healthdesk.constants import NOT_COVERED, SEVERITY_PRIORITIES, SYSTEM_MODULE
from healthdesk.core import pii, triage
from healthdesk.intake.triage import run_triage
from healthdesk.utils import bold


class UnknownCategory(frappe.ValidationError):
    pass


class UnknownSystemModule(frappe.ValidationError):
    pass


def before_validate(doc, method=None):
    validate_category_and_module(doc)
    apply_default_severity(doc)
    flag_personal_data(doc)
    if doc.is_new() and doc.get("clinic") and not doc.flags.healthdesk_triaged:
        doc.flags.healthdesk_triaged = True
        run_triage(doc)


def validate_category_and_module(doc) -> None:
    category = doc.get("ticket_category")
    if category and category not in triage.CATEGORIES:
        frappe.throw(
            _("Unknown category {0}. Choose one of: {1}.").format(
                bold(category), ", ".join(_(c) for c in triage.CATEGORIES)),
            UnknownCategory, title=_("Unknown category"),
        )
    module = doc.get("system_module")
    if module and (doc.is_new() or doc.has_value_changed("system_module")):
        if not frappe.db.get_value(SYSTEM_MODULE, module, "enabled"):
            frappe.throw(
                _("Unknown system module {0}. Choose one of the modules listed in the System Module field.").format(
                    bold(module)),
                UnknownSystemModule, title=_("Unknown system module"),
            )


def apply_default_severity(doc) -> None:
    """Only errors get a severity chosen by customers; other categories get their default. An
    agent who chooses a severity explicitly keeps it (the default only fills an empty one)."""
    from helpdesk.utils import is_agent

    category = doc.get("ticket_category")
    if not category or triage.category_needs_severity(category):
        return
    if doc.get("severity") and doc.has_value_changed("severity") and is_agent():
        return
    if doc.is_new() or doc.has_value_changed("ticket_category"):
        severity = triage.default_severity(category)
        if severity:
            doc.severity = severity


def flag_personal_data(doc) -> None:
    text = "\n".join([doc.get("subject") or "", strip_html_tags(doc.get("description") or "")])
    findings = pii.find_personal_data(text)
    doc.contains_personal_data = 1 if findings else 0
    doc.personal_data_count = len(findings)
    doc.personal_data_kinds = ", ".join(sorted({f.kind for f in findings}))


def sync_severity_and_priority(doc) -> None:
    """Severity and Helpdesk priority say the same thing: the SLA applies the priority.

    A severity High/Medium/Low sets the priority of the same name; an agent changing the priority
    to one of those changes the severity. "Not covered" keeps whatever priority the ticket has
    (the SLA gives it no deadline).
    """
    severity_changed = doc.has_value_changed("severity")
    priority_changed = doc.has_value_changed("priority")
    if doc.severity in SEVERITY_PRIORITIES and (severity_changed or not priority_changed):
        if frappe.db.exists("HD Ticket Priority", doc.severity, cache=True):
            doc.priority = doc.severity
    elif priority_changed and doc.priority in SEVERITY_PRIORITIES and doc.severity != NOT_COVERED:
        doc.severity = doc.priority
