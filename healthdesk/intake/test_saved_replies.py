"""Saved replies (HD Saved Reply) for TISS, slowness and data migration, in pt-BR: a default set
and one per reseller whose TISS reply carries the reseller's text."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.core.intake import SAVED_REPLIES
from healthdesk.intake.saved_replies import ensure_saved_replies
from healthdesk.test_utils import IntakeNetwork


class TestSavedReplies(FrappeTestCase):
    def test_default_saved_replies_are_installed_once(self):
        ensure_saved_replies()
        before = frappe.db.count("HD Saved Reply")
        ensure_saved_replies()
        self.assertEqual(frappe.db.count("HD Saved Reply"), before)
        for title, _text in SAVED_REPLIES.values():
            self.assertTrue(frappe.db.exists("HD Saved Reply", title), title)

    def test_reseller_gets_its_own_replies_following_its_tiss_text(self):
        net = IntakeNetwork()
        self.addCleanup(net.cleanup)
        reseller = net.reseller(tiss_reply_text="Texto TISS <b>da revenda</b> A")
        code = reseller.short_code
        frappe.db.rollback()
        titles = set(frappe.get_all("HD Saved Reply", filters={"title": ["like", f"[{code}] %"]}, pluck="title"))
        self.assertEqual(titles, {f"[{code}] {title}" for title, _text in SAVED_REPLIES.values()})
        tiss = f"[{code}] {SAVED_REPLIES['tiss'][0]}"
        message = frappe.db.get_value("HD Saved Reply", tiss, "message")
        self.assertIn("Texto TISS &lt;b&gt;da revenda&lt;/b&gt; A", message)
        doc = frappe.get_doc("Reseller", reseller.name)
        doc.tiss_reply_text = "Novo texto TISS B"
        doc.save()
        frappe.db.commit()
        self.assertIn("Novo texto TISS B", frappe.db.get_value("HD Saved Reply", tiss, "message"))
        frappe.delete_doc("Reseller", reseller.name, force=True)
        frappe.db.commit()
        self.assertFalse(frappe.db.exists("HD Saved Reply", {"title": ["like", f"[{code}] %"]}))
