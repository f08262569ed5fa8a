"""HD Ticket knows its clinic: keep clinic, HD Customer and reseller consistent, and let a
customer raise or move a ticket only to a clinic they belong to (agents may set any).

Runs as a ``before_validate`` doc event, after Helpdesk's own ``before_validate`` has filled the
contact and, when the contact has exactly one HD Customer, the customer.
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.contacts import user_customers
from healthdesk.utils import bold

SEVERITY_PRIORITIES = ("High", "Medium", "Low")  # severities that are also Helpdesk priorities


def before_validate(doc, method=None):
    sync_clinic_fields(doc)
    enforce_clinic_membership(doc)
    sync_severity_and_priority(doc)


def before_save(doc, method=None):
    # Helpdesk's SLA gives a new ticket its default priority in before_save, after
    # before_validate: a ticket without a severity takes the severity of that priority.
    if not doc.severity and doc.priority in SEVERITY_PRIORITIES:
        doc.severity = doc.priority


def sync_severity_and_priority(doc) -> None:
    """Severity and Helpdesk priority say the same thing: the SLA applies the priority.

    A severity High/Medium/Low sets the priority of the same name; an agent changing the priority
    to one of those changes the severity. "Not covered" keeps whatever priority the ticket has
    (the SLA gives it no deadline).
    """
    severity_changed = doc.has_value_changed("severity")
    priority_changed = doc.has_value_changed("priority")
    if doc.severity in SEVERITY_PRIORITIES and (severity_changed or not priority_changed):
        if frappe.db.exists("HD Ticket Priority", doc.severity):
            doc.priority = doc.severity
    elif priority_changed and doc.priority in SEVERITY_PRIORITIES and doc.severity != "Not covered":
        doc.severity = doc.priority


def sync_clinic_fields(doc) -> None:
    """The ticket's HD Customer follows its clinic; a customer chosen alone brings its clinic."""
    clinic_changed = doc.has_value_changed("clinic")
    customer_changed = doc.has_value_changed("customer")
    if doc.clinic and (clinic_changed or not doc.customer or not customer_changed):
        customer = frappe.db.get_value("Clinic", doc.clinic, "hd_customer")
        if customer:
            doc.customer = customer
    elif doc.customer and customer_changed:
        doc.clinic = frappe.db.get_value("Clinic", {"hd_customer": doc.customer}, "name")
    doc.reseller = frappe.db.get_value("Clinic", doc.clinic, "reseller") if doc.clinic else None


def enforce_clinic_membership(doc) -> None:
    from helpdesk.utils import is_agent

    if not (doc.is_new() or doc.has_value_changed("clinic") or doc.has_value_changed("customer")):
        return
    user = frappe.session.user
    if is_agent(user):
        return
    allowed = user_customers(user)
    if not doc.clinic:
        if doc.customer and doc.customer not in allowed:
            frappe.throw(
                _("You can only open tickets for clinics you belong to."),
                frappe.PermissionError, title=_("Not your clinic"),
            )
        if allowed and frappe.db.exists("Clinic", {"hd_customer": ["in", list(allowed)]}):
            frappe.throw(
                _("Choose the clinic this ticket is about in the Clinic field."),
                frappe.MandatoryError, title=_("Clinic required"),
            )
        return
    clinic = frappe.db.get_value("Clinic", doc.clinic, ["hd_customer", "is_active", "clinic_name"], as_dict=True)
    if not clinic or clinic.hd_customer not in allowed:
        frappe.throw(
            _("You do not belong to clinic {0}: choose one of your own clinics in the Clinic field.").format(
                bold(doc.clinic)),
            frappe.PermissionError, title=_("Not your clinic"),
        )
    if not clinic.is_active:
        frappe.throw(
            _("Clinic {0} is inactive and cannot receive new tickets. Contact your reseller's support.").format(
                bold(f"{doc.clinic} - {clinic.clinic_name}")),
            title=_("Inactive clinic"),
        )
