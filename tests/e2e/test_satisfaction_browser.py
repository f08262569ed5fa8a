"""Satisfaction (issue 15, item 2): a clinic user rates a resolved ticket on /avaliar in pt-BR, in
headless Chromium at desktop and phone (375 px) widths; over HTTP, whoever may not rate is refused
(another clinic's user, a guest, a second answer). Screenshots in HEALTHDESK_SCREENSHOTS."""

from __future__ import annotations

import frappe
from conftest import BASE_URL, browser_login, server_messages
from intake_helpers import inet  # noqa: F401
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait


def resolved_ticket(inet, user: str, clinic: str, subject: str) -> str:
    name = inet.ticket(as_user=user, clinic=clinic, ticket_category="Question", subject=subject).name
    doc = frappe.get_doc("HD Ticket", name)
    doc.status = "Resolved"
    doc.save(ignore_permissions=True)
    frappe.db.commit()
    return name


def rating(name: str) -> tuple[float, str | None]:
    frappe.db.rollback()
    row = frappe.db.get_value("HD Ticket", name, ["feedback_rating", "feedback_extra"], as_dict=True)
    return float(row.feedback_rating or 0), row.feedback_extra


def rate_in_page(chrome, stars: int, comment: str) -> None:
    chrome.find_element(By.CSS_SELECTOR, f"label[for=hd-star-{stars}]").click()
    chrome.find_element(By.ID, "hd-rate-comment").send_keys(comment)
    chrome.find_element(By.CSS_SELECTOR, ".hd-rate__submit").click()
    WebDriverWait(chrome, 30).until(ec.visibility_of_element_located((By.ID, "hd-rate-thanks")))


def test_rating_page_in_portuguese_at_desktop_and_phone(inet, chrome):
    _reseller, clinic, user = inet.clinic_user()
    first = resolved_ticket(inet, user, clinic.name, "Agenda não abre pela manhã")
    second = resolved_ticket(inet, user, clinic.name, "Como emitir o relatório de faturamento")
    browser_login(chrome, user)

    chrome.get(BASE_URL + f"/avaliar?ticket={first}")
    WebDriverWait(chrome, 30).until(ec.presence_of_element_located((By.ID, "hd-rate-form")))
    assert chrome.find_element(By.CSS_SELECTOR, "h1").text == "Avalie o atendimento"
    waiting = chrome.find_element(By.ID, "hd-rate-waiting").text
    assert "Chamados aguardando a sua avaliação" in waiting and first in waiting and second in waiting
    chrome.shot("satisfaction_01_desktop_form")
    # sending without stars: the page says what to do
    chrome.find_element(By.CSS_SELECTOR, ".hd-rate__submit").click()
    assert "escolha de 1 a 5 estrelas" in chrome.find_element(By.ID, "hd-rate-error").text
    rate_in_page(chrome, 4, "Resolveram no mesmo dia.")
    assert "Obrigado" in chrome.find_element(By.ID, "hd-rate-thanks").text
    chrome.shot("satisfaction_02_desktop_thanks")
    assert rating(first) == (0.8, "Resolveram no mesmo dia.")

    chrome.set_window_size(375, 812)
    chrome.get(BASE_URL + f"/avaliar?ticket={second}&stars=5")  # the fifth star of the e-mail
    WebDriverWait(chrome, 30).until(ec.presence_of_element_located((By.ID, "hd-rate-form")))
    assert chrome.find_element(By.ID, "hd-star-5").is_selected()
    # nothing wider than the phone's screen
    assert chrome.execute_script("return document.documentElement.scrollWidth") <= 375
    chrome.shot("satisfaction_03_phone_form")
    rate_in_page(chrome, 5, "Ótimo atendimento.")
    assert "Nenhum chamado aguarda a sua avaliação" in chrome.find_element(By.ID, "hd-rate-waiting").text
    chrome.shot("satisfaction_04_phone_thanks")
    assert rating(second) == (1.0, "Ótimo atendimento.")

    chrome.get(BASE_URL + f"/avaliar?ticket={second}")  # rated: the page says so, no form
    WebDriverWait(chrome, 30).until(ec.presence_of_element_located((By.ID, "hd-rate-done")))
    assert "5 de 5 estrelas" in chrome.find_element(By.ID, "hd-rate-done").text
    assert "Nenhum chamado aguarda a sua avaliação" in chrome.find_element(By.ID, "hd-rate-none").text
    chrome.shot("satisfaction_05_phone_already_rated")


def test_refusals_over_http(inet, browser):
    _reseller, clinic, user = inet.clinic_user()
    _other_reseller, _other_clinic, outsider = inet.clinic_user()
    ticket = resolved_ticket(inet, user, clinic.name, "Erro ao salvar paciente")

    # a guest
    response = browser.call("healthdesk.api.satisfaction.rate", ticket=ticket, stars=5)
    assert response.status_code == 403, response.text
    assert rating(ticket) == (0.0, None)

    # another clinic's user: refused, and the page shows nothing of the ticket
    browser.login(outsider)
    page = browser.get(f"/avaliar?ticket={ticket}")
    assert page.status_code == 403
    assert "Erro ao salvar paciente" not in page.text
    response = browser.call("healthdesk.api.satisfaction.rate", ticket=ticket, stars=1, comment="intruso")
    assert response.status_code == 403, response.text
    assert "Você só pode avaliar os chamados da sua clínica" in server_messages(response)
    assert rating(ticket) == (0.0, None)

    # the clinic's user: the portal menu says a ticket waits for them; then they rate it, once
    theirs = type(browser)()
    theirs.login(user)
    menu = theirs.get("/me").text
    assert 'href="/avaliar"' in menu and "Avalie o atendimento (1 aguardando)" in menu
    page = theirs.get(f"/avaliar?ticket={ticket}")
    assert page.status_code == 200 and "Erro ao salvar paciente" in page.text
    assert theirs.call("healthdesk.api.satisfaction.rate", ticket=ticket, stars=3).status_code == 200
    response = theirs.call("healthdesk.api.satisfaction.rate", ticket=ticket, stars=1)
    assert response.status_code == 417, response.text
    assert "já foi avaliado" in server_messages(response)
    assert rating(ticket) == (0.6, None)
    menu = theirs.get("/me").text
    assert 'href="/avaliar"' in menu and "aguardando)" not in menu.split('href="/avaliar"')[1][:300]


def test_no_rating_entry_for_a_user_without_clinic(inet, browser):
    manager = inet.user("semclinica", language="pt-BR")
    browser.login(manager)
    assert 'href="/avaliar"' not in browser.get("/me").text
    page = browser.get("/avaliar")
    assert page.status_code == 403 and "não está vinculado a uma clínica" in page.text
