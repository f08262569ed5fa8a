"""The post-install checklist for Healthdesk Settings (admins only)."""

from __future__ import annotations

import frappe
from frappe import _


@frappe.whitelist()
def get_checklist() -> dict:
    """What is still unconfigured, each item with a link (``healthdesk.setup.checklist``)."""
    from healthdesk.network.permissions import is_healthdesk_admin
    from healthdesk.setup.checklist import checklist

    if not is_healthdesk_admin():
        frappe.throw(_("Only administrators can see the setup checklist."), frappe.PermissionError)
    items = checklist()
    return {"items": items, "pending": sum(1 for i in items if not i["ok"])}
