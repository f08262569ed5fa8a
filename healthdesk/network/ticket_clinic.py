"""A ticket knows its clinic: clinic, HD Customer and reseller kept consistent, the sender's clinic
taken when the ticket arrives without one, and a customer may raise or move a ticket only to a
clinic they belong to (agents may set any). Called from healthdesk.extends.hd_ticket on every
entrance (Helpdesk's pages, REST, e-mail, /abrir-chamado)."""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.constants import CLINIC
from healthdesk.network.contacts import user_customers
from healthdesk.utils import bold


class ClinicRequired(frappe.MandatoryError):
    """A customer who belongs to clinics opened a ticket without choosing one."""


class NotYourClinic(frappe.PermissionError):
    """A customer chose a clinic (or an HD Customer) they do not belong to."""


class InactiveClinic(frappe.ValidationError):
    """The clinic is inactive and receives no new tickets."""


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
    from healthdesk.network.contacts import linked_customers

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
    return frappe.get_all(CLINIC, filters={"hd_customer": ["in", list(customers)], "is_active": 1},
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
    return bool(frappe.db.exists(CLINIC, {}))


def sync_clinic_fields(doc) -> None:
    """The ticket's HD Customer follows its clinic; a customer chosen alone brings its clinic."""
    clinic_changed = doc.has_value_changed("clinic")
    customer_changed = doc.has_value_changed("customer")
    if doc.get("clinic") and (clinic_changed or not doc.get("customer") or not customer_changed):
        customer = clinic_value(doc.clinic, "hd_customer")
        if customer:
            doc.customer = customer
    elif doc.get("customer") and customer_changed:
        doc.clinic = frappe.db.get_value(CLINIC, {"hd_customer": doc.customer}, "name")
    doc.reseller = clinic_value(doc.clinic, "reseller") if doc.get("clinic") else None


def clinic_value(clinic: str, fieldname: str):
    """A field of a Clinic from Frappe's document cache (a ticket save reads its clinic several
    times); None for a clinic that does not exist (the link check names it later)."""
    try:
        return frappe.get_cached_value(CLINIC, clinic, fieldname)
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
                NotYourClinic, title=_("Not your clinic"),
            )
        if allowed and frappe.db.exists(CLINIC, {"hd_customer": ["in", list(allowed)]}):
            frappe.throw(
                _("Choose the clinic this ticket is about in the Clinic field."),
                ClinicRequired, title=_("Clinic required"),
            )
        return
    clinic = frappe.db.get_value(CLINIC, doc.clinic, ["hd_customer", "is_active", "clinic_name"], as_dict=True)
    if not clinic or clinic.hd_customer not in allowed:
        frappe.throw(
            _("You do not belong to clinic {0}: choose one of your own clinics in the Clinic field.").format(
                bold(doc.clinic)),
            NotYourClinic, title=_("Not your clinic"),
        )
    if not clinic.is_active:
        frappe.throw(
            _("Clinic {0} is inactive and cannot receive new tickets. Contact your reseller's support.").format(
                bold(f"{doc.clinic} - {clinic.clinic_name}")),
            InactiveClinic, title=_("Inactive clinic"),
        )
