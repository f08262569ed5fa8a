"""Every way a ticket enters over HTTP — the REST API, Helpdesk's customer and agent new-ticket
pages (``helpdesk.helpdesk.doctype.hd_ticket.api.new``) — gets the same clinic rules. (E-mail,
through Frappe's inbound path, is in healthdesk/network/test_ticket_entrances.py; the
``/abrir-chamado`` form in test_intake_form.py.)
"""

from __future__ import annotations

import frappe
import pytest

from healthdesk.test_utils import clinic_senders

NEW = "helpdesk.helpdesk.doctype.hd_ticket.api.new"


@pytest.fixture
def world(net, contract_sla):
    return clinic_senders(net)


# --------------------------------------------------------------------------- REST and Helpdesk's pages


def test_rest_ticket_for_own_one_clinic_user_gets_the_clinic(net, world, browser):
    browser.login(world["one"])
    response = browser.post("/api/resource/HD Ticket", json={"subject": "REST", "description": "via REST"})
    assert response.status_code == 200, response.text
    name = response.json()["data"]["name"]
    net.track("HD Ticket", name)
    assert frappe.db.get_value("HD Ticket", name, "clinic") == world["first"].name


def test_rest_ticket_for_another_clinic_is_refused(net, world, browser):
    other = net.clinic(net.reseller().name)
    browser.login(world["one"])
    before = frappe.db.count("HD Ticket")
    response = browser.post("/api/resource/HD Ticket",
                            json={"subject": "REST", "description": "x", "clinic": other.name})
    assert response.status_code == 403
    assert frappe.db.count("HD Ticket") == before


def test_helpdesk_customer_page_multi_clinic_user_must_choose(net, world, browser):
    browser.login(world["many"])
    response = browser.call(NEW, doc={"subject": "Portal", "description": "x", "clinic": ""})
    assert response.status_code == 417, response.text
    response = browser.call(NEW, doc={"subject": "Portal", "description": "x", "clinic": world["second"].name})
    assert response.status_code == 200, response.text
    name = response.json()["message"]["name"]
    net.track("HD Ticket", name)
    assert frappe.db.get_value("HD Ticket", name, ["clinic", "support_level"]) == (world["second"].name, 1)


def test_helpdesk_agent_page_keeps_an_agents_explicit_severity(net, world, browser):
    agent = net.agent()
    browser.login(agent)
    response = browser.call(NEW, doc={
        "subject": "Agente", "description": "x", "clinic": world["first"].name,
        "ticket_category": "Question", "severity": "Medium", "support_level": "", "raised_by": world["one"]})
    assert response.status_code == 200, response.text
    name = response.json()["message"]["name"]
    net.track("HD Ticket", name)
    row = frappe.db.get_value("HD Ticket", name, ["clinic", "severity", "priority", "support_level"], as_dict=True)
    assert (row.clinic, row.severity, row.priority, row.support_level) == (world["first"].name, "Medium", "Medium", 1)


def test_agents_cannot_edit_healthdesks_internal_fields(net, world, browser):
    """Issue 12: Support Level and Support Access were editable by agents in the form; the level
    changes only through the escalation menu, which records the reason."""
    ticket = net.ticket(as_user=world["one"], clinic=world["first"].name)
    agent = net.agent()
    browser.login(agent)
    for field, value in (("support_level", 3), ("support_access", "aberto")):
        response = browser.call("frappe.client.set_value", doctype="HD Ticket", name=ticket.name,
                                fieldname=field, value=value)
        assert response.status_code == 417, response.text
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", ticket.name, ["support_level", "support_access"]) == (1, None)
    # the escalation menu still moves the level
    response = browser.call("healthdesk.api.escalation.escalate", ticket=ticket.name,
                            reason="Precisa do suporte de produto.")
    assert response.status_code == 200, response.text
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", ticket.name, "support_level") == 2
