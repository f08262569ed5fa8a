"""Issue 12, items 4 and 8: what a clinic user and a cooperative's manager meet in the portals.

- Helpdesk's customer ticket list asks ``frappe.desk.search.search_link`` for Clinic and Reseller
  options (its Link quick filters): a customer gets their own clinics and resellers, never
  another clinic's, instead of a 403 toast; direct reads stay refused.
- Customers' quick filters leave out healthdesk's internal fields; agents keep them.
- The portal menu: "Meus chamados" for clinic users; a manager without clinics is not offered
  the clinic pages; a page that is not for the user explains why, without a login button.
- The request's badge in the desk shows its real status; the escalation history's moments are
  formatted for people.
"""

from __future__ import annotations

import frappe
import pytest

PAGE = "/multi-clinic-requests"


@pytest.fixture
def two_clinics(net):
    """Two resellers, a clinic each, and a pt-BR user of the first clinic only."""
    mine = net.reseller(reseller_name="Revenda Minha")
    other = net.reseller(reseller_name="Revenda Outra")
    clinic = net.clinic(mine.name, clinic_name="Clínica Minha")
    foreign = net.clinic(other.name, clinic_name="Clínica Alheia")
    user = net.user("clinica", clinics=(clinic.name,), language="pt-BR")
    return frappe._dict(mine=mine, other=other, clinic=clinic, foreign=foreign, user=user)


def _search(browser, doctype: str, txt: str = ""):
    return browser.call("frappe.desk.search.search_link", doctype=doctype, txt=txt)


# --- item 4: link searches and quick filters ------------------------------------------------------

def test_customer_link_search_returns_only_their_clinic_and_reseller(two_clinics, browser):
    browser.login(two_clinics.user)
    browser.get("/helpdesk/my-tickets")
    for doctype, own, foreign in (("Clinic", two_clinics.clinic.name, two_clinics.foreign.name),
                                  ("Reseller", two_clinics.mine.name, two_clinics.other.name)):
        response = _search(browser, doctype)
        assert response.status_code == 200, (doctype, response.text[:300])
        values = [r["value"] for r in response.json()["message"]]
        assert own in values and foreign not in values, (doctype, values)
        # typing the other's name finds nothing either
        other_name = "Clínica Alheia" if doctype == "Clinic" else "Revenda Outra"
        assert foreign not in [r["value"] for r in _search(browser, doctype, other_name).json()["message"]]
    # minimal fields: the value and its title, nothing of the reseller's other data
    row = _search(browser, "Reseller").json()["message"][0]
    assert set(row) <= {"value", "label", "description"}


def test_customer_still_cannot_read_clinic_or_reseller_rows(two_clinics, browser):
    browser.login(two_clinics.user)
    browser.get("/helpdesk/my-tickets")
    for doctype, name in (("Clinic", two_clinics.clinic.name), ("Reseller", two_clinics.mine.name),
                          ("Clinic", two_clinics.foreign.name)):
        assert browser.get(f"/api/resource/{doctype}/{name}").status_code == 403
    response = browser.call("frappe.client.get_list", doctype="Clinic", fields=["name"])
    assert response.status_code == 403


def test_user_without_clinic_gets_no_options_and_agent_searches_everything(net, two_clinics, browser):
    browser.login(net.user("semclinica"))
    browser.get("/me")
    assert _search(browser, "Clinic").json()["message"] == []
    agent = net.agent()
    agent_browser = type(browser)()
    agent_browser.login(agent)
    agent_browser.get("/helpdesk/tickets")
    values = [r["value"] for r in _search(agent_browser, "Clinic", two_clinics.foreign.name).json()["message"]]
    assert two_clinics.foreign.name in values


def test_reseller_manager_searches_only_their_resellers_clinics(net, two_clinics, browser):
    manager = net.user("gestor")
    reseller = frappe.get_doc("Reseller", two_clinics.mine.name)
    reseller.append("managers", {"user": manager})
    reseller.save(ignore_permissions=True)
    frappe.db.commit()
    browser.login(manager)
    browser.get("/me")
    values = [r["value"] for r in _search(browser, "Clinic").json()["message"]]
    assert two_clinics.clinic.name in values and two_clinics.foreign.name not in values


def test_customer_quick_filters_leave_out_internal_fields(two_clinics, browser, net):
    browser.login(two_clinics.user)
    browser.get("/helpdesk/my-tickets")
    response = browser.call("helpdesk.api.doc.get_quick_filters", doctype="HD Ticket",
                            show_customer_portal_fields=True)
    assert response.status_code == 200, response.text[:300]
    names = {f["name"] for f in response.json()["message"]}
    assert not names & {"contains_personal_data", "support_level", "reseller", "clinic_to_confirm",
                        "customer"}, names
    assert "clinic" in names
    severity = next(f for f in response.json()["message"] if f["name"] == "severity")
    assert {"label": "Alta", "value": "High"} in severity["options"]  # the user's language, the stored value
    # asking as if it were an agent changes nothing for a customer
    response = browser.call("helpdesk.api.doc.get_quick_filters", doctype="HD Ticket")
    assert "contains_personal_data" not in {f["name"] for f in response.json()["message"]}


def test_agent_quick_filters_keep_internal_fields(net, browser):
    browser.login(net.agent())
    browser.get("/helpdesk/tickets")
    names = {f["name"] for f in browser.call("helpdesk.api.doc.get_quick_filters",
                                             doctype="HD Ticket").json()["message"]}
    assert {"contains_personal_data", "clinic", "reseller"} <= names


# --- item 8: the portal menu and pages that are not for the user ----------------------------------

def test_clinic_user_menu_has_my_tickets(two_clinics, browser):
    browser.login(two_clinics.user)
    html = browser.get("/me").text
    assert 'href="/helpdesk/my-tickets"' in html and "Meus chamados" in html
    assert 'href="/abrir-chamado"' in html
    assert "Suporte" in html and "Pós-vendas" not in html
    assert 'href="/multi-clinic-requests"' not in html


def test_manager_without_clinics_is_offered_only_what_applies(net, two_clinics, browser):
    manager = net.user("gestor", language="pt-BR")
    reseller = frappe.get_doc("Reseller", two_clinics.mine.name)
    reseller.append("managers", {"user": manager})
    reseller.save(ignore_permissions=True)
    frappe.db.commit()
    browser.login(manager)
    html = browser.get("/me").text
    assert 'href="/multi-clinic-requests"' in html
    for route in ("/helpdesk/my-tickets", "/abrir-chamado", "/onboarding", "/support-access"):
        assert f'href="{route}"' not in html, route
    assert 'href="/support"' in html


def test_page_not_for_the_user_explains_without_login_button(two_clinics, browser):
    browser.login(two_clinics.user)
    response = browser.get(PAGE)
    assert response.status_code == 403
    html = response.text
    assert "Esta página não está disponível para você" in html
    assert "gestores de uma revenda" in html
    # Frappe's "Not permitted" card sends a logged-in user to /login?redirect-to=… (its primary
    # button); the navbar's own login link is swapped for the user's menu by Frappe's script.
    assert "/login?redirect-to" not in html and "Não Permitido" not in html and "Not Permitted" not in html
    assert 'href="/helpdesk/my-tickets"' in html


def test_menu_items_unit(two_clinics, net):
    from healthdesk.portal.menu import menu_items

    items = [{"title": "My tickets", "route": "/helpdesk/my-tickets"}, {"title": "Support", "route": "/support"},
             {"title": "Other app", "route": "/other"}]
    frappe.local.lang = "pt-BR"
    try:
        assert [i["route"] for i in menu_items(items, two_clinics.user)] == ["/helpdesk/my-tickets", "/support", "/other"]
        assert [i["route"] for i in menu_items(items, net.user("x"))] == ["/support", "/other"]
        assert menu_items(items, two_clinics.user)[1]["title"] == "Suporte"
        assert items[1]["title"] == "Support"  # Frappe's cached list is not changed
    finally:
        frappe.local.lang = "en"


# --- item 8: status badge and escalation moments --------------------------------------------------

def test_escalation_history_moments_are_formatted(net):
    from healthdesk.escalation.levels import format_moment

    previous = frappe.db.get_default("date_format")
    frappe.db.set_default("date_format", "dd/mm/yyyy")  # what System Settings writes on save
    frappe.local.user_date_format = None
    try:
        assert format_moment("2026-11-28 21:30:27.206234") == "28/11/2026 21:30"
        assert format_moment(None) == ""
    finally:
        frappe.db.set_default("date_format", previous)
        frappe.db.commit()
        frappe.local.user_date_format = None

