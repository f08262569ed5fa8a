"""The intake defaults the install makes: system modules, teams, triage rules and the ticket
template's fields, made once and never over an admin's edits."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.core import triage
from healthdesk.intake.setup import DEFAULT_MODULES, ensure_intake_defaults
from healthdesk.setup.install import TICKET_TEMPLATE


class TestIntakeDefaults(FrappeTestCase):
    def test_installed_defaults_are_idempotent(self):
        # once to restore what other suites may have deleted (Helpdesk's own tests delete teams)
        ensure_intake_defaults()
        before = {dt: frappe.db.count(dt) for dt in ("System Module", "HD Team", "Triage Rule")}
        ensure_intake_defaults()
        ensure_intake_defaults()
        self.assertEqual({dt: frappe.db.count(dt) for dt in before}, before)
        for name in DEFAULT_MODULES:
            self.assertTrue(frappe.db.exists("System Module", name), name)
        for team in triage.DEFAULT_TEAMS:
            self.assertTrue(frappe.db.exists("HD Team", team), team)
        for rule in triage.DEFAULT_RULES:
            self.assertTrue(frappe.db.exists("Triage Rule", rule.name), rule.name)
        fields = {row.fieldname for row in frappe.get_doc("HD Ticket Template", TICKET_TEMPLATE).fields}
        self.assertLessEqual({"ticket_category", "system_module", "contains_personal_data"}, fields)

    def test_admin_edits_to_defaults_are_kept(self):
        frappe.db.set_value("Triage Rule", "data_migration", "priority", 31)
        frappe.db.commit()
        try:
            ensure_intake_defaults()
            self.assertEqual(frappe.db.get_value("Triage Rule", "data_migration", "priority"), 31)
        finally:
            frappe.db.set_value("Triage Rule", "data_migration", "priority", 30)
            frappe.db.commit()
