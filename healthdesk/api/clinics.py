"""Clinic choices for the ticket forms of Helpdesk (agent UI and customer portal)."""

from __future__ import annotations

import frappe

from healthdesk.network.contacts import user_customers


@frappe.whitelist()
def ticket_clinic_options() -> list[dict[str, str]]:
    """Clinics the current user may put on a ticket, as ``{label, value}`` options.

    Agents get every active clinic; a customer gets the active clinics their Contact is linked
    to; anyone else gets none. Used as the ``url_method`` of the ticket template's clinic field.
    """
    from helpdesk.utils import is_agent

    user = frappe.session.user
    filters: dict = {"is_active": 1}
    if user == "Guest":
        return []
    if not is_agent(user):
        customers = list(user_customers(user))
        if not customers:
            return []
        filters["hd_customer"] = ["in", customers]
    clinics = frappe.get_all(
        "Clinic", filters=filters, fields=["name", "clinic_name"], order_by="clinic_name asc"
    )
    return [{"label": f"{c.name} - {c.clinic_name}", "value": c.name} for c in clinics]
