"""The vendor's indicator dashboard in the desk (Frappe's Dashboard view of "Healthdesk Indicators")
and the Healthdesk workspace's indicator definitions, in Chromium, as Administrator speaking
Portuguese, at a desktop (1280 px) and a phone (390 px) width. Screenshots:
``indicators-dashboard-1280``, ``indicators-dashboard-390``, ``indicators-workspace-definitions``."""

from __future__ import annotations

import time
from datetime import timedelta

import frappe
import pytest
from conftest import BASE_URL, browser_login
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from healthdesk.indicators.assignments import sync
from healthdesk.indicators.metrics import recompute

DASHBOARD = "Healthdesk Indicators"
ADMIN_PASSWORD = frappe.conf.get("admin_password") or "admin"


@pytest.fixture
def portuguese_admin():
    before = frappe.db.get_value("User", "Administrator", "language")
    frappe.db.set_value("User", "Administrator", "language", "pt-BR")
    frappe.db.commit()
    yield
    frappe.db.set_value("User", "Administrator", "language", before)
    frappe.db.commit()


def _cards(driver) -> dict[str, str]:
    """Number card title -> shown number, once every card has loaded."""
    out = {}
    for card in driver.find_elements(By.CSS_SELECTOR, ".number-widget-box"):
        title = card.find_element(By.CSS_SELECTOR, ".widget-title").text.strip().lower()  # shown in capitals
        out[title] = card.find_element(By.CSS_SELECTOR, ".number").text.strip() if card.find_elements(
            By.CSS_SELECTOR, ".number") else ""
    return out


CHARTS = ("Tickets per Day", "Tickets per Week", "Tickets per Month", "Tickets by Category", "Tickets by Module",
          "Tickets by Severity", "Tickets by Reseller", "Tickets by Clinic", "Business Hours vs SLA Targets",
          "SLA Compliance", "Backlog Ageing", "Agents", "Support Levels", "Consultancy per Month")


def _pt(source: str) -> str:
    """The pt-BR row of ``source`` in healthdesk's translations (the desk shows chart titles through __())."""
    from frappe.translate import get_all_translations

    return get_all_translations("pt-BR").get(source, source)


def _chart_titles(driver) -> list[str]:
    return driver.execute_script("return [...document.querySelectorAll('.dashboard-graph .widget-title')]"
                                 ".map(e => e.textContent.trim())")


def _drawn(driver) -> int:
    """Charts Frappe Charts has drawn (an svg in the chart's container)."""
    return driver.execute_script("return [...document.querySelectorAll('.dashboard-graph .chart-container')]"
                                 ".filter(c => c.querySelector('svg')).length")


def _open_dashboard(driver, width: int):
    driver.set_window_size(width, 1600)
    driver.get(f"{BASE_URL}/app/dashboard-view/{DASHBOARD}")
    WebDriverWait(driver, 60).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".number-widget-box")) == 5)
    WebDriverWait(driver, 60).until(lambda d: all(_cards(d).values()))
    WebDriverWait(driver, 60).until(lambda d: {_pt(c) for c in CHARTS} <= set(_chart_titles(d)),
                                    message="chart titles")
    # every chart drew (Frappe Charts' svg), none failed; then let the bars finish growing
    WebDriverWait(driver, 60).until(lambda d: _drawn(d) >= len(CHARTS), message="charts drawn")
    time.sleep(2)
    driver.execute_script("window.scrollTo(0, 0)")


def test_dashboard_in_portuguese_at_desktop_and_phone_widths(net, contract_sla, chrome, desk_ready, portuguese_admin):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    today = frappe.utils.now_datetime()
    made = []
    for hours_ago, answered in ((30, True), (5, True), (2, False)):
        doc = net.ticket(clinic=clinic.name, severity="High", subject=f"Painel {hours_ago}")
        values = {"creation": today - timedelta(hours=hours_ago)}
        if answered:
            values["first_responded_on"] = today - timedelta(hours=hours_ago - 1)
        frappe.db.set_value("HD Ticket", doc.name, values, update_modified=False)
        made.append(doc.name)
    agent = net.agent()  # one assignment, so that the per-agent chart has a bar too
    todo = frappe.get_doc({"doctype": "ToDo", "allocated_to": agent, "status": "Open", "reference_type": "HD Ticket",
                           "reference_name": made[0], "description": "painel"})
    todo.name = frappe.generate_hash(length=12)
    todo.db_insert()
    recompute(made)
    sync(made)  # the ToDo went in as a row, around its events: its per-agent row as the install makes it
    frappe.db.commit()

    browser_login(chrome, "Administrator", ADMIN_PASSWORD)
    _open_dashboard(chrome, 1280)
    chrome.shot("indicators-dashboard-1280")
    cards = _cards(chrome)
    labels = ("Open Backlog", "Tickets This Period", "Response Compliance", "Median First Response (business hours)",
              "Consultancy Volume")
    assert set(cards) == {_pt(label).lower() for label in labels}, cards
    assert "chamados em aberto" in cards  # in Portuguese
    assert int(cards[_pt("Tickets This Period").lower()].replace(".", "")) >= 3
    assert int(cards[_pt("Open Backlog").lower()].replace(".", "")) >= 3
    body = chrome.find_element(By.TAG_NAME, "body").text.lower()
    assert "não permitido" not in body and "erro" not in body

    _open_dashboard(chrome, 390)
    assert chrome.execute_script("return document.documentElement.scrollWidth") <= 400  # no sideways scrolling
    chrome.shot("indicators-dashboard-390")

    # the workspace: the Indicators shortcut and every indicator's definition, in Portuguese
    chrome.set_window_size(1280, 1600)
    chrome.get(f"{BASE_URL}/app/healthdesk")
    WebDriverWait(chrome, 60).until(lambda d: "Definições dos indicadores" in d.execute_script(
        "return [...document.querySelectorAll('.custom-block-widget-box')].map(w => "
        "(w.querySelector('div') && w.querySelector('div').shadowRoot ? "
        "w.querySelector('div').shadowRoot.textContent : w.textContent)).join(' ')") or "Definições dos indicadores" in
        d.execute_script("return [...document.querySelectorAll('*')].filter(e => e.shadowRoot)"
                         ".map(e => e.shadowRoot.textContent).join(' ')"))
    text = chrome.execute_script("return [...document.querySelectorAll('*')].filter(e => e.shadowRoot)"
                                 ".map(e => e.shadowRoot.textContent).join(' ')")
    assert "horas úteis" in text and "Chamados em aberto" in text
    assert "Indicadores" in chrome.find_element(By.TAG_NAME, "body").text
    block = chrome.find_element(By.CSS_SELECTOR, ".custom-block-widget-box")
    chrome.execute_script("arguments[0].scrollIntoView()", block)
    chrome.shot("indicators-workspace-definitions")
