"""Issue 5, ticket fields and server-side guarantees: category and system module checked,
severity only chosen for errors, personal data flagged (never stored), installed defaults."""

from __future__ import annotations

import frappe
import pytest
from intake_helpers import VALID_CPF, inet  # noqa: F401

from healthdesk.core import triage
from healthdesk.setup.install import TICKET_TEMPLATE
from healthdesk.intake.setup import DEFAULT_MODULES, ensure_intake_defaults


def test_unknown_category_is_refused(inet):
    _reseller, clinic, user = inet.clinic_user()
    with pytest.raises(frappe.ValidationError) as refused:
        inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Bug report")
    assert "Bug report" in str(refused.value)
    frappe.db.rollback()


def test_unknown_or_disabled_module_is_refused(inet):
    _reseller, clinic, user = inet.clinic_user()
    with pytest.raises(frappe.ValidationError) as refused:
        inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", system_module="Módulo Inexistente")
    assert "Módulo Inexistente" in str(refused.value)
    frappe.db.rollback()
    name = f"Módulo desativado {inet.tag}"
    frappe.get_doc({"doctype": "System Module", "module_name": name, "enabled": 0}).insert()
    inet.track("System Module", name)
    frappe.db.commit()
    try:
        with pytest.raises(frappe.ValidationError):
            inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", system_module=name)
    finally:
        frappe.db.rollback()
        frappe.delete_doc("System Module", name, force=True)
        frappe.db.commit()


def test_severity_is_chosen_only_for_errors(inet):
    _reseller, clinic, user = inet.clinic_user()
    question = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", severity="High",
                           system_module="Agenda")
    assert question.severity == triage.default_severity("Question") == "Low"
    assert question.priority == "Low"
    error = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Error", severity="High",
                        system_module="Agenda")
    assert error.severity == "High" and error.priority == "High"
    consultancy = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Consultancy",
                              severity="High")
    assert consultancy.severity == "Not covered"


def test_personal_data_is_flagged_and_never_stored(inet):
    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question",
                         subject="Cadastro duplicado",
                         description=f"<p>Paciente CPF <b>{VALID_CPF}</b>, fone (11) 98765-4321</p>")
    frappe.db.rollback()
    row = frappe.db.get_value("HD Ticket", ticket.name, ["contains_personal_data", "personal_data_count",
                                                          "personal_data_kinds"], as_dict=True)
    assert row.contains_personal_data == 1
    assert row.personal_data_count == 2
    assert row.personal_data_kinds == "cpf, phone"
    digits = VALID_CPF.replace(".", "").replace("-", "")
    assert not frappe.db.sql("select name from `tabError Log` where error like %s or error like %s",
                             (f"%{VALID_CPF}%", f"%{digits}%"))
    assert not frappe.db.sql("select name from `tabTriage Action Log` where ticket=%s and "
                             "(value like %s or previous_value like %s)", (ticket.name, f"%{VALID_CPF}%", f"%{VALID_CPF}%"))
    # An agent edits the personal data out: the flag follows.
    doc = frappe.get_doc("HD Ticket", ticket.name)
    doc.description = "<p>Paciente com cadastro duplicado</p>"
    doc.save(ignore_permissions=True)
    frappe.db.commit()
    assert frappe.db.get_value("HD Ticket", ticket.name, "contains_personal_data") == 0


def test_clean_ticket_is_not_flagged(inet):
    _reseller, clinic, user = inet.clinic_user()
    ticket = inet.ticket(as_user=user, clinic=clinic.name, ticket_category="Question",
                         description="Erro no chamado 2024-0001 às 10:30 de 10/11/2026")
    assert ticket.contains_personal_data == 0 and ticket.personal_data_count == 0


def test_installed_defaults_are_idempotent():
    # once to restore what other suites may have deleted (Helpdesk's own tests delete teams)
    ensure_intake_defaults()
    before = {dt: frappe.db.count(dt) for dt in ("System Module", "HD Team", "Triage Rule")}
    ensure_intake_defaults()
    ensure_intake_defaults()
    assert {dt: frappe.db.count(dt) for dt in before} == before
    for name in DEFAULT_MODULES:
        assert frappe.db.exists("System Module", name)
    for team in triage.DEFAULT_TEAMS:
        assert frappe.db.exists("HD Team", team)
    for rule in triage.DEFAULT_RULES:
        assert frappe.db.exists("Triage Rule", rule.name)
    fields = {row.fieldname for row in frappe.get_doc("HD Ticket Template", TICKET_TEMPLATE).fields}
    assert {"ticket_category", "system_module", "contains_personal_data"} <= fields


def test_admin_edits_to_defaults_are_kept():
    frappe.db.set_value("Triage Rule", "data_migration", "priority", 31)
    frappe.db.commit()
    try:
        ensure_intake_defaults()
        assert frappe.db.get_value("Triage Rule", "data_migration", "priority") == 31
    finally:
        frappe.db.set_value("Triage Rule", "data_migration", "priority", 30)
        frappe.db.commit()


@pytest.mark.parametrize("values, fragment", [
    ({"categories": "Bugs"}, "Bugs"),
    ({"actions": [{"kind": "set_team", "value": "Equipe Inexistente"}]}, "Equipe Inexistente"),
    ({"actions": [{"kind": "set_severity", "value": "Urgentíssimo"}]}, "High"),
    ({"actions": [{"kind": "auto_reply", "value": "desconhecida"}]}, "tiss"),
    ({"actions": [{"kind": "notify_vendor", "value": "não é e-mail"}]}, "e-mail"),
])
def test_invalid_triage_rules_are_refused(values, fragment):
    doc = frappe.get_doc({"doctype": "Triage Rule", "rule_name": "teste inválido", "priority": 5,
                          "actions": [{"kind": "set_severity", "value": "Low"}], **values})
    with pytest.raises(frappe.ValidationError) as refused:
        doc.insert()
    assert fragment in str(refused.value)
    frappe.db.rollback()
