"""Issue 12, items 9, 10 and 11 in-process: pt-BR where healthdesk speaks (the template's option
methods, the calendar preview's weekdays, the triage comment, the report's group-by, the seeded
teams), the onboarding model panel, the post-install checklist, and the one-step Brazilian site
configuration. (Helpdesk's UIs and the pages over HTTP: tests/e2e/test_first_day_site.py.)"""

from __future__ import annotations

import io
from contextlib import contextmanager, redirect_stdout
from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from frappe.tests.utils import FrappeTestCase


@contextmanager
def language(lang: str):
    previous = getattr(frappe.local, "lang", "en")
    frappe.local.lang = lang
    try:
        yield
    finally:
        frappe.local.lang = previous


class TestFirstDayInPortuguese(FrappeTestCase):
    """Item 9: pt-BR where healthdesk speaks."""

    def setUp(self):
        frappe.set_user("Administrator")

    def test_template_option_methods_install_step(self):
        from healthdesk.portal.ticket_fields import OPTION_METHODS, ensure_option_methods

        ensure_option_methods()
        for fieldname, method in OPTION_METHODS.items():
            self.assertEqual(frappe.db.get_value("HD Ticket Template Field", {"parent": "Default", "fieldname": fieldname},
                                                 "url_method"), method)
        frappe.db.rollback()

    def test_calendar_preview_weekdays_in_the_users_language(self):
        from healthdesk.healthdesk.doctype.business_hours_calendar.business_hours_calendar import local_moment

        moment = datetime(2026, 11, 30, 8, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
        with language("pt-BR"):
            text = local_moment(moment)
            self.assertTrue(text.startswith("Segunda") and text.endswith(" 30/11/2026 08:00"), text)
        with language("en"):
            self.assertEqual(local_moment(moment), "Monday 30/11/2026 08:00")

    def test_triage_comment_is_sentences_in_the_site_language(self):
        from healthdesk.core import triage
        from healthdesk.intake.triage_comment import triage_comment_html

        plan = [{"rule": "tiss_operator", "kind": "auto_reply", "value": "tiss"},
                {"rule": "tiss_operator", "kind": "set_status", "value": "Paused"},
                {"rule": "external_vendor", "kind": "set_team", "value": triage.TEAM_EXTERNAL_VENDORS},
                {"rule": "external_vendor", "kind": "mark_owner", "value": "external_vendor"},
                {"rule": "consultancy_not_covered", "kind": "set_severity", "value": "Not covered"}]
        html = triage_comment_html(plan, lang="pt-BR")
        self.assertTrue("Triagem automática" in html and "Resposta automática enviada: TISS / glosas." in html)
        self.assertIn("Equipe definida: Fornecedores externos.", html)
        self.assertIn("Severidade definida: Não coberto.", html)
        self.assertIn("Marcado como problema do fornecedor externo.", html)
        self.assertTrue("set_status" not in html and "tiss_operator" not in html and "mark_owner" not in html)
        self.assertIn("Automatic triage", triage_comment_html(plan, lang="en"))

    def test_seeded_teams_have_portuguese_names(self):
        from healthdesk.core import triage
        from healthdesk.intake.setup import ensure_teams

        ensure_teams()
        for team in triage.DEFAULT_TEAMS:
            self.assertTrue(frappe.db.exists("HD Team", team))
        self.assertEqual(set(triage.DEFAULT_TEAMS), {"Suporte do produto", "Fornecedores externos", "Migração de dados"})
        frappe.db.rollback()

    def test_report_group_by_options_are_translated_labels(self):
        import os

        with open(os.path.join(frappe.get_app_path("healthdesk"), "healthdesk", "report", "sla_compliance",
                               "sla_compliance.js")) as f:
            source = f.read()
        self.assertIn('label: __(value)', source)
        with language("pt-BR"):
            self.assertTrue(frappe._("Month") == "Mês" and frappe._("Severity") == "Severidade")


class TestFirstDaySetup(FrappeTestCase):
    """Item 10: the onboarding model and the checklist."""

    def setUp(self):
        frappe.set_user("Administrator")

    def test_fresh_install_creates_an_inactive_marked_model_panel(self):
        from healthdesk.onboarding.panels import PANEL
        from healthdesk.onboarding.setup import MODEL_PANEL_TITLE, activate_model_panel, ensure_default_panel

        globals_ = frappe.get_all(PANEL, filters={"reseller": ["is", "not set"]}, pluck="name")
        try:
            for name in globals_:  # as on a fresh site (rolled back below)
                frappe.db.delete("Onboarding Stage", {"parent": name})
                frappe.db.delete("Onboarding Task", {"parent": name})
                frappe.db.delete(PANEL, {"name": name})
            name = ensure_default_panel()
            doc = frappe.get_doc(PANEL, name)
            self.assertTrue(doc.is_active == 0 and doc.panel_title == MODEL_PANEL_TITLE)
            self.assertIn("modelo", doc.preview)
            self.assertIsNone(ensure_default_panel())  # once
            self.assertEqual(activate_model_panel(), name)  # the demo shows it
            self.assertEqual(frappe.db.get_value(PANEL, name, "is_active"), 1)
        finally:
            frappe.db.rollback()

    def test_checklist_lists_what_is_unconfigured_with_links(self):
        from healthdesk.setup.checklist import checklist

        settings = frappe.get_single("Healthdesk Settings")
        previous_team = settings.escalation_team
        frappe.db.set_single_value("Healthdesk Settings", "escalation_team", None)
        try:
            items = {i["key"]: i for i in checklist()}
            for key in ("time_zone", "language", "date_format", "scheduler", "email", "escalation_team", "check_token",
                        "contract_sla", "default_calendar", "tiers", "reseller_contacts", "onboarding"):
                self.assertIn(key, items)
                self.assertTrue(items[key]["route"].startswith("/"), key)
            self.assertTrue(items["escalation_team"]["ok"] is False
                            and "escalonamento" not in items["escalation_team"]["problem"])
            with language("pt-BR"):
                items = {i["key"]: i for i in checklist()}
            self.assertIn("Nenhuma equipe de escalonamento", items["escalation_team"]["problem"])
            team = frappe.get_all("HD Team", limit=1, pluck="name")[0]
            frappe.db.set_single_value("Healthdesk Settings", "escalation_team", team)
            self.assertIs({i["key"]: i for i in checklist()}["escalation_team"]["ok"], True)
        finally:
            frappe.db.rollback()
            frappe.db.set_single_value("Healthdesk Settings", "escalation_team", previous_team)
            frappe.db.commit()


# --- item 11: one step for Brazil -------------------------------------------------------------------

FIELDS = ("time_zone", "language", "date_format", "time_format", "number_format", "first_day_of_the_week",
          "country", "currency")


DEFAULT_KEYS = (*FIELDS, "lang")


def _snapshot() -> dict:
    """System Settings' values and the site defaults its save writes (``lang``, ``time_zone`` …):
    restoring only the values would leave the site in pt-BR for every later test."""
    return {
        "values": {f: frappe.db.get_single_value("System Settings", f) for f in FIELDS},
        "defaults": {k: frappe.db.get_value("DefaultValue", {"parent": "__default", "defkey": k}, "defvalue")
                     for k in DEFAULT_KEYS},
    }


def _restore(snapshot: dict) -> None:
    for field, value in snapshot["values"].items():
        frappe.db.set_single_value("System Settings", field, value)
    for key, value in snapshot["defaults"].items():
        frappe.db.delete("DefaultValue", {"parent": "__default", "defkey": key})
        if value is not None:
            frappe.db.set_default(key, value)
    frappe.db.commit()
    frappe.clear_cache()
    frappe.local.lang = "en"


class TestConfigureSiteForBrazil(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")

    def test_configure_site_sets_brazil_and_is_idempotent(self):
        from healthdesk.setup.brazil import configure_site

        before = _snapshot()
        try:
            frappe.db.set_single_value("System Settings", {"time_zone": "Asia/Kolkata", "date_format": "mm-dd-yyyy",
                                                           "first_day_of_the_week": "Monday"})
            frappe.db.commit()
            frappe.clear_cache()
            with redirect_stdout(io.StringIO()) as out:
                changes = configure_site()
            self.assertEqual(changes["System Settings.time_zone"], ("Asia/Kolkata", "America/Sao_Paulo"))
            self.assertEqual(changes["System Settings.date_format"], ("mm-dd-yyyy", "dd/mm/yyyy"))
            self.assertIn("time_zone: Asia/Kolkata -> America/Sao_Paulo", out.getvalue())
            after = {f: frappe.db.get_single_value("System Settings", f) for f in FIELDS}
            self.assertTrue(after["time_zone"] == "America/Sao_Paulo" and after["language"] == "pt-BR")
            self.assertTrue(after["date_format"] == "dd/mm/yyyy" and after["time_format"] == "HH:mm")
            self.assertTrue(after["first_day_of_the_week"] == "Sunday" and after["country"] == "Brazil")
            with redirect_stdout(io.StringIO()) as out:
                self.assertEqual(configure_site(), {})  # the second run changes nothing
            self.assertIn("nothing changed", out.getvalue())
        finally:
            _restore(before)
        self.assertEqual(_snapshot(), before)  # the site is as it was (language included) for the next tests

    def test_configure_site_from_the_command_line(self):
        import os
        import subprocess

        bench = os.path.dirname(os.getcwd())
        site = frappe.local.site
        before = _snapshot()
        try:
            frappe.db.set_single_value("System Settings", "time_zone", "Asia/Kolkata")
            frappe.db.commit()
            result = subprocess.run(["bench", "--site", site, "execute", "healthdesk.setup.brazil.configure_site"],
                                    cwd=bench, capture_output=True, text=True, timeout=300)
            self.assertEqual(result.returncode, 0, result.stderr[-2000:])
            self.assertIn("time_zone: Asia/Kolkata -> America/Sao_Paulo", result.stdout)
            frappe.db.rollback()
            self.assertEqual(frappe.db.get_single_value("System Settings", "time_zone"), "America/Sao_Paulo")
        finally:
            _restore(before)
