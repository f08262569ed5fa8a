"""Contacts, website users and their links to clinics' HD Customers.

Helpdesk decides what a customer sees from the Dynamic Links of their Contact: a Contact linked
to an HD Customer sees that customer's tickets (``helpdesk.utils.get_customer``). healthdesk backs
every Clinic with an HD Customer, so giving a user a clinic means linking their Contact to the
clinic's HD Customer, and nothing more.
"""

from __future__ import annotations

import frappe
from frappe.contacts.doctype.contact.contact import get_contact_name

HD_CUSTOMER = "HD Customer"


def get_or_create_contact(email: str, full_name: str | None = None) -> str:
    """The Contact whose e-mail is ``email``, created (with that primary e-mail) when missing."""
    name = get_contact_name(email)
    if name:
        return name
    first_name = (full_name or email.split("@", 1)[0]).strip() or email
    contact = frappe.get_doc({"doctype": "Contact", "first_name": first_name})
    contact.add_email(email, is_primary=True)
    if frappe.db.exists("User", email):
        contact.user = email
    contact.insert(ignore_permissions=True)
    return contact.name


def ensure_website_user(email: str, full_name: str | None = None) -> str:
    """The User ``email``, created as an enabled Website User when missing.

    A new user gets Frappe's welcome e-mail to set a password (Frappe mutes it in tests).
    """
    if frappe.db.exists("User", email):
        return email
    first_name = (full_name or email.split("@", 1)[0]).strip() or email
    user = frappe.get_doc(
        {
            "doctype": "User",
            "email": email,
            "first_name": first_name,
            "user_type": "Website User",
            "enabled": 1,
            "send_welcome_email": 1,
        }
    )
    user.flags.ignore_permissions = True
    user.insert()
    return user.name


def ensure_contact_for_user(email: str, full_name: str | None = None) -> str:
    """A Contact for a (website) user ``email``, creating the Contact and the User when missing."""
    contact_name = get_or_create_contact(email, full_name)
    ensure_website_user(email, full_name)
    if not frappe.db.get_value("Contact", contact_name, "user"):
        frappe.db.set_value("Contact", contact_name, "user", email)
    return contact_name


def linked_customers(contact: str) -> set[str]:
    """Names of the HD Customers ``contact`` is linked to."""
    return set(
        frappe.get_all(
            "Dynamic Link",
            filters={
                "parenttype": "Contact",
                "parentfield": "links",
                "parent": contact,
                "link_doctype": HD_CUSTOMER,
            },
            pluck="link_name",
        )
    )


def link_contact(contact: str, customers: list[str] | set[str]) -> list[str]:
    """Link ``contact`` to each HD Customer in ``customers``; returns those newly linked."""
    wanted = [c for c in dict.fromkeys(customers) if c]
    missing = [c for c in wanted if c not in linked_customers(contact)]
    if missing:
        doc = frappe.get_doc("Contact", contact)
        for customer in missing:
            doc.append("links", {"link_doctype": HD_CUSTOMER, "link_name": customer})
        doc.save(ignore_permissions=True)
    return missing


def unlink_contact(contact: str, customers: list[str] | set[str]) -> list[str]:
    """Remove the links of ``contact`` to the given HD Customers; returns those removed."""
    doomed = set(customers)
    doc = frappe.get_doc("Contact", contact)
    removed = [
        row.link_name
        for row in doc.links
        if row.link_doctype == HD_CUSTOMER and row.link_name in doomed
    ]
    if removed:
        doc.links = [
            row
            for row in doc.links
            if not (row.link_doctype == HD_CUSTOMER and row.link_name in doomed)
        ]
        doc.save(ignore_permissions=True)
    return removed


def user_customers(user: str) -> set[str]:
    """HD Customers whose tickets ``user`` sees as a customer (as Helpdesk computes it)."""
    from helpdesk.utils import get_customer

    return set(get_customer(user))
