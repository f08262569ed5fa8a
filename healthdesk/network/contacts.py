"""Contacts, website users and their links to clinics' HD Customers.

Helpdesk v1.25 decides what a customer sees from the Dynamic Links of their Contact: a Contact
linked to an HD Customer sees that customer's tickets (``helpdesk.utils.get_customer``). healthdesk
backs every Clinic with an HD Customer, so giving a user a clinic means linking their Contact to
the clinic's HD Customer, and nothing more.

Helpdesk v1.28 keeps the members of a customer in the HD Customer's own ``contacts`` table
(HD Customer Member; managers see all of the customer's tickets) and gives portal users the
"HD Customer" role. Where those exist, linking also makes the contact a manager member and gives
the user that role, and reading takes both kinds of link: the same code works on both versions.
"""

from __future__ import annotations

import frappe
from frappe.contacts.doctype.contact.contact import get_contact_name

from healthdesk.constants import HD_CUSTOMER

HD_CUSTOMER_ROLE = "HD Customer"  # Helpdesk >= 1.28: portal users need it to raise tickets


def customers_have_members() -> bool:
    """Helpdesk >= 1.28 lists a customer's contacts in HD Customer.contacts (HD Customer Member)."""
    return frappe.get_meta(HD_CUSTOMER).has_field("contacts")


def give_customer_role(user: str) -> None:
    if frappe.db.exists("Role", HD_CUSTOMER_ROLE) and HD_CUSTOMER_ROLE not in frappe.get_roles(user):
        frappe.get_doc("User", user).add_roles(HD_CUSTOMER_ROLE)


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
    give_customer_role(user.name)
    return user.name


def ensure_contact_for_user(email: str, full_name: str | None = None) -> str:
    """A Contact for a (website) user ``email``, creating the Contact and the User when missing."""
    contact_name = get_or_create_contact(email, full_name)
    ensure_website_user(email, full_name)
    if not frappe.db.get_value("Contact", contact_name, "user"):
        frappe.db.set_value("Contact", contact_name, "user", email)
    return contact_name


def linked_customers(contact: str) -> set[str]:
    """Names of the HD Customers ``contact`` is linked to (Dynamic Links, and on Helpdesk >= 1.28
    the customers that list it as a member)."""
    customers = set(
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
    if customers_have_members():
        customers |= set(frappe.get_all("HD Customer Member", filters={
            "parenttype": HD_CUSTOMER, "contact_name": contact}, pluck="parent"))
    return customers


def link_contact(contact: str, customers: list[str] | set[str]) -> list[str]:
    """Link ``contact`` to each HD Customer in ``customers``; returns those newly linked."""
    wanted = [c for c in dict.fromkeys(customers) if c]
    missing = [c for c in wanted if c not in linked_customers(contact)]
    if missing:
        doc = frappe.get_doc("Contact", contact)
        for customer in missing:
            doc.append("links", {"link_doctype": HD_CUSTOMER, "link_name": customer})
        doc.save(ignore_permissions=True)
    if customers_have_members():
        _add_members(contact, wanted)
    return missing


def _add_members(contact: str, customers: list[str]) -> None:
    """Helpdesk >= 1.28: the contact as a manager member of each customer (a manager sees all of
    the customer's tickets, as a linked contact did before), and the user's customer role."""
    for customer in customers:
        doc = frappe.get_doc(HD_CUSTOMER, customer)
        if any(row.contact_name == contact for row in doc.get("contacts") or []):
            continue
        doc.append("contacts", {"contact_name": contact, "is_manager": 1})
        doc.save(ignore_permissions=True)
    user = frappe.db.get_value("Contact", contact, "user")
    if user:
        give_customer_role(user)


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
    if customers_have_members():
        for customer in doomed:
            member = frappe.db.get_value("HD Customer Member", {
                "parenttype": HD_CUSTOMER, "parent": customer, "contact_name": contact}, "name")
            if member:
                frappe.delete_doc("HD Customer Member", member, ignore_permissions=True, force=True)
                removed.append(customer)
    return sorted(set(removed))


def user_customers(user: str) -> set[str]:
    """HD Customers whose tickets ``user`` sees as a customer (as Helpdesk computes it:
    ``get_customer`` up to v1.27, ``get_customers`` from v1.28)."""
    try:
        from helpdesk.utils import get_customers
    except ImportError:
        from helpdesk.utils import get_customer as get_customers
    return set(get_customers(user))
