"""Install step of product cards: the agent ticket page's "Product card" menu, an HD Form Script
whose code is healthdesk/cards/ticket_form.js. Idempotent: the code is ours and is written back on
every migrate; whether the script is enabled is the admin's choice and is never changed."""

from __future__ import annotations

import frappe

FORM_SCRIPT = "Healthdesk Product Cards"


def ensure_ticket_form_script() -> None:
    if not frappe.db.table_exists("HD Form Script"):
        return
    path = frappe.get_app_source_path("healthdesk", "healthdesk", "cards", "ticket_form.js")
    with open(path, encoding="utf-8") as handle:
        code = handle.read()
    if frappe.db.exists("HD Form Script", FORM_SCRIPT):
        if frappe.db.get_value("HD Form Script", FORM_SCRIPT, "script") != code:
            frappe.db.set_value("HD Form Script", FORM_SCRIPT, "script", code, update_modified=False)
        return
    doc = frappe.new_doc("HD Form Script")
    doc.name = FORM_SCRIPT
    doc.update({"dt": "HD Ticket", "apply_to": "Form", "enabled": 1, "script": code,
                "apply_to_customer_portal": 0, "apply_on_new_page": 0})
    doc.insert(ignore_permissions=True, set_name=FORM_SCRIPT)

