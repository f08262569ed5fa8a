"""The demo loader: sample network from fixtures/demo.json, idempotent."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.network.demo import load_demo


class TestDemo(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")

    def test_demo_loads_and_twice_changes_nothing(self):
        load_demo()
        counts = {dt: frappe.db.count(dt) for dt in ("Reseller", "Clinic", "HD Ticket", "Multi-Clinic Access Request", "User")}
        self.assertEqual(load_demo(), {"users": 0, "resellers": 0, "clinics": 0, "tickets": 0, "requests": 0})
        self.assertEqual(counts, {dt: frappe.db.count(dt) for dt in counts})
        self.assertEqual(frappe.db.get_value("Clinic", "0012", "reseller"), "UXPTO")
        # one cooperative runs its own first line (its desk team holds its desk agent), one does not
        desk = frappe.db.get_value("Reseller", "UXPTO", ["own_first_line", "desk_team"], as_dict=True)
        self.assertTrue(desk.own_first_line)
        self.assertIn("atendente@uxpto.example",
                      frappe.get_all("HD Team Member", filters={"parent": desk.desk_team}, pluck="user"))
        self.assertFalse(frappe.db.get_value("Reseller", "UABCD", "own_first_line"))
        ticket = frappe.db.get_value("HD Ticket", {"clinic": "0012"}, ["customer", "reseller"], as_dict=True)
        self.assertTrue(ticket.customer == "0012 - Clínica Exemplo Centro" and ticket.reseller == "UXPTO")
        self.assertEqual(frappe.db.get_value("Multi-Clinic Access Request", {"user_email": "nova.medica@clinica.example"},
                                             "status"), "Submitted")
