"""Escalation tiers: Escalate / Return with a reason (agents only) and the history on the ticket."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.api.escalation import escalate, history, return_ticket
from healthdesk.core import triage
from healthdesk.escalation.levels import NoSuchLevel, ReasonRequired
from healthdesk.test_utils import IntakeNetwork


def cleanup_escalations(ticket):
    frappe.db.delete("Ticket Escalation", {"ticket": ticket})
    frappe.db.delete("HD Ticket Comment", {"reference_ticket": ticket})
    frappe.db.commit()


class TestEscalationLevels(FrappeTestCase):
    def setUp(self):
        self.net = IntakeNetwork()
        self.addCleanup(self.net.cleanup)
        self.addCleanup(frappe.set_user, "Administrator")

    def test_escalate_and_return_with_history(self):
        _reseller, clinic, user = self.net.clinic_user()
        agent = self.net.agent()
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", subject="Dúvida")
        try:
            frappe.set_user(agent)
            first = escalate(ticket.name, reason='Precisa do produto <script>alert(1)</script>')
            self.assertEqual(first["support_level"], 2)
            self.assertIn(first["team"], triage.team_aliases(triage.TEAM_PRODUCT_SUPPORT))
            self.assertEqual(escalate(ticket.name, reason="Bug confirmado")["support_level"], 3)
            with self.assertRaises(NoSuchLevel):
                escalate(ticket.name, reason="Mais alto")
            back = return_ticket(ticket.name, reason="Fornecedor respondeu")
            self.assertEqual(back["support_level"], 2)
            frappe.db.commit()
            found = history(ticket.name)
            self.assertEqual(found["support_level"], 2)
            self.assertEqual([(m.direction, m.from_level, m.to_level) for m in found["moves"]],
                             [("Escalate", 1, 2), ("Escalate", 2, 3), ("Return", 3, 2)])
            self.assertEqual(found["moves"][0].by_user, agent)
            self.assertEqual(set(found["seconds_per_level"]), {"1", "2", "3"})
            comments = frappe.get_all("HD Ticket Comment", filters={"reference_ticket": ticket.name}, pluck="content")
            self.assertEqual(len(comments), 3)
            self.assertTrue(all("<script" not in c for c in comments))
            self.assertTrue(any("&lt;script&gt;" in c for c in comments))
            frappe.set_user("Administrator")
            self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "support_level"), 2)
        finally:
            frappe.set_user("Administrator")
            cleanup_escalations(ticket.name)

    def test_refusals(self):
        _reseller, clinic, user = self.net.clinic_user()
        agent = self.net.agent()
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", subject="Dúvida")
        try:
            frappe.set_user(agent)
            with self.assertRaises(NoSuchLevel):
                return_ticket(ticket.name, reason="Voltar")
            with self.assertRaises(ReasonRequired):
                escalate(ticket.name, reason="   ")
            frappe.set_user(user)
            with self.assertRaises(frappe.PermissionError):
                escalate(ticket.name, reason="Cliente quer")
        finally:
            frappe.db.rollback()
            frappe.set_user("Administrator")
            cleanup_escalations(ticket.name)
