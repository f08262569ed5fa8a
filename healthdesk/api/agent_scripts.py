"""Agent script endpoints for agents: the ticket's checklist, tick and untick a step. The work is
in healthdesk.agent_scripts.scripts (the ticket's own permission is checked there too)."""

from __future__ import annotations

import frappe
from helpdesk.utils import agent_only

from healthdesk.agent_scripts import scripts


@frappe.whitelist()
@agent_only
def ticket_script(ticket: str) -> dict:
    """The script that applies to the ticket, its steps with who ticked them and when, and the
    ticket's earlier ticks on steps no longer in it."""
    return scripts.ticket_checklist(ticket)


@frappe.whitelist(methods=["POST"])
@agent_only
def tick(ticket: str, script: str, step: str) -> dict:
    return scripts.tick(ticket, script, step)


@frappe.whitelist(methods=["POST"])
@agent_only
def untick(ticket: str, script: str, step: str) -> dict:
    return scripts.untick(ticket, script, step)
