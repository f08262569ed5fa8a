"""The panel's last step, "Book a meeting" ("Agendar um horário"): the reseller's booking link when
set, otherwise a meeting-request ticket for the user's clinic — and only once the panel is done."""

from __future__ import annotations

import frappe
import pytest
from conftest import server_messages
from onboarding_helpers import onb, task_rows  # noqa: F401

API = "healthdesk.api.onboarding"
ONE_STAGE = """"conquistas": [
  {"descricao": "Agenda", "bloqueada": false, "tarefas": [
    {"titulo": "Configurar a agenda", "identificador_artigo": "https://youtu.be/AAAAAAAAA01"},
    {"titulo": "Agendar consultas", "identificador_artigo": "https://youtu.be/AAAAAAAAA02"}
  ]},"""


@pytest.fixture
def finished(net, onb, browser):
    """A clinic user who did every task; ``make(booking_link)`` sets the reseller's link."""

    def make(booking_link=None, clinics=1):
        reseller = net.reseller(cs_booking_link=booking_link) if booking_link else net.reseller()
        own = [net.clinic(reseller.name) for _ in range(clinics)]
        user = net.user("clinica", clinics=tuple(c.name for c in own))
        panel = onb.panel(reseller=reseller.name, text=ONE_STAGE)
        browser.login(user)
        page = browser.get("/onboarding")
        assert "hd-onb-finish" in page.text
        for task in task_rows(panel).values():
            assert browser.call(f"{API}.mark_done", task=task).status_code == 200
        return {"user": user, "reseller": reseller, "clinics": own, "panel": panel}

    return make


def _track_tickets(net, user):
    frappe.db.rollback()
    names = frappe.get_all("HD Ticket", filters={"raised_by": user}, pluck="name")
    for name in names:
        net.track("HD Ticket", name)
    return names


def test_booking_link_is_shown_and_returned_without_a_ticket(finished, browser, net):
    data = finished(booking_link="https://agenda.example.com/cs-uxpto")
    page = browser.get("/onboarding")
    assert 'href="https://agenda.example.com/cs-uxpto"' in page.text
    assert 'id="hd-onb-meeting"' not in page.text  # no form when the reseller has a link
    response = browser.call(f"{API}.request_meeting", preferred_times="terça à tarde")
    assert response.status_code == 200
    assert response.json()["message"] == {"booking_link": "https://agenda.example.com/cs-uxpto"}
    assert _track_tickets(net, data["user"]) == []


def test_without_link_a_meeting_ticket_is_opened_for_the_clinic(finished, browser, net):
    data = finished()
    page = browser.get("/onboarding")
    assert 'id="hd-onb-meeting"' in page.text
    response = browser.call(f"{API}.request_meeting",
                            preferred_times="Terça ou quinta, 14h às 16h\n<b>não é html</b>")
    assert response.status_code == 200, response.text
    result = response.json()["message"]
    assert result["existing"] is False
    names = _track_tickets(net, data["user"])
    assert names == [result["ticket"]]
    ticket = frappe.get_doc("HD Ticket", result["ticket"])
    clinic = data["clinics"][0]
    assert ticket.clinic == clinic.name
    assert ticket.customer == clinic.hd_customer  # follows the clinic
    assert ticket.reseller == data["reseller"].name
    assert ticket.ticket_type == "Consultancy"
    assert ticket.subject in ("Meeting request: Customer Success", frappe._("Meeting request: Customer Success", lang="pt-BR"))
    assert "Terça ou quinta, 14h às 16h" in ticket.description
    assert "<b>não é html</b>" not in ticket.description and "&lt;b&gt;" in ticket.description
    if frappe.get_meta("HD Ticket").has_field("severity"):
        assert ticket.severity == "Not covered"
    if frappe.get_meta("HD Ticket").has_field("ticket_category"):
        assert ticket.ticket_category == "Consultancy"

    # Asking again while it is open returns the same ticket.
    again = browser.call(f"{API}.request_meeting", preferred_times="qualquer dia").json()["message"]
    assert again == {"ticket": result["ticket"], "existing": True}
    assert _track_tickets(net, data["user"]) == names


def test_preferred_times_are_required(finished, browser, net):
    data = finished()
    response = browser.call(f"{API}.request_meeting", preferred_times="   ")
    assert response.status_code == 417
    assert _track_tickets(net, data["user"]) == []


def test_user_picks_one_of_their_clinics_and_only_theirs(finished, browser, net):
    data = finished(clinics=2)
    foreign = net.clinic(net.reseller().name)
    refused = browser.call(f"{API}.request_meeting", preferred_times="segunda 9h", clinic=foreign.name)
    assert refused.status_code == 403
    assert foreign.name in server_messages(refused)
    second = data["clinics"][1]
    ok = browser.call(f"{API}.request_meeting", preferred_times="segunda 9h", clinic=second.name)
    assert ok.status_code == 200, ok.text
    names = _track_tickets(net, data["user"])
    assert frappe.db.get_value("HD Ticket", names[0], "clinic") == second.name


def test_meeting_needs_the_whole_panel_done(net, onb, browser):
    reseller = net.reseller()
    user = net.user("clinica", clinics=(net.clinic(reseller.name).name,))
    panel = onb.panel(reseller=reseller.name, text=ONE_STAGE)
    browser.login(user)
    browser.get("/onboarding")
    browser.call(f"{API}.mark_done", task=task_rows(panel)["Configurar a agenda"])
    response = browser.call(f"{API}.request_meeting", preferred_times="terça")
    assert response.status_code == 403
    assert _track_tickets(net, user) == []
