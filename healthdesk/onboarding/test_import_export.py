"""Onboarding panels in the desk: import of the resellers' file (check first, then replace) and
export (with a user's progress). Over HTTP: tests/e2e/test_onboarding_import.py."""

from __future__ import annotations

import json
from pathlib import Path

import frappe

from healthdesk.api import onboarding as api
from healthdesk.core.onboarding import parse_panel
from healthdesk.onboarding.panels import PANEL, PanelTextUnreadable, viewer_for
from healthdesk.onboarding.panels import mark_done as record_done
from healthdesk.test_utils import SMALL_PANEL, OnboardingTestCase, task_rows

SEED_FRAGMENT = (Path(__file__).resolve().parents[2] / "fixtures" / "onboarding" / "seed_fragment.txt").read_text(
    encoding="utf-8")

MALFORMED = [
    ('"conquistas": [\n  {\n    “descricao”: "Agenda"', 3, 5),  # typographic quotes
    ('{"conquistas": [\n  {"descricao": "Agenda", "tarefas": []}\n  {"descricao": "B"}]}', 3, 3),  # missing comma
]


def _titles(doc):
    return [row.stage_title for row in doc.stages], [(row.stage, row.task_title) for row in doc.tasks]


def _content(panel):
    return (panel.preview, [(s.title, s.locked, [(t.title, t.raw_link) for t in s.tasks]) for s in panel.stages])


def api_state_for(user):
    frappe.set_user(user)
    try:
        return api.get_state()
    finally:
        frappe.set_user("Administrator")


class TestPanelImportExport(OnboardingTestCase):
    def test_seed_fragment_is_checked_first_and_its_problems_shown(self):
        doc = self.onb.panel()
        before = _titles(doc)

        result = api.import_panel(doc.name, text=SEED_FRAGMENT)

        self.assertIs(result["saved"], False)
        self.assertEqual((result["stage_count"], result["task_count"]), (1, 3))
        self.assertEqual(result["stages"][0]["title"], "Processos para Cooperados Unimed XPTO")
        problems = " ".join(result["problems"])
        self.assertIn("INSERIR LINK DO YOUTUBE", problems)
        self.assertIn("Autorização de guia – Teleconsulta", problems)  # names the task
        self.assertIn("designed for 5", problems)
        frappe.db.rollback()
        self.assertEqual(_titles(frappe.get_doc(PANEL, doc.name)), before)  # nothing saved by the check

    def test_confirm_replaces_stages_and_tasks_and_keeps_modules_and_progress(self):
        reseller = self.net.reseller()
        clinic = self.net.clinic(reseller.name)
        user = self.net.user("clinica", clinics=(clinic.name,))
        doc = self.onb.panel(reseller=reseller.name, modules={"Agenda": "Agenda"})
        frappe.set_user(user)
        record_done(viewer_for(user), doc, task_rows(doc)["Configurar a agenda"], "Marked by hand")
        frappe.set_user("Administrator")
        frappe.db.commit()

        # The reseller's new file keeps stage 1 (one task renamed away) and adds a new stage.
        panel = json.loads(SMALL_PANEL)
        panel["conquistas"][0]["tarefas"][1]["titulo"] = "Remarcar consultas"
        panel["conquistas"].append({"descricao": "Relatórios", "bloqueada": True, "tarefas": [
            {"titulo": "Relatório do dia", "identificador_artigo": "https://youtu.be/AAAAAAAAA09"}]})
        text = json.dumps(panel, ensure_ascii=False)

        result = api.import_panel(doc.name, text=text, confirm=1)
        self.assertIs(result["saved"], True)
        doc = frappe.get_doc(PANEL, doc.name)
        stages, tasks = _titles(doc)
        self.assertEqual(stages, ["Agenda", "Cadastro de pacientes", "Faturamento", "Relatórios"])
        self.assertIn(("Agenda", "Remarcar consultas"), tasks)
        self.assertNotIn(("Agenda", "Agendar consultas"), tasks)
        self.assertEqual(doc.stages[0].module, "Agenda")  # typed in the desk, kept
        self.assertEqual(doc.stages[3].locked, 1)
        self.assertEqual(doc.preview, "Painel de teste.")
        # Progress is kept by title: the task that kept its title is still done.
        state = api_state_for(user)
        self.assertEqual([t["done"] for t in state["stages"][0]["tasks"]], [True, False])

    def test_file_attachment_is_read_like_pasted_text(self):
        doc = self.onb.panel()
        file = frappe.get_doc({"doctype": "File", "file_name": f"painel-{self.net.tag}.txt", "is_private": 1,
                               "content": SEED_FRAGMENT.encode("utf-8")})
        file.insert(ignore_permissions=True)
        try:
            result = api.import_panel(doc.name, file_url=file.file_url)
            self.assertEqual(result["task_count"], 3)
        finally:
            file.delete(ignore_permissions=True)

    def test_malformed_text_is_refused_with_line_and_column(self):
        doc = self.onb.panel()
        with self.assertRaises(frappe.ValidationError):
            api.import_panel(doc.name, text="")
        for text, line, column in MALFORMED:
            with self.subTest(text=text):
                with self.assertRaises(PanelTextUnreadable) as error:
                    api.import_panel(doc.name, text=text)
                # the line and column, in the sentence of the user's language
                self.assertTrue(str(error.exception).startswith(
                    frappe._("Line {0}, column {1}: {2}").format(line, column, "")), str(error.exception))
                frappe.db.rollback()
                self.assertEqual(len(frappe.get_doc(PANEL, doc.name).stages), 3)

    def test_export_round_trips_and_carries_a_users_progress(self):
        reseller = self.net.reseller()
        clinic = self.net.clinic(reseller.name)
        user = self.net.user("clinica", clinics=(clinic.name,))
        doc = self.onb.panel(reseller=reseller.name)

        plain = api.export_panel(doc.name)
        self.assertTrue(plain["filename"].endswith(".json"))
        exported = parse_panel(plain["content"])
        self.assertEqual(exported, parse_panel(SMALL_PANEL))  # same stages, tasks, links, preview

        frappe.set_user(user)
        api.acknowledge_stages()
        api.mark_done(task_rows(doc)["Configurar a agenda"])
        frappe.set_user("Administrator")
        mine = json.loads(api.export_panel(doc.name, user=user)["content"])
        first = mine["conquistas"][0]
        self.assertEqual([t["efetuada"] for t in first["tarefas"]], [True, False])
        self.assertIs(first["notificado"], True)
        self.assertIs(mine["conquistas"][1]["notificado"], False)
        self.assertEqual(mine["conquistas"][1]["tarefas"][1]["identificador_artigo"],
                         "https://ajuda.example.com/artigos/unificar")
        # A user's export holds the same panel content (only efetuada / notificado differ).
        self.assertEqual(_content(parse_panel(json.dumps(mine))), _content(parse_panel(plain["content"])))

    def test_only_admins_export_a_users_progress(self):
        reseller = self.net.reseller()
        doc = self.onb.panel(reseller=reseller.name)
        agent = self.net.user("agente", roles=("Agent",), system=True)
        frappe.set_user(agent)
        self.assertTrue(api.export_panel(doc.name)["content"])  # agents read panels
        with self.assertRaises(frappe.PermissionError):
            api.export_panel(doc.name, user="Administrator")
