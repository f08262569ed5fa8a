"""Install steps of the onboarding panel (idempotent; called from after_install and after_migrate).

- The HD Ticket Type "Consultancy" (meeting requests of the panel's last step; consultancy is not
  covered by the SLA), created once.
- A global default Onboarding Panel from ``fixtures/onboarding/default_panel.json`` when there is
  no global panel at all (active or not): an admin's edits, deactivation or replacement are kept.
"""

from __future__ import annotations

import os

import frappe

from healthdesk.onboarding import PANEL, read_panel_text, replace_content

CONSULTANCY_TICKET_TYPE = "Consultancy"
DEFAULT_PANEL_FILE = ("fixtures", "onboarding", "default_panel.json")


def ensure_onboarding_defaults() -> None:
    ensure_consultancy_ticket_type()
    ensure_default_panel()


def ensure_consultancy_ticket_type() -> None:
    if not frappe.db.exists("DocType", "HD Ticket Type") or frappe.db.exists("HD Ticket Type", CONSULTANCY_TICKET_TYPE):
        return
    ticket_type = frappe.new_doc("HD Ticket Type")
    ticket_type.name = CONSULTANCY_TICKET_TYPE
    ticket_type.description = (
        "Consultancy and requests that are not a problem in the system, such as meeting requests "
        "from the onboarding panel. Not covered by the SLA."
    )
    ticket_type.insert(ignore_permissions=True)


def default_panel_path() -> str:
    return os.path.join(os.path.dirname(frappe.get_app_path("healthdesk")), *DEFAULT_PANEL_FILE)


def ensure_default_panel() -> str | None:
    """Create the global default panel once; returns its name when created."""
    if frappe.db.exists(PANEL, {"reseller": ["is", "not set"]}):
        return None
    path = default_panel_path()
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as handle:
        panel = read_panel_text(handle.read())
    doc = frappe.new_doc(PANEL)
    doc.panel_title = "Painel padrão"
    doc.is_active = 1
    replace_content(doc, panel)
    doc.insert(ignore_permissions=True)
    return doc.name
