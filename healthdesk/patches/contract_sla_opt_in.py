"""Earlier versions made the contract SLA the site default on install and disabled Helpdesk's
stock "Default" SLA. Undo exactly that, once: the contract SLA applies to clinic tickets by its
condition and Helpdesk's "Default" is the default again. A site whose admin changed either SLA
since then is left as it is."""

from __future__ import annotations

import frappe

from healthdesk.setup.install import CLINIC_TICKET_CONDITION, CONTRACT_SLA

STOCK_DEFAULT = "Default"
SLA = "HD Service Level Agreement"


def execute():
    if not (frappe.db.exists(SLA, CONTRACT_SLA) and frappe.db.exists(SLA, STOCK_DEFAULT)):
        return
    ours = frappe.db.get_value(SLA, CONTRACT_SLA, ["default_sla", "condition"], as_dict=True)
    stock = frappe.db.get_value(SLA, STOCK_DEFAULT, ["enabled", "default_sla", "condition"], as_dict=True)
    took_over = ours.default_sla and not (ours.condition or "").strip()
    stock_as_we_left_it = not stock.enabled and not stock.default_sla and not (stock.condition or "").strip()
    if not (took_over and stock_as_we_left_it):
        return
    frappe.db.set_value(SLA, CONTRACT_SLA, {"default_sla": 0, "condition": CLINIC_TICKET_CONDITION})
    frappe.db.set_value(SLA, STOCK_DEFAULT, {"enabled": 1, "default_sla": 1})
    print(f"healthdesk: '{STOCK_DEFAULT}' is Helpdesk's default SLA again; '{CONTRACT_SLA}' applies to clinic tickets.")
