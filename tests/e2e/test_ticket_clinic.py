"""HD Ticket knows its clinic: clinic → customer and reseller, and who may set which clinic."""

from __future__ import annotations

import frappe
import pytest
from conftest import server_messages


@pytest.fixture
def two_clinics(net):
    reseller = net.reseller()
    mine = net.clinic(reseller.name)
    other = net.clinic(net.reseller().name)
    member = net.user("member", clinics=(mine.name,))
    return reseller, mine, other, member


def test_agent_ticket_gets_customer_and_reseller_from_clinic(net, two_clinics):
    reseller, mine, other, _member = two_clinics
    agent = net.agent()
    ticket = net.ticket(as_user=agent, clinic=other.name)
    assert ticket.customer == other.hd_customer
    assert ticket.reseller == other.reseller
    # An agent may move it anywhere; customer and reseller follow.
    frappe.set_user(agent)
    ticket.reload()
    ticket.clinic = mine.name
    ticket.save()
    assert (ticket.customer, ticket.reseller) == (mine.hd_customer, reseller.name)


def test_agent_choosing_a_customer_brings_its_clinic(net, two_clinics):
    _reseller, mine, other, _member = two_clinics
    ticket = net.ticket(clinic=mine.name)
    ticket.reload()
    ticket.customer = other.hd_customer
    ticket.save()
    assert (ticket.clinic, ticket.reseller) == (other.name, other.reseller)


def test_customer_raises_a_ticket_for_their_clinic(net, two_clinics):
    reseller, mine, _other, member = two_clinics
    ticket = net.ticket(as_user=member, clinic=mine.name)
    assert (ticket.customer, ticket.reseller) == (mine.hd_customer, reseller.name)


def test_customer_with_one_clinic_gets_it_by_default(net, two_clinics):
    _reseller, mine, _other, member = two_clinics
    ticket = net.ticket(as_user=member)
    assert ticket.clinic == mine.name and ticket.customer == mine.hd_customer


def test_customer_cannot_raise_a_ticket_for_another_clinic(net, two_clinics):
    _reseller, _mine, other, member = two_clinics
    with pytest.raises(frappe.PermissionError):
        net.ticket(as_user=member, clinic=other.name)
    assert not frappe.db.exists("HD Ticket", {"raised_by": member, "clinic": other.name})


def test_customer_cannot_set_a_foreign_customer_directly(net, two_clinics):
    _reseller, _mine, other, member = two_clinics
    with pytest.raises(frappe.PermissionError):
        net.ticket(as_user=member, customer=other.hd_customer)


def test_customer_cannot_move_a_ticket_to_another_clinic(net, two_clinics):
    _reseller, mine, other, member = two_clinics
    ticket = net.ticket(as_user=member, clinic=mine.name)
    frappe.set_user(member)
    ticket.reload()
    ticket.clinic = other.name
    with pytest.raises(frappe.PermissionError):
        ticket.save()
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", ticket.name, "clinic") == mine.name


def test_customer_may_move_a_ticket_between_their_clinics(net, two_clinics):
    reseller, mine, _other, _member = two_clinics
    second = net.clinic(reseller.name)
    member = net.user("multi", clinics=(mine.name, second.name))
    ticket = net.ticket(as_user=member, clinic=mine.name)
    frappe.set_user(member)
    ticket.reload()
    ticket.clinic = second.name
    ticket.save()
    assert ticket.customer == second.hd_customer


def test_multi_clinic_customer_must_choose(net, two_clinics):
    reseller, mine, _other, _member = two_clinics
    second = net.clinic(reseller.name)
    member = net.user("multi", clinics=(mine.name, second.name))
    with pytest.raises(frappe.MandatoryError, match="Clinic"):
        net.ticket(as_user=member)


def test_inactive_clinic_refuses_customer_tickets(net, two_clinics):
    _reseller, mine, _other, member = two_clinics
    mine.reload()
    mine.is_active = 0
    mine.save()
    frappe.db.commit()
    with pytest.raises(frappe.ValidationError, match="inactive"):
        net.ticket(as_user=member, clinic=mine.name)


def test_clinic_options_for_the_ticket_form(net, two_clinics):
    from healthdesk.api.clinics import ticket_clinic_options

    _reseller, mine, other, member = two_clinics
    frappe.set_user(member)
    assert [o["value"] for o in ticket_clinic_options()] == [mine.name]
    frappe.set_user("Guest")
    assert ticket_clinic_options() == []
    agent = net.agent()
    frappe.set_user(agent)
    values = {o["value"] for o in ticket_clinic_options()}
    assert {mine.name, other.name} <= values


# --- over HTTP, as the Helpdesk portal does it ------------------------------------------------

def _portal_new_ticket(browser, clinic):
    browser.get("/helpdesk/my-tickets/new")
    return browser.call(
        "helpdesk.helpdesk.doctype.hd_ticket.api.new",
        doc={"subject": "Pelo portal", "description": "<p>Texto</p>", "clinic": clinic},
    )


def test_portal_ticket_for_own_clinic_over_http(net, two_clinics, browser):
    reseller, mine, _other, member = two_clinics
    browser.login(member)
    response = _portal_new_ticket(browser, mine.name)
    assert response.status_code == 200, response.text
    name = response.json()["message"]["name"]
    net.track("HD Ticket", name)
    row = frappe.db.get_value("HD Ticket", name, ["clinic", "customer", "reseller"], as_dict=True)
    assert (row.clinic, row.customer, row.reseller) == (mine.name, mine.hd_customer, reseller.name)

    options = browser.call("healthdesk.api.clinics.ticket_clinic_options")
    assert [o["value"] for o in options.json()["message"]] == [mine.name]


def test_portal_ticket_for_another_clinic_is_refused_over_http(net, two_clinics, browser):
    _reseller, _mine, other, member = two_clinics
    browser.login(member)
    response = _portal_new_ticket(browser, other.name)
    assert response.status_code == 403
    assert "clinic" in server_messages(response).lower()
    assert not frappe.db.exists("HD Ticket", {"raised_by": member, "clinic": other.name})


def test_template_exposes_clinic_to_the_portal_over_http(net, two_clinics, browser):
    _reseller, _mine, _other, member = two_clinics
    browser.login(member)
    response = browser.call("helpdesk.helpdesk.doctype.hd_ticket_template.api.get_one", name="Default")
    fields = {f["fieldname"]: f for f in response.json()["message"]["fields"]}
    assert fields["clinic"]["url_method"] == "healthdesk.api.clinics.ticket_clinic_options"
    assert not fields["clinic"]["hide_from_customer"]
