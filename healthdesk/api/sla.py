"""Recomputing open tickets' deadlines after a calendar or SLA changes (Healthdesk Admin)."""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.overrides.service_level_agreement import clear_deadlines, is_not_covered, set_due_labels
from healthdesk.permissions import is_healthdesk_admin

OPEN_CATEGORIES = ("Open", "Paused")
DEADLINE_FIELDS = ("response_by", "resolution_by", "agreement_status", "response_due_local",
                   "resolution_due_local")


def _slas(sla: str | None, calendar: str | None) -> list[str]:
    if sla:
        return [sla]
    if calendar:
        return frappe.get_all("HD Service Level Agreement", filters={"business_hours_calendar": calendar},
                              pluck="name")
    return []


def _open_tickets(slas: list[str]) -> list[str]:
    if not slas:
        return []
    return frappe.get_all("HD Ticket", filters={"sla": ["in", slas], "status_category": ["in", OPEN_CATEGORIES]},
                          pluck="name")


@frappe.whitelist()
def affected_open_tickets(sla: str | None = None, calendar: str | None = None) -> int:
    """How many open tickets follow this SLA, or an SLA using this calendar."""
    _require_admin()
    return len(_open_tickets(_slas(sla, calendar)))


@frappe.whitelist(methods=["POST"])
def recompute_open_tickets(sla: str | None = None, calendar: str | None = None) -> int:
    """Recompute deadlines and agreement status of the open tickets of an SLA (or of every SLA
    using a calendar). Only those fields change; the tickets' modified time does not."""
    _require_admin()
    count = 0
    for name in _open_tickets(_slas(sla, calendar)):
        recompute_ticket(name)
        count += 1
    return count


def recompute_ticket(name: str) -> None:
    ticket = frappe.get_doc("HD Ticket", name)
    agreement = frappe.get_doc("HD Service Level Agreement", ticket.sla)
    if is_not_covered(ticket):
        clear_deadlines(ticket)
    else:
        agreement.handle_targets(ticket)
        agreement.handle_agreement_status(ticket)
        set_due_labels(ticket, agreement.business_calendar)
    frappe.db.set_value("HD Ticket", name, {f: ticket.get(f) for f in DEADLINE_FIELDS}, update_modified=False)


def _require_admin() -> None:
    if not is_healthdesk_admin():
        frappe.throw(_("Only a Healthdesk Admin can recompute ticket deadlines."), frappe.PermissionError)
