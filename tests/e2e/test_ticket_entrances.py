"""Every way a ticket enters — e-mail, the REST API, Helpdesk's customer and agent new-ticket
pages (``helpdesk.helpdesk.doctype.hd_ticket.api.new``) — gets the same clinic rules. (The
``/abrir-chamado`` form is covered in test_intake_form.py.)

E-mail goes through Frappe's own inbound path: a raw RFC 822 message given to ``InboundMail``
for an Email Account that appends to HD Ticket, as Frappe's and Helpdesk's e-mail pull does.
"""

from __future__ import annotations

import secrets
from email.utils import formatdate

import frappe
import pytest
from frappe.email.receive import InboundMail

from healthdesk.setup.install import CONTRACT_SLA

NEW = "helpdesk.helpdesk.doctype.hd_ticket.api.new"
ACCOUNT = "Healthdesk Test Inbox"
INBOX = "suporte.inbox@test.example"


@pytest.fixture
def inbox():
    frappe.flags.in_test = True
    if frappe.db.exists("Email Account", ACCOUNT) and not frappe.db.get_value("Email Account", ACCOUNT, "enable_outgoing"):
        frappe.delete_doc("Email Account", ACCOUNT, force=True, ignore_permissions=True)  # made by an older version
    if not frappe.db.exists("Email Account", ACCOUNT):
        frappe.get_doc({
            "doctype": "Email Account", "email_account_name": ACCOUNT, "email_id": INBOX,
            "enable_incoming": 1, "use_imap": 0, "append_to": "HD Ticket", "email_server": "pop.test.example",
            "password": "not-used", "domain": None,
            # agents reply from it (not the site's default outgoing account: other tests keep theirs)
            "enable_outgoing": 1, "default_outgoing": 0, "smtp_server": "smtp.test.example",
        }).insert(ignore_permissions=True)
        frappe.db.commit()
    yield frappe.get_doc("Email Account", ACCOUNT)


@pytest.fixture
def world(net, contract_sla):
    reseller = net.reseller()
    first, second = net.clinic(reseller.name), net.clinic(reseller.name)
    return {
        "reseller": reseller, "first": first, "second": second,
        "one": net.user("uma", clinics=(first.name,)),
        "many": net.user("varias", clinics=(first.name, second.name)),
        "none": net.user("nenhuma"),
    }


def _mail(net, inbox, sender: str, subject: str, body: str = "Bom dia, preciso de ajuda.", **headers) -> str:
    """Deliver a raw e-mail through Frappe's inbound path; returns the ticket it created or updated."""
    message_id = f"<{secrets.token_hex(8)}@test.example>"
    lines = [f"From: Pessoa Teste <{sender}>", f"To: {INBOX}", f"Subject: {subject}",
             f"Message-ID: {message_id}", f"Date: {formatdate(localtime=True)}",
             *(f"{k}: {v}" for k, v in headers.items()),
             "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body]
    communication = InboundMail("\r\n".join(lines), inbox).process()
    frappe.db.commit()
    net.track("Communication", communication.name)
    assert communication.reference_doctype == "HD Ticket"
    net.track("HD Ticket", communication.reference_name)
    return communication.reference_name


# --------------------------------------------------------------------------- e-mail


def test_email_from_a_one_clinic_user_gets_that_clinic(net, world, inbox):
    name = _mail(net, inbox, world["one"], "Erro ao emitir guia")
    ticket = frappe.get_doc("HD Ticket", name)
    assert ticket.clinic == world["first"].name
    assert ticket.reseller == world["reseller"].name
    assert ticket.customer == world["first"].hd_customer
    assert not ticket.clinic_to_confirm
    assert ticket.sla == CONTRACT_SLA  # the SLA was chosen again once the clinic was known
    assert ticket.support_level == 1


def test_email_from_a_multi_clinic_user_is_flagged_for_an_agent(net, world, inbox):
    ticket = frappe.get_doc("HD Ticket", _mail(net, inbox, world["many"], "Dúvida sobre agenda"))
    assert not ticket.clinic
    assert ticket.clinic_to_confirm == 1
    # the agent chooses; the flag clears and the contract applies
    ticket.clinic = world["second"].name
    ticket.save(ignore_permissions=True)
    frappe.db.commit()
    ticket.reload()
    assert ticket.clinic_to_confirm == 0
    assert ticket.reseller == world["reseller"].name
    assert ticket.sla == CONTRACT_SLA


@pytest.mark.parametrize("who", ["none", "stranger"])
def test_email_from_someone_without_a_clinic_is_kept_and_flagged(net, world, inbox, who):
    sender = world["none"] if who == "none" else net.email("desconhecido")
    ticket = frappe.get_doc("HD Ticket", _mail(net, inbox, sender, "Pergunta", body="Texto completo da pergunta."))
    assert ticket.raised_by == sender
    assert "Texto completo da pergunta." in frappe.db.get_value(
        "Communication", {"reference_name": ticket.name, "reference_doctype": "HD Ticket"}, "content")
    assert not ticket.clinic
    assert ticket.clinic_to_confirm == 1


def test_agent_reply_by_email_keeps_working(net, world, inbox):
    name = _mail(net, inbox, world["one"], "Resposta por e-mail")
    agent = net.agent()
    frappe.set_user(agent)
    ticket = frappe.get_doc("HD Ticket", name)
    # as the agent UI sends it: to the customer, from the support inbox
    ticket.reply_via_agent(message="<p>Olá, verificamos o problema.</p>", to=world["one"],
                           from_email={"email_id": INBOX, "email_account": ACCOUNT})
    frappe.db.commit()
    frappe.set_user("Administrator")
    sent = frappe.get_all("Communication", filters={"reference_doctype": "HD Ticket", "reference_name": name,
                                                     "sent_or_received": "Sent"},
                          fields=["name", "recipients", "sender"])
    assert sent and world["one"] in sent[0].recipients
    for row in sent:
        net.track("Communication", row.name)
    # the customer's answer by e-mail threads onto the same ticket
    reply_to = frappe.db.get_value("Communication", sent[0].name, "message_id")
    again = _mail(net, inbox, world["one"], "Re: Resposta por e-mail",
                  **({"In-Reply-To": f"<{reply_to}>"} if reply_to else {}))
    assert again == name


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


def test_customer_cannot_choose_a_severity_for_a_question(net, world):
    ticket = net.ticket(as_user=world["one"], clinic=world["first"].name, ticket_category="Question",
                        severity="High")
    assert ticket.severity != "High"


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
