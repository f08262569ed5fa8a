"""LGPD support access in-process, under attack: separation of duties (a support user never holds
an admin role, an admin never becomes an agent), shares and assignments of guarded records to
support refused, and with the healthcare app every one of its doctypes medical and its real
records unsharable. (The request boundary, files, counts and the log over HTTP:
tests/e2e/test_support_access_attack.py.)"""

from __future__ import annotations

import frappe

from healthdesk import support_access as sa
from healthdesk.support_access.guards import SeparationOfDuties
from healthdesk.test_utils import (
    SA_MEDICAL,
    SA_NO_HEALTHCARE,
    SA_PROTECTED,
    WorldTestCase,
    clinical_record,
    enter,
    sa_fresh,
)


class TestGuards(WorldTestCase):
    with_manager = True

    # ---------------------------------------------------------- separation of duties
    def test_existing_duty_violations_are_reported_on_migrate(self):
        world = self.world
        sa_fresh()
        from healthdesk.support_access.defaults import duty_violations

        user = world.net.user("mista", system=True)
        frappe.db.sql("insert into `tabHas Role` (name, parent, parenttype, parentfield, role) values "
                      "(%s, %s, 'User', 'roles', 'Agent'), (%s, %s, 'User', 'roles', 'System Manager')",
                      (frappe.generate_hash(length=10), user, frappe.generate_hash(length=10), user))  # as before the rule
        frappe.db.commit()
        self.assertIn(user, duty_violations())
        self.assertNotIn(world.admin, duty_violations())
        self.assertNotIn(world.agents["none"], duty_violations())

    def test_a_support_user_cannot_get_an_admin_role(self):
        sa_fresh()
        for role in ("System Manager", "Healthdesk Admin"):
            for label, user in self.world.support_users():
                with self.subTest(role=role, user=label):
                    with self.assertRaises(SeparationOfDuties):
                        frappe.get_doc("User", user).add_roles(role)
                    frappe.db.rollback()
                    self.assertNotIn(role, frappe.get_roles(user))

    def test_an_admin_cannot_be_made_an_hd_agent(self):
        world = self.world
        sa_fresh()
        with self.assertRaises(SeparationOfDuties):
            frappe.get_doc({"doctype": "HD Agent", "user": world.admin, "agent_name": "Admin", "is_active": 1}).insert(
                ignore_permissions=True)
        frappe.db.rollback()
        # nor can an admin be given the Agent role
        with self.assertRaises(SeparationOfDuties):
            frappe.get_doc("User", world.admin).add_roles("Agent")
        frappe.db.rollback()

    # ---------------------------------------------------------- shares and assignments
    def test_sharing_or_assigning_guarded_records_to_support_is_refused(self):
        world = self.world
        sa_fresh()
        from frappe.desk.form.assign_to import add as assign
        from frappe.share import add_docshare as share

        for doctype, doc in ((SA_PROTECTED, world.rec), (SA_MEDICAL, world.med)):
            for user in (world.agents["none"], world.agents["active"], world.manager):
                with self.subTest(doctype=doctype, user=user):
                    with self.assertRaises(frappe.PermissionError):
                        share(doctype, doc.name, user, read=1, flags={"ignore_share_permission": True})
                    frappe.db.rollback()
                    with self.assertRaises(frappe.PermissionError):
                        assign({"doctype": doctype, "name": doc.name, "assign_to": [user]})
                    frappe.db.rollback()
            with self.assertRaises(frappe.PermissionError):
                share(doctype, doc.name, None, read=1, everyone=1, flags={"ignore_share_permission": True})
            frappe.db.rollback()
        # a clinic user (not support) may still be given a share
        share(SA_PROTECTED, world.rec.name, world.owner_b, read=1, flags={"ignore_share_permission": True})
        frappe.db.rollback()

    # ---------------------------------------------------------- Healthcare (real medical doctypes)
    def need_healthcare(self) -> None:
        if "healthcare" not in frappe.get_installed_apps():
            self.skipTest(SA_NO_HEALTHCARE)

    def test_every_healthcare_doctype_is_medical_by_default(self):
        self.need_healthcare()
        sa_fresh()
        config = sa.get_config()
        modules = frappe.get_all("Module Def", filters={"app_name": "healthcare"}, pluck="name")
        doctypes = frappe.get_all("DocType", filters={"module": ["in", modules], "istable": 0}, pluck="name")
        self.assertGreater(len(doctypes), 50)
        missing = [dt for dt in doctypes if dt not in config.excluded]
        self.assertFalse(missing, missing)
        for dt in ("Patient", "Patient Encounter", "Vital Signs", "Lab Test", "Clinical Note", "Medication Request",
                   "Service Request", "Inpatient Medication Order", "Inpatient Medication Entry", "Therapy Plan"):
            self.assertIn(dt, config.excluded)

    def test_real_medical_records_cannot_be_shared_or_assigned_to_support(self):
        self.need_healthcare()
        clinical = enter(self, clinical_record(self.world.marker))
        sa_fresh()
        from frappe.desk.form.assign_to import add as assign
        from frappe.share import add_docshare

        for user in (self.world.agents["active"], self.world.manager):
            for doctype, name in (("Vital Signs", clinical.vitals), ("Patient", clinical.patient)):
                with self.subTest(user=user, doctype=doctype):
                    with self.assertRaises(frappe.PermissionError):
                        add_docshare(doctype, name, user, read=1, flags={"ignore_share_permission": True})
                    frappe.db.rollback()
                    with self.assertRaises(frappe.PermissionError):
                        assign({"doctype": doctype, "name": name, "assign_to": [user]})
                    frappe.db.rollback()
