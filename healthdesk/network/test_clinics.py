"""Resellers, clinics and the HD Customers behind them."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.network.contacts import linked_customers, user_customers
from healthdesk.network.exceptions import InvalidBaseId, InvalidBookingLink, InvalidCNPJ, InvalidShortCode
from healthdesk.test_utils import Network


class TestClinics(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        self.net = Network()
        self.addCleanup(self.net.cleanup)

    def test_clinic_creates_and_syncs_its_hd_customer(self):
        net = self.net
        reseller = net.reseller()
        clinic = net.clinic(reseller.name, base_id="0" + net.new_base_id()[1:], clinic_name="Clínica Alfa")
        self.assertTrue(clinic.name == clinic.base_id and clinic.base_id.startswith("0"))  # leading zero kept
        customer = frappe.get_doc("HD Customer", clinic.hd_customer)
        self.assertEqual(customer.name, f"{clinic.base_id} - Clínica Alfa")
        self.assertTrue(customer.clinic == clinic.name and customer.clinic_disabled == 0)
        self.assertFalse(customer.domain)  # never auto-link contacts by e-mail domain

        ticket = net.ticket(clinic=clinic.name)
        clinic.reload()
        clinic.clinic_name = "Clínica Alfa Renomeada"
        clinic.save()
        frappe.db.commit()
        new_name = f"{clinic.base_id} - Clínica Alfa Renomeada"
        net.track("HD Customer", new_name)
        self.assertEqual(clinic.hd_customer, new_name)
        self.assertFalse(frappe.db.exists("HD Customer", customer.name))
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "customer"), new_name)

        clinic.is_active = 0
        clinic.save()
        self.assertEqual(frappe.db.get_value("HD Customer", new_name, "clinic_disabled"), 1)
        clinic.is_active = 1
        clinic.save()
        self.assertEqual(frappe.db.get_value("HD Customer", new_name, "clinic_disabled"), 0)

    def test_base_id_must_be_digits(self):
        reseller = self.net.reseller()
        for bad in ("12a", "0012 3", "", "١٢٣", "-12"):
            with self.subTest(bad=bad), self.assertRaises(InvalidBaseId):
                frappe.get_doc({"doctype": "Clinic", "base_id": bad, "clinic_name": "X",
                                "reseller": reseller.name}).insert()

    def test_base_id_is_unique_and_fixed(self):
        reseller = self.net.reseller()
        clinic = self.net.clinic(reseller.name)
        with self.assertRaises(frappe.DuplicateEntryError):
            frappe.get_doc({"doctype": "Clinic", "base_id": clinic.base_id, "clinic_name": "Outra",
                            "reseller": reseller.name}).insert()
        frappe.db.rollback()
        # The base id is the clinic's name: an edit is not taken (Frappe keeps a field-named doc's
        # field equal to its name, and the form shows it read-only once saved).
        clinic.reload()
        original = clinic.base_id
        clinic.base_id = "1" + original
        clinic.save()
        self.assertEqual(clinic.base_id, original)
        self.assertEqual(frappe.db.get_value("Clinic", {"name": original}, "base_id"), original)
        self.assertFalse(frappe.db.exists("Clinic", "1" + original))

    def test_reseller_cnpj_and_short_code(self):
        net = self.net
        reseller = net.reseller(short_code=" tx" + net.tag.lower(), cnpj="11222333000181")
        self.assertEqual(reseller.name, "TX" + net.tag.upper())
        self.assertEqual(reseller.cnpj, "11.222.333/0001-81")
        alnum = net.reseller(cnpj="12.abc.345/01de-35")
        self.assertEqual(alnum.cnpj, "12.ABC.345/01DE-35")
        with self.assertRaises(InvalidCNPJ):
            net.reseller(cnpj="11.222.333/0001-82")
        with self.assertRaises(InvalidShortCode):
            net.reseller(short_code="x")
        with self.assertRaises(InvalidBookingLink):
            net.reseller(cs_booking_link="agenda.example")

    def test_multi_clinic_admin_sees_every_clinic_of_the_reseller_including_new_ones(self):
        net = self.net
        admin = net.user("admin")
        reseller = net.reseller(multi_clinic_admin=admin)
        first = net.clinic(reseller.name)
        second = net.clinic(reseller.name)
        other_reseller = net.reseller()
        foreign = net.clinic(other_reseller.name)
        self.assertGreaterEqual(user_customers(admin), {first.hd_customer, second.hd_customer})
        self.assertNotIn(foreign.hd_customer, user_customers(admin))

        # A new administrator takes over; the former one loses the reseller's clinics.
        successor = net.user("successor")
        reseller.reload()
        reseller.multi_clinic_admin = successor
        reseller.save()
        frappe.db.commit()
        self.assertGreaterEqual(user_customers(successor), {first.hd_customer, second.hd_customer})
        self.assertFalse(user_customers(admin) & {first.hd_customer, second.hd_customer})

    def test_reseller_managers_get_the_role(self):
        manager = self.net.user("manager")
        self.net.reseller(managers=[manager])
        self.assertIn("Reseller Manager", frappe.get_roles(manager))

    def test_deleting_a_clinic_without_tickets_releases_its_customer(self):
        net = self.net
        reseller = net.reseller()
        clinic = net.clinic(reseller.name)
        member = net.user("member", clinics=(clinic.name,))
        frappe.delete_doc("Clinic", clinic.name)
        frappe.db.commit()
        self.assertIsNone(frappe.db.get_value("HD Customer", clinic.hd_customer, "clinic"))
        contact = frappe.db.get_value("Contact", {"email_id": member})
        self.assertIn(clinic.hd_customer, linked_customers(contact))  # Helpdesk data is left alone

        # Re-created (or re-installed), the clinic adopts its former HD Customer and its contacts.
        again = net.clinic(reseller.name, base_id=clinic.base_id, clinic_name=clinic.clinic_name)
        self.assertEqual(again.hd_customer, clinic.hd_customer)
        self.assertEqual(frappe.db.get_value("HD Customer", again.hd_customer, "clinic"), again.name)
        self.assertIn(again.hd_customer, user_customers(member))

    def test_clinic_with_tickets_cannot_be_deleted(self):
        reseller = self.net.reseller()
        clinic = self.net.clinic(reseller.name)
        self.net.ticket(clinic=clinic.name)
        with self.assertRaises(frappe.LinkExistsError):
            frappe.delete_doc("Clinic", clinic.name)
