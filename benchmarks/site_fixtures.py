"""What the site benchmarks share: opening the site, and the agent / clinic they create and remove.

Run from the bench's ``sites`` folder with the bench's Python (see benchmarks/README.md).
"""

from __future__ import annotations

import os
import secrets

import frappe


def open_site(site: str) -> None:
    frappe.init(site=site, sites_path=os.getcwd())
    frappe.connect()
    frappe.set_user("Administrator")


def make_agent(email: str, name: str = "Agente Bench", roles: tuple[str, ...] = ("Agent",)) -> str:
    """A system user with ``roles`` who is an active HD Agent (a support user, not an admin)."""
    frappe.get_doc({"doctype": "User", "email": email, "first_name": name.split()[0], "send_welcome_email": 0,
                    "user_type": "System User"}).insert().add_roles(*roles)
    frappe.get_doc({"doctype": "HD Agent", "user": email, "agent_name": name, "is_active": 1}).insert()
    return email


def make_clinic(tag: str, clinic_name: str = "Clínica Bench"):
    """A reseller and one clinic of it (with its HD Customer); returns (reseller, clinic)."""
    reseller = frappe.get_doc({"doctype": "Reseller", "short_code": f"B{tag.upper()}",
                               "reseller_name": f"Revenda Bench {tag}"}).insert()
    clinic = frappe.get_doc({"doctype": "Clinic", "base_id": f"8{secrets.randbelow(10**8):08d}",
                             "reseller": reseller.name, "clinic_name": clinic_name}).insert()
    return reseller, clinic


def drop_user(email: str) -> None:
    """Remove a user made here, with their HD Agent and Contacts."""
    if frappe.db.exists("HD Agent", email):
        frappe.delete_doc("HD Agent", email, force=True, ignore_permissions=True)
    for contact in frappe.get_all("Contact", filters={"email_id": email}, pluck="name"):
        frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
    if frappe.db.exists("User", email):
        frappe.delete_doc("User", email, force=True, ignore_permissions=True)


def drop_clinic(reseller, clinic) -> None:
    if clinic:
        customer = frappe.db.get_value("Clinic", clinic.name, "hd_customer")
        frappe.delete_doc("Clinic", clinic.name, force=True)
        if customer and frappe.db.exists("HD Customer", customer):
            frappe.delete_doc("HD Customer", customer, force=True)
    if reseller:
        frappe.delete_doc("Reseller", reseller.name, force=True)
