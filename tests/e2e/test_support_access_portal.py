"""Portal page "Acesso do suporte" over HTTP and in a real headless Chromium (pt-BR)."""

from __future__ import annotations

import frappe
import pytest
from conftest import BASE_URL, Browser, browser_login
from grant_helpers import World
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from healthdesk import support_access as sa


@pytest.fixture
def world():
    w = World()
    try:
        reseller = w.net.reseller()
        w.clinic_a = w.net.clinic(reseller.name, clinic_name="Clínica Sorriso Teste").name
        w.clinic_b = w.net.clinic(reseller.name).name
        w.owner_a = w.net.user("clinica", clinics=(w.clinic_a,), language="pt-BR")
        w.owner_b = w.net.user("outra", clinics=(w.clinic_b,))
        w.agent_1 = w.agent(roles=("Agent",))
        w.team_1 = w.team([w.agent_1])
        yield w
    finally:
        w.cleanup()


def test_page_is_for_clinic_users_only(world):
    guest = Browser()
    r = guest.session.get(guest.url("/support-access"), allow_redirects=False)
    assert r.status_code in (301, 302) and "/login" in r.headers["Location"]
    agent = world.browser(world.agent_1)
    assert agent.session.get(agent.url("/support-access")).status_code == 403
    owner = world.browser(world.owner_a)
    r = owner.session.get(owner.url("/support-access"))
    assert r.status_code == 200 and world.clinic_a in r.text and world.clinic_b not in r.text
    # the overview API answers only for the user's own clinics
    assert world.browser(world.agent_1).call("healthdesk.api.support_access.overview").status_code == 403


def test_clinic_user_grants_revokes_and_approves_in_chromium(world, chrome):
    # a pending request from support, for the approve button
    ticket = world.net.ticket(as_user=world.owner_a, clinic=world.clinic_a)
    r = world.browser(world.agent_1).call("healthdesk.api.support_access.request_access", ticket=ticket.name,
                                          justification="Conferir a configuração da agenda.")
    assert r.status_code == 200, r.text
    request = r.json()["message"]["name"]

    browser_login(chrome, world.owner_a)
    chrome.get(BASE_URL + "/support-access")
    WebDriverWait(chrome, 20).until(ec.presence_of_element_located((By.ID, "hd-sa-form")))
    chrome.shot("support-access-empty")
    assert "prontuário" in chrome.page_source.lower() or "medical record" in chrome.page_source.lower()

    form = chrome.find_element(By.ID, "hd-sa-form")
    Select(form.find_element(By.NAME, "duration")).select_by_value("4 hours")
    Select(form.find_element(By.NAME, "team")).select_by_value(world.team_1)
    form.find_element(By.NAME, "reason").send_keys("Atualização do cadastro de convênios")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(chrome, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#hd-sa-active tr[data-grant]")))
    frappe.db.rollback()
    grant = frappe.db.get_value(sa.GRANT, {"clinic": world.clinic_a, "team": world.team_1})
    assert grant and frappe.db.get_value(sa.GRANT, grant, "granted_by") == world.owner_a
    world.grants.append(grant)
    chrome.shot("support-access-granted")

    # approve support's request with a duration
    row = chrome.find_element(By.CSS_SELECTOR, f'tr[data-request="{request}"]')
    Select(row.find_element(By.CSS_SELECTOR, ".hd-sa-duration")).select_by_value("1 hour")
    row.find_element(By.CSS_SELECTOR, ".hd-sa-approve").click()
    WebDriverWait(chrome, 20).until(lambda d: not d.find_elements(By.CSS_SELECTOR, f'tr[data-request="{request}"]'))
    frappe.db.rollback()
    assert frappe.db.get_value(sa.REQUEST, request, "status") == "Approved"

    # revoke the team grant
    row = chrome.find_element(By.CSS_SELECTOR, f'#hd-sa-active tr[data-grant="{grant}"]')
    row.find_element(By.CSS_SELECTOR, ".hd-sa-revoke").click()
    chrome.switch_to.alert.accept()
    WebDriverWait(chrome, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, f'#hd-sa-past tr[data-grant="{grant}"]')))
    frappe.db.rollback()
    assert frappe.db.get_value(sa.GRANT, grant, "revoked_by") == world.owner_a
    log = chrome.find_element(By.ID, "hd-sa-log")
    chrome.execute_script("arguments[0].scrollIntoView({block: 'start'})", log)
    chrome.shot("support-access-revoked-log")

    # the server's refusal is shown as text: a custom end beyond the maximum
    form = chrome.find_element(By.ID, "hd-sa-form")
    chrome.execute_script("arguments[0].scrollIntoView({block: 'start'})", form)
    Select(form.find_element(By.NAME, "duration")).select_by_value("Custom")
    until = form.find_element(By.NAME, "valid_until")
    chrome.execute_script("arguments[0].value = '2099-01-01T10:00'", until)
    form.find_element(By.NAME, "agents").send_keys(world.agent_1)
    form.find_element(By.NAME, "reason").send_keys("Teste de limite")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    error = WebDriverWait(chrome, 20).until(ec.visibility_of_element_located((By.ID, "hd-sa-error")))
    assert error.text.strip()
    chrome.execute_script("window.scrollTo(0, 0)")
    chrome.shot("support-access-error")
