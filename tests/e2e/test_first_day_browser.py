"""Issue 12, items 4 and 8 in a real headless Chromium, in pt-BR, at 1280 and 375 px: the clinic's
ticket list without 403 toasts or internal filters, the portal menus, the requests page on a
phone, the request's status badge in the desk. Screenshots: ``first-day-*`` in the screenshots
folder (see conftest.SCREENSHOTS)."""

from __future__ import annotations

import time

import frappe
from conftest import BASE_URL, browser_login
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

DOCTYPE = "Multi-Clinic Access Request"
WIDTHS = (1280, 375)


def _at(chrome, width: int) -> None:
    chrome.set_window_size(width, 900)


def _settle(chrome, seconds: float = 2.0) -> None:
    WebDriverWait(chrome, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(seconds)


def _overflows(chrome) -> int:
    """How many pixels the page is wider than the window (0 when nothing overflows)."""
    return chrome.execute_script(
        "return Math.max(0, document.documentElement.scrollWidth - document.documentElement.clientWidth)")


def test_clinic_ticket_list_has_no_403_toasts_nor_internal_filters(net, chrome):
    reseller = net.reseller(reseller_name="Revenda Navegador")
    clinic = net.clinic(reseller.name, clinic_name="Clínica Navegador")
    user = net.user("clinica", clinics=(clinic.name,), language="pt-BR")
    net.ticket(as_user=user, clinic=clinic.name, subject="Chamado da recepcao")
    browser_login(chrome, user)
    for width in WIDTHS:
        _at(chrome, width)
        chrome.get(BASE_URL + "/helpdesk/my-tickets")
        try:
            WebDriverWait(chrome, 60).until(lambda d: "Chamado da recepcao" in d.find_element(By.TAG_NAME, "body").text)
        finally:
            _settle(chrome, 4)
            chrome.shot(f"first-day-my-tickets-{width}")
        text = chrome.find_element(By.TAG_NAME, "body").text
        assert "403" not in text and "permi" not in text.lower(), text[:500]
        assert "Contém dados pessoais" not in text and "Contains Personal Data" not in text


def test_menus_of_clinic_user_and_manager(net, chrome):
    reseller = net.reseller(reseller_name="Revenda Menu")
    clinic = net.clinic(reseller.name)
    user = net.user("clinica", clinics=(clinic.name,), language="pt-BR")
    manager = net.user("gestor", language="pt-BR")
    doc = frappe.get_doc("Reseller", reseller.name)
    doc.append("managers", {"user": manager})
    doc.save(ignore_permissions=True)
    frappe.db.commit()

    browser_login(chrome, user)
    _at(chrome, 1280)
    chrome.get(BASE_URL + "/me")
    _settle(chrome, 1)
    chrome.shot("first-day-menu-clinic-user-1280")
    links = {a.get_attribute("href").replace(BASE_URL, "") for a in chrome.find_elements(By.CSS_SELECTOR, "a[href]")}
    assert "/helpdesk/my-tickets" in links and "/abrir-chamado" in links
    assert "Meus chamados" in chrome.page_source and "Pós-vendas" not in chrome.page_source
    chrome.get(BASE_URL + "/multi-clinic-requests")
    _settle(chrome, 1)
    chrome.shot("first-day-not-for-clinic-user-1280")
    body = chrome.find_element(By.TAG_NAME, "body").text
    assert "Esta página não está disponível para você" in body and "Entrar" not in body

    chrome.delete_all_cookies()
    browser_login(chrome, manager)
    chrome.get(BASE_URL + "/me")
    _settle(chrome, 1)
    chrome.shot("first-day-menu-manager-1280")
    links = {a.get_attribute("href").replace(BASE_URL, "") for a in chrome.find_elements(By.CSS_SELECTOR, "a[href]")}
    assert "/multi-clinic-requests" in links
    assert not links & {"/helpdesk/my-tickets", "/abrir-chamado", "/onboarding", "/support-access"}, links


def test_requests_page_fits_a_phone_and_shows_the_real_status(net, chrome, desk_ready):
    manager = net.user("gestor", language="pt-BR")
    reseller = net.reseller(managers=[manager], reseller_name="Revenda Celular")
    home, second = net.clinic(reseller.name), net.clinic(reseller.name)
    email = net.email("celular.usuario.com.nome.comprido")
    frappe.set_user(manager)
    request = frappe.get_doc({"doctype": DOCTYPE, "pasted_text": (
        f"Usuário: {email}\nJá está cadastrado na clínica: {home.name}\n"
        f"Multi clínica para as clínicas: {home.name}, {second.name}")}).insert()
    request.submit()
    frappe.set_user("Administrator")
    net.track(DOCTYPE, request.name)
    net.track("User", email)
    frappe.get_doc(DOCTYPE, request.name).approve()
    frappe.db.commit()

    browser_login(chrome, manager)
    for width in WIDTHS:
        _at(chrome, width)
        chrome.get(BASE_URL + "/multi-clinic-requests")
        _settle(chrome, 1)
        row = chrome.find_element(By.CSS_SELECTOR, f'#hd-mcr-list tr[data-name="{request.name}"]')
        chrome.execute_script("arguments[0].scrollIntoView({block: 'center'})", row)
        chrome.shot(f"first-day-requests-{width}")
        assert _overflows(chrome) == 0, f"the page is wider than {width} px"
        assert "Aprovad" in row.text, row.text

    # the desk form's header badge, as a pt-BR admin sees it
    admin = net.user("admin", roles=("Healthdesk Admin", "System Manager"), system=True, language="pt-BR")
    chrome.delete_all_cookies()
    browser_login(chrome, admin)
    _at(chrome, 1280)
    chrome.get(BASE_URL + f"/app/multi-clinic-access-request/{request.name}")
    badge = WebDriverWait(chrome, 60).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".page-head .indicator-pill"))
    WebDriverWait(chrome, 30).until(lambda d: badge.text.strip() != "")
    chrome.shot("first-day-request-badge-1280")
    assert badge.text.strip().startswith("Aprovad"), badge.text
    assert "Enviado" not in badge.text


def _admin(net) -> str:
    return net.user("admin", roles=("Healthdesk Admin", "System Manager"), system=True, language="pt-BR")


def test_settings_show_the_setup_checklist(net, chrome, desk_ready):
    browser_login(chrome, _admin(net))
    _at(chrome, 1280)
    chrome.get(BASE_URL + "/app/healthdesk-settings")
    WebDriverWait(chrome, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".healthdesk-checklist tr[data-key]"))
    _settle(chrome, 1)
    chrome.shot("first-day-settings-checklist-1280")
    text = chrome.find_element(By.CSS_SELECTOR, ".healthdesk-checklist").text
    assert "Lista de verificação da configuração" in text
    assert "Fuso horário do site" in text and "Equipe de escalonamento" in text
    assert chrome.find_elements(By.CSS_SELECTOR, '.healthdesk-checklist a[href="/app/healthdesk-settings"]') or \
        "Feito" in text


def test_sla_form_hides_helpdesk_hours_when_a_calendar_is_set(net, chrome, contract_sla, desk_ready):
    browser_login(chrome, _admin(net))
    _at(chrome, 1280)
    chrome.get(BASE_URL + f"/app/hd-service-level-agreement/{contract_sla.name}")
    try:
        WebDriverWait(chrome, 60).until(lambda d: "Calendário de Horário Comercial" in " ".join(
            e.text for e in d.find_elements(By.CSS_SELECTOR, ".form-message")))
    finally:
        _settle(chrome, 1)
        chrome.execute_script("document.querySelector('.form-message:not(.hidden)').scrollIntoView({block: 'center'})")
        time.sleep(1)
        chrome.shot("first-day-sla-form-1280")
    chrome.execute_script("cur_frm.fields_dict.priorities.wrapper.scrollIntoView({block: 'center'})")
    chrome.shot("first-day-sla-form-priorities-1280")
    visible = chrome.execute_script(
        "return ['holiday_list', 'support_and_resolution'].map((f) => cur_frm.fields_dict[f].disp_status)")
    assert visible == ["None", "None"], visible
    intro = " ".join(e.text for e in chrome.find_elements(By.CSS_SELECTOR, ".form-message"))
    assert "nenhuma severidade a usa" in intro, intro


def test_portal_pages_in_portuguese_on_a_phone(net, chrome):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    user = net.user("clinica", clinics=(clinic.name,), language="pt-BR")
    browser_login(chrome, user)
    for width in WIDTHS:
        _at(chrome, width)
        for page in ("/support", "/abrir-chamado"):
            chrome.get(BASE_URL + page)
            _settle(chrome, 1)
            name = page.strip("/")
            chrome.shot(f"first-day-{name}-{width}")
            body = chrome.find_element(By.TAG_NAME, "body").text
            assert "The system cannot be operated" not in body and "Pós-vendas" not in body, page
            assert _overflows(chrome) == 0, f"{page} is wider than {width} px"


def test_escalation_history_shows_moments_people_read(chrome):
    """The 'Nível N' menu's history on Helpdesk's agent ticket page: dd/mm/yyyy HH:MM on a
    Brazilian site, never '2026-11-28 21:30:27.206234'."""
    import re

    from intake_helpers import IntakeNetwork

    from healthdesk.api.escalation import escalate
    from healthdesk.setup.install import ensure_ticket_actions

    net = IntakeNetwork()
    previous = frappe.db.get_default("date_format")
    try:
        frappe.db.set_default("date_format", "dd/mm/yyyy")  # what System Settings writes on save
        ensure_ticket_actions()
        frappe.db.commit()
        frappe.clear_cache()
        _reseller, clinic, customer = net.clinic_user()
        agent = net.agent()
        frappe.db.set_value("User", agent, "language", "pt-BR")
        ticket = net.ticket(as_user=customer, clinic=clinic.name, ticket_category="Question", subject="Histórico")
        frappe.set_user(agent)
        escalate(ticket.name, reason="Precisa do produto")
        frappe.set_user("Administrator")
        frappe.db.commit()

        browser_login(chrome, agent)
        _at(chrome, 1280)
        chrome.get(f"{BASE_URL}/helpdesk/tickets/{ticket.name}")
        xpath = "//button[normalize-space(.)='Nível 2']"
        WebDriverWait(chrome, 60).until(lambda d: d.find_elements(By.XPATH, xpath))
        _settle(chrome, 1)
        chrome.find_element(By.XPATH, xpath).click()
        item = "//*[@role='menu']//*[normalize-space(text())='Histórico de escalonamento']"
        WebDriverWait(chrome, 30).until(lambda d: d.find_elements(By.XPATH, item))
        chrome.find_element(By.XPATH, item).click()
        dialog = WebDriverWait(chrome, 30).until(
            lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, "[role='dialog']") if "Precisa do produto" in e.text), None))
        chrome.shot("first-day-escalation-history-1280")
        text = dialog.text
        assert re.search(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b", text), text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text) and not re.search(r"\.\d{6}", text), text
        assert "Agente Teste" in text or agent not in text
    finally:
        frappe.set_user("Administrator")
        frappe.db.set_default("date_format", previous)
        frappe.db.commit()
        frappe.clear_cache()
        net.cleanup()


def test_agent_ticket_page_shows_our_fields_in_portuguese(chrome):
    """Helpdesk's agent sidebar: healthdesk's labels (Clínica, Severidade, Resposta até) and the
    severity's value (Alta) in pt-BR; the stored value stays High."""
    from intake_helpers import IntakeNetwork

    from healthdesk.portal.ticket_fields import ensure_option_methods

    net = IntakeNetwork()
    try:
        ensure_option_methods()  # the install step (healthdesk.setup.first_day)
        frappe.db.commit()
        _reseller, clinic, customer = net.clinic_user()
        agent = net.agent()
        frappe.db.set_value("User", agent, "language", "pt-BR")
        frappe.db.commit()
        ticket = net.ticket(as_user=customer, clinic=clinic.name, ticket_category="Error", severity="High",
                            subject="Erro ao salvar a agenda")
        browser_login(chrome, agent)
        _at(chrome, 1280)
        chrome.get(f"{BASE_URL}/helpdesk/tickets/{ticket.name}")
        WebDriverWait(chrome, 60).until(lambda d: "Severidade" in d.find_element(By.TAG_NAME, "body").text)
        _settle(chrome, 9)  # toasts fade
        chrome.execute_script("""const label = Array.from(document.querySelectorAll('span, div'))
            .find((e) => e.textContent.trim() === 'Severidade'); if (label) label.scrollIntoView({block: 'center'});""")
        chrome.shot("first-day-agent-ticket-fields-1280")
        body = chrome.find_element(By.TAG_NAME, "body").text
        assert "Clínica" in body and "Resposta até" in body and "Categoria" in body
        values = chrome.execute_script(
            "return Array.from(document.querySelectorAll('input, button')).map((e) => e.value || e.innerText)")
        assert "Alta" in body or "Alta" in values, values
        frappe.db.rollback()
        assert frappe.db.get_value("HD Ticket", ticket.name, "severity") == "High"
    finally:
        frappe.set_user("Administrator")
        net.cleanup()


def test_customer_ticket_page_shows_our_fields_in_portuguese(net, chrome):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    user = net.user("clinica", clinics=(clinic.name,), language="pt-BR")
    ticket = net.ticket(as_user=user, clinic=clinic.name, ticket_category="Error", severity="High",
                        subject="Erro na agenda")
    browser_login(chrome, user)
    for width in WIDTHS:
        _at(chrome, width)
        chrome.get(f"{BASE_URL}/helpdesk/my-tickets/{ticket.name}")
        WebDriverWait(chrome, 60).until(lambda d: "Severidade" in d.find_element(By.TAG_NAME, "body").text)
        _settle(chrome, 2)
        chrome.execute_script("""const label = Array.from(document.querySelectorAll('span'))
            .find((e) => e.textContent.trim() === 'Severidade'); if (label) label.scrollIntoView({block: 'center'});""")
        chrome.shot(f"first-day-customer-ticket-{width}")
        body = chrome.find_element(By.TAG_NAME, "body").text
        assert "Clínica" in body and "Alta" in body and "Erro" in body, body[:800]
        assert "Contém dados pessoais" not in body and "Revenda" not in body
