"""Triage's undo over HTTP: agents only. The in-process triage tests are in
healthdesk/intake/test_triage.py."""

from __future__ import annotations

import frappe
from conftest import server_messages
from intake_helpers import inet  # noqa: F401

from healthdesk.core import triage


def logs(ticket: str) -> dict[str, frappe._dict]:
    frappe.db.rollback()
    rows = frappe.get_all("Triage Action Log", filters={"ticket": ticket}, fields=["*"])
    return {row.action: row for row in rows}


def test_customer_cannot_undo_over_http(inet, browser):
    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Data migration", subject="Dados")
    log = logs(ticket.name)["set_team"]
    browser.login(user)
    browser.get("/abrir-chamado")
    response = browser.call("healthdesk.intake.undo_triage_action", log=log.name)
    assert response.status_code == 403, response.text
    # refused by Helpdesk's agent_only, whose message is Helpdesk's own: the type says it
    assert response.json().get("exc_type") == "PermissionError", server_messages(response)
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", ticket.name, "agent_group") in triage.team_aliases(triage.TEAM_DATA_MIGRATION)
    assert frappe.db.get_value("Triage Action Log", log.name, "undone") == 0


def test_agent_undoes_over_http(inet, browser):
    _reseller, clinic, user = inet.clinic_user()
    agent = inet.agent()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Data migration", subject="Dados")
    log = logs(ticket.name)["set_team"]
    browser.login(agent)
    browser.get("/support")
    response = browser.call("healthdesk.intake.undo_triage_action", log=log.name)
    assert response.status_code == 200, response.text
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", ticket.name, "agent_group") is None
    listing = browser.call("healthdesk.intake.ticket_triage_log", ticket=ticket.name)
    assert listing.status_code == 200 and listing.json()["message"][0]["undone"] == 1
