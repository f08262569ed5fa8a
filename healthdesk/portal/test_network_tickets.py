"""A cooperative's managers follow their network's tickets in the portal (/network-tickets), read
only: every ticket of their clinics and no other, the conversation with the clinic and never the
internal notes, nothing of a ticket flagged as holding personal data, and nothing for anyone else."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.constants import RESELLER_MANAGER
from healthdesk.portal import network_tickets as nt
from healthdesk.test_utils import DeskNetwork


class TestNetworkTickets(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        self.net = DeskNetwork()
        self.addCleanup(self.net.cleanup)
        self.manager = self.net.user("gestor", roles=(RESELLER_MANAGER,))
        self.a = self.net.reseller(managers=[self.manager])
        self.b = self.net.reseller()  # another cooperative
        self.clinic_a1 = self.net.clinic(self.a.name)
        self.clinic_a2 = self.net.clinic(self.a.name)
        self.clinic_b = self.net.clinic(self.b.name)
        self.user_a = self.net.user("cliente", clinics=(self.clinic_a1.name,))
        self.user_b = self.net.user("outra", clinics=(self.clinic_b.name,))
        self.ticket_a1 = self.net.ticket(as_user=self.user_a, clinic=self.clinic_a1.name, ticket_category="Error",
                                         severity="Medium", subject="Impressão da guia falha")
        self.ticket_a2 = self.net.ticket(clinic=self.clinic_a2.name, ticket_category="Question",
                                         subject="Dúvida sobre agenda")
        self.ticket_b = self.net.ticket(as_user=self.user_b, clinic=self.clinic_b.name, ticket_category="Error",
                                        severity="High", subject="Outra cooperativa")

    def _as(self, user, fn, *args, **kwargs):
        frappe.set_user(user)
        try:
            return fn(*args, **kwargs)
        finally:
            frappe.set_user("Administrator")

    def _mine(self) -> set[str]:
        """The network's tickets, counted independently of the page's query."""
        clinics = frappe.get_all("Clinic", filters={"reseller": self.a.name}, pluck="name")
        return set(frappe.get_all("HD Ticket", filters={"clinic": ["in", clinics]}, pluck="name"))

    def test_a_manager_lists_every_ticket_of_their_network_and_no_other(self):
        page = self._as(self.manager, nt.ticket_list)
        listed = {r.name for r in page["rows"]}
        self.assertEqual(listed, self._mine())
        self.assertEqual(page["total"], len(self._mine()))
        self.assertIn(self.ticket_a1.name, listed)
        self.assertNotIn(self.ticket_b.name, listed)
        row = next(r for r in page["rows"] if r.name == self.ticket_a1.name)
        self.assertEqual(row.clinic_name, self.clinic_a1.clinic_name)
        self.assertEqual(row.subject, "Impressão da guia falha")
        self.assertEqual(row.answered_by, "The vendor's support")

    def test_filters_stay_inside_the_network(self):
        # another cooperative's clinic, or its ticket number, finds nothing
        self.assertEqual(self._as(self.manager, nt.ticket_list, clinic=self.clinic_b.name)["rows"], [])
        self.assertEqual(self._as(self.manager, nt.ticket_list, number=self.ticket_b.name)["rows"], [])
        by_clinic = self._as(self.manager, nt.ticket_list, clinic=self.clinic_a2.name)["rows"]
        self.assertEqual([r.name for r in by_clinic], [self.ticket_a2.name])
        by_number = self._as(self.manager, nt.ticket_list, number=f" {self.ticket_a1.name} ")["rows"]
        self.assertEqual([r.name for r in by_number], [self.ticket_a1.name])
        frappe.db.set_value("HD Ticket", self.ticket_a2.name, "status", "Closed")
        frappe.db.commit()
        closed = {r.name for r in self._as(self.manager, nt.ticket_list, status="Closed")["rows"]}
        self.assertEqual(closed, {self.ticket_a2.name})
        # a status that is not one of Helpdesk's is ignored, not passed to the query
        self.assertEqual({r.name for r in self._as(self.manager, nt.ticket_list, status="x' OR 1=1")["rows"]},
                         self._mine())

    def test_a_ticket_shows_the_conversation_and_never_the_internal_notes(self):
        frappe.get_doc({"doctype": "Communication", "communication_type": "Communication",
                        "communication_medium": "Email", "sent_or_received": "Sent", "subject": "Re",
                        "content": "<p>Atualize para a versão 5.2.</p><script>alert(1)</script>",
                        "sender": "suporte@vendor.example", "reference_doctype": "HD Ticket",
                        "reference_name": self.ticket_a1.name}).insert(ignore_permissions=True)
        frappe.get_doc({"doctype": "HD Ticket Comment", "reference_doctype": "HD Ticket",
                        "reference_ticket": self.ticket_a1.name,
                        "content": "Nota interna: cliente difícil"}).insert(ignore_permissions=True)
        frappe.db.commit()
        detail = self._as(self.manager, nt.ticket_detail, self.ticket_a1.name)
        contents = " ".join(m.content for m in detail.messages)
        self.assertIn("Atualize para a versão 5.2.", contents)
        self.assertNotIn("<script", contents)
        self.assertNotIn("Nota interna", contents)
        self.assertNotIn("Nota interna", frappe.as_json(detail))
        self.assertFalse(detail.in_helpdesk)

    def test_another_networks_ticket_and_an_unknown_number_are_refused_alike(self):
        for name in (self.ticket_b.name, "999999999", "", "1 OR 1=1"):
            with self.assertRaises(nt.NotInYourNetwork):
                self._as(self.manager, nt.ticket_detail, name)

    def test_a_ticket_with_personal_data_shows_neither_subject_nor_conversation(self):
        frappe.db.set_value("HD Ticket", self.ticket_a1.name, "contains_personal_data", 1)
        frappe.db.commit()
        row = next(r for r in self._as(self.manager, nt.ticket_list)["rows"] if r.name == self.ticket_a1.name)
        self.assertNotIn("Impressão", row.subject)
        detail = self._as(self.manager, nt.ticket_detail, self.ticket_a1.name)
        self.assertNotIn("Impressão", frappe.as_json(detail))
        self.assertEqual(detail.messages, [])

    def test_a_manager_who_works_at_the_desk_opens_it_in_helpdesk(self):
        team = self.net.team([self.manager])
        frappe.db.set_value("Reseller", self.a.name, {"own_first_line": 1, "desk_team": team})
        frappe.db.commit()
        from healthdesk.desks.visibility import clear_cache

        clear_cache()  # the desks a user works at are remembered for the request
        self.assertTrue(self._as(self.manager, nt.ticket_detail, self.ticket_a1.name).in_helpdesk)

    def test_nobody_else_follows_network_tickets(self):
        for user in (self.user_a, self.user_b, self.net.user("sem", roles=(RESELLER_MANAGER,)), "Guest"):
            self.assertEqual(self._as(user, nt.scope), [])
            self.assertEqual(self._as(user, nt.ticket_list)["rows"], [])
            with self.assertRaises(nt.NotInYourNetwork):
                self._as(user, nt.ticket_detail, self.ticket_a1.name)

    def test_the_page_answers_each_kind_of_visitor(self):
        from healthdesk.www import network_tickets as page

        def context(user, **form):
            frappe.set_user(user)
            frappe.local.form_dict = frappe._dict(form)
            try:
                return page.get_context(frappe._dict())
            finally:
                frappe.local.form_dict = frappe._dict()
                frappe.set_user("Administrator")

        listed = context(self.manager)
        self.assertEqual({r.name for r in listed.page["rows"]}, self._mine())
        self.assertEqual(context(self.manager, ticket=self.ticket_a1.name).ticket.name, self.ticket_a1.name)
        refused = context(self.manager, ticket=self.ticket_b.name)
        self.assertEqual(refused.http_status_code, 403)
        self.assertFalse(refused.get("ticket"))
        clinic_user = context(self.user_a)
        self.assertEqual(clinic_user.http_status_code, 403)
        self.assertFalse(clinic_user.get("page"))
        with self.assertRaises(frappe.Redirect):
            context(self.net.agent())
        with self.assertRaises(frappe.Redirect):
            context("Guest")
