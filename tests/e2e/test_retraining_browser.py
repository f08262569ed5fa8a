"""The Retraining Needs report in the desk, in Chromium, in Portuguese: a cooperative's clinic that
asks far more questions about a module per active user than its network is ranked first with its
figures and onboarding completion, and "Agendar sessão" books a retraining session (a Consultancy
ticket for the clinic and module)."""

from __future__ import annotations

import secrets
import time

import frappe
from conftest import BASE_URL, browser_login, click_when_ready
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from healthdesk.onboarding.panels import PROGRESS
from healthdesk.test_utils import Network, Onboarding

REPORT_URL = "/app/query-report/Retraining%20Needs"


def _body(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def _login(user: str) -> None:
    frappe.get_doc({"doctype": "Activity Log", "user": user, "operation": "Login", "status": "Success",
                    "subject": "login"}).insert(ignore_permissions=True)


def test_report_ranks_a_clinic_and_books_a_session_in_portuguese(chrome, desk_ready):
    net = Network()
    onb = Onboarding(net)
    module = f"Agenda E{secrets.token_hex(3)}"
    language = frappe.db.get_value("User", "Administrator", "language")
    users: list[str] = []
    try:
        frappe.get_doc({"doctype": "System Module", "module_name": module, "enabled": 1}).insert(ignore_permissions=True)
        frappe.db.set_value("User", "Administrator", "language", "pt-BR")
        reseller = net.reseller().name
        busy, calm, quiet = (net.clinic(reseller, clinic_name=name) for name in
                             ("Clínica Muitas Dúvidas", "Clínica Poucas Dúvidas", "Clínica Silenciosa"))
        b1, b2 = (net.user("busy", clinics=(busy.name,)) for _ in range(2))
        c1, c2 = (net.user("calm", clinics=(calm.name,)) for _ in range(2))
        q1 = net.user("quiet", clinics=(quiet.name,))
        users = [b1, b2, c1, c2, q1]
        for user in users:
            _login(user)
        for user, clinic, count in ((b1, busy, 4), (b2, busy, 2), (c1, calm, 1)):
            for _ in range(count):
                net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", system_module=module,
                           subject="Como remarco uma consulta?")
        panel = onb.panel(reseller=reseller, modules={"Agenda": module})
        stage = panel.tasks[0].stage
        frappe.get_doc({"doctype": PROGRESS, "user": b1, "panel": panel.name, "stage_title": stage,
                        "task_title": panel.tasks[0].task_title, "done": 1,
                        "how": "Marked by hand"}).insert(ignore_permissions=True)
        frappe.db.commit()
        # Busy: 6 questions / 2 users = 3; calm 0.5; quiet 0: the median 0.5, ratio 6; completion 1/(2×2) = 25 %

        browser_login(chrome, "Administrator", "admin")
        chrome.set_window_size(1440, 1000)
        chrome.get(f"{BASE_URL}{REPORT_URL}?reseller={reseller}")
        WebDriverWait(chrome, 60).until(lambda d: "Clínica Muitas Dúvidas" in _body(d))
        text = _body(chrome)
        assert "Necessidade de Retreinamento" in text
        assert "Mediana da rede:" in text  # the definitions above the table
        assert "Clínica Poucas Dúvidas" not in text  # below the minimum of questions
        time.sleep(1)
        chrome.shot("retraining-report-pt-BR")
        rows = chrome.execute_script("return frappe.query_report.data")
        assert [(r["clinic"], r["module"], r["questions"], r["active_users"], r["rank"]) for r in rows] == [
            (busy.name, module, 6, 2, 1)]
        figures = (rows[0]["per_user"], rows[0]["network_median"], rows[0]["ratio"], rows[0]["onboarding_completion"])
        assert figures == (3.0, 0.5, 6.0, 25.0)
        # the figures as the desk shows them, in the site's number format
        chrome.execute_script("document.querySelector('.report-wrapper, .datatable').scrollIntoView()")
        time.sleep(0.5)
        chrome.shot("retraining-report-table-pt-BR")
        cells = [c.text.strip() for c in chrome.find_elements(By.CSS_SELECTOR, ".dt-scrollable .dt-cell__content")]
        for value in (3.0, 0.5, 6.0):
            shown = chrome.execute_script("return format_number(arguments[0], null, 2)", value)
            assert shown in cells, (shown, cells)
        assert "Agendar sessão" in cells, cells
        chrome.execute_script("document.querySelector('.dt-scrollable').scrollLeft = 10000")
        time.sleep(0.5)
        chrome.shot("retraining-report-right-pt-BR")

        click_when_ready(chrome, "//button[contains(@class,'hd-book-session')]")
        WebDriverWait(chrome, 30).until(lambda d: "Agendar uma sessão de retreinamento" in _body(d))
        chrome.find_element(By.CSS_SELECTOR, ".modal.show textarea[data-fieldname='notes']").send_keys(
            "Terças e quintas de manhã")
        time.sleep(0.6)
        click_when_ready(chrome, "//div[contains(@class,'modal') and contains(@class,'show')]"
                                 "//button[contains(@class,'btn-primary')]")
        WebDriverWait(chrome, 30).until(lambda d: "Sessão de retreinamento solicitada" in _body(d))
        time.sleep(0.5)
        chrome.shot("retraining-booked-pt-BR")
        frappe.db.rollback()
        tickets = frappe.get_all("HD Ticket", filters={"clinic": busy.name, "ticket_category": "Consultancy"},
                                 fields=["name", "system_module", "raised_by", "description"])
        assert len(tickets) == 1
        net.track("HD Ticket", tickets[0].name)
        assert (tickets[0].system_module, tickets[0].raised_by) == (module, "Administrator")
        assert "Terças e quintas de manhã" in tickets[0].description
    finally:
        frappe.db.rollback()
        frappe.db.set_value("User", "Administrator", "language", language)
        if users:
            frappe.db.delete("Activity Log", {"user": ["in", users]})
        for name in frappe.get_all("HD Ticket", filters={"system_module": module}, pluck="name"):
            net.track("HD Ticket", name)
        frappe.db.commit()
        onb.cleanup()
        net.cleanup()
        if frappe.db.exists("System Module", module):
            frappe.delete_doc("System Module", module, force=True, ignore_permissions=True)
        frappe.db.commit()
