"""What a reseller manager does over HTTP: the portal page, its form, and REST — and the denials."""

from __future__ import annotations

import frappe
import pytest
from conftest import server_messages

DOCTYPE = "Multi-Clinic Access Request"
PAGE = "/multi-clinic-requests"


@pytest.fixture
def portal(net):
    manager = net.user("gestor")
    reseller = net.reseller(managers=[manager])
    home, second = net.clinic(reseller.name), net.clinic(reseller.name)
    other_manager = net.user("gestor2")
    other = net.reseller(managers=[other_manager])
    foreign = net.clinic(other.name)
    return {"manager": manager, "reseller": reseller, "home": home, "second": second,
            "other_manager": other_manager, "foreign": foreign}


def _text(email, home, ids):
    return (f"Usuário: {email}\nJá está cadastrado na clínica: {home}\n"
            f"Multi clínica para as clínicas: {', '.join(ids)}")


def test_guest_is_sent_to_login(browser):
    response = browser.get(PAGE, allow_redirects=False)
    assert response.status_code in (301, 302, 303)
    assert "/login" in response.headers["Location"]


def test_user_without_the_role_is_refused(net, portal, browser):
    browser.login(net.user("clinica", clinics=(portal["home"].name,)))
    assert browser.get(PAGE).status_code == 403
    response = browser.call("healthdesk.api.multi_clinic.submit_request",
                            text=_text(net.email("x"), portal["home"].name, [portal["home"].name]))
    assert response.status_code == 403


def test_manager_submits_and_follows_a_request(net, portal, browser):
    browser.login(portal["manager"])
    page = browser.get(PAGE)
    assert page.status_code == 200
    assert portal["reseller"].reseller_name in page.text
    assert browser.csrf_token

    email = net.email("maria")
    response = browser.call("healthdesk.api.multi_clinic.submit_request",
                            text=_text(email, portal["home"].name, [portal["home"].name, portal["second"].name]))
    assert response.status_code == 200, response.text
    result = response.json()["message"]
    net.track(DOCTYPE, result["name"])
    assert result["status"] == "Submitted"
    assert result["base_ids"] == [portal["home"].name, portal["second"].name]

    listed = browser.call("healthdesk.api.multi_clinic.my_requests").json()["message"]
    assert [r["name"] for r in listed] == [result["name"]]
    assert result["name"] in browser.get(PAGE).text

    # The admin approves in the desk; the manager sees the new status.
    frappe.get_doc(DOCTYPE, result["name"]).approve()
    frappe.db.commit()
    net.track("User", email)
    net.track("Contact", frappe.db.get_value("Contact", {"email_id": email}))
    listed = browser.call("healthdesk.api.multi_clinic.my_requests").json()["message"]
    assert listed[0]["status"] == "Approved"


def test_bad_request_gets_a_message_naming_the_id_and_creates_nothing(net, portal, browser):
    browser.login(portal["manager"])
    browser.get(PAGE)
    before = frappe.db.count(DOCTYPE)
    response = browser.call("healthdesk.api.multi_clinic.submit_request",
                            text=_text(net.email("y"), portal["home"].name, ["000000003"]))
    assert response.status_code == 417
    assert "000000003" in server_messages(response)
    response = browser.call("healthdesk.api.multi_clinic.submit_request",
                            text=_text(net.email("z"), portal["home"].name, [portal["foreign"].name]))
    assert response.status_code == 417
    assert portal["foreign"].name in server_messages(response)
    assert frappe.db.count(DOCTYPE) == before


def test_manager_cannot_request_for_another_reseller(net, portal, browser):
    browser.login(portal["manager"])
    browser.get(PAGE)
    response = browser.call("healthdesk.api.multi_clinic.submit_request",
                            text=_text(net.email("w"), portal["foreign"].name, [portal["foreign"].name]))
    assert response.status_code == 403


def test_rest_shows_only_the_managers_reseller(net, portal, browser):
    theirs = frappe.get_doc({"doctype": DOCTYPE, "pasted_text": _text(
        net.email("v"), portal["foreign"].name, [portal["foreign"].name])}).insert()
    net.track(DOCTYPE, theirs.name)
    frappe.db.commit()
    browser.login(portal["manager"])
    listed = browser.get(f"/api/resource/{DOCTYPE}?fields=[\"name\"]&limit_page_length=0").json()["data"]
    assert theirs.name not in {r["name"] for r in listed}
    assert browser.get(f"/api/resource/{DOCTYPE}/{theirs.name}").status_code == 403
    assert browser.get(f"/api/resource/Clinic/{portal['foreign'].name}").status_code == 403
    assert browser.get(f"/api/resource/Clinic/{portal['home'].name}").status_code == 200
    # Approving over REST is refused to a manager.
    mine = browser.call("healthdesk.api.multi_clinic.submit_request",
                        text=_text(net.email("u"), portal["home"].name, [portal["home"].name])).json()["message"]
    net.track(DOCTYPE, mine["name"])
    response = browser.call("run_doc_method", dt=DOCTYPE, dn=mine["name"], method="approve")
    assert response.status_code == 403
    assert frappe.db.get_value(DOCTYPE, mine["name"], "status") == "Submitted"
