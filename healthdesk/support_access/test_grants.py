"""LGPD support access in-process: the scheduler that closes grants, the hooks leaving unrelated
doctypes alone, the settings' validation and the installed defaults. (Grants, the log, the check
API and requests over HTTP: tests/e2e/test_support_access.py.)"""

from __future__ import annotations

from datetime import timedelta

import frappe
from frappe.utils import now_datetime

from healthdesk import support_access as sa
from healthdesk.test_utils import SA_MEDICAL, SA_PROTECTED, WorldTestCase, sa_fresh

GRANT, LOG = sa.GRANT, sa.LOG


def logs(**filters):
    sa_fresh()
    return frappe.get_all(LOG, filters=filters, fields=["*"], order_by="creation asc")


class TestGrants(WorldTestCase):
    def test_scheduler_marks_expired_notifies_and_warns(self):
        world = self.world
        agent = world.agent()
        ending = world.grant(world.owner_a, world.clinic_a, agents=[agent])
        ended = world.grant(world.owner_a, world.clinic_a, agents=[agent])
        now = now_datetime()
        frappe.db.set_value(GRANT, ending, "valid_until", now + timedelta(minutes=30), update_modified=False)
        frappe.db.set_value(GRANT, ended, "valid_until", now - timedelta(seconds=1), update_modified=False)
        frappe.db.commit()
        sa.refresh_grants()
        sa.refresh_grants()  # idempotent
        sa_fresh()
        self.assertEqual(frappe.db.get_value(GRANT, ended, "status"), "Expired")
        self.assertEqual(frappe.db.get_value(GRANT, ending, "status"), "Active")
        self.assertEqual(frappe.db.get_value(GRANT, world.g_revoked, "status"), "Revoked")
        self.assertEqual(len(logs(event="Expired", grant=ended)), 1)
        self.assertTrue(frappe.db.exists("Notification Log", {"for_user": world.owner_a, "document_name": ended}))
        self.assertEqual(frappe.db.count("Notification Log", {"for_user": agent, "document_name": ending}), 1)

    def test_hooks_leave_unrelated_doctypes_alone(self):
        world = self.world
        sa_fresh()
        for doctype in ("HD Ticket", "Clinic", "ToDo", "Contact", "HD Customer"):
            with self.subTest(doctype=doctype):
                self.assertIsNone(sa.query_conditions(world.agents["active"], doctype=doctype))
        frappe.set_user(world.agents["none"])
        try:
            ticket = frappe.get_doc("HD Ticket", frappe.get_all("HD Ticket", limit=1, pluck="name", ignore_permissions=True)[0]) \
                if frappe.db.count("HD Ticket") else None
            if ticket:
                self.assertIsNone(sa.has_permission(ticket, "read", world.agents["none"]))
        finally:
            frappe.set_user("Administrator")
        # support users cannot grant to themselves even if their contact were linked
        self.assertFalse(sa.can_grant(world.agents["active"], world.clinic_a))

    def test_settings_refuse_a_wrong_configuration(self):
        sa_fresh()
        for row in ({"document_type": SA_PROTECTED, "clinic_field": "title", "field_points_to": "Clinic"},
                    {"document_type": SA_PROTECTED, "clinic_field": "clinic", "field_points_to": "HD Customer"},
                    {"document_type": "HD Ticket", "clinic_field": "clinic", "field_points_to": "Clinic"},
                    {"document_type": SA_MEDICAL, "clinic_field": "clinic", "field_points_to": "Clinic"}):
            with self.subTest(row=row):
                settings = frappe.get_single(sa.SETTINGS)
                settings.grant_protected_doctypes = []
                settings.append("grant_protected_doctypes", row)
                with self.assertRaises(frappe.ValidationError):
                    settings.save()
                frappe.db.rollback()

    def test_medical_record_defaults_installed_once(self):
        sa_fresh()
        sa.ensure_default_excluded()
        sa.ensure_default_excluded()
        sa_fresh()
        names = [r.document_type for r in frappe.get_single(sa.SETTINGS).grant_excluded_doctypes]
        for doctype in ("Patient Encounter", "Patient Medical Record", "Vital Signs", "Clinical Procedure", "Lab Test"):
            with self.subTest(doctype=doctype):
                self.assertEqual(names.count(doctype), 1)
        self.assertTrue(frappe.db.get_single_value(sa.SETTINGS, "grant_max_duration"))
