"""Issue 5, the clinic users' form /abrir-chamado and its API, over HTTP: every route and every
refusal, attachments, XSS, personal-data check."""

from __future__ import annotations

import frappe
import pytest
from conftest import Browser, server_messages
from intake_helpers import VALID_CPF, inet  # noqa: F401

from healthdesk.core import triage
from healthdesk.core.intake import MAX_ATTACHMENT_BYTES

CREATE = "/api/method/healthdesk.api.intake.create_ticket"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
       b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


def form(clinic: str, **values) -> dict:
    return {"clinic": clinic, "category": "Question", "module": "Agenda", "subject": "Como remarcar consultas?",
            "what_did": "Abri a agenda", "expected": "Remarcar", "happened": "Não achei a opção", **values}


def logged_in(user: str) -> Browser:
    browser = Browser()
    browser.login(user)
    page = browser.get("/abrir-chamado")
    assert page.status_code == 200
    return browser


def test_guest_is_sent_to_login_and_api_refuses(browser):
    page = browser.get("/abrir-chamado", allow_redirects=False)
    assert page.status_code in (301, 302, 303, 307)
    assert "/login" in page.headers["Location"]
    response = browser.post(CREATE, data=form("0000"))
    assert response.status_code == 403
    response = browser.call("healthdesk.api.intake.check_personal_data", text="x")
    assert response.status_code == 403


def test_page_shows_own_clinics_hints_and_support_link(inet):
    reseller, clinic, user = inet.clinic_user()
    other = inet.clinic(reseller.name)
    second = inet.clinic(reseller.name)
    from healthdesk.network.contacts import link_contact
    from frappe.contacts.doctype.contact.contact import get_contact_name
    link_contact(get_contact_name(user), [second.hd_customer])
    frappe.db.commit()
    inet.ticket(as_user=user, clinic=second.name, ticket_category="Question", subject="Anterior")
    browser = logged_in(user)
    html = browser.get("/abrir-chamado").text
    assert clinic.name in html and second.name in html and other.name not in html
    assert f'value="{second.name}" selected' in html  # the clinic of the last ticket
    assert 'id="hd-nt-one-question"' in html and 'id="hd-nt-screenshot-hint"' in html
    assert 'href="/support"' in html
    assert "Prescrição (MEMED)" in html
    assert "Uma pergunta por chamado." in html  # the hint, in the user's language (pt-BR)


def test_question_is_created_with_default_severity(inet):
    _reseller, clinic, user = inet.clinic_user()
    browser = logged_in(user)
    response = browser.post(CREATE, data=form(clinic.name, severity="High"))
    assert response.status_code == 200, response.text
    name = response.json()["message"]["name"]
    inet.track("HD Ticket", name)
    frappe.db.rollback()
    ticket = frappe.get_doc("HD Ticket", name)
    assert ticket.clinic == clinic.name and ticket.raised_by == user and ticket.via_customer_portal
    assert ticket.ticket_category == "Question" and ticket.system_module == "Agenda"
    assert ticket.severity == "Low"
    assert "Não achei a opção" in ticket.description


def test_error_needs_a_severity(inet):
    _reseller, clinic, user = inet.clinic_user()
    browser = logged_in(user)
    response = browser.post(CREATE, data=form(clinic.name, category="Error"))
    assert response.status_code == 417
    assert "Severity" in server_messages(response) or "Severidade" in server_messages(response)
    response = browser.post(CREATE, data=form(clinic.name, category="Error", severity="High"))
    assert response.status_code == 200, response.text
    name = response.json()["message"]["name"]
    inet.track("HD Ticket", name)
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", name, ["severity", "priority"]) == ("High", "High")
    assert inet.tickets_of(user) == [name]


@pytest.mark.parametrize("values, fragment", [
    ({"category": "Bug report"}, "Bug report"),
    ({"module": "Módulo Falso"}, "Módulo Falso"),
    ({"subject": "   "}, None),
    ({"happened": ""}, None),
    ({"subject": "x" * 141}, "140"),
])
def test_bad_values_are_refused_and_nothing_created(inet, values, fragment):
    _reseller, clinic, user = inet.clinic_user()
    browser = logged_in(user)
    response = browser.post(CREATE, data=form(clinic.name, **values))
    assert response.status_code == 417, response.text
    if fragment:
        assert fragment in server_messages(response)
    assert inet.tickets_of(user) == []


def test_other_clinic_is_refused(inet):
    _reseller, _clinic, user = inet.clinic_user()
    other_reseller = inet.reseller()
    other = inet.clinic(other_reseller.name)
    browser = logged_in(user)
    response = browser.post(CREATE, data=form(other.name))
    assert response.status_code == 403
    assert other.name in server_messages(response)
    assert inet.tickets_of(user) == []


def test_user_without_clinic_sees_why(inet):
    user = inet.user("semclinica")
    browser = Browser()
    browser.login(user)
    assert 'id="hd-nt-no-clinic"' in browser.get("/abrir-chamado").text
    response = browser.post(CREATE, data=form("0000"))
    assert response.status_code == 403  # not one of their clinics


def test_attachment_is_stored_private_on_the_ticket(inet):
    _reseller, clinic, user = inet.clinic_user()
    browser = logged_in(user)
    response = browser.post(CREATE, data=form(clinic.name),
                            files=[("attachments", ("tela.png", PNG, "image/png")),
                                   ("attachments", ("video.webm", b"\x1aE\xdf\xa3" + b"0" * 100, "video/webm"))])
    assert response.status_code == 200, response.text
    name = response.json()["message"]["name"]
    inet.track("HD Ticket", name)
    frappe.db.rollback()
    # On the ticket (Helpdesk copies them there by URL; a file whose content the site already has
    # keeps that file's URL and name, so only count and privacy are asserted here).
    files = frappe.get_all("File", filters={"attached_to_doctype": "HD Ticket", "attached_to_name": name},
                           fields=["file_name", "is_private"])
    assert len(files) == 2 and all(f.is_private for f in files)
    # Helpdesk shows attachments on messages: they are on the ticket's first message too, and the
    # clinic user sees them in Helpdesk's own ticket view.
    message = frappe.db.get_value("Communication", {"reference_doctype": "HD Ticket", "reference_name": name},
                                  "name", order_by="creation asc")
    on_message = frappe.get_all("File", filters={"attached_to_doctype": "Communication",
                                                 "attached_to_name": message}, pluck="file_name")
    assert sorted(on_message) == ["tela.png", "video.webm"]
    shown = browser.call("helpdesk.helpdesk.doctype.hd_ticket.api.get_one", name=name, is_customer_portal=1)
    assert shown.status_code == 200, shown.text
    communications = shown.json()["message"]["communications"]
    assert sorted(a["file_name"] for c in communications for a in c.get("attachments") or []) == [
        "tela.png", "video.webm"]


@pytest.mark.parametrize("filename, size, fragment", [
    ("virus.exe", 100, "png"),
    ("pagina.html", 100, "png"),
    ("grande.mp4", MAX_ATTACHMENT_BYTES + 1, "10 MB"),
])
def test_forbidden_or_oversized_attachment_refuses_everything(inet, filename, size, fragment):
    _reseller, clinic, user = inet.clinic_user()
    browser = logged_in(user)
    response = browser.post(CREATE, data=form(clinic.name),
                            files=[("attachments", ("ok.png", PNG, "image/png")),
                                   ("attachments", (filename, b"0" * size, "application/octet-stream"))])
    assert response.status_code == 417, response.text
    messages = server_messages(response)
    assert filename in messages and fragment in messages
    assert inet.tickets_of(user) == []
    assert not frappe.db.exists("File", {"file_name": "ok.png", "owner": user})


def test_xss_is_stored_escaped(inet):
    _reseller, clinic, user = inet.clinic_user()
    browser = logged_in(user)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = browser.post(CREATE, data=form(clinic.name, subject="Teste " + payload, happened=payload,
                                              what_did=payload))
    assert response.status_code == 200, response.text
    name = response.json()["message"]["name"]
    inet.track("HD Ticket", name)
    frappe.db.rollback()
    ticket = frappe.get_doc("HD Ticket", name)
    assert "<script" not in ticket.description and "<img" not in ticket.description
    assert "&lt;script&gt;" in ticket.description
    assert "<script" not in (ticket.subject or "")
    # The customer's own ticket view (Helpdesk API) gives back no live markup either.
    shown = browser.call("helpdesk.helpdesk.doctype.hd_ticket.api.get_one", name=name, is_customer_portal=1)
    assert shown.status_code == 200, shown.text
    assert "<script" not in shown.text and "<img src=x" not in shown.text


def test_check_personal_data_api(inet):
    _reseller, _clinic, user = inet.clinic_user()
    browser = logged_in(user)
    text = f"CPF {VALID_CPF} e e-mail paciente@test.example"
    response = browser.call("healthdesk.api.intake.check_personal_data", text=text)
    assert response.status_code == 200, response.text
    result = response.json()["message"]
    assert result["count"] == 2
    assert sorted(f["kind"] for f in result["findings"]) == ["cpf", "email"]
    assert text[result["findings"][0]["start"]:result["findings"][0]["end"]] in (VALID_CPF, "paciente@test.example")
    assert VALID_CPF not in result["masked"] and "paciente@test.example" not in result["masked"]
    assert browser.call("healthdesk.api.intake.check_personal_data", text="x" * 50_001).status_code == 417


def test_ticket_with_personal_data_is_flagged_for_agents(inet):
    _reseller, clinic, user = inet.clinic_user()
    browser = logged_in(user)
    response = browser.post(CREATE, data=form(clinic.name, happened=f"Paciente CPF {VALID_CPF} não aparece"))
    assert response.status_code == 200
    result = response.json()["message"]
    inet.track("HD Ticket", result["name"])
    assert result["contains_personal_data"] is True
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", result["name"], "personal_data_kinds") == "cpf"


def test_two_questions_are_accepted(inet):
    _reseller, clinic, user = inet.clinic_user()
    browser = logged_in(user)
    response = browser.post(CREATE, data=form(clinic.name, happened="Como emito recibo? E como cancelo a agenda?"))
    assert response.status_code == 200
    inet.track("HD Ticket", response.json()["message"]["name"])


def test_helpdesk_portal_path_has_the_same_guarantees(inet):
    """The Helpdesk portal's own new-ticket page posts to helpdesk...hd_ticket.api.new with the
    template's fields: the same checks run there."""
    _reseller, clinic, user = inet.clinic_user()
    browser = logged_in(user)
    new = "helpdesk.helpdesk.doctype.hd_ticket.api.new"
    doc = {"subject": "Pelo portal", "description": "<p>Texto</p>", "clinic": clinic.name}
    refused = browser.call(new, doc={**doc, "ticket_category": "Bug report"})
    assert refused.status_code == 417 and "Bug report" in server_messages(refused)
    refused = browser.call(new, doc={**doc, "ticket_category": "Question", "system_module": "Módulo Falso"})
    assert refused.status_code == 417 and "Módulo Falso" in server_messages(refused)
    assert inet.tickets_of(user) == []
    created = browser.call(new, doc={**doc, "ticket_category": "Data migration", "system_module": "Migração de dados",
                                     "severity": "High"})
    assert created.status_code == 200, created.text
    name = created.json()["message"]["name"]
    inet.track("HD Ticket", name)
    frappe.db.rollback()
    row = frappe.db.get_value("HD Ticket", name, ["severity", "agent_group", "ticket_category"], as_dict=True)
    assert row.severity == "Medium" and row.ticket_category == "Data migration"
    assert row.agent_group in triage.team_aliases(triage.TEAM_DATA_MIGRATION)  # named in pt-BR since issue 12
