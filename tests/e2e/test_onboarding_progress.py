"""A clinic user's onboarding panel over HTTP: which panel, marking tasks done, the locking rule,
stage notices once — and every denial (guest, no clinic, other panels, locked stages, other users'
progress, the raw REST API)."""

from __future__ import annotations

import frappe
import pytest
from conftest import server_messages
from onboarding_helpers import global_panel, onb, task_rows  # noqa: F401

from healthdesk.onboarding.panels import NOTICE, PANEL, PROGRESS

API = "healthdesk.api.onboarding"


@pytest.fixture
def clinic_user(net, onb):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    user = net.user("clinica", clinics=(clinic.name,))
    panel = onb.panel(reseller=reseller.name)
    return {"user": user, "reseller": reseller, "clinic": clinic, "panel": panel, "tasks": task_rows(panel)}


def _state(browser):
    response = browser.call(f"{API}.get_state")
    assert response.status_code == 200, response.text
    return response.json()["message"]


def _mark(browser, task, how="Marked by hand"):
    return browser.call(f"{API}.mark_done", task=task, how=how)


def test_guest_is_refused_and_sent_to_login(browser, clinic_user):
    page = browser.get("/onboarding", allow_redirects=False)
    assert page.status_code in (301, 302, 303) and "/login" in page.headers["Location"]
    assert browser.call(f"{API}.get_state").status_code == 403
    assert _mark(browser, clinic_user["tasks"]["Configurar a agenda"]).status_code == 403
    assert browser.call(f"{API}.request_meeting", preferred_times="terça").status_code == 403


def test_user_without_clinic_gets_a_clear_message(net, browser, clinic_user):
    browser.login(net.user("semclinica"))
    page = browser.get("/onboarding")
    assert page.status_code == 200
    assert 'id="hd-onb-message"' in page.text and 'class="hd-onb-stage' not in page.text
    response = browser.call(f"{API}.get_state")
    assert response.status_code == 403
    message = server_messages(response)
    assert "clinic" in message.lower() or "clínica" in message.lower()
    assert _mark(browser, clinic_user["tasks"]["Configurar a agenda"]).status_code == 403


def test_user_sees_their_resellers_panel_and_marks_tasks(browser, clinic_user):
    browser.login(clinic_user["user"])
    page = browser.get("/onboarding")
    assert page.status_code == 200
    assert "Cadastro de pacientes" in page.text and "youtube-nocookie.com/embed/AAAAAAAAA01" in page.text
    assert 'href="https://ajuda.example.com/artigos/unificar" target="_blank"' in page.text
    assert 'rel="noopener noreferrer"' in page.text

    state = _state(browser)
    assert state["panel"] == clinic_user["panel"].name
    assert [s["open"] for s in state["stages"]] == [True, False, False]
    assert state["stages"][1]["lock_reason"] and "Agenda" in state["stages"][1]["lock_reason"]
    kinds = [t["kind"] for s in state["stages"] for t in s["tasks"]]
    assert kinds == ["video", "video", "video", "article", "missing"]
    assert state["stages"][0]["tasks"][1]["embed"].startswith("https://www.youtube-nocookie.com/embed/AAAAAAAAA02?")

    response = _mark(browser, clinic_user["tasks"]["Configurar a agenda"], how="Watched")
    assert response.status_code == 200, response.text
    result = response.json()["message"]
    assert result["state"]["stages"][0]["done"] == 1 and result["state"]["stages"][0]["percent"] == 50
    assert result["new_stages"] == ["Agenda"]  # the page had not told this user about stage 1 yet
    frappe.db.rollback()
    record = frappe.get_all(PROGRESS, filters={"user": clinic_user["user"]}, fields=["how", "done", "done_on", "task_title"])
    assert len(record) == 1 and record[0].how == "Watched" and record[0].done_on
    # Marking again changes nothing.
    assert _mark(browser, clinic_user["tasks"]["Configurar a agenda"]).status_code == 200
    frappe.db.rollback()
    assert frappe.db.count(PROGRESS, {"user": clinic_user["user"]}) == 1
    assert frappe.db.get_value(PROGRESS, {"user": clinic_user["user"]}, "how") == "Watched"


def test_locked_stage_refuses_its_tasks_until_the_previous_is_complete(browser, clinic_user):
    tasks = clinic_user["tasks"]
    browser.login(clinic_user["user"])
    browser.get("/onboarding")
    locked = _mark(browser, tasks["Cadastrar um paciente"])
    assert locked.status_code == 403
    assert "Cadastro de pacientes" in server_messages(locked)

    _mark(browser, tasks["Configurar a agenda"])
    opened = _mark(browser, tasks["Agendar consultas"]).json()["message"]
    assert opened["new_stages"] == ["Cadastro de pacientes"]
    assert [s["open"] for s in opened["state"]["stages"]] == [True, True, False]
    assert opened["state"]["stages"][0]["complete"] is True
    assert _mark(browser, tasks["Cadastrar um paciente"]).status_code == 200
    assert _mark(browser, tasks["Gerar o lote"]).status_code == 403  # stage 3 still locked


def test_admin_unlocking_a_stage_opens_it(browser, clinic_user):
    doc = clinic_user["panel"]
    browser.login(clinic_user["user"])
    browser.get("/onboarding")
    assert _mark(browser, clinic_user["tasks"]["Gerar o lote"]).status_code == 403
    doc.reload()
    doc.stages[2].locked = 0
    doc.save()
    frappe.db.commit()
    state = _state(browser)
    assert [s["open"] for s in state["stages"]] == [True, False, True]
    assert "Faturamento" in state["unnoticed"]
    assert _mark(browser, clinic_user["tasks"]["Gerar o lote"]).status_code == 200


def test_tasks_of_another_panel_are_refused(net, onb, browser, clinic_user):
    other = net.reseller()
    other_panel = onb.panel(reseller=other.name)
    browser.login(clinic_user["user"])
    browser.get("/onboarding")
    response = _mark(browser, task_rows(other_panel)["Configurar a agenda"])
    assert response.status_code == 403
    assert _mark(browser, "not-a-task").status_code == 403
    frappe.db.rollback()
    assert not frappe.db.exists(PROGRESS, {"panel": other_panel.name})


def test_nobody_touches_another_users_progress(net, browser, clinic_user):
    colleague = net.user("colega", clinics=(clinic_user["clinic"].name,))
    browser.login(colleague)
    browser.get("/onboarding")
    # No parameter names a user: an extra "user" is ignored and the colleague's own progress moves.
    response = browser.call(f"{API}.mark_done", task=clinic_user["tasks"]["Configurar a agenda"],
                            user=clinic_user["user"])
    assert response.status_code == 200
    frappe.db.rollback()
    assert not frappe.db.exists(PROGRESS, {"user": clinic_user["user"]})
    assert frappe.db.exists(PROGRESS, {"user": colleague})
    # The raw REST API is closed to portal users: no reading, writing or creating progress.
    name = frappe.db.get_value(PROGRESS, {"user": colleague})
    assert browser.get(f"/api/resource/{PROGRESS}").status_code == 403
    assert browser.get(f"/api/resource/{PROGRESS}/{name}").status_code == 403
    created = browser.post(f"/api/resource/{PROGRESS}", json={
        "user": clinic_user["user"], "panel": clinic_user["panel"].name, "stage_title": "Agenda",
        "task_title": "Agendar consultas", "done": 1})
    assert created.status_code == 403
    deleted = browser.session.delete(browser.url(f"/api/resource/{PROGRESS}/{name}"),
                                     headers={"X-Frappe-CSRF-Token": browser.csrf_token or ""})
    assert deleted.status_code == 403
    assert browser.get(f"/api/resource/{PANEL}/{clinic_user['panel'].name}").status_code == 403
    frappe.db.rollback()
    assert not frappe.db.exists(PROGRESS, {"user": clinic_user["user"]})


def test_unknown_how_is_refused(browser, clinic_user):
    browser.login(clinic_user["user"])
    browser.get("/onboarding")
    assert _mark(browser, clinic_user["tasks"]["Configurar a agenda"], how="Hacked").status_code == 417


def test_stage_notices_happen_once(browser, clinic_user):
    user = clinic_user["user"]
    browser.login(user)
    browser.get("/onboarding")
    state = _state(browser)
    assert state["unnoticed"] == ["Agenda"]
    first = browser.call(f"{API}.acknowledge_stages").json()["message"]
    assert first == ["Agenda"]
    assert browser.call(f"{API}.acknowledge_stages").json()["message"] == []
    assert _state(browser)["unnoticed"] == []
    frappe.db.rollback()
    logs = frappe.get_all("Notification Log", filters={"for_user": user}, fields=["subject", "link", "document_name"])
    assert len(logs) == 1 and logs[0].link == "/onboarding" and "Agenda" in logs[0].subject
    assert frappe.db.count(NOTICE, {"user": user}) == 1

    # Completing stage 1 opens stage 2: notified in the same call, once.
    browser.call(f"{API}.mark_done", task=clinic_user["tasks"]["Configurar a agenda"])
    opened = browser.call(f"{API}.mark_done", task=clinic_user["tasks"]["Agendar consultas"]).json()["message"]
    assert opened["new_stages"] == ["Cadastro de pacientes"]
    assert browser.call(f"{API}.acknowledge_stages").json()["message"] == []
    frappe.db.rollback()
    assert frappe.db.count("Notification Log", {"for_user": user}) == 2
    assert frappe.db.count(NOTICE, {"user": user}) == 2


def test_new_stage_added_by_admin_is_notified(browser, clinic_user):
    browser.login(clinic_user["user"])
    browser.get("/onboarding")
    browser.call(f"{API}.acknowledge_stages")
    doc = clinic_user["panel"]
    doc.reload()
    doc.append("stages", {"stage_title": "Novidades", "locked": 0})
    doc.append("tasks", {"stage": "Novidades", "task_title": "O que mudou", "link": "https://youtu.be/AAAAAAAAA20"})
    doc.save()
    frappe.db.commit()
    assert browser.call(f"{API}.acknowledge_stages").json()["message"] == ["Novidades"]


def test_user_of_a_reseller_without_panel_sees_the_global_default(net, onb, browser):
    name = global_panel(onb)
    reseller = net.reseller()
    user = net.user("clinica", clinics=(net.clinic(reseller.name).name,))
    browser.login(user)
    browser.get("/onboarding")
    assert _state(browser)["panel"] == name


def test_multi_reseller_user_sees_the_first_resellers_panel(net, onb, browser):
    first = net.reseller(short_code=f"A{net.tag.upper()}")
    second = net.reseller(short_code=f"B{net.tag.upper()}")
    panel_second = onb.panel(reseller=second.name, title="Segundo")
    user = net.user("multi", clinics=(net.clinic(second.name).name, net.clinic(first.name).name))
    browser.login(user)
    browser.get("/onboarding")
    assert _state(browser)["panel"] == panel_second.name  # only the second reseller has a panel
    panel_first = onb.panel(reseller=first.name, title="Primeiro")
    assert _state(browser)["panel"] == panel_first.name  # both have one: the first by ID wins


def test_inactive_clinic_does_not_count(net, onb, browser):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    onb.panel(reseller=reseller.name)
    user = net.user("clinica", clinics=(clinic.name,))
    clinic.is_active = 0
    clinic.save(ignore_permissions=True)
    frappe.db.commit()
    browser.login(user)
    assert browser.call(f"{API}.get_state").status_code == 403


def test_deleting_a_user_deletes_their_progress(net, browser, clinic_user):
    user = net.user("efemero", clinics=(clinic_user["clinic"].name,))
    browser.login(user)
    browser.get("/onboarding")
    browser.call(f"{API}.acknowledge_stages")
    browser.call(f"{API}.mark_done", task=clinic_user["tasks"]["Configurar a agenda"])
    frappe.db.rollback()
    assert frappe.db.exists(PROGRESS, {"user": user}) and frappe.db.exists(NOTICE, {"user": user})
    frappe.delete_doc("User", user, force=True, ignore_permissions=True)
    assert not frappe.db.exists(PROGRESS, {"user": user}) and not frappe.db.exists(NOTICE, {"user": user})
    frappe.db.commit()
