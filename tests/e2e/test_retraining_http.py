"""Booking a retraining session over HTTP (healthdesk.api.retraining.book_session), as the people
who call it: a cooperative's manager books for their own clinic and is refused for another
cooperative's clinic; a clinic user and a guest are refused; nothing is created on a refusal."""

from __future__ import annotations

import secrets

import frappe
import pytest
from conftest import Browser, server_messages

API = "healthdesk.api.retraining.book_session"


@pytest.fixture
def module():
    name = f"Agenda H{secrets.token_hex(3)}"
    frappe.get_doc({"doctype": "System Module", "module_name": name, "enabled": 1}).insert(ignore_permissions=True)
    frappe.db.commit()
    yield name
    frappe.db.rollback()
    frappe.db.delete("HD Ticket", {"system_module": name})
    frappe.delete_doc("System Module", name, force=True, ignore_permissions=True)
    frappe.db.commit()


def _tickets(clinic: str, module: str) -> list[str]:
    frappe.db.rollback()
    return frappe.get_all("HD Ticket", filters={"clinic": clinic, "system_module": module}, pluck="name")


def test_a_manager_books_for_their_cooperative_only(net, module):
    manager = net.user("gestora", roles=("Reseller Manager",), language="pt-BR")
    own = net.clinic(net.reseller(managers=[manager]).name)
    other = net.clinic(net.reseller().name)
    clinic_user = net.user("clinica", clinics=(own.name,))

    browser = Browser()
    browser.login(manager)
    refused = browser.call(API, clinic=other.name, module=module, notes="segunda de manhã")
    assert refused.status_code == 403, refused.text
    assert "Você só pode agendar sessões para as clínicas da sua cooperativa." in server_messages(refused)
    assert _tickets(other.name, module) == []

    booked = browser.call(API, clinic=own.name, module=module, notes="segunda de manhã")
    assert booked.status_code == 200, booked.text
    ticket = booked.json()["message"]["ticket"]
    net.track("HD Ticket", ticket)
    assert _tickets(own.name, module) == [ticket]
    values = frappe.db.get_value("HD Ticket", ticket, ["raised_by", "ticket_category", "severity"], as_dict=True)
    assert (values.raised_by, values.ticket_category, values.severity) == (manager, "Consultancy", "Not covered")

    for person in (clinic_user, None):
        stranger = Browser()
        if person:
            stranger.login(person)
        response = stranger.call(API, clinic=own.name, module=module)
        assert response.status_code == 403, response.text
    assert _tickets(own.name, module) == [ticket]
