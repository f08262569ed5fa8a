"""Glue between Clinics, Resellers and Helpdesk's HD Customers (thin; no business rules here)."""

from __future__ import annotations

import frappe

from healthdesk.constants import CLINIC, HD_CUSTOMER, RESELLER
from healthdesk.network.contacts import ensure_contact_for_user, link_contact, unlink_contact


def customer_title(base_id: str, clinic_name: str) -> str:
    """The HD Customer name of a clinic: base id first, as support reads it (``0012 - Name``)."""
    return f"{base_id} - {clinic_name.strip()}"


def sync_hd_customer(clinic) -> str:
    """Create or update the HD Customer behind ``clinic`` (name, clinic link, disabled flag).

    Renames go through ``frappe.rename_doc`` so tickets and contact links follow. Returns the
    HD Customer's name and stores it on the clinic.
    """
    title = customer_title(clinic.base_id, clinic.clinic_name)
    disabled = 0 if clinic.is_active else 1
    current = clinic.hd_customer if clinic.hd_customer and frappe.db.exists(HD_CUSTOMER, clinic.hd_customer) else None
    if not current:
        # Adopt the customer of an earlier install of this clinic (by link, else by its name:
        # the name starts with the unique base id), so tickets and contacts keep working.
        current = frappe.db.get_value(HD_CUSTOMER, {"clinic": clinic.name}, "name") or (
            title if frappe.db.exists(HD_CUSTOMER, title) else None
        )
    if not current:
        customer = frappe.get_doc(
            {"doctype": HD_CUSTOMER, "customer_name": title, "clinic": clinic.name,
             "clinic_disabled": disabled}
        )
        customer.insert(ignore_permissions=True)
        current = customer.name
    else:
        if current != title:
            current = frappe.rename_doc(HD_CUSTOMER, current, title, force=True, show_alert=False)
        frappe.db.set_value(
            HD_CUSTOMER, current,
            {"customer_name": title, "clinic": clinic.name, "clinic_disabled": disabled},
        )
    if clinic.hd_customer != current:
        clinic.db_set("hd_customer", current, update_modified=False)
    return current


def reseller_customers(reseller: str) -> list[str]:
    """HD Customers of every clinic of ``reseller``."""
    return [
        c for c in frappe.get_all(CLINIC, filters={"reseller": reseller}, pluck="hd_customer") if c
    ]


def link_admin_to_clinics(admin: str | None, customers: list[str]) -> list[str]:
    """Link the reseller's multi-clinic administrator to the given clinics' HD Customers."""
    if not admin or admin in ("Administrator", "Guest") or not customers:
        return []
    full_name = frappe.db.get_value("User", admin, "full_name")
    contact = ensure_contact_for_user(admin, full_name)
    return link_contact(contact, customers)


def unlink_former_admin(former: str, reseller: str) -> list[str]:
    """Remove a former administrator's links to this reseller's clinics.

    Clinics the user also holds through an approved multi-clinic request are kept: those links
    were granted on their own.
    """
    from frappe.contacts.doctype.contact.contact import get_contact_name

    contact = get_contact_name(former)
    if not contact:
        return []
    granted = set(
        frappe.get_all(
            "Multi-Clinic Access Request Clinic",
            filters={"parent": ["in", approved_requests_of(former)]},
            pluck="clinic",
        )
    )
    customers = [
        c.hd_customer
        for c in frappe.get_all(CLINIC, filters={"reseller": reseller}, fields=["name", "hd_customer"])
        if c.hd_customer and c.name not in granted
    ]
    return unlink_contact(contact, customers)


def approved_requests_of(email: str) -> list[str]:
    return frappe.get_all(
        "Multi-Clinic Access Request",
        filters={"user_email": email, "status": "Approved", "docstatus": 1},
        pluck="name",
    )


def managed_resellers(user: str) -> list[str]:
    """Resellers that list ``user`` among their managers."""
    return frappe.get_all(
        "Reseller Manager User", filters={"user": user, "parenttype": RESELLER}, pluck="parent"
    )
