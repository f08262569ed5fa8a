"""Multi-Clinic Access Request: parsing, validation, approval and scope."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.network.contacts import user_customers
from healthdesk.network.exceptions import (
    ClinicOfAnotherReseller,
    InvalidPastedRequest,
    InvalidUserEmail,
    NoClinicsRequested,
    RejectionReasonRequired,
    RequestNotSubmitted,
    UnknownBaseId,
)
from healthdesk.test_utils import Network

DOCTYPE = "Multi-Clinic Access Request"


def _text(email, home, ids):
    return (f"Usuário: {email}\nJá está cadastrado na clínica: {home}\n"
            f"Multi clínica para as clínicas: {', '.join(ids)}")


class TestMultiClinicAccessRequest(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        self.net = net = Network()
        self.addCleanup(net.cleanup)
        manager = net.user("gestor")
        reseller = net.reseller(managers=[manager])
        home, second, third = (net.clinic(reseller.name) for _ in range(3))
        other_manager = net.user("gestor2")
        other = net.reseller(managers=[other_manager])
        self.n = {
            "reseller": reseller, "manager": manager, "home": home, "second": second, "third": third,
            "other": other, "other_manager": other_manager, "foreign": net.clinic(other.name),
        }

    def _request(self, text, as_user=None, submit=True):
        previous = frappe.session.user
        if as_user:
            frappe.set_user(as_user)
        try:
            doc = frappe.get_doc({"doctype": DOCTYPE, "pasted_text": text}).insert()
            self.net.track(DOCTYPE, doc.name)
            if submit:
                doc.submit()
        finally:
            frappe.set_user(previous)
        frappe.db.commit()
        return doc

    def test_pasting_the_seed_pattern_fills_the_request(self):
        n = self.n
        email = self.net.email("maria")
        doc = self._request(_text(email.upper(), n["home"].name, [n["home"].name, n["second"].name]),
                            submit=False)
        self.assertEqual(doc.user_email, email)
        self.assertEqual(doc.home_base_id, n["home"].name)
        self.assertEqual(doc.reseller, n["reseller"].name)
        self.assertEqual([row.clinic for row in doc.clinics], [n["home"].name, n["second"].name])
        self.assertEqual(doc.status, "Draft")

    def test_validation_names_the_line_or_id(self):
        n = self.n
        # (case, change to the text, exception, the id or line label the message names)
        cases = [
            ("unknown-id", lambda t: t.replace(n["second"].name, "000000001"), UnknownBaseId, "000000001"),
            ("other-reseller", lambda t: t.replace(n["second"].name, n["foreign"].name),
             ClinicOfAnotherReseller, n["foreign"].name),
            ("bad-email", lambda t: t.replace("@test.example", "@@test"), InvalidUserEmail, None),
            ("empty-list", lambda t: t.split("\nMulti")[0] + "\nMulti clínica para as clínicas: ,",
             NoClinicsRequested, "Multi clínica para as clínicas"),
            ("missing-line", lambda t: t.split("\n", 1)[1], InvalidPastedRequest, "Usuário"),
            ("bad-token", lambda t: t.replace(n["second"].name, "12x4"), InvalidPastedRequest, "12x4"),
            ("unknown-home", lambda t: t.replace(f": {n['home'].name}\n", ": 000000002\n", 1),
             UnknownBaseId, "000000002"),
        ]
        for case, mutate, exception, named in cases:
            text = mutate(_text(self.net.email("joana"), n["home"].name, [n["home"].name, n["second"].name]))
            with self.subTest(case), self.assertRaises(exception) as info:
                self._request(text)
            if named:
                self.assertIn(named, str(info.exception), case)

    def test_approval_links_exactly_the_requested_clinics_and_creates_the_user(self):
        n, net = self.n, self.net
        email = net.email("nova")
        doc = self._request(_text(email, n["home"].name, [n["second"].name, n["third"].name]), as_user=n["manager"])
        self.assertEqual(doc.status, "Submitted")
        self.assertFalse(frappe.db.exists("User", email))

        doc.approve()
        frappe.db.commit()
        net.track("User", email)
        net.track("Contact", frappe.db.get_value("Contact", {"email_id": email}))
        doc.reload()
        self.assertTrue(doc.status == "Approved" and doc.approved_by == "Administrator" and doc.approved_on)
        self.assertEqual(frappe.db.get_value("User", email, "user_type"), "Website User")
        self.assertEqual(user_customers(email), {n["second"].hd_customer, n["third"].hd_customer})
        # the new user is sent Frappe's welcome e-mail with the link to set a password (issue 12);
        # it is queued where the site has an outgoing account (the checklist says when it has none)
        if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
            self.assertTrue(frappe.db.exists("Email Queue Recipient", {"recipient": email}))

        # Approving twice changes nothing.
        modified = doc.modified
        self.assertEqual(doc.approve(), {"linked": []})
        self.assertEqual(user_customers(email), {n["second"].hd_customer, n["third"].hd_customer})
        self.assertEqual(frappe.db.get_value(DOCTYPE, doc.name, "modified"), modified)

    def test_approval_keeps_an_existing_users_other_clinics(self):
        n = self.n
        email = self.net.user("existente", clinics=(n["home"].name,))
        doc = self._request(_text(email, n["home"].name, [n["second"].name]), as_user=n["manager"])
        doc.approve()
        self.assertEqual(user_customers(email), {n["home"].hd_customer, n["second"].hd_customer})

    def test_rejection_changes_nothing_but_the_request(self):
        n = self.n
        email = self.net.user("rejeitado")
        doc = self._request(_text(email, n["home"].name, [n["second"].name]), as_user=n["manager"])
        with self.assertRaises(RejectionReasonRequired):
            doc.reject("  ")
        doc.reject("Usuário não pertence à clínica")
        doc.reload()
        self.assertTrue(doc.status == "Rejected" and doc.rejected_by == "Administrator")
        self.assertEqual(user_customers(email), set())
        with self.assertRaises(frappe.ValidationError):
            doc.approve()
        self.assertEqual(user_customers(email), set())

    def test_only_admins_approve_or_reject(self):
        n, net = self.n, self.net
        doc = self._request(_text(net.email("x"), n["home"].name, [n["second"].name]), as_user=n["manager"])
        for user in (n["manager"], net.agent()):
            frappe.set_user(user)
            with self.assertRaises(frappe.PermissionError):
                frappe.get_doc(DOCTYPE, doc.name).approve()
            with self.assertRaises(frappe.PermissionError):
                frappe.get_doc(DOCTYPE, doc.name).reject("não")
        frappe.set_user("Administrator")
        self.assertEqual(frappe.db.get_value(DOCTYPE, doc.name, "status"), "Submitted")
        healthdesk_admin = net.user("hdadmin", roles=("Healthdesk Admin",), system=True)
        frappe.set_user(healthdesk_admin)
        frappe.get_doc(DOCTYPE, doc.name).approve()
        self.assertEqual(frappe.db.get_value(DOCTYPE, doc.name, "status"), "Approved")

    def test_draft_cannot_be_approved(self):
        n = self.n
        doc = self._request(_text(self.net.email("d"), n["home"].name, [n["second"].name]), submit=False)
        with self.assertRaises(RequestNotSubmitted):
            doc.approve()

    def test_reseller_manager_is_limited_to_their_reseller(self):
        n, net = self.n, self.net
        mine = self._request(_text(net.email("a"), n["home"].name, [n["second"].name]), as_user=n["manager"])
        theirs = self._request(_text(net.email("b"), n["foreign"].name, [n["foreign"].name]),
                               as_user=n["other_manager"])

        # Cannot request for another reseller's clinics.
        frappe.set_user(n["manager"])
        with self.assertRaises(frappe.PermissionError):
            frappe.get_doc({"doctype": DOCTYPE,
                            "pasted_text": _text(net.email("c"), n["foreign"].name, [n["foreign"].name])}).insert()

        # Sees only their reseller's requests, resellers and clinics.
        names = set(frappe.get_list(DOCTYPE, pluck="name"))
        self.assertTrue(mine.name in names and theirs.name not in names)
        self.assertFalse(frappe.has_permission(DOCTYPE, "read", doc=frappe.get_doc(DOCTYPE, theirs.name)))
        self.assertEqual(set(frappe.get_list("Reseller", pluck="name")), {n["reseller"].name})
        self.assertNotIn(n["foreign"].name, set(frappe.get_list("Clinic", pluck="name")))
        # A plain website user sees none.
        frappe.set_user(net.user("plain"))
        with self.assertRaises(frappe.PermissionError):
            frappe.get_list(DOCTYPE)
