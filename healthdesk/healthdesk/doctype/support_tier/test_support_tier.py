# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""Each support level has one tier (and one single point of contact)."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.escalation.levels import LevelTaken

# Frappe's runner would otherwise make its test records for the linked doctypes.
test_ignore = ["HD Team", "User"]


class TestSupportTier(FrappeTestCase):
    def test_one_tier_per_level(self):
        doc = frappe.get_doc({"doctype": "Support Tier", "tier_name": "Outro nível 2", "level": "2"})
        with self.assertRaises(LevelTaken):
            doc.insert()
        frappe.db.rollback()
