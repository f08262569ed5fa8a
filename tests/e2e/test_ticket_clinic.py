"""HD Ticket knows its clinic, over HTTP as Helpdesk's portal sends it. (The rule in-process:
healthdesk/network/test_ticket_clinic.py.)"""

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
