"""The healthdesk menu on Helpdesk's agent ticket page (HD Form Script "Healthdesk Ticket
Actions"): an agent escalates with a reason and asks the clinic for data access, in Chromium."""

from __future__ import annotations

import frappe
from conftest import BASE_URL, browser_login, click_when_ready
from intake_helpers import inet  # noqa: F401
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from healthdesk.setup.install import TICKET_ACTIONS_SCRIPT, ensure_ticket_actions


def _click(driver, xpath: str) -> None:
    click_when_ready(driver, xpath)


def _click_text(driver, text: str) -> None:
    _click(driver, f"//button[normalize-space(.)='{text}']")


def _menu_item(driver, text: str) -> None:
    _click(driver, f"//*[@role='menu']//*[normalize-space(text())='{text}']")


def _fill_dialog(driver, text: str) -> None:
    area = WebDriverWait(driver, 30).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "textarea[id^='hd-action-text-']")))
    area.send_keys(text)


def _wait_for(predicate, timeout: int = 30) -> None:
    WebDriverWait(None, timeout).until(lambda _d: (frappe.db.rollback() or True) and predicate())


def test_install_writes_the_script_and_keeps_the_admins_switch():
    ensure_ticket_actions()
    script = frappe.get_doc("HD Form Script", TICKET_ACTIONS_SCRIPT)
    assert script.dt == "HD Ticket" and script.apply_to == "Form" and not script.apply_to_customer_portal
    assert "healthdesk.api.escalation.escalate" in script.script
    frappe.db.set_value("HD Form Script", TICKET_ACTIONS_SCRIPT, {"enabled": 0, "script": "// changed"})
    try:
        ensure_ticket_actions()
        values = frappe.db.get_value("HD Form Script", TICKET_ACTIONS_SCRIPT, ["enabled", "script"], as_dict=True)
        assert values.enabled == 0  # the admin's choice stays
        assert "setupForm" in values.script  # the code is ours again
    finally:
        frappe.db.set_value("HD Form Script", TICKET_ACTIONS_SCRIPT, "enabled", 1)
        frappe.db.commit()


def test_agent_escalates_and_requests_access_from_the_ticket_page(inet, chrome):
    ensure_ticket_actions()
    frappe.db.commit()
    _reseller, clinic, customer = inet.clinic_user()
    agent = inet.agent()
    ticket = inet.ticket(as_user=customer, clinic=clinic.name, ticket_category="Question",
                         subject="Agenda não abre", system_module="Agenda")
    try:
        browser_login(chrome, agent)
        chrome.set_window_size(1366, 900)
        chrome.get(f"{BASE_URL}/helpdesk/tickets/{ticket.name}")

        _click_text(chrome, "Level 1")
        _menu_item(chrome, "Escalate")
        _fill_dialog(chrome, "Precisa do suporte do produto")
        chrome.shot("ticket-actions-escalate-dialog")
        _click_text(chrome, "Escalate")
        _wait_for(lambda: frappe.db.get_value("HD Ticket", ticket.name, "support_level") == 2)
        move = frappe.get_all("Ticket Escalation", filters={"ticket": ticket.name},
                              fields=["from_level", "to_level", "reason", "by_user"])
        assert [(m.from_level, m.to_level, m.reason, m.by_user) for m in move] == [
            (1, 2, "Precisa do suporte do produto", agent)]

        # The page reloads itself after the action: the menu now reads Level 2.
        _click_text(chrome, "Level 2")
        _menu_item(chrome, "Request clinic data access")
        _fill_dialog(chrome, "Preciso ver a agenda da clínica para reproduzir o erro")
        _click_text(chrome, "Send request")
        _wait_for(lambda: bool(frappe.db.exists("Support Access Request", {"ticket": ticket.name})))
        request = frappe.get_all("Support Access Request", filters={"ticket": ticket.name},
                                 fields=["requested_by", "status", "clinic"])[0]
        assert (request.requested_by, request.status, request.clinic) == (agent, "Pending", clinic.name)
        chrome.shot("ticket-actions-after-request")

        # In Portuguese, a refusal reaches the agent as the server's message (a reason is required).
        frappe.db.set_value("User", agent, "language", "pt-BR")
        frappe.db.commit()
        frappe.clear_cache(user=agent)
        chrome.get(f"{BASE_URL}/helpdesk/tickets/{ticket.name}")
        _click_text(chrome, "Nível 2")
        _menu_item(chrome, "Devolver")
        _click_text(chrome, "Devolver")
        WebDriverWait(chrome, 30).until(
            lambda d: "Escreva o Motivo desta mudança de nível." in d.find_element(By.TAG_NAME, "body").text)
        assert frappe.db.get_value("HD Ticket", ticket.name, "support_level") == 2
        chrome.shot("ticket-actions-refusal-pt-BR")
    finally:
        frappe.db.rollback()
        for name in frappe.get_all("Support Access Request", filters={"ticket": ticket.name}, pluck="name"):
            frappe.db.delete("Support Access Log", {"reference_name": name})
            frappe.db.delete("Notification Log", {"document_type": "Support Access Request", "document_name": name})
            frappe.db.delete("Support Access Request", {"name": name})
        frappe.db.commit()
