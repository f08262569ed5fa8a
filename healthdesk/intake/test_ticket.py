"""Ticket fields and server-side guarantees: category and system module checked, severity only
chosen for errors, personal data flagged (never stored)."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.core import triage
from healthdesk.intake.ticket import UnknownCategory, UnknownSystemModule
from healthdesk.test_utils import VALID_CPF, IntakeNetwork


class TestTicketIntake(FrappeTestCase):
    def setUp(self):
        self.net = IntakeNetwork()
        self.addCleanup(self.net.cleanup)
        self.addCleanup(frappe.set_user, "Administrator")

    def test_unknown_category_is_refused(self):
        _reseller, clinic, user = self.net.clinic_user()
        with self.assertRaises(UnknownCategory) as refused:
            self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Bug report")
        self.assertIn("Bug report", str(refused.exception))
        frappe.db.rollback()

    def test_unknown_or_disabled_module_is_refused(self):
        _reseller, clinic, user = self.net.clinic_user()
        # a module that does not exist fails Frappe's own link check, before healthdesk's
        with self.assertRaises(frappe.LinkValidationError) as refused:
            self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question",
                            system_module="Módulo Inexistente")
        self.assertIn("Módulo Inexistente", str(refused.exception))
        frappe.db.rollback()
        name = f"Módulo desativado {self.net.tag}"
        frappe.get_doc({"doctype": "System Module", "module_name": name, "enabled": 0}).insert()
        frappe.db.commit()
        try:
            with self.assertRaises(UnknownSystemModule):
                self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", system_module=name)
        finally:
            frappe.db.rollback()
            frappe.delete_doc("System Module", name, force=True)
            frappe.db.commit()

    def test_severity_is_chosen_only_for_errors(self):
        _reseller, clinic, user = self.net.clinic_user()
        question = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", severity="High",
                                   system_module="Agenda")
        self.assertEqual(question.severity, triage.default_severity("Question"))
        self.assertEqual(question.severity, "Low")
        self.assertEqual(question.priority, "Low")
        error = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Error", severity="High",
                                system_module="Agenda")
        self.assertEqual((error.severity, error.priority), ("High", "High"))
        consultancy = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Consultancy",
                                      severity="High")
        self.assertEqual(consultancy.severity, "Not covered")

    def test_personal_data_is_flagged_and_never_stored(self):
        _reseller, clinic, user = self.net.clinic_user()
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question",
                                 subject="Cadastro duplicado",
                                 description=f"<p>Paciente CPF <b>{VALID_CPF}</b>, fone (11) 98765-4321</p>")
        frappe.db.rollback()
        row = frappe.db.get_value("HD Ticket", ticket.name, ["contains_personal_data", "personal_data_count",
                                                              "personal_data_kinds"], as_dict=True)
        self.assertEqual(row.contains_personal_data, 1)
        self.assertEqual(row.personal_data_count, 2)
        self.assertEqual(row.personal_data_kinds, "cpf, phone")
        digits = VALID_CPF.replace(".", "").replace("-", "")
        self.assertFalse(frappe.db.sql("select name from `tabError Log` where error like %s or error like %s",
                                       (f"%{VALID_CPF}%", f"%{digits}%")))
        self.assertFalse(frappe.db.sql(
            "select name from `tabTriage Action Log` where ticket=%s and (value like %s or previous_value like %s)",
            (ticket.name, f"%{VALID_CPF}%", f"%{VALID_CPF}%")))
        # An agent edits the personal data out: the flag follows.
        doc = frappe.get_doc("HD Ticket", ticket.name)
        doc.description = "<p>Paciente com cadastro duplicado</p>"
        doc.save(ignore_permissions=True)
        frappe.db.commit()
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "contains_personal_data"), 0)

    def test_clean_ticket_is_not_flagged(self):
        _reseller, clinic, user = self.net.clinic_user()
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question",
                                 description="Erro no chamado 2024-0001 às 10:30 de 10/11/2026")
        self.assertEqual((ticket.contains_personal_data, ticket.personal_data_count), (0, 0))
