"""Issue 5, the new-ticket form in headless Chromium: personal data warned about and masked
before sending; a ticket sent with a screenshot attached. Screenshots in logs/healthdesk-screenshots."""

from __future__ import annotations

import os
import tempfile

import frappe
from conftest import BASE_URL, browser_login
from intake_helpers import VALID_CPF, inet  # noqa: F401
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait
from test_intake_form import PNG


def open_form(chrome, user):
    browser_login(chrome, user)
    chrome.get(BASE_URL + "/abrir-chamado")
    WebDriverWait(chrome, 30).until(ec.presence_of_element_located((By.ID, "hd-nt-form")))


def fill(chrome, category="Question", happened="Não encontro a opção"):
    Select(chrome.find_element(By.ID, "hd-nt-category")).select_by_value(category)
    Select(chrome.find_element(By.ID, "hd-nt-module")).select_by_value("Cadastro de pacientes")
    chrome.find_element(By.ID, "hd-nt-subject").send_keys("Cadastro duplicado de paciente")
    chrome.find_element(By.ID, "hd-nt-what-did").send_keys("Abri o cadastro de pacientes")
    chrome.find_element(By.ID, "hd-nt-expected").send_keys("Ver um cadastro só")
    chrome.find_element(By.ID, "hd-nt-happened").send_keys(happened)


def wait_sent(chrome):
    WebDriverWait(chrome, 30).until(ec.visibility_of_element_located((By.ID, "hd-nt-ok")))
    return chrome.find_element(By.ID, "hd-nt-ok").text


def test_submit_with_masking(inet, chrome):
    _reseller, _clinic, user = inet.clinic_user()
    open_form(chrome, user)
    assert chrome.find_element(By.ID, "hd-nt-one-question").is_displayed()
    assert not chrome.find_element(By.ID, "hd-nt-severity").is_displayed()
    Select(chrome.find_element(By.ID, "hd-nt-category")).select_by_value("Error")
    assert chrome.find_element(By.ID, "hd-nt-severity").is_displayed()
    chrome.shot("intake_01_error_severity")
    fill(chrome, category="Question", happened=f"A paciente de CPF {VALID_CPF} aparece duas vezes")
    chrome.find_element(By.ID, "hd-nt-submit").click()
    WebDriverWait(chrome, 30).until(ec.visibility_of_element_located((By.ID, "hd-nt-pii")))
    assert "CPF" in chrome.find_element(By.ID, "hd-nt-pii-text").text
    chrome.shot("intake_02_personal_data_warning")
    chrome.find_element(By.ID, "hd-nt-mask").click()
    WebDriverWait(chrome, 30).until(lambda d: not d.find_element(By.ID, "hd-nt-pii").is_displayed())
    masked = chrome.find_element(By.ID, "hd-nt-happened").get_attribute("value")
    assert VALID_CPF not in masked and "***.***.***-**" in masked
    chrome.shot("intake_03_masked")
    chrome.find_element(By.ID, "hd-nt-submit").click()
    text = wait_sent(chrome)
    chrome.shot("intake_04_sent")
    [name] = inet.tickets_of(user)
    assert name in text
    ticket = frappe.get_doc("HD Ticket", name)
    assert ticket.contains_personal_data == 0 and VALID_CPF not in ticket.description
    assert ticket.severity == "Low"


def test_submit_with_attachment(inet, chrome):
    _reseller, _clinic, user = inet.clinic_user()
    path = os.path.join(tempfile.mkdtemp(), "tela-do-erro.png")
    with open(path, "wb") as handle:
        handle.write(PNG)
    open_form(chrome, user)
    fill(chrome, category="Error", happened="A tela mostra erro ao salvar")
    chrome.find_element(By.CSS_SELECTOR, "input[name=severity][value=Medium]").click()
    chrome.find_element(By.ID, "hd-nt-files").send_keys(path)
    chrome.shot("intake_05_attachment")
    chrome.find_element(By.ID, "hd-nt-submit").click()
    wait_sent(chrome)
    chrome.shot("intake_06_attachment_sent")
    [name] = inet.tickets_of(user)
    assert frappe.db.get_value("HD Ticket", name, "severity") == "Medium"
    assert frappe.db.exists("File", {"attached_to_doctype": "HD Ticket", "attached_to_name": name,
                                     "file_name": "tela-do-erro.png"})


def test_forbidden_attachment_shows_the_reason(inet, chrome):
    _reseller, _clinic, user = inet.clinic_user()
    path = os.path.join(tempfile.mkdtemp(), "planilha.xlsx")
    with open(path, "wb") as handle:
        handle.write(b"not really a spreadsheet")
    open_form(chrome, user)
    fill(chrome)
    chrome.find_element(By.ID, "hd-nt-files").send_keys(path)
    chrome.find_element(By.ID, "hd-nt-submit").click()
    WebDriverWait(chrome, 30).until(ec.visibility_of_element_located((By.ID, "hd-nt-error")))
    assert "planilha.xlsx" in chrome.find_element(By.ID, "hd-nt-error").text
    chrome.shot("intake_07_attachment_refused")
    assert inet.tickets_of(user) == []
