"""HD Ticket knows its clinic: keep clinic, HD Customer and reseller consistent, and let a
customer raise or move a ticket only to a clinic they belong to (agents may set any).

Runs as a ``before_validate`` doc event, after Helpdesk's own ``before_validate`` has filled the
contact and, when the contact has exactly one HD Customer, the customer. Every entrance —
Helpdesk's customer and agent new-ticket pages, the REST API, e-mail and ``/abrir-chamado`` —
goes through it, so the same rules hold on each.

healthdesk only acts on *clinic tickets*: a ticket that is not about a clinic (no Clinic, and a
sender who belongs to none) is left exactly as Helpdesk made it.
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.contacts import user_customers
from healthdesk.utils import bold

SEVERITY_PRIORITIES = ("High", "Medium", "Low")  # severities that are also Helpdesk priorities


def before_insert(doc, method=None):
    # Before Helpdesk's own before_validate: from v1.28 it refuses a portal ticket whose contact
    # has several customers and none chosen, so the customer must follow the clinic already.
    sync_clinic_fields(doc)
    clinic_from_sender(doc)


# Fields only healthdesk's own code writes: the level through the escalation menu (which records
# the reason and the business time), the access state through the support-access flow.
INTERNAL_FIELDS = ("support_level", "support_access")


def guard_internal_fields(doc) -> None:
    if doc.is_new() or doc.flags.healthdesk_internal_change:
        return
    for fieldname in INTERNAL_FIELDS:
        if doc.meta.has_field(fieldname) and doc.has_value_changed(fieldname):
            frappe.throw(
                _("Support Level and Support Access are kept by healthdesk: change the level with the ticket's Level menu (Escalate or Return); support access changes from the clinic's Support access page."),
                frappe.ValidationError, title=_("Field not editable"))


def before_validate(doc, method=None):
    from healthdesk import intake

    guard_internal_fields(doc)
    clinic_before = doc.get("clinic")
    sync_clinic_fields(doc)
    clinic_from_sender(doc)
    enforce_clinic_membership(doc)
    intake.before_validate(doc)
    sync_severity_and_priority(doc)
    if doc.is_new() and not doc.get("support_level"):
        doc.support_level = 1  # Helpdesk's pages send every template field, empty ones as ""
    if doc.get("clinic") != clinic_before:
        # Helpdesk chose the SLA in its own before_validate, before this hook changed the clinic:
        # choose again with Helpdesk's own rule now that the SLA condition sees the clinic.
        doc.set_sla()


def clinic_from_sender(doc) -> None:
    """A ticket that arrives without a clinic (e-mail, the API, Helpdesk's pages) takes its
    sender's clinic when the sender belongs to exactly one; with several or none it is flagged
    for an agent to choose. Nothing is refused and nothing is lost."""
    if doc.get("clinic"):
        doc.clinic_to_confirm = 0
        return
    if not doc.is_new():
        return
    clinics = sender_clinics(doc)
    if len(clinics) == 1:
        doc.clinic = clinics[0]
        sync_clinic_fields(doc)
        doc.clinic_to_confirm = 0
        return
    doc.clinic_to_confirm = 1 if (clinics or _sender_is_customer(doc)) and _site_has_clinics() else 0


def sender_clinics(doc) -> list[str]:
    """Active clinics of the ticket's contact (its Contact's links to clinics' HD Customers)."""
    from healthdesk.contacts import linked_customers

    contact = doc.get("contact")
    sender = doc.get("raised_by") or (frappe.session.user if doc.is_new() else None)
    if not contact and sender:
        from email.utils import parseaddr

        from frappe.contacts.doctype.contact.contact import get_contact_name

        contact = get_contact_name(parseaddr(sender)[1])
    if not contact:
        return []
    customers = linked_customers(contact)
    if not customers:
        return []
    return frappe.get_all("Clinic", filters={"hd_customer": ["in", list(customers)], "is_active": 1},
                          pluck="name", order_by="name asc")


def _sender_is_customer(doc) -> bool:
    # Not helpdesk.utils.is_agent(sender): it answers for the session user when that is an admin
    # (e-mail is pulled as Administrator), whoever the sender is.
    from email.utils import parseaddr

    from healthdesk.support_access import is_support_user

    sender = parseaddr(doc.get("raised_by") or frappe.session.user)[1]
    if not sender or sender in ("Administrator", "Guest"):
        return False
    return not is_support_user(sender)


def _site_has_clinics() -> bool:
    return bool(frappe.db.exists("Clinic", {}))


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
        if frappe.db.exists("HD Ticket Priority", doc.severity, cache=True):
            doc.priority = doc.severity
    elif priority_changed and doc.priority in SEVERITY_PRIORITIES and doc.severity != "Not covered":
        doc.severity = doc.priority


def sync_clinic_fields(doc) -> None:
    """The ticket's HD Customer follows its clinic; a customer chosen alone brings its clinic."""
    clinic_changed = doc.has_value_changed("clinic")
    customer_changed = doc.has_value_changed("customer")
    if doc.get("clinic") and (clinic_changed or not doc.get("customer") or not customer_changed):
        customer = clinic_value(doc.clinic, "hd_customer")
        if customer:
            doc.customer = customer
    elif doc.get("customer") and customer_changed:
        doc.clinic = frappe.db.get_value("Clinic", {"hd_customer": doc.customer}, "name")
    doc.reseller = clinic_value(doc.clinic, "reseller") if doc.get("clinic") else None


def clinic_value(clinic: str, fieldname: str):
    """A field of a Clinic from Frappe's document cache (a ticket save reads its clinic several
    times); None for a clinic that does not exist (the link check names it later)."""
    try:
        return frappe.get_cached_value("Clinic", clinic, fieldname)
    except frappe.DoesNotExistError:
        frappe.clear_last_message()
        return None


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
