"""Escalation endpoints for agents: Escalate / Return a ticket with a reason, and its history.
The work is in healthdesk.escalation.levels."""

from __future__ import annotations

import frappe
from helpdesk.utils import agent_only

from healthdesk.core.escalation import ESCALATE, RETURN
from healthdesk.escalation import levels


@frappe.whitelist(methods=["POST"])
@agent_only
def escalate(ticket: str, reason: str | None = None) -> dict:
    return levels.move(ticket, ESCALATE, reason)


@frappe.whitelist(methods=["POST"])
@agent_only
def return_ticket(ticket: str, reason: str | None = None) -> dict:
    return levels.move(ticket, RETURN, reason)


@frappe.whitelist()
@agent_only
def history(ticket: str) -> dict:
    """The ticket's moves and the business seconds spent at each level so far."""
    return levels.history(ticket)
