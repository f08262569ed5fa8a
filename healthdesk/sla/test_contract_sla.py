"""Installing healthdesk adds; it does not change what Helpdesk's admin configured.

The contract SLA applies to clinic tickets through Helpdesk's own SLA condition; Helpdesk's default
SLA, an admin's own SLAs and the default priority keep applying to every other ticket. Making the
contract SLA the default is an explicit, confirmed step. Sites installed by an earlier version
(which made the contract SLA the default and disabled Helpdesk's "Default") are put back once.
"""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.api import sla as sla_api
from healthdesk.patches import contract_sla_opt_in
from healthdesk.setup.install import CLINIC_TICKET_CONDITION, CONTRACT_SLA, ensure_contract_sla
from healthdesk.sla.exceptions import ConfirmationRequired
from healthdesk.test_utils import Network, contract_sla, enter

SLA = "HD Service Level Agreement"


def _sla_state() -> dict[str, tuple]:
    return {row.name: (row.enabled, row.default_sla, row.condition or "")
            for row in frappe.get_all(SLA, fields=["name", "enabled", "default_sla", "condition"])}


def _restore_slas(before: dict[str, tuple]) -> None:
    frappe.db.rollback()
    for name, (enabled, default, condition) in before.items():
        if frappe.db.exists(SLA, name):
            frappe.db.set_value(SLA, name, {"enabled": enabled, "default_sla": default, "condition": condition})
    frappe.db.commit()


def _default_sla() -> str:
    return frappe.db.get_value(SLA, {"default_sla": 1, "enabled": 1}, "name")


class TestContractSLA(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        self.net = Network()
        self.addCleanup(self.net.cleanup)
        # every SLA's enabled / default / condition, restored after the test
        self.addCleanup(_restore_slas, _sla_state())

    def _sla(self, name: str, condition: str) -> str:
        """An SLA of the admin's (Helpdesk's test factory), enabled, deleted after the test."""
        from helpdesk.test_utils import make_sla

        if not frappe.db.exists(SLA, name):
            make_sla(name, condition)
        frappe.db.set_value(SLA, name, {"enabled": 1, "default_sla": 0, "condition": condition})
        frappe.db.commit()

        def delete():
            frappe.db.rollback()
            frappe.delete_doc(SLA, name, force=True, ignore_permissions=True)
            frappe.db.commit()

        self.addCleanup(delete)
        return name

    def test_contract_sla_is_for_clinic_tickets_only(self):
        ensure_contract_sla()
        ours = frappe.db.get_value(SLA, CONTRACT_SLA, ["enabled", "default_sla", "condition"], as_dict=True)
        self.assertEqual(ours.enabled, 1)
        self.assertEqual(ours.default_sla, 0)
        self.assertEqual(ours.condition, CLINIC_TICKET_CONDITION)
        self.assertEqual(frappe.db.get_single_value("Healthdesk Settings", "contract_sla"), CONTRACT_SLA)

    def test_install_steps_change_no_other_sla(self):
        from healthdesk.setup import install

        before = {k: v for k, v in _sla_state().items() if k != CONTRACT_SLA}
        # every idempotent step install and migrate run (the fixture sync is left out: its DDL would
        # commit inside the test)
        install.ensure_defaults()
        install.ensure_defaults()
        after = {k: v for k, v in _sla_state().items() if k != CONTRACT_SLA}
        self.assertEqual(after, before)
        frappe.db.rollback()

    def test_existing_slas_keep_applying_and_clinic_tickets_get_the_contract(self):
        # (contract_sla disables the test site's leftover Helpdesk test SLAs, which match High tickets)
        enter(self, contract_sla())
        # an SLA an admin made before installing healthdesk: only for tickets of priority Urgent
        admin_sla = self._sla("Admin Urgent SLA", "doc.priority == 'Urgent'")
        net = self.net
        default = _default_sla()
        self.assertTrue(default and default != CONTRACT_SLA)
        clinic = net.clinic(net.reseller().name)

        plain = net.ticket()  # not about a clinic: Helpdesk's default SLA, as without healthdesk
        self.assertEqual(plain.sla, default)
        self.assertTrue(not plain.clinic and not plain.clinic_to_confirm)
        urgent = net.ticket(priority="Urgent")  # the admin's own SLA still catches its tickets
        self.assertEqual(urgent.sla, admin_sla)
        ours = net.ticket(clinic=clinic.name, severity="High")
        self.assertEqual(ours.sla, CONTRACT_SLA)
        self.assertEqual(ours.reseller, clinic.reseller)

    def test_default_priority_of_other_tickets_is_helpdesks(self):
        ensure_contract_sla()
        frappe.db.set_single_value("HD Settings", "default_priority", "Low")
        frappe.db.commit()
        try:
            self.assertEqual(self.net.ticket().priority, "Low")
        finally:
            frappe.db.set_single_value("HD Settings", "default_priority", None)
            frappe.db.commit()

    def test_non_clinic_tickets_are_not_triaged(self):
        """A slowness word triggers a triage rule on clinic tickets only."""
        ticket = self.net.ticket(subject="O sistema está lento hoje", description="Tudo lento.")
        self.assertFalse(frappe.db.exists("Triage Action Log", {"ticket": ticket.name}))

    def test_making_the_contract_sla_default_needs_an_admin_and_a_confirmation(self):
        ensure_contract_sla()
        frappe.db.commit()
        agent = self.net.agent()
        frappe.set_user(agent)
        with self.assertRaises(frappe.PermissionError):
            sla_api.make_contract_sla_default(confirm=1)
        with self.assertRaises(frappe.PermissionError):
            sla_api.contract_sla_default_preview()
        frappe.set_user("Administrator")
        with self.assertRaises(ConfirmationRequired):
            sla_api.make_contract_sla_default(confirm=0)
        self.assertEqual(frappe.db.get_value(SLA, CONTRACT_SLA, "default_sla"), 0)

    def test_making_the_contract_sla_default_lists_and_disables_catch_alls(self):
        enter(self, contract_sla())
        previous_default = _default_sla()
        catch_all = self._sla("Catch-all SLA", "")
        preview = sla_api.contract_sla_default_preview()
        self.assertEqual(preview["sla"], CONTRACT_SLA)
        self.assertEqual(preview["default"], previous_default)
        self.assertIn(catch_all, preview["catch_all"])
        # the current default, once demoted, would be a catch-all too (it has no condition)
        self.assertIn(previous_default, preview["catch_all"])
        result = sla_api.make_contract_sla_default(confirm=1)
        self.assertIn(catch_all, result["disabled"])
        self.assertEqual(_default_sla(), CONTRACT_SLA)
        self.assertFalse(frappe.db.get_value(SLA, CONTRACT_SLA, "condition"))
        self.assertEqual(frappe.db.get_value(SLA, catch_all, "enabled"), 0)
        self.assertEqual(frappe.db.get_value(SLA, previous_default, ["enabled", "default_sla"]), (0, 0))
        # now every ticket follows the contract
        self.assertEqual(self.net.ticket().sla, CONTRACT_SLA)

    def test_patch_puts_back_what_an_earlier_version_took_over(self):
        ensure_contract_sla()
        if not frappe.db.exists(SLA, "Default"):
            self.skipTest("this site has no Helpdesk 'Default' SLA")
        stock_default_before = _default_sla()
        # what the earlier install did
        frappe.db.set_value(SLA, "Default", {"enabled": 0, "default_sla": 0, "condition": ""})
        frappe.db.set_value(SLA, CONTRACT_SLA, {"default_sla": 1, "condition": ""})
        contract_sla_opt_in.execute()
        self.assertEqual(frappe.db.get_value(SLA, "Default", ["enabled", "default_sla"]), (1, 1))
        self.assertEqual(frappe.db.get_value(SLA, CONTRACT_SLA, ["default_sla", "condition"]),
                         (0, CLINIC_TICKET_CONDITION))
        self.assertTrue(stock_default_before)  # the site had a default before, and has one after
        frappe.db.rollback()

    def test_patch_leaves_an_admins_own_choice_alone(self):
        ensure_contract_sla()
        if not frappe.db.exists(SLA, "Default"):
            self.skipTest("this site has no Helpdesk 'Default' SLA")
        # the admin made the contract SLA the default and gave "Default" a condition of their own
        frappe.db.set_value(SLA, "Default", {"enabled": 1, "default_sla": 0, "condition": "doc.priority == 'Low'"})
        frappe.db.set_value(SLA, CONTRACT_SLA, {"default_sla": 1, "condition": ""})
        contract_sla_opt_in.execute()
        self.assertEqual(frappe.db.get_value(SLA, CONTRACT_SLA, "default_sla"), 1)
        self.assertEqual(frappe.db.get_value(SLA, "Default", "condition"), "doc.priority == 'Low'")
        frappe.db.rollback()
