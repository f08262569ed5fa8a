"""Intake endpoints: the clinic users' new-ticket form (/abrir-chamado) and the agents' undo of
automatic triage actions. The work is in healthdesk.intake."""

from __future__ import annotations

import frappe
from helpdesk.utils import agent_only

from healthdesk.intake import form, triage


@frappe.whitelist(methods=["POST"])
def check_personal_data(text: str | None = None) -> dict:
    """Kinds and positions of the personal data in ``text`` and a masked version (never logged)."""
    return form.check_personal_data(text)


@frappe.whitelist()
def form_options() -> dict:
    """What the form offers: the user's clinics (last used first choice), categories, modules."""
    return form.form_options()


@frappe.whitelist(methods=["POST"])
def create_ticket(clinic: str | None = None, category: str | None = None, module: str | None = None,
                  severity: str | None = None, subject: str | None = None, what_did: str | None = None,
                  expected: str | None = None, happened: str | None = None) -> dict:
    """A clinic user's ticket with its attachments (multipart POST), checked before anything is made."""
    return form.create_ticket(clinic=clinic, category=category, module=module, severity=severity,
                              subject=subject, what_did=what_did, expected=expected, happened=happened)


@frappe.whitelist(methods=["POST"])
@agent_only
def undo_triage_action(log: str) -> dict:
    """Undo one automatic triage action (agents only)."""
    return triage.undo_action(log)


@frappe.whitelist()
def ticket_triage_log(ticket: str) -> list[dict]:
    """The automatic actions on a ticket (anyone who can read the ticket)."""
    return triage.action_log(ticket)
