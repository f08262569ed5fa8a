"""The agent script on Helpdesk's agent ticket page (HD Form Script "Healthdesk Agent Script"),
in Chromium, as a Portuguese-speaking agent: the "Roteiro (0 de N)" button, the checklist, a tick
saved with who and when, and the button's count following it."""

from __future__ import annotations

import frappe
from conftest import BASE_URL, browser_login, click_when_ready
from intake_helpers import inet  # noqa: F401
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from healthdesk.agent_scripts import scripts
from healthdesk.agent_scripts.setup import ensure_agent_scripts_defaults


def _click(driver, xpath: str) -> None:
    click_when_ready(driver, xpath)


def _body(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def test_agent_sees_the_script_and_ticks_a_step_in_portuguese(inet, chrome):
    ensure_agent_scripts_defaults()
    frappe.db.commit()
    _reseller, clinic, customer = inet.clinic_user()
    agent = inet.agent()
    frappe.db.set_value("User", agent, "language", "pt-BR")
    frappe.db.commit()
    frappe.clear_cache(user=agent)
    ticket = inet.ticket(as_user=customer, clinic=clinic.name, ticket_category="Error", severity="Medium",
                         subject="Sistema lento ao abrir a agenda")
    name = scripts.script_for_ticket(ticket)
    assert name, "no agent script applies to an Error ticket: the shipped one is missing"
    steps = frappe.get_all("Agent Script Step", filters={"parent": name, "parenttype": "Agent Script"},
                           fields=["name", "idx", "step"], order_by="idx asc")
    total = len(steps)
    try:
        browser_login(chrome, agent)
        chrome.set_window_size(1366, 900)
        chrome.get(f"{BASE_URL}/helpdesk/tickets/{ticket.name}")
        _click(chrome, f"//button[normalize-space(.)='Roteiro (0 de {total})']")
        WebDriverWait(chrome, 30).until(lambda d: steps[1].step in _body(d))
        body = _body(chrome)
        assert "Marque cada passo ao concluí-lo." in body and f"0 de {total} passos feitos." in body
        assert all(s.step in body for s in steps)
        chrome.shot("agent-script-dialog-pt-BR")

        _click(chrome, f"//input[@type='checkbox' and @data-step='{steps[1].name}']")
        WebDriverWait(chrome, 30).until(lambda d: f"1 de {total} passos feitos." in _body(d))
        frappe.db.rollback()
        rows = frappe.get_all("Agent Script Check", filters={"ticket": ticket.name},
                              fields=["script", "step", "step_number", "step_text", "checked_by"])
        assert [(r.script, r.step, r.step_number, r.step_text, r.checked_by) for r in rows] == [
            (name, steps[1].name, 2, steps[1].step, agent)]
        assert "Marcado por" in _body(chrome)
        chrome.shot("agent-script-ticked-pt-BR")

        # the header button follows the tick
        chrome.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        WebDriverWait(chrome, 30).until(
            lambda d: d.find_elements(By.XPATH, f"//button[normalize-space(.)='Roteiro (1 de {total})']")
            and "passos feitos" not in _body(d))
        chrome.shot("agent-script-header-pt-BR")

        # after a reload the tick is still there
        chrome.get(f"{BASE_URL}/helpdesk/tickets/{ticket.name}")
        _click(chrome, f"//button[normalize-space(.)='Roteiro (1 de {total})']")
        WebDriverWait(chrome, 30).until(
            lambda d: d.find_element(By.XPATH, f"//input[@data-step='{steps[1].name}']").is_selected())
    finally:
        frappe.db.rollback()
        frappe.db.delete("Agent Script Check", {"ticket": ticket.name})
        frappe.db.commit()
