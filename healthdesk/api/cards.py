"""Product card endpoints (bug reports and improvement requests passed to the vendor's product team).
Agents act from the ticket page (Helpdesk's ``agent_only``); the product team moves statuses from
the card's desk form. The work is in healthdesk.cards."""

from __future__ import annotations

import frappe
from helpdesk.utils import agent_only

from healthdesk.cards import actions


@frappe.whitelist()
@agent_only
def ticket_cards(ticket: str) -> dict:
    """The cards holding ``ticket``, the open cards it could join, the kinds and modules."""
    return actions.ticket_cards(ticket)


@frappe.whitelist(methods=["POST"])
@agent_only
def create_from_ticket(ticket: str, kind: str, title: str, description: str | None = None,
                       system_module: str | None = None) -> dict:
    return actions.create_from_ticket(ticket, kind, title, description, system_module)


@frappe.whitelist(methods=["POST"])
@agent_only
def add_ticket(card: str, ticket: str) -> dict:
    return actions.add_ticket(card, ticket)


@frappe.whitelist()
def allowed_moves(card: str) -> list[dict]:
    """The status moves the current user may make on ``card`` (none unless product team)."""
    return actions.allowed_moves(card)


@frappe.whitelist(methods=["POST"])
def move(card: str, status: str, note: str | None = None) -> dict:
    """The product team moves ``card`` to ``status`` with the note the move needs."""
    return actions.move(card, status, note)


@frappe.whitelist()
def cooperative_cards() -> list[dict]:
    """The cards the current user may read (a cooperative's managers: their cooperative's), with
    their tickets and status history."""
    return actions.cooperative_cards()
