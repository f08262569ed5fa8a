"""The multi-clinic request page in a real headless Chromium, in pt-BR."""

from __future__ import annotations

import frappe
from conftest import BASE_URL, browser_login
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

DOCTYPE = "Multi-Clinic Access Request"


def test_manager_pastes_a_request_and_sees_it_listed(net, chrome):
    manager = net.user("gestor", language="pt-BR")
    reseller = net.reseller(managers=[manager], reseller_name="Revenda Navegador")
    home, second = net.clinic(reseller.name), net.clinic(reseller.name)
    frappe.db.commit()

    browser_login(chrome, manager)
    chrome.get(BASE_URL + "/multi-clinic-requests")
    assert "Solicitações multiclínica" in chrome.page_source
    email = net.email("navegador")

    # A wrong base id first: the message names it and nothing is created.
    box = chrome.find_element(By.ID, "hd-mcr-text")
    box.send_keys(f"Usuário: {email}\nJá está cadastrado na clínica: {home.name}\n"
                  "Multi clínica para as clínicas: 000000004")
    chrome.find_element(By.CSS_SELECTOR, "#hd-mcr-form button[type=submit]").click()
    error = WebDriverWait(chrome, 20).until(ec.visibility_of_element_located((By.ID, "hd-mcr-error")))
    assert "000000004" in error.text
    chrome.shot("multi-clinic-request-error")
    assert not frappe.db.exists(DOCTYPE, {"user_email": email})

    box.clear()
    box.send_keys(f"Usuário: {email}\nJá está cadastrado na clínica: {home.name}\n"
                  f"Multi clínica para as clínicas: {home.name}, {second.name}")
    chrome.find_element(By.CSS_SELECTOR, "#hd-mcr-form button[type=submit]").click()
    WebDriverWait(chrome, 20).until(ec.visibility_of_element_located((By.ID, "hd-mcr-ok")))
    frappe.db.rollback()  # see what the server committed, not this transaction's snapshot
    name = frappe.db.get_value(DOCTYPE, {"user_email": email})
    assert name
    net.track(DOCTYPE, name)
    WebDriverWait(chrome, 20).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, f'#hd-mcr-list tr[data-name="{name}"]')))
    row = chrome.find_element(By.CSS_SELECTOR, f'#hd-mcr-list tr[data-name="{name}"]')
    chrome.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
    assert "Enviado" in row.text  # Frappe's own pt-BR for "Submitted"
    chrome.shot("multi-clinic-request-listed")
