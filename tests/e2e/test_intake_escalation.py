"""Issue 5, escalation tiers: Escalate / Return with a reason (agents only), history on the
ticket, business time per level with the SLA calendar."""

from __future__ import annotations

from datetime import timedelta

import frappe
import pytest
from conftest import server_messages
from intake_helpers import inet  # noqa: F401

from healthdesk.api.escalation import escalate, history, return_ticket
from healthdesk.core import triage


def cleanup_escalations(ticket):
    frappe.db.delete("Ticket Escalation", {"ticket": ticket})
    frappe.db.delete("HD Ticket Comment", {"reference_ticket": ticket})
    frappe.db.commit()


def test_escalate_and_return_with_history(inet):
    _reseller, clinic, user = inet.clinic_user()
    agent = inet.agent()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", subject="Dúvida")
    try:
        frappe.set_user(agent)
        first = escalate(ticket.name, reason='Precisa do produto <script>alert(1)</script>')
        assert first["support_level"] == 2 and first["team"] in triage.team_aliases(triage.TEAM_PRODUCT_SUPPORT)
        assert escalate(ticket.name, reason="Bug confirmado")["support_level"] == 3
        with pytest.raises(frappe.ValidationError, match="level 3"):
            escalate(ticket.name, reason="Mais alto")
        back = return_ticket(ticket.name, reason="Fornecedor respondeu")
        assert back["support_level"] == 2
        frappe.db.commit()
        found = history(ticket.name)
        assert found["support_level"] == 2
        assert [(m.direction, m.from_level, m.to_level) for m in found["moves"]] == [
            ("Escalate", 1, 2), ("Escalate", 2, 3), ("Return", 3, 2)]
        assert found["moves"][0].by_user == agent
        assert set(found["seconds_per_level"]) == {"1", "2", "3"}
        comments = frappe.get_all("HD Ticket Comment", filters={"reference_ticket": ticket.name}, pluck="content")
        assert len(comments) == 3
        assert all("<script" not in c for c in comments)
        assert any("&lt;script&gt;" in c for c in comments)
        frappe.set_user("Administrator")
        assert frappe.db.get_value("HD Ticket", ticket.name, "support_level") == 2
    finally:
        frappe.set_user("Administrator")
        cleanup_escalations(ticket.name)


def test_refusals(inet):
    _reseller, clinic, user = inet.clinic_user()
    agent = inet.agent()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", subject="Dúvida")
    try:
        frappe.set_user(agent)
        with pytest.raises(frappe.ValidationError, match="level 1"):
            return_ticket(ticket.name, reason="Voltar")
        with pytest.raises(frappe.ValidationError, match="Reason"):
            escalate(ticket.name, reason="   ")
        frappe.set_user(user)
        with pytest.raises(frappe.PermissionError):
            escalate(ticket.name, reason="Cliente quer")
    finally:
        frappe.db.rollback()
        frappe.set_user("Administrator")
        cleanup_escalations(ticket.name)


def test_customer_cannot_escalate_over_http(inet, browser):
    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", subject="Dúvida")
    browser.login(user)
    browser.get("/abrir-chamado")
    response = browser.call("healthdesk.api.escalation.escalate", ticket=ticket.name, reason="Urgente")
    assert response.status_code == 403
    assert "agents" in server_messages(response).lower() or "agentes" in server_messages(response).lower()
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


def test_one_tier_per_level():
    doc = frappe.get_doc({"doctype": "Support Tier", "tier_name": "Outro nível 2", "level": "2"})
    with pytest.raises(frappe.ValidationError, match="Level 2"):
        doc.insert()
    frappe.db.rollback()
