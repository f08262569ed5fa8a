"""Issue 5, triage on new tickets: the installed rules of seed 000, every automatic action
logged on the ticket, and undone by an agent (only)."""

from __future__ import annotations

import frappe
import pytest
from conftest import server_messages
from intake_helpers import inet  # noqa: F401

from healthdesk.core import triage
from healthdesk.core.intake import DEFAULT_REPLY_TEXTS
from healthdesk.intake.triage import undo_triage_action


def logs(ticket: str) -> dict[str, frappe._dict]:
    frappe.db.rollback()
    rows = frappe.get_all("Triage Action Log", filters={"ticket": ticket}, fields=["*"])
    return {row.action: row for row in rows}


def replies(ticket: str) -> list[str]:
    return frappe.get_all("Communication", filters={"reference_doctype": "HD Ticket", "reference_name": ticket,
                                                     "sent_or_received": "Sent"}, pluck="content")


def test_tiss_gets_the_resellers_text_and_awaits_the_customer(inet):
    _reseller, clinic, user = inet.clinic_user(tiss_reply_text="Procure a operadora do plano, texto da revenda.")
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="TISS / operator",
                         subject="Glosa no lote", system_module="Faturamento / TISS")
    found = logs(ticket.name)
    assert set(found) == {"auto_reply", "set_status"}
    assert found["set_status"].value == "Replied"  # the status of category "Paused"
    assert found["set_status"].previous_value == "Open"
    assert found["auto_reply"].rule == "tiss_operator"
    assert frappe.db.get_value("HD Ticket", ticket.name, "status") == "Replied"
    assert frappe.db.get_value("HD Ticket", ticket.name, "severity") == "Not covered"
    assert any("texto da revenda" in text for text in replies(ticket.name))
    [comment] = frappe.get_all("HD Ticket Comment", filters={"reference_ticket": ticket.name}, pluck="content")
    # sentences in the site's language, not internal names (issue 12)
    assert "tiss_operator" not in comment and "auto_reply" not in comment
    from healthdesk.intake.triage_comment import triage_comment_html
    one = triage_comment_html([{"kind": "set_status", "value": "Replied"}])  # same language as the site's
    assert one[one.index("<li>"):one.index("</li>") + 5] in comment


def test_awaiting_customer_is_the_status_helpdesk_sets_on_an_agents_reply(inet):
    """Category "Paused" resolves to HD Settings' "Update status to" when it is a Paused status,
    else to the first enabled Paused status in Helpdesk's order (not whatever was created first)."""
    from healthdesk.intake.triage import resolve_status

    if not frappe.db.exists("HD Ticket Status", "HDX Aguardando"):
        frappe.get_doc({"doctype": "HD Ticket Status", "label_agent": "HDX Aguardando", "category": "Paused",
                        "order": 0}).insert(ignore_permissions=True)
    previous = frappe.db.get_single_value("HD Settings", "update_status_to")
    try:
        assert resolve_status("Paused") == "Replied"
        frappe.db.set_single_value("HD Settings", "update_status_to", "HDX Aguardando")
        assert resolve_status("Paused") == "HDX Aguardando"
        frappe.db.set_single_value("HD Settings", "update_status_to", "Open")  # not Paused: ignored
        assert resolve_status("Paused") == "Replied"
        assert resolve_status("Open") == "Open" and resolve_status("No such thing") is None
    finally:
        frappe.db.set_single_value("HD Settings", "update_status_to", previous)
        frappe.delete_doc("HD Ticket Status", "HDX Aguardando", force=True, ignore_permissions=True)
        frappe.db.commit()


def test_tiss_without_reseller_text_gets_the_default(inet):
    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="TISS / operator", subject="Glosa")
    texts = replies(ticket.name)
    assert any("operadora" in text and "glosa" in text for text in texts)


def test_external_vendor_goes_to_the_vendor_team(inet):
    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="External vendor",
                         system_module="Integrações (RES)", subject="RES não sincroniza")
    frappe.db.rollback()
    row = frappe.db.get_value("HD Ticket", ticket.name, ["agent_group", "owner_party"], as_dict=True)
    assert row.agent_group in triage.team_aliases(triage.TEAM_EXTERNAL_VENDORS)
    assert row.owner_party == triage.OWNER_EXTERNAL_VENDOR
    found = logs(ticket.name)
    assert {"set_team", "mark_owner", "notify_vendor"} <= set(found)
    assert "nobody" in found["notify_vendor"].note


def test_vendor_contact_configured_gets_an_email(inet):
    rule = frappe.get_doc("Triage Rule", "external_vendor")
    row = next(a for a in rule.actions if a.kind == "notify_vendor")
    row.value = "fornecedor.res@test.example"
    rule.save()
    frappe.db.commit()
    try:
        _reseller, clinic, user = inet.clinic_user()
        ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="External vendor", subject="RES")
        frappe.db.rollback()
        log = logs(ticket.name)["notify_vendor"]
        assert log.value == "fornecedor.res@test.example"
        if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
            assert frappe.db.exists("Email Queue", {"reference_doctype": "HD Ticket", "reference_name": ticket.name})
        else:  # no mail server on the test site: the ticket is created all the same, and the log says so
            assert "Email Account" in log.note
    finally:
        rule = frappe.get_doc("Triage Rule", "external_vendor")
        next(a for a in rule.actions if a.kind == "notify_vendor").value = None
        rule.save()
        frappe.db.commit()


def test_slowness_gets_the_connection_checklist(inet):
    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Error", severity="Medium",
                         subject="Sistema muito LENTO", system_module="Agenda")
    assert logs(ticket.name)["auto_reply"].value == triage.REPLY_SLOWNESS
    assert any("velocidade" in text for text in replies(ticket.name))
    assert frappe.db.get_value("HD Ticket", ticket.name, "severity") == "Medium"


def test_data_migration_consultancy_and_memed(inet):
    _reseller, clinic, user = inet.clinic_user()
    migration = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Data migration", subject="Dados")
    consultancy = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Consultancy", subject="Dúvida")
    memed = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Error", severity="High",
                        system_module="Prescrição (MEMED)", subject="Receita não abre")
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", migration.name, "agent_group") in triage.team_aliases(triage.TEAM_DATA_MIGRATION)
    assert frappe.db.get_value("HD Ticket", consultancy.name, "severity") == "Not covered"
    assert frappe.db.get_value("HD Ticket", memed.name, "agent_group") in triage.team_aliases(triage.TEAM_PRODUCT_SUPPORT)
    assert logs(memed.name)["set_team"].rule == "prescription_module"


def test_a_question_without_keywords_triggers_nothing(inet):
    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", subject="Como agendar?")
    assert logs(ticket.name) == {}
    assert frappe.db.get_value("HD Ticket", ticket.name, "agent_group") is None


def test_disabled_rule_does_nothing(inet):
    rule = frappe.get_doc("Triage Rule", "data_migration")
    rule.enabled = 0
    rule.save()  # as an admin does: the cached rules are dropped
    frappe.db.commit()
    try:
        _reseller, clinic, user = inet.clinic_user()
        ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Data migration", subject="Dados")
        assert "set_team" not in logs(ticket.name)
    finally:
        rule = frappe.get_doc("Triage Rule", "data_migration")
        rule.enabled = 1
        rule.save()
        frappe.db.commit()


def test_agent_undoes_team_status_and_reply(inet):
    _reseller, clinic, user = inet.clinic_user()
    agent = inet.agent()
    vendor = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="External vendor", subject="RES")
    tiss = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="TISS / operator", subject="Glosa")
    team_log, status_log = logs(vendor.name)["set_team"], logs(tiss.name)["set_status"]
    reply_log = logs(tiss.name)["auto_reply"]
    frappe.set_user(agent)
    undo_triage_action(team_log.name)
    undo_triage_action(status_log.name)
    undo_triage_action(reply_log.name)
    frappe.db.commit()
    frappe.set_user("Administrator")
    assert frappe.db.get_value("HD Ticket", vendor.name, "agent_group") is None
    assert frappe.db.get_value("HD Ticket", tiss.name, "status") == "Open"
    assert not frappe.db.exists("Communication", reply_log.communication)
    undone = logs(vendor.name)["set_team"]
    assert undone.undone == 1 and undone.undone_by == agent
    frappe.set_user(agent)
    with pytest.raises(frappe.ValidationError, match="already undone"):
        undo_triage_action(undone.name)
    with pytest.raises(frappe.ValidationError, match="vendor"):
        undo_triage_action(logs(vendor.name)["notify_vendor"].name)
    frappe.db.rollback()


def test_customer_cannot_undo_over_http(inet, browser):
    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Data migration", subject="Dados")
    log = logs(ticket.name)["set_team"]
    browser.login(user)
    browser.get("/abrir-chamado")
    response = browser.call("healthdesk.intake.undo_triage_action", log=log.name)
    assert response.status_code == 403, response.text
    assert "agents" in server_messages(response).lower() or "agentes" in server_messages(response).lower()
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", ticket.name, "agent_group") in triage.team_aliases(triage.TEAM_DATA_MIGRATION)
    assert frappe.db.get_value("Triage Action Log", log.name, "undone") == 0


def test_agent_undoes_over_http(inet, browser):
    _reseller, clinic, user = inet.clinic_user()
    agent = inet.agent()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Data migration", subject="Dados")
    log = logs(ticket.name)["set_team"]
    browser.login(agent)
    browser.get("/support")
    response = browser.call("healthdesk.intake.undo_triage_action", log=log.name)
    assert response.status_code == 200, response.text
    frappe.db.rollback()
    assert frappe.db.get_value("HD Ticket", ticket.name, "agent_group") is None
    listing = browser.call("healthdesk.intake.ticket_triage_log", ticket=ticket.name)
    assert listing.status_code == 200 and listing.json()["message"][0]["undone"] == 1


def test_default_texts_are_used_for_the_reply_keys():
    assert set(DEFAULT_REPLY_TEXTS) == {triage.REPLY_TISS, triage.REPLY_SLOWNESS}


def test_automatic_reply_is_the_support_teams_and_not_a_first_response(inet):
    """Issue 12: an automatic reply is an "Automated Message" written by the support team: the SLA
    still waits for a person's first response, and Helpdesk shows the team, not the clinic user."""
    from healthdesk.utils import SUPPORT_TEAM_USER

    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question",
                         subject="Sistema lento", description="Está lento desde ontem.",
                         system_module="Agenda")
    reply = frappe.get_all("Communication", filters={"reference_doctype": "HD Ticket", "reference_name": ticket.name,
                                                      "sent_or_received": "Sent"},
                           fields=["communication_type", "user", "sender_full_name", "recipients"])
    assert len(reply) == 1
    assert reply[0].communication_type == "Automated Message"
    assert reply[0].user == SUPPORT_TEAM_USER and reply[0].recipients == user
    assert reply[0].sender_full_name == frappe.db.get_value("User", SUPPORT_TEAM_USER, "full_name")
    assert not frappe.db.get_value("HD Ticket", ticket.name, "first_responded_on")
    [commented_by] = frappe.get_all("HD Ticket Comment", filters={"reference_ticket": ticket.name},
                                    pluck="commented_by")
    assert commented_by == SUPPORT_TEAM_USER
    assert frappe.db.get_value("User", SUPPORT_TEAM_USER, "enabled") == 0  # it cannot log in


def test_no_automatic_reply_to_someone_outside_the_clinic(inet):
    _reseller, clinic, _user = inet.clinic_user()
    stranger = f"estranho.{frappe.generate_hash(length=6)}@test.example"
    ticket = inet.ticket(clinic=clinic.name, raised_by=stranger, ticket_category="Question",
                         subject="Sistema lento", description="Está lento.", system_module="Agenda")
    assert replies(ticket.name) == []
    assert logs(ticket.name)["auto_reply"].note  # logged, with why nothing was sent
