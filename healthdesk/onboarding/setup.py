"""Install steps of the onboarding panel (idempotent; called from after_install and after_migrate).

- The HD Ticket Type "Consultancy" (meeting requests of the panel's last step; consultancy is not
  covered by the SLA), created once.
- A global default Onboarding Panel from ``healthdesk/onboarding/default_panel.json`` (shipped in the package) when there is
  no global panel at all (active or not): an admin's edits, deactivation or replacement are kept.
  The file's videos are placeholders (``AAAAAAAAA01`` …), so the panel is created **inactive** and
  titled as a model: clinic users never meet a video that does not exist. The demo
  (``healthdesk.network.demo.load_demo``) activates it; a real site replaces the links and activates it,
  or imports its reseller's own panel.
"""

from __future__ import annotations

import os

import frappe

from healthdesk.constants import CONSULTANCY as CONSULTANCY_TICKET_TYPE
from healthdesk.onboarding.panels import PANEL, read_panel_text, replace_content

# Data, in the site's language (pt-BR): the admin reads it in the list of panels.
MODEL_PANEL_TITLE = "Modelo (vídeos de exemplo): substitua os links e ative"
MODEL_PANEL_NOTE = ("Este painel é um modelo: os vídeos são exemplos que não existem. Substitua os links pelos "
                    "vídeos e artigos reais (ou importe o painel da sua revenda) e marque Ativo.")


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
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "default_panel.json")


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
    doc.panel_title = MODEL_PANEL_TITLE
    doc.is_active = 0
    replace_content(doc, panel)
    doc.preview = MODEL_PANEL_NOTE
    doc.insert(ignore_permissions=True)
    return doc.name


def model_panel() -> str | None:
    """The global panel the install created from the model, while it is still untouched."""
    return frappe.db.get_value(PANEL, {"reseller": ["is", "not set"], "panel_title": MODEL_PANEL_TITLE}, "name")


def activate_model_panel() -> str | None:
    """For the demo: make the model the active global panel when no global panel is active."""
    from healthdesk.onboarding.panels import active_panels

    if active_panels().get(None):
        return None
    name = model_panel()
    if name:
        frappe.db.set_value(PANEL, name, "is_active", 1)
    return name
