"""The onboarding install step: the Consultancy ticket type and the global default panel, read
from the file shipped inside the package."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.core.onboarding import parse_panel
from healthdesk.onboarding.panels import PANEL
from healthdesk.onboarding.setup import default_panel_path, ensure_onboarding_defaults


class TestOnboardingDefaults(FrappeTestCase):
    def test_install_step_is_idempotent_and_makes_the_global_panel(self):
        before = frappe.db.count(PANEL, {"reseller": ["is", "not set"]})
        ensure_onboarding_defaults()
        ensure_onboarding_defaults()
        self.assertEqual(frappe.db.count(PANEL, {"reseller": ["is", "not set"]}), max(before, 1))
        self.assertTrue(frappe.db.exists("HD Ticket Type", "Consultancy"))
        frappe.db.rollback()

    def test_default_panel_comes_from_the_fixture(self):
        default = frappe.get_all(PANEL, filters={"reseller": ["is", "not set"]}, fields=["name"],
                                 order_by="creation asc")
        self.assertTrue(default)
        doc = frappe.get_doc(PANEL, default[0].name)
        with open(default_panel_path(), encoding="utf-8") as handle:
            fixture = parse_panel(handle.read())
        self.assertEqual([row.stage_title for row in doc.stages], [stage.title for stage in fixture.stages])
        self.assertEqual(len(doc.tasks), sum(len(stage.tasks) for stage in fixture.stages))
