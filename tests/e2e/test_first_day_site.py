"""Issue 12, items 9, 10 and 11 on a real site: pt-BR where healthdesk speaks (ticket fields in
Helpdesk's UIs, severity definitions, the support page's title, the calendar preview's weekdays,
the triage comment, the report's group-by, the seeded teams), the onboarding model panel, the
post-install checklist, and the one-step Brazilian site configuration."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
import pytest
from conftest import Browser


@contextmanager
def language(lang: str):
    previous = getattr(frappe.local, "lang", "en")
    frappe.local.lang = lang
    try:
        yield
    finally:
        frappe.local.lang = previous


@pytest.fixture
def clinic_user(net):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    user = net.user("clinica", clinics=(clinic.name,), language="pt-BR")
    return frappe._dict(reseller=reseller, clinic=clinic, user=user)


# --- item 9: Helpdesk's UIs ------------------------------------------------------------------------

def test_customer_ticket_page_shows_our_labels_and_values_in_portuguese(net, clinic_user):
    ticket = net.ticket(as_user=clinic_user.user, clinic=clinic_user.clinic.name, ticket_category="Error",
                        severity="High", subject="Erro ao salvar")
    browser = Browser()
    browser.login(clinic_user.user)
    browser.get("/helpdesk/my-tickets")
    response = browser.call("helpdesk.helpdesk.doctype.hd_ticket.api.get_one", name=ticket.name,
                            is_customer_portal=True)
    assert response.status_code == 200, response.text[:300]
    data = response.json()["message"]
    labels = {f["fieldname"]: f["label"] for f in data["template"]["fields"]}
    assert labels["clinic"] == "Clínica" and labels["severity"] == "Severidade"
    assert labels["response_due_local"] == "Resposta até"
    assert (data["severity"], data["ticket_category"]) == ("Alta", "Erro")


def test_agent_keeps_stored_values_and_gets_portuguese_labels_and_choices(net, clinic_user):
    agent = net.agent()
    frappe.db.set_value("User", agent, "language", "pt-BR")
    frappe.db.commit()
    ticket = net.ticket(as_user=clinic_user.user, clinic=clinic_user.clinic.name, ticket_category="Error",
                        severity="High", subject="Erro ao salvar")
    browser = Browser()
    browser.login(agent)
    browser.get("/helpdesk/tickets")
    data = browser.call("helpdesk.helpdesk.doctype.hd_ticket.api.get_one", name=ticket.name).json()["message"]
    assert (data["severity"], data["ticket_category"]) == ("High", "Error")  # values an agent edits
    meta = browser.call("frappe.desk.form.load.getdoctype", doctype="HD Ticket").json()
    ticket_meta = next(d for d in meta["docs"] if d["name"] == "HD Ticket")
    labels = {f["fieldname"]: f.get("label") for f in ticket_meta["fields"]}
    assert labels["clinic"] == "Clínica" and labels["severity"] == "Severidade"
    assert labels["resolution_due_local"] == "Resolução até"
    template = browser.call("helpdesk.helpdesk.doctype.hd_ticket_template.api.get_one", name="Default").json()
    assert {f["fieldname"]: f["label"] for f in template["message"]["fields"]}["clinic"] == "Clínica"
    response = browser.call("healthdesk.api.ticket_fields.severity_options")
    assert response.status_code == 200, response.text[:500]
    options = response.json()["message"]
    assert {"label": "Alta", "value": "High"} in options
    categories = browser.call("healthdesk.api.ticket_fields.category_options").json()["message"]
    assert {"label": "Erro", "value": "Error"} in categories


def test_english_user_gets_english_labels(net):
    agent = net.agent()
    frappe.db.set_value("User", agent, "language", "en")
    frappe.db.commit()
    browser = Browser()
    browser.login(agent)
    browser.get("/helpdesk/tickets")
    meta = browser.call("frappe.desk.form.load.getdoctype", doctype="HD Ticket").json()
    ticket_meta = next(d for d in meta["docs"] if d["name"] == "HD Ticket")
    assert {f["fieldname"]: f.get("label") for f in ticket_meta["fields"]}["clinic"] == "Clinic"


def test_template_option_methods_install_step():
    from healthdesk.portal.ticket_fields import OPTION_METHODS, ensure_option_methods

    ensure_option_methods()
    for fieldname, method in OPTION_METHODS.items():
        assert frappe.db.get_value("HD Ticket Template Field", {"parent": "Default", "fieldname": fieldname},
                                   "url_method") == method
    frappe.db.rollback()


def test_severity_definitions_and_support_title_in_portuguese(clinic_user):
    browser = Browser()
    browser.login(clinic_user.user)
    for page in ("/support", "/abrir-chamado"):
        html = browser.get(page).text
        assert "O sistema não pode ser operado" in html, page
        assert "The system cannot be operated" not in html and "Some functions fail" not in html, page
    html = browser.get("/support").text
    assert "<h1>Suporte</h1>" in html and "Pós-vendas" not in html


def test_calendar_preview_weekdays_in_the_users_language():
    from healthdesk.healthdesk.doctype.business_hours_calendar.business_hours_calendar import local_moment

    moment = datetime(2026, 11, 30, 8, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
    with language("pt-BR"):
        text = local_moment(moment)
        assert text.startswith("Segunda") and text.endswith(" 30/11/2026 08:00"), text
    with language("en"):
        assert local_moment(moment) == "Monday 30/11/2026 08:00"


def test_triage_comment_is_sentences_in_the_site_language():
    from healthdesk.core import triage
    from healthdesk.intake.triage_comment import triage_comment_html

    plan = [{"rule": "tiss_operator", "kind": "auto_reply", "value": "tiss"},
            {"rule": "tiss_operator", "kind": "set_status", "value": "Paused"},
            {"rule": "external_vendor", "kind": "set_team", "value": triage.TEAM_EXTERNAL_VENDORS},
            {"rule": "external_vendor", "kind": "mark_owner", "value": "external_vendor"},
            {"rule": "consultancy_not_covered", "kind": "set_severity", "value": "Not covered"}]
    html = triage_comment_html(plan, lang="pt-BR")
    assert "Triagem automática" in html and "Resposta automática enviada: TISS / glosas." in html
    assert "Equipe definida: Fornecedores externos." in html
    assert "Severidade definida: Não coberto." in html
    assert "Marcado como problema do fornecedor externo." in html
    assert "set_status" not in html and "tiss_operator" not in html and "mark_owner" not in html
    assert "Automatic triage" in triage_comment_html(plan, lang="en")


def test_seeded_teams_have_portuguese_names():
    from healthdesk.core import triage
    from healthdesk.intake.setup import ensure_teams

    ensure_teams()
    for team in triage.DEFAULT_TEAMS:
        assert frappe.db.exists("HD Team", team)
    assert set(triage.DEFAULT_TEAMS) == {"Suporte do produto", "Fornecedores externos", "Migração de dados"}
    frappe.db.rollback()


def test_report_group_by_options_are_translated_labels():
    import os

    source = open(os.path.join(frappe.get_app_path("healthdesk"), "healthdesk", "report", "sla_compliance",
                               "sla_compliance.js")).read()
    assert 'label: __(value)' in source
    with language("pt-BR"):
        assert frappe._("Month") == "Mês" and frappe._("Severity") == "Severidade"


# --- item 10: the onboarding model and the checklist -----------------------------------------------

def test_fresh_install_creates_an_inactive_marked_model_panel():
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
        assert doc.is_active == 0 and doc.panel_title == MODEL_PANEL_TITLE
        assert "modelo" in doc.preview
        assert ensure_default_panel() is None  # once
        assert activate_model_panel() == name  # the demo shows it
        assert frappe.db.get_value(PANEL, name, "is_active") == 1
    finally:
        frappe.db.rollback()


def test_checklist_lists_what_is_unconfigured_with_links():
    from healthdesk.setup.checklist import checklist

    settings = frappe.get_single("Healthdesk Settings")
    previous_team = settings.escalation_team
    frappe.db.set_single_value("Healthdesk Settings", "escalation_team", None)
    try:
        items = {i["key"]: i for i in checklist()}
        for key in ("time_zone", "language", "date_format", "scheduler", "email", "escalation_team", "check_token",
                    "contract_sla", "default_calendar", "tiers", "reseller_contacts", "onboarding"):
            assert key in items, key
            assert items[key]["route"].startswith("/"), key
        assert items["escalation_team"]["ok"] is False and "escalonamento" not in items["escalation_team"]["problem"]
        with language("pt-BR"):
            items = {i["key"]: i for i in checklist()}
        assert "Nenhuma equipe de escalonamento" in items["escalation_team"]["problem"]
        team = frappe.get_all("HD Team", limit=1, pluck="name")[0]
        frappe.db.set_single_value("Healthdesk Settings", "escalation_team", team)
        assert {i["key"]: i for i in checklist()}["escalation_team"]["ok"] is True
    finally:
        frappe.db.rollback()
        frappe.db.set_single_value("Healthdesk Settings", "escalation_team", previous_team)
        frappe.db.commit()


def test_checklist_is_for_admins_only(net):
    browser = Browser()
    browser.login(net.user("clinica"))
    browser.get("/me")
    assert browser.call("healthdesk.api.checklist.get_checklist").status_code == 403
    admin = net.user("admin", roles=("Healthdesk Admin",), system=True)
    browser = Browser()
    browser.login(admin)
    browser.get("/app")
    response = browser.call("healthdesk.api.checklist.get_checklist")
    assert response.status_code == 200 and response.json()["message"]["items"]


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


def test_configure_site_sets_brazil_and_is_idempotent(capsys):
    from healthdesk.setup.brazil import configure_site

    before = _snapshot()
    try:
        frappe.db.set_single_value("System Settings", {"time_zone": "Asia/Kolkata", "date_format": "mm-dd-yyyy",
                                                       "first_day_of_the_week": "Monday"})
        frappe.db.commit()
        frappe.clear_cache()
        changes = configure_site()
        assert changes["System Settings.time_zone"] == ("Asia/Kolkata", "America/Sao_Paulo")
        assert changes["System Settings.date_format"] == ("mm-dd-yyyy", "dd/mm/yyyy")
        out = capsys.readouterr().out
        assert "time_zone: Asia/Kolkata -> America/Sao_Paulo" in out
        after = {f: frappe.db.get_single_value("System Settings", f) for f in FIELDS}
        assert after["time_zone"] == "America/Sao_Paulo" and after["language"] == "pt-BR"
        assert after["date_format"] == "dd/mm/yyyy" and after["time_format"] == "HH:mm"
        assert after["first_day_of_the_week"] == "Sunday" and after["country"] == "Brazil"
        assert configure_site() == {}  # the second run changes nothing
        assert "nothing changed" in capsys.readouterr().out
    finally:
        _restore(before)
    assert _snapshot() == before  # the site is as it was (language included) for the next tests


def test_configure_site_from_the_command_line():
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
        assert result.returncode == 0, result.stderr[-2000:]
        assert "time_zone: Asia/Kolkata -> America/Sao_Paulo" in result.stdout
        frappe.db.rollback()
        assert frappe.db.get_single_value("System Settings", "time_zone") == "America/Sao_Paulo"
    finally:
        _restore(before)
