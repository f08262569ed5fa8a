"""HD Ticket knows its clinic: clinic → customer and reseller, and who may set which clinic.
(The same over HTTP, as Helpdesk's portal sends it: tests/e2e/test_ticket_clinic.py.)"""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.network.ticket_clinic import ClinicRequired, InactiveClinic, NotYourClinic
from healthdesk.test_utils import Network


class TestTicketClinic(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        self.net = net = Network()
        self.addCleanup(net.cleanup)
        self.reseller = net.reseller()
        self.mine = net.clinic(self.reseller.name)
        self.other = net.clinic(net.reseller().name)
        self.member = net.user("member", clinics=(self.mine.name,))

    def test_agent_ticket_gets_customer_and_reseller_from_clinic(self):
        agent = self.net.agent()
        ticket = self.net.ticket(as_user=agent, clinic=self.other.name)
        self.assertEqual(ticket.customer, self.other.hd_customer)
        self.assertEqual(ticket.reseller, self.other.reseller)
        # An agent may move it anywhere; customer and reseller follow.
        frappe.set_user(agent)
        ticket.reload()
        ticket.clinic = self.mine.name
        ticket.save()
        self.assertEqual((ticket.customer, ticket.reseller), (self.mine.hd_customer, self.reseller.name))

    def test_agent_choosing_a_customer_brings_its_clinic(self):
        ticket = self.net.ticket(clinic=self.mine.name)
        ticket.reload()
        ticket.customer = self.other.hd_customer
        ticket.save()
        self.assertEqual((ticket.clinic, ticket.reseller), (self.other.name, self.other.reseller))

    def test_customer_raises_a_ticket_for_their_clinic(self):
        ticket = self.net.ticket(as_user=self.member, clinic=self.mine.name)
        self.assertEqual((ticket.customer, ticket.reseller), (self.mine.hd_customer, self.reseller.name))

    def test_customer_with_one_clinic_gets_it_by_default(self):
        ticket = self.net.ticket(as_user=self.member)
        self.assertTrue(ticket.clinic == self.mine.name and ticket.customer == self.mine.hd_customer)

    def test_customer_cannot_raise_a_ticket_for_another_clinic(self):
        with self.assertRaises(NotYourClinic):
            self.net.ticket(as_user=self.member, clinic=self.other.name)
        self.assertFalse(frappe.db.exists("HD Ticket", {"raised_by": self.member, "clinic": self.other.name}))

    def test_customer_cannot_set_a_foreign_customer_directly(self):
        with self.assertRaises(NotYourClinic):
            self.net.ticket(as_user=self.member, customer=self.other.hd_customer)

    def test_customer_cannot_move_a_ticket_to_another_clinic(self):
        ticket = self.net.ticket(as_user=self.member, clinic=self.mine.name)
        frappe.set_user(self.member)
        ticket.reload()
        ticket.clinic = self.other.name
        with self.assertRaises(NotYourClinic):
            ticket.save()
        frappe.db.rollback()
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "clinic"), self.mine.name)

    def test_customer_may_move_a_ticket_between_their_clinics(self):
        second = self.net.clinic(self.reseller.name)
        member = self.net.user("multi", clinics=(self.mine.name, second.name))
        ticket = self.net.ticket(as_user=member, clinic=self.mine.name)
        frappe.set_user(member)
        ticket.reload()
        ticket.clinic = second.name
        ticket.save()
        self.assertEqual(ticket.customer, second.hd_customer)

    def test_multi_clinic_customer_must_choose(self):
        second = self.net.clinic(self.reseller.name)
        member = self.net.user("multi", clinics=(self.mine.name, second.name))
        with self.assertRaises(ClinicRequired):
            self.net.ticket(as_user=member)

    def test_inactive_clinic_refuses_customer_tickets(self):
        self.mine.reload()
        self.mine.is_active = 0
        self.mine.save()
        frappe.db.commit()
        with self.assertRaises(InactiveClinic):
            self.net.ticket(as_user=self.member, clinic=self.mine.name)

    def test_clinic_options_for_the_ticket_form(self):
        from healthdesk.api.clinics import ticket_clinic_options

        frappe.set_user(self.member)
        self.assertEqual([o["value"] for o in ticket_clinic_options()], [self.mine.name])
        frappe.set_user("Guest")
        self.assertEqual(ticket_clinic_options(), [])
        agent = self.net.agent()
        frappe.set_user(agent)
        values = {o["value"] for o in ticket_clinic_options()}
        self.assertLessEqual({self.mine.name, self.other.name}, values)
