"""Onboarding panels in the desk: import of the resellers' file (check first, then replace),
export (with a user's progress), the one-active-panel rule, renames, and the install step."""

from __future__ import annotations

import json
from pathlib import Path

import frappe
import pytest
from conftest import server_messages
from onboarding_helpers import SMALL_PANEL, onb, task_rows  # noqa: F401

from healthdesk.api import onboarding as api
from healthdesk.core.onboarding import parse_panel
from healthdesk.onboarding.panels import PANEL, PROGRESS, viewer_for
from healthdesk.onboarding.panels import mark_done as record_done

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "onboarding"
# the default panel ships inside the package (a non-editable install has no top-level fixtures/)
DEFAULT_PANEL = Path(__file__).resolve().parents[2] / "healthdesk" / "onboarding" / "default_panel.json"
SEED_FRAGMENT = (FIXTURES / "seed_fragment.txt").read_text(encoding="utf-8")


def _titles(doc):
    return [row.stage_title for row in doc.stages], [(row.stage, row.task_title) for row in doc.tasks]


def test_seed_fragment_is_checked_first_and_its_problems_shown(net, onb):
    doc = onb.panel()
    before = _titles(doc)

    result = api.import_panel(doc.name, text=SEED_FRAGMENT)

    assert result["saved"] is False
    assert result["stage_count"] == 1 and result["task_count"] == 3
    assert result["stages"][0]["title"] == "Processos para Cooperados Unimed XPTO"
    problems = " ".join(result["problems"])
    assert "INSERIR LINK DO YOUTUBE" in problems
    assert "Autorização de guia – Teleconsulta" in problems  # names the task
    assert "designed for 5" in problems
    frappe.db.rollback()
    assert _titles(frappe.get_doc(PANEL, doc.name)) == before  # nothing saved by the check


def test_confirm_replaces_stages_and_tasks_and_keeps_modules_and_progress(net, onb):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    user = net.user("clinica", clinics=(clinic.name,))
    doc = onb.panel(reseller=reseller.name, modules={"Agenda": "Agenda"})
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
    assert result["saved"] is True
    doc = frappe.get_doc(PANEL, doc.name)
    stages, tasks = _titles(doc)
    assert stages == ["Agenda", "Cadastro de pacientes", "Faturamento", "Relatórios"]
    assert ("Agenda", "Remarcar consultas") in tasks and ("Agenda", "Agendar consultas") not in tasks
    assert doc.stages[0].module == "Agenda"  # typed in the desk, kept
    assert doc.stages[3].locked == 1
    assert doc.preview == "Painel de teste."
    # Progress is kept by title: the task that kept its title is still done.
    state = api_state_for(user)
    assert [t["done"] for t in state["stages"][0]["tasks"]] == [True, False]


def api_state_for(user):
    frappe.set_user(user)
    try:
        return api.get_state()
    finally:
        frappe.set_user("Administrator")


def test_file_attachment_is_read_like_pasted_text(net, onb):
    doc = onb.panel()
    file = frappe.get_doc({"doctype": "File", "file_name": f"painel-{net.tag}.txt", "is_private": 1,
                           "content": SEED_FRAGMENT.encode("utf-8")})
    file.insert(ignore_permissions=True)
    try:
        result = api.import_panel(doc.name, file_url=file.file_url)
        assert result["task_count"] == 3
    finally:
        file.delete(ignore_permissions=True)


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('"conquistas": [\n  {\n    “descricao”: "Agenda"', 3, 5),  # typographic quotes
        ('{"conquistas": [\n  {"descricao": "Agenda", "tarefas": []}\n  {"descricao": "B"}]}', 3, 3),  # missing comma
        ("", 1, 1),
    ],
)
def test_malformed_text_is_refused_with_line_and_column(net, onb, text, line, column):
    doc = onb.panel()
    if not text:
        with pytest.raises(frappe.ValidationError):
            api.import_panel(doc.name, text=text)
        return
    with pytest.raises(frappe.ValidationError) as error:
        api.import_panel(doc.name, text=text)
    message = str(error.value)
    assert f"Line {line}, column {column}" in message or f"Linha {line}, coluna {column}" in message
    frappe.db.rollback()
    assert len(frappe.get_doc(PANEL, doc.name).stages) == 3


def test_import_over_http_shows_the_error_to_the_admin(net, onb, browser):
    admin = net.user("admin", roles=("Healthdesk Admin",), system=True)
    doc = onb.panel()
    browser.login(admin)
    browser.get("/app")
    response = browser.call("healthdesk.api.onboarding.import_panel", panel=doc.name,
                            text='"conquistas": [\n  {\n    ‘descricao’: "Agenda"')
    assert response.status_code == 417
    message = server_messages(response)
    assert "3" in message and "5" in message and ("Line 3" in message or "Linha 3" in message)

    checked = browser.call("healthdesk.api.onboarding.import_panel", panel=doc.name, text=SEED_FRAGMENT)
    assert checked.status_code == 200, checked.text
    assert checked.json()["message"]["problems"]


def test_clinic_user_and_reseller_manager_cannot_import(net, onb, browser):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    doc = onb.panel(reseller=reseller.name)
    user = net.user("clinica", clinics=(clinic.name,))
    browser.login(user)
    browser.get("/onboarding")
    response = browser.call("healthdesk.api.onboarding.import_panel", panel=doc.name, text=SEED_FRAGMENT, confirm=1)
    assert response.status_code == 403
    manager = net.user("gestor", roles=("Reseller Manager",))
    reseller.append("managers", {"user": manager})
    reseller.save(ignore_permissions=True)
    frappe.db.commit()
    frappe.set_user(manager)
    with pytest.raises(frappe.PermissionError):
        api.import_panel(doc.name, text=SEED_FRAGMENT, confirm=1)
    frappe.set_user("Administrator")
    frappe.db.rollback()
    assert len(frappe.get_doc(PANEL, doc.name).stages) == 3


def test_export_round_trips_and_carries_a_users_progress(net, onb):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    user = net.user("clinica", clinics=(clinic.name,))
    doc = onb.panel(reseller=reseller.name)

    plain = api.export_panel(doc.name)
    assert plain["filename"].endswith(".json")
    exported = parse_panel(plain["content"])
    assert exported == parse_panel(SMALL_PANEL)  # same stages, tasks, links, preview

    frappe.set_user(user)
    api.acknowledge_stages()
    api.mark_done(task_rows(doc)["Configurar a agenda"])
    frappe.set_user("Administrator")
    mine = json.loads(api.export_panel(doc.name, user=user)["content"])
    first = mine["conquistas"][0]
    assert [t["efetuada"] for t in first["tarefas"]] == [True, False]
    assert first["notificado"] is True and mine["conquistas"][1]["notificado"] is False
    assert mine["conquistas"][1]["tarefas"][1]["identificador_artigo"] == "https://ajuda.example.com/artigos/unificar"
    # A user's export holds the same panel content (only efetuada / notificado differ).
    assert _content(parse_panel(json.dumps(mine))) == _content(parse_panel(plain["content"]))


def _content(panel):
    return (panel.preview, [(s.title, s.locked, [(t.title, t.raw_link) for t in s.tasks]) for s in panel.stages])


def test_only_admins_export_a_users_progress(net, onb):
    reseller = net.reseller()
    doc = onb.panel(reseller=reseller.name)
    agent = net.user("agente", roles=("Agent",), system=True)
    frappe.set_user(agent)
    assert api.export_panel(doc.name)["content"]  # agents read panels
    with pytest.raises(frappe.PermissionError):
        api.export_panel(doc.name, user="Administrator")


def test_one_active_panel_per_reseller_and_one_global(net, onb):
    reseller = net.reseller()
    onb.panel(reseller=reseller.name)
    with pytest.raises(frappe.ValidationError, match="already has an active onboarding panel"):
        onb.panel(reseller=reseller.name)
    frappe.db.rollback()
    draft = onb.panel(reseller=reseller.name, active=0)  # an inactive draft is fine
    assert draft.name
    from healthdesk.onboarding.panels import active_panels

    if active_panels().get(None):
        with pytest.raises(frappe.ValidationError, match="active global onboarding panel"):
            onb.panel(reseller=None, active=1)


def test_duplicate_titles_and_unknown_stage_are_refused(net, onb):
    doc = onb.panel(reseller=net.reseller().name)
    doc.append("tasks", {"stage": "Agenda", "task_title": "configurar a agenda ", "link": ""})
    with pytest.raises(frappe.ValidationError, match="already has a task titled"):
        doc.save()
    doc.reload()
    doc.append("tasks", {"stage": "Não existe", "task_title": "X"})
    with pytest.raises(frappe.ValidationError, match="not one of the panel's stages"):
        doc.save()


def test_problems_are_stored_on_save(net, onb):
    doc = onb.panel(reseller=net.reseller().name)
    assert "Gerar o lote" in doc.problems and "INSERIR LINK DO YOUTUBE" in doc.problems
    assert "3 stages" in doc.problems


def test_renaming_a_stage_or_task_in_the_desk_keeps_progress(net, onb):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    user = net.user("clinica", clinics=(clinic.name,))
    doc = onb.panel(reseller=reseller.name)
    frappe.set_user(user)
    api.mark_done(task_rows(doc)["Configurar a agenda"])
    frappe.set_user("Administrator")
    frappe.db.commit()

    doc.reload()
    doc.stages[0].stage_title = "Agenda da clínica"
    next(t for t in doc.tasks if t.task_title == "Configurar a agenda").task_title = "Configurar a agenda do profissional"
    doc.save()
    assert {t.stage for t in doc.tasks[:2]} == {"Agenda da clínica"}
    assert frappe.db.get_value(PROGRESS, {"user": user, "panel": doc.name},
                               ["stage_title", "task_title"]) == ("Agenda da clínica", "Configurar a agenda do profissional")
    state = api_state_for(user)
    assert state["stages"][0]["tasks"][0]["done"] is True


def test_install_step_is_idempotent_and_makes_the_global_panel():
    from healthdesk.onboarding.setup import ensure_onboarding_defaults

    before = frappe.db.count(PANEL, {"reseller": ["is", "not set"]})
    ensure_onboarding_defaults()
    ensure_onboarding_defaults()
    assert frappe.db.count(PANEL, {"reseller": ["is", "not set"]}) == max(before, 1)
    assert frappe.db.exists("HD Ticket Type", "Consultancy")
    frappe.db.rollback()


def test_default_panel_comes_from_the_fixture():
    default = frappe.get_all(PANEL, filters={"reseller": ["is", "not set"]}, fields=["name"], order_by="creation asc")
    assert default
    doc = frappe.get_doc(PANEL, default[0].name)
    fixture = parse_panel(DEFAULT_PANEL.read_text(encoding="utf-8"))
    assert [row.stage_title for row in doc.stages] == [stage.title for stage in fixture.stages]
    assert len(doc.tasks) == sum(len(stage.tasks) for stage in fixture.stages)
