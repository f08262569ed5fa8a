"""The onboarding panel page in a real headless Chromium, as a clinic user in pt-BR: videos load
from youtube-nocookie.com only when asked for, the end of a video marks its task done, tasks are
marked by hand, stages complete and open, and "Agendar um horário" appears at the end — at desktop
and phone widths. There is no internet here: the page must work without YouTube."""

from __future__ import annotations

import frappe
import pytest
from conftest import BASE_URL, browser_login
from onboarding_helpers import onb, task_rows  # noqa: F401
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from healthdesk.onboarding.panels import PROGRESS


def pt(text: str) -> str:
    """What the site shows a pt-BR user for ``text``."""
    return frappe._(text, lang="pt-BR")


def _task(chrome, key):
    return chrome.find_element(By.CSS_SELECTOR, f'[data-task="{key}"]')


def _stage(chrome, number):
    return chrome.find_element(By.ID, f"hd-onb-stage-{number}")


def _mark_by_hand(chrome, key):
    item = _task(chrome, key)
    button = item.find_element(By.CSS_SELECTOR, ".hd-onb-task__mark")
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    WebDriverWait(chrome, 20).until(lambda d: "is-done" in _task(d, key).get_attribute("class"))


def test_clinic_user_works_through_the_panel(net, onb, chrome):
    reseller = net.reseller(reseller_name="Revenda Navegador")
    clinic = net.clinic(reseller.name, clinic_name="Clínica Navegador")
    user = net.user("clinica", clinics=(clinic.name,), language="pt-BR")
    panel = onb.panel(reseller=reseller.name, modules={"Agenda": "Agenda", "Cadastro de pacientes": "Pacientes",
                                                        "Faturamento": "Faturamento/TISS"})
    tasks = task_rows(panel)

    browser_login(chrome, user)
    chrome.get(BASE_URL + "/onboarding")
    wait = WebDriverWait(chrome, 20)
    wait.until(ec.presence_of_element_located((By.ID, "hd-onb-stage-1")))
    assert pt("Getting started") in chrome.find_element(By.CSS_SELECTOR, ".hd-onb__title").text
    # Stage 1 is new to this user: a banner says so, once.
    banner = wait.until(ec.visibility_of_element_located((By.ID, "hd-onb-banner")))
    assert "Agenda" in banner.text
    assert "is-locked" in _stage(chrome, 2).get_attribute("class")
    assert "Agenda" in _stage(chrome, 2).find_element(By.CSS_SELECTOR, ".hd-onb-stage__lock").text
    # No request to YouTube until the user asks for a video.
    assert not chrome.find_elements(By.CSS_SELECTOR, "iframe")
    assert not chrome.execute_script("return !!document.querySelector('script[src*=\"youtube.com/iframe_api\"]')")
    chrome.shot("onboarding-desktop-start")

    # The video of task 1 plays embedded from youtube-nocookie.com; when it ends (the YouTube
    # IFrame API's ENDED state, stubbed here: no internet) the task is marked done as watched.
    chrome.execute_script("""
        window.__hdPlayers = [];
        window.YT = {PlayerState: {ENDED: 0}, Player: function (iframe, options) { window.__hdPlayers.push(options); }};
    """)
    first = _task(chrome, tasks["Configurar a agenda"])
    first.find_element(By.CSS_SELECTOR, ".hd-onb-task__watch").click()
    iframe = wait.until(lambda d: first.find_element(By.CSS_SELECTOR, ".hd-onb-video iframe"))
    assert iframe.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/AAAAAAAAA01?enablejsapi=1")
    chrome.execute_script("window.__hdPlayers[0].events.onStateChange({data: 0})")
    wait.until(lambda d: "is-done" in _task(d, tasks["Configurar a agenda"]).get_attribute("class"))
    frappe.db.rollback()
    assert frappe.db.get_value(PROGRESS, {"user": user, "task_title": "Configurar a agenda"}, "how") == "Watched"
    chrome.execute_script("delete window.YT")
    assert pt("{0} of {1} tasks done").format(1, 2) in _stage(chrome, 1).text

    # The second task by hand: stage 1 completes, stage 2 opens, the banner names it.
    _mark_by_hand(chrome, tasks["Agendar consultas"])
    wait.until(lambda d: "is-complete" in _stage(d, 1).get_attribute("class"))
    assert "is-locked" not in _stage(chrome, 2).get_attribute("class")
    assert pt("Complete") in _stage(chrome, 1).find_element(By.CSS_SELECTOR, ".hd-onb-stage__status").text
    wait.until(lambda d: "Cadastro de pacientes" in d.find_element(By.ID, "hd-onb-banner").text)
    assert pt("New stage open: {0}").format("Cadastro de pacientes") == chrome.find_element(By.ID, "hd-onb-banner").text
    article = _task(chrome, tasks["Unificar cadastros"]).find_element(By.CSS_SELECTOR, "a.hd-onb-task__article")
    assert article.get_attribute("target") == "_blank" and "noopener" in article.get_attribute("rel")
    assert not chrome.find_element(By.ID, "hd-onb-finish").is_displayed()
    chrome.execute_script("window.scrollTo(0, 0)")
    chrome.shot("onboarding-desktop-stage-complete")

    for title in ("Cadastrar um paciente", "Unificar cadastros", "Gerar o lote"):
        _mark_by_hand(chrome, tasks[title])
    finish = wait.until(ec.visibility_of_element_located((By.ID, "hd-onb-finish")))
    book = finish.find_element(By.ID, "hd-onb-book")
    assert book.text == pt("Book a meeting")
    if pt("Book a meeting") != "Book a meeting":
        assert book.text == "Agendar um horário"
    assert pt("{0} of {1} tasks done").format(5, 5) in chrome.find_element(By.ID, "hd-onb-overall").text
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'})", finish)
    chrome.shot("onboarding-desktop-finished")

    # No booking link at this reseller: the button asks for preferred times and opens a ticket.
    book.click()
    times = wait.until(ec.visibility_of_element_located((By.ID, "hd-onb-times")))
    times.send_keys("Terça ou quinta, das 14h às 16h")
    chrome.find_element(By.CSS_SELECTOR, "#hd-onb-meeting button[type=submit]").click()
    ok = wait.until(ec.visibility_of_element_located((By.ID, "hd-onb-meeting-ok")))
    frappe.db.rollback()
    ticket = frappe.db.get_value("HD Ticket", {"raised_by": user}, ["name", "clinic", "ticket_type"], as_dict=True)
    assert ticket
    net.track("HD Ticket", ticket.name)
    assert ticket.clinic == clinic.name and ticket.ticket_type == "Consultancy"
    assert ticket.name in ok.text
    chrome.shot("onboarding-desktop-meeting-requested")

    # Phone width: the finished panel still reads and the buttons fit.
    chrome.set_window_size(375, 812)
    chrome.get(BASE_URL + "/onboarding")
    wait.until(ec.presence_of_element_located((By.ID, "hd-onb-stage-1")))
    width = chrome.execute_script("return document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways at phone width ({width}px)"
    chrome.shot("onboarding-phone-top")
    finish = chrome.find_element(By.ID, "hd-onb-finish")
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'})", finish)
    assert finish.find_element(By.ID, "hd-onb-book").is_displayed()
    chrome.shot("onboarding-phone-finished")


def test_phone_width_in_progress(net, onb, chrome):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    user = net.user("clinica", clinics=(clinic.name,), language="pt-BR")
    panel = onb.panel(reseller=reseller.name, modules={"Agenda": "Agenda"})
    chrome.set_window_size(375, 812)
    browser_login(chrome, user)
    chrome.get(BASE_URL + "/onboarding")
    wait = WebDriverWait(chrome, 20)
    wait.until(ec.presence_of_element_located((By.ID, "hd-onb-stage-1")))
    _mark_by_hand(chrome, task_rows(panel)["Configurar a agenda"])
    first = _task(chrome, task_rows(panel)["Agendar consultas"])
    first.find_element(By.CSS_SELECTOR, ".hd-onb-task__watch").click()  # plays (offline: an error page)
    wait.until(lambda d: first.find_element(By.CSS_SELECTOR, ".hd-onb-video iframe"))
    assert chrome.execute_script("return document.documentElement.scrollWidth") <= 375
    chrome.execute_script("window.scrollTo(0, 0)")
    chrome.shot("onboarding-phone-in-progress")
    # Marking by hand works without the YouTube API (unreachable here).
    _mark_by_hand(chrome, task_rows(panel)["Agendar consultas"])
    wait.until(lambda d: "is-locked" not in _stage(d, 2).get_attribute("class"))


def test_admin_imports_the_seed_fragment_in_the_desk(net, onb, chrome, desk_ready):
    from pathlib import Path

    fragment = (Path(__file__).resolve().parents[2] / "fixtures" / "onboarding" / "seed_fragment.txt").read_text(
        encoding="utf-8")
    admin = net.user("admin", roles=("Healthdesk Admin",), system=True, language="pt-BR")
    reseller = net.reseller()
    panel = onb.panel(reseller=reseller.name)
    browser_login(chrome, admin)
    chrome.get(f"{BASE_URL}/app/onboarding-panel/{panel.name}")
    wait = WebDriverWait(chrome, 30)
    import_label = pt("Import from file or text")
    button = wait.until(ec.element_to_be_clickable(
        (By.XPATH, f'//button[contains(normalize-space(.), "{import_label}")]')))
    button.click()
    wait.until(lambda d: d.execute_script("return !!(window.cur_dialog && cur_dialog.fields_dict.text)"))
    chrome.execute_script("cur_dialog.set_value('text', arguments[0])", fragment)
    chrome.execute_script("cur_dialog.get_primary_btn().click()")
    result = wait.until(lambda d: d.execute_script(
        "const t = cur_dialog.fields_dict.result.$wrapper.text(); return t.includes('INSERIR') ? t : null"))
    assert "INSERIR LINK DO YOUTUBE" in result and "Processos para Cooperados Unimed XPTO" in result
    assert chrome.execute_script("return cur_dialog.get_primary_btn().text().trim()") == pt("Replace stages and tasks")
    chrome.shot("onboarding-desk-import-check")
    frappe.db.rollback()
    assert len(frappe.get_doc("Onboarding Panel", panel.name).stages) == 3  # the check saved nothing

    chrome.execute_script("cur_dialog.get_primary_btn().click()")
    wait.until(lambda d: d.execute_script("return !cur_dialog || !cur_dialog.display"))
    wait.until(lambda d: d.execute_script("return cur_frm && cur_frm.doc.stages.length === 1"))
    frappe.db.rollback()
    doc = frappe.get_doc("Onboarding Panel", panel.name)
    assert [row.stage_title for row in doc.stages] == ["Processos para Cooperados Unimed XPTO"]
    assert len(doc.tasks) == 3 and "INSERIR LINK DO YOUTUBE" in doc.problems
    chrome.execute_script("window.scrollTo(0, 0)")
    chrome.shot("onboarding-desk-after-import")
    grid = chrome.find_element(By.CSS_SELECTOR, '[data-fieldname="tasks"]')
    chrome.execute_script("arguments[0].scrollIntoView({block: 'start'})", grid)
    options = chrome.execute_script(
        "return cur_frm.fields_dict.tasks.grid.get_docfield('stage').options")
    assert "Processos para Cooperados Unimed XPTO" in options
    chrome.shot("onboarding-desk-tasks")
