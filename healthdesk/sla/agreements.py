"""SLA administration (Healthdesk Admin; endpoints in healthdesk.api.sla): recomputing open tickets'
deadlines after a calendar or SLA changes, and making the contract SLA the site default (opt-in)."""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.network.permissions import is_healthdesk_admin
from healthdesk.overrides.service_level_agreement import clear_deadlines, is_not_covered, set_due_labels
from healthdesk.sla.exceptions import ConfirmationRequired

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


def affected_open_tickets(sla: str | None = None, calendar: str | None = None) -> int:
    """How many open tickets follow this SLA, or an SLA using this calendar."""
    require_admin()
    return len(_open_tickets(_slas(sla, calendar)))


def recompute_open_tickets(sla: str | None = None, calendar: str | None = None) -> int:
    """Recompute deadlines and agreement status of the open tickets of an SLA (or of every SLA
    using a calendar). Only those fields change; the tickets' modified time does not."""
    require_admin()
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


def require_admin(message: str | None = None) -> None:
    if not is_healthdesk_admin():
        frappe.throw(message or _("Only a Healthdesk Admin can recompute ticket deadlines."), frappe.PermissionError)


# --------------------------------------------------------------------------- contract SLA, opt-in


def _contract_sla() -> str:
    name = frappe.db.get_single_value("Healthdesk Settings", "contract_sla")
    if not name or not frappe.db.exists("HD Service Level Agreement", name):
        frappe.throw(_("Choose the contract SLA in Healthdesk Settings (field Contract SLA) first."),
                     frappe.ValidationError, title=_("No contract SLA"))
    return name


def _blank_condition_catches_all() -> bool:
    """Up to v1.27 Helpdesk applies an enabled non-default SLA without a condition to every
    ticket, before the default; from v1.28 a blank condition matches nothing."""
    from helpdesk import __version__
    from packaging.version import InvalidVersion, Version

    try:
        return Version(__version__) < Version("1.28.0")
    except InvalidVersion:
        return True


def _catch_all_slas(sla: str) -> list[str]:
    """Enabled SLAs without a condition, other than ``sla``: once ``sla`` is the default, Helpdesk
    would apply them (as non-default SLAs) before it."""
    if not _blank_condition_catches_all():
        return []
    # The current default counts too: Helpdesk demotes it when ours becomes the default, and a
    # demoted SLA without a condition catches every ticket.
    rows = frappe.get_all("HD Service Level Agreement",
                          filters={"enabled": 1, "name": ["!=", sla]},
                          fields=["name", "condition"])
    return [row.name for row in rows if not (row.condition or "").strip()]


def contract_sla_default_preview() -> dict:
    """What making the contract SLA the site default would change (shown before confirming)."""
    require_admin(_("Only a Healthdesk Admin can change which SLA is the default."))
    sla = _contract_sla()
    default = frappe.db.get_value("HD Service Level Agreement", {"default_sla": 1, "name": ["!=", sla]}, "name")
    return {"sla": sla, "default": default, "catch_all": _catch_all_slas(sla)}


def make_contract_sla_default(confirm: bool = False) -> dict:
    """Explicit, confirmed step: the contract SLA becomes Helpdesk's default SLA for every ticket.

    Helpdesk itself moves the former default to non-default; enabled SLAs without a condition
    would then catch every ticket first, so they are disabled (listed in the confirmation)."""
    require_admin(_("Only a Healthdesk Admin can change which SLA is the default."))
    if not frappe.utils.cint(confirm):
        frappe.throw(_("Confirm the change: making the contract SLA the default applies it to every ticket."),
                     ConfirmationRequired, title=_("Confirmation required"))
    sla = _contract_sla()
    disabled = _catch_all_slas(sla)
    doc = frappe.get_doc("HD Service Level Agreement", sla)
    doc.update({"default_sla": 1, "enabled": 1, "condition": "", "condition_json": None})
    doc.save()
    for name in disabled:
        frappe.db.set_value("HD Service Level Agreement", name, "enabled", 0)
    return {"sla": sla, "disabled": disabled}
