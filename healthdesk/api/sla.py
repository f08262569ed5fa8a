"""SLA endpoints for Healthdesk Admins (the SLA and calendar forms, Healthdesk Settings). The work
is in healthdesk.sla.agreements."""

from __future__ import annotations

import frappe

from healthdesk.sla import agreements


@frappe.whitelist()
def affected_open_tickets(sla: str | None = None, calendar: str | None = None) -> int:
    """How many open tickets follow this SLA, or an SLA using this calendar."""
    return agreements.affected_open_tickets(sla, calendar)


@frappe.whitelist(methods=["POST"])
def recompute_open_tickets(sla: str | None = None, calendar: str | None = None) -> int:
    """Recompute deadlines and agreement status of the open tickets of an SLA (or of every SLA
    using a calendar). Only those fields change; the tickets' modified time does not."""
    return agreements.recompute_open_tickets(sla, calendar)


@frappe.whitelist()
def contract_sla_default_preview() -> dict:
    """What making the contract SLA the site default would change (shown before confirming)."""
    return agreements.contract_sla_default_preview()


@frappe.whitelist(methods=["POST"])
def make_contract_sla_default(confirm: bool = False) -> dict:
    """Explicit, confirmed step: the contract SLA becomes Helpdesk's default SLA for every ticket."""
    return agreements.make_contract_sla_default(confirm)
