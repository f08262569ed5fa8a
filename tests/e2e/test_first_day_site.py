"""Issue 12, items 9 and 10 over HTTP: pt-BR where healthdesk speaks in Helpdesk's UIs (ticket
fields, labels and choices), severity definitions and the support page's title, and the checklist
for admins only. (The in-process part, with the one-step Brazilian site configuration:
healthdesk/setup/test_first_day.py.)"""

from __future__ import annotations

import frappe
import pytest
from conftest import Browser


@pytest.fixture
def clinic_user(net):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    user = net.user("clinica", clinics=(clinic.name,), language="pt-BR")
    return frappe._dict(reseller=reseller, clinic=clinic, user=user)


# --- item 9: Helpdesk's UIs ------------------------------------------------------------------------

def test_customer_ticket_page_shows_our_labels_and_values_in_portuguese(net, clinic_user):
    ticket = net.ticket(as_user=clinic_user.user, clinic=clinic_user.clinic.name, ticket_category="Error",
                        severity="High", subject="Erro ao salvar")
    browser = Browser()
    browser.login(clinic_user.user)
    browser.get("/helpdesk/my-tickets")
    response = browser.call("helpdesk.helpdesk.doctype.hd_ticket.api.get_one", name=ticket.name,
                            is_customer_portal=True)
    assert response.status_code == 200, response.text[:300]
    data = response.json()["message"]
    labels = {f["fieldname"]: f["label"] for f in data["template"]["fields"]}
    assert labels["clinic"] == "Clínica" and labels["severity"] == "Severidade"
    assert labels["response_due_local"] == "Resposta até"
    assert (data["severity"], data["ticket_category"]) == ("Alta", "Erro")


def test_agent_keeps_stored_values_and_gets_portuguese_labels_and_choices(net, clinic_user):
    agent = net.agent()
    frappe.db.set_value("User", agent, "language", "pt-BR")
    frappe.db.commit()
    ticket = net.ticket(as_user=clinic_user.user, clinic=clinic_user.clinic.name, ticket_category="Error",
                        severity="High", subject="Erro ao salvar")
    browser = Browser()
    browser.login(agent)
    browser.get("/helpdesk/tickets")
    data = browser.call("helpdesk.helpdesk.doctype.hd_ticket.api.get_one", name=ticket.name).json()["message"]
    assert (data["severity"], data["ticket_category"]) == ("High", "Error")  # values an agent edits
    meta = browser.call("frappe.desk.form.load.getdoctype", doctype="HD Ticket").json()
    ticket_meta = next(d for d in meta["docs"] if d["name"] == "HD Ticket")
    labels = {f["fieldname"]: f.get("label") for f in ticket_meta["fields"]}
    assert labels["clinic"] == "Clínica" and labels["severity"] == "Severidade"
    assert labels["resolution_due_local"] == "Resolução até"
    template = browser.call("helpdesk.helpdesk.doctype.hd_ticket_template.api.get_one", name="Default").json()
    assert {f["fieldname"]: f["label"] for f in template["message"]["fields"]}["clinic"] == "Clínica"
    response = browser.call("healthdesk.api.ticket_fields.severity_options")
    assert response.status_code == 200, response.text[:500]
    options = response.json()["message"]
    assert {"label": "Alta", "value": "High"} in options
    categories = browser.call("healthdesk.api.ticket_fields.category_options").json()["message"]
    assert {"label": "Erro", "value": "Error"} in categories


def test_english_user_gets_english_labels(net):
    agent = net.agent()
    frappe.db.set_value("User", agent, "language", "en")
    frappe.db.commit()
    browser = Browser()
    browser.login(agent)
    browser.get("/helpdesk/tickets")
    meta = browser.call("frappe.desk.form.load.getdoctype", doctype="HD Ticket").json()
    ticket_meta = next(d for d in meta["docs"] if d["name"] == "HD Ticket")
    assert {f["fieldname"]: f.get("label") for f in ticket_meta["fields"]}["clinic"] == "Clinic"


def test_severity_definitions_and_support_title_in_portuguese(clinic_user):
    browser = Browser()
    browser.login(clinic_user.user)
    for page in ("/support", "/abrir-chamado"):
        html = browser.get(page).text
        assert "O sistema não pode ser operado" in html, page
        assert "The system cannot be operated" not in html and "Some functions fail" not in html, page
    html = browser.get("/support").text
    assert "<h1>Suporte</h1>" in html and "Pós-vendas" not in html


# --- item 10: the checklist ------------------------------------------------------------------------

def test_checklist_is_for_admins_only(net):
    browser = Browser()
    browser.login(net.user("clinica"))
    browser.get("/me")
    assert browser.call("healthdesk.api.checklist.get_checklist").status_code == 403
    admin = net.user("admin", roles=("Healthdesk Admin",), system=True)
    browser = Browser()
    browser.login(admin)
    browser.get("/app")
    response = browser.call("healthdesk.api.checklist.get_checklist")
    assert response.status_code == 200 and response.json()["message"]["items"]
