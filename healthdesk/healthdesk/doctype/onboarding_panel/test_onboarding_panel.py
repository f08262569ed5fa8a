# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""The Onboarding Panel controller: one active panel per reseller and one global, titles unique
within their stage, problems stored on save, renames carrying the users' progress."""

from __future__ import annotations

import frappe

from healthdesk.api import onboarding as api
from healthdesk.onboarding.panels import (
    PROGRESS,
    ActivePanelExists,
    DuplicateTitle,
    UnknownStage,
    active_panels,
)
from healthdesk.test_utils import OnboardingTestCase, task_rows

# Frappe's runner would otherwise make its test records for the linked doctypes.
test_ignore = ["Reseller"]


class TestOnboardingPanel(OnboardingTestCase):
    def test_one_active_panel_per_reseller_and_one_global(self):
        reseller = self.net.reseller()
        self.onb.panel(reseller=reseller.name)
        with self.assertRaises(ActivePanelExists):
            self.onb.panel(reseller=reseller.name)
        frappe.db.rollback()
        draft = self.onb.panel(reseller=reseller.name, active=0)  # an inactive draft is fine
        self.assertTrue(draft.name)
        if active_panels().get(None):
            with self.assertRaises(ActivePanelExists):
                self.onb.panel(reseller=None, active=1)

    def test_duplicate_titles_and_unknown_stage_are_refused(self):
        doc = self.onb.panel(reseller=self.net.reseller().name)
        doc.append("tasks", {"stage": "Agenda", "task_title": "configurar a agenda ", "link": ""})
        with self.assertRaises(DuplicateTitle):
            doc.save()
        doc.reload()
        doc.append("tasks", {"stage": "Não existe", "task_title": "X"})
        with self.assertRaises(UnknownStage):
            doc.save()

    def test_problems_are_stored_on_save(self):
        doc = self.onb.panel(reseller=self.net.reseller().name)
        self.assertIn("Gerar o lote", doc.problems)
        self.assertIn("INSERIR LINK DO YOUTUBE", doc.problems)
        self.assertIn("3 stages", doc.problems)

    def test_renaming_a_stage_or_task_in_the_desk_keeps_progress(self):
        reseller = self.net.reseller()
        clinic = self.net.clinic(reseller.name)
        user = self.net.user("clinica", clinics=(clinic.name,))
        doc = self.onb.panel(reseller=reseller.name)
        frappe.set_user(user)
        api.mark_done(task_rows(doc)["Configurar a agenda"])
        frappe.set_user("Administrator")
        frappe.db.commit()

        doc.reload()
        doc.stages[0].stage_title = "Agenda da clínica"
        next(t for t in doc.tasks if t.task_title == "Configurar a agenda").task_title = "Configurar a agenda do profissional"
        doc.save()
        self.assertEqual({t.stage for t in doc.tasks[:2]}, {"Agenda da clínica"})
        self.assertEqual(frappe.db.get_value(PROGRESS, {"user": user, "panel": doc.name}, ["stage_title", "task_title"]),
                         ("Agenda da clínica", "Configurar a agenda do profissional"))
        frappe.set_user(user)
        try:
            state = api.get_state()
        finally:
            frappe.set_user("Administrator")
        self.assertIs(state["stages"][0]["tasks"][0]["done"], True)
