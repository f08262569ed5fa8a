"""The Onboarding Completion report: its numbers by clinic, reseller, stage and module, and who may
see which reseller's figures (over HTTP: tests/e2e/test_onboarding_report.py)."""

from __future__ import annotations

import frappe

from healthdesk.test_utils import OnboardingTestCase, completion_network

REPORT = "Onboarding Completion"


def _run(group_by, reseller, **filters):
    from frappe.desk.query_report import run

    result = run(REPORT, filters={"group_by": group_by, "reseller": reseller, **filters})
    return result["result"]


def _figures(row):
    return (row["users"], row["users_finished"], row["tasks_done"], row["tasks_total"], row["completion"])


class TestOnboardingCompletionReport(OnboardingTestCase):
    def setUp(self):
        super().setUp()
        network = completion_network(self.net, self.onb)
        self.reseller, self.c1, self.c2 = network["reseller"], network["c1"], network["c2"]

    def test_by_clinic(self):
        rows = {row["clinic"]: row for row in _run("Clinic", self.reseller.name)}
        self.assertEqual(set(rows), {self.c1.name, self.c2.name})
        self.assertEqual(_figures(rows[self.c1.name]), (3, 1, 7, 15, 46.7))
        self.assertEqual(_figures(rows[self.c2.name]), (1, 1, 5, 5, 100.0))
        self.assertEqual(rows[self.c1.name]["clinic_name"], self.c1.clinic_name)

    def test_by_reseller_counts_a_multi_clinic_user_once(self):
        (row,) = _run("Reseller", self.reseller.name)
        self.assertEqual(row["reseller"], self.reseller.name)
        self.assertEqual(_figures(row), (3, 1, 7, 15, 46.7))

    def test_by_stage(self):
        rows = {row["stage"]: row for row in _run("Stage", self.reseller.name)}
        self.assertEqual(_figures(rows["Agenda"]), (3, 2, 4, 6, 66.7))
        self.assertEqual(_figures(rows["Cadastro de pacientes"]), (3, 1, 2, 6, 33.3))
        self.assertEqual(_figures(rows["Faturamento"]), (3, 1, 1, 3, 33.3))
        self.assertEqual([rows[s]["stage_number"] for s in ("Agenda", "Cadastro de pacientes", "Faturamento")],
                         [1, 2, 3])

    def test_by_module_with_filters(self):
        rows = {row["module"]: row for row in _run("Module", self.reseller.name)}
        self.assertEqual(set(rows), {"Agenda", "Pacientes", "Faturamento"})  # no module: the stage title
        self.assertEqual(_figures(rows["Pacientes"]), (3, 1, 2, 6, 33.3))
        only = _run("Module", self.reseller.name, module="pacien")
        self.assertEqual([row["module"] for row in only], ["Pacientes"])
        by_clinic = _run("Clinic", self.reseller.name, clinic=self.c2.name, stage="agenda")
        self.assertEqual([_figures(row) for row in by_clinic], [(1, 1, 2, 2, 100.0)])

    def test_reseller_manager_sees_only_their_resellers(self):
        manager = self.net.user("gestor", roles=("Reseller Manager",))
        self.reseller.append("managers", {"user": manager})
        self.reseller.save(ignore_permissions=True)
        other_manager = self.net.user("gestor2", roles=("Reseller Manager",))
        self.net.reseller(managers=[other_manager])
        frappe.db.commit()

        frappe.set_user(manager)
        rows = _run("Reseller", None)
        self.assertEqual([row["reseller"] for row in rows], [self.reseller.name])
        frappe.set_user(other_manager)
        self.assertEqual(_run("Clinic", self.reseller.name), [])

    def test_admin_sees_every_reseller(self):
        rows = {row["reseller"] for row in _run("Reseller", None)}
        self.assertIn(self.reseller.name, rows)
