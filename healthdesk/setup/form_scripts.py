"""healthdesk's HD Form Scripts on Helpdesk's agent ticket page (the Level menu, the agent script,
product cards): one installer for all. The code is ours — the shared helpers
(form_script_lib.js) followed by the script's own file — and is written back on every migrate;
whether a script is enabled stays the admin's choice."""

from __future__ import annotations

import frappe

LIB = ("setup", "form_script_lib.js")


def _read(*path: str) -> str:
    with open(frappe.get_app_source_path("healthdesk", "healthdesk", *path), encoding="utf-8") as handle:
        return handle.read()


def script_code(*path: str) -> str:
    return _read(*LIB) + "\n" + _read(*path)


def ensure_form_script(name: str, *path: str) -> None:
    """The HD Form Script ``name`` on HD Ticket's agent form, with the code of ``path`` (relative
    to the healthdesk package)."""
    if not frappe.db.table_exists("HD Form Script"):
        return
    code = script_code(*path)
    if frappe.db.exists("HD Form Script", name):
        if frappe.db.get_value("HD Form Script", name, "script") != code:
            frappe.db.set_value("HD Form Script", name, "script", code, update_modified=False)
        return
    doc = frappe.new_doc("HD Form Script")
    doc.name = name
    doc.update({"dt": "HD Ticket", "apply_to": "Form", "enabled": 1, "script": code,
                "apply_to_customer_portal": 0, "apply_on_new_page": 0})
    doc.insert(ignore_permissions=True, set_name=name)


def remove_form_script(name: str) -> None:
    if frappe.db.table_exists("HD Form Script") and frappe.db.exists("HD Form Script", name):
        frappe.delete_doc("HD Form Script", name, ignore_permissions=True, force=True)
