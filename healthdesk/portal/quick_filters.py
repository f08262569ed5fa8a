"""Helpdesk's quick filters (``helpdesk.api.doc.get_quick_filters``) without internal fields for
customers.

Helpdesk v1.25.1 offers a customer every field of HD Ticket that is *in standard filter*, minus
its own list ``customer_not_allowed_fields`` (only ``customer``). healthdesk's internal fields
(*Contains Personal Data*, *Support Level*, *Reseller* …) are standard filters for agents, so a
customer saw "Contém dados pessoais". For anyone who is not an agent this keeps only the fields
Helpdesk itself shows customers elsewhere (its portal fields and the Default template's fields
not hidden from customers); agents get Helpdesk's answer unchanged.
"""

from __future__ import annotations

import frappe
from frappe import _

# Helpdesk's customer_portal_fields (helpdesk.api.doc.get_customer_portal_fields), plus the ID.
CUSTOMER_FIELDS = frozenset({"name", "subject", "status", "priority", "response_by", "resolution_by", "creation"})


def customer_visible_fields() -> set[str]:
    visible = frappe.get_all("HD Ticket Template Field", filters={"parent": "Default", "hide_from_customer": 0},
                             pluck="fieldname")
    return set(CUSTOMER_FIELDS) | set(visible)


def is_customer(user: str | None = None) -> bool:
    from helpdesk.utils import is_agent

    user = user or frappe.session.user
    return not is_agent(user)


@frappe.whitelist()
def get_quick_filters(doctype: str, show_customer_portal_fields: bool = False):
    from helpdesk.api.doc import get_quick_filters as helpdesk_quick_filters

    filters = helpdesk_quick_filters(doctype, show_customer_portal_fields)
    if doctype != "HD Ticket":
        return filters
    filters = [_translated_options(f) for f in filters]
    if not (frappe.utils.cint(show_customer_portal_fields) or is_customer()):
        return filters
    visible = customer_visible_fields()
    return [f for f in filters if f.get("name") in visible]


def _translated_options(quick_filter: dict) -> dict:
    """Select options of healthdesk's fields shown in the user's language (values unchanged)."""
    from healthdesk.portal.ticket_fields import VALUE_FIELDS

    if quick_filter.get("name") not in VALUE_FIELDS or not isinstance(quick_filter.get("options"), list):
        return quick_filter
    quick_filter = dict(quick_filter)
    quick_filter["options"] = [dict(o, label=_(o["label"])) if isinstance(o, dict) and o.get("label") else o
                               for o in quick_filter["options"]]
    return quick_filter
