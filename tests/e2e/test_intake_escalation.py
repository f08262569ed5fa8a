"""Escalation tiers over HTTP: agents only, and the business time per level with the SLA calendar.
The in-process escalation tests are in healthdesk/escalation/test_levels.py."""

from __future__ import annotations

from datetime import timedelta

import frappe
import pytest
from conftest import server_messages
from intake_helpers import inet  # noqa: F401

from healthdesk.core import triage


def cleanup_escalations(ticket):
    frappe.db.delete("Ticket Escalation", {"ticket": ticket})
    frappe.db.delete("HD Ticket Comment", {"reference_ticket": ticket})
    frappe.db.commit()


def test_customer_cannot_escalate_over_http(inet, browser):
    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", subject="Dúvida")
    browser.login(user)
    browser.get("/abrir-chamado")
    response = browser.call("healthdesk.api.escalation.escalate", ticket=ticket.name, reason="Urgente")
    assert response.status_code == 403
    # refused by Helpdesk's agent_only, whose message is Helpdesk's own: the type says it
    assert response.json().get("exc_type") == "PermissionError", server_messages(response)
    assert browser.call("healthdesk.api.escalation.history", ticket=ticket.name).status_code == 403
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", ticket.name, "support_level") == 1


def test_agent_escalates_over_http_and_business_time_uses_the_calendar(inet, browser):
    from healthdesk.escalation.levels import _elapsed_for

    _reseller, clinic, user = inet.clinic_user()
    agent = inet.agent()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", subject="Dúvida")
    created = frappe.utils.now_datetime() - timedelta(hours=50)
    frappe.db.set_value("HD Ticket", ticket.name, "creation", created, update_modified=False)
    frappe.db.commit()
    try:
        browser.login(agent)
        browser.get("/support")
        response = browser.call("healthdesk.api.escalation.escalate", ticket=ticket.name, reason="Precisa do produto")
        assert response.status_code == 200, response.text
        frappe.db.rollback()
        row = frappe.get_all("Ticket Escalation", filters={"ticket": ticket.name}, fields=["*"])[0]
        fresh = frappe.get_doc("HD Ticket", ticket.name)
        expected = _elapsed_for(fresh)(created, row.moved_at)
        assert row.business_seconds_at_previous_level == pytest.approx(expected, abs=2)
        assert row.business_seconds_at_previous_level < 50 * 3600  # nights do not count
        assert fresh.agent_group in triage.team_aliases(triage.TEAM_PRODUCT_SUPPORT)
    finally:
        cleanup_escalations(ticket.name)
