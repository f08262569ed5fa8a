"""Reseller desks in a real browser, in pt-BR: a cooperative's desk agent escalates a ticket to the
vendor from Helpdesk's agent page and keeps following it; the vendor's agent returns it with an
answer; the clinic reads on its ticket who is answering and how to reach them; the cooperative's
manager follows the network's tickets at /network-tickets. Screenshots in the bench's
logs/healthdesk-screenshots (desks-*)."""

from __future__ import annotations

import frappe
import pytest
from conftest import BASE_URL, browser_login, click_when_ready
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from healthdesk.constants import RESELLER_MANAGER
from healthdesk.core.desks import DESK, VENDOR
from healthdesk.setup.install import ensure_ticket_actions
from healthdesk.test_utils import DeskNetwork


@pytest.fixture
def world(desk_ready):
    net = DeskNetwork()
    try:
        ensure_ticket_actions()
        manager = net.user("gestor", roles=(RESELLER_MANAGER,), language="pt-BR")
        desk = net.desk_reseller(managers=[manager], reseller_name=f"Unimed Teste {net.tag}",
                                 support_contact_name="Central da Cooperativa",
                                 support_contact_email="central@coop.example",
                                 support_contact_phone="(11) 4000-0000")
        clinic = net.clinic(desk.reseller, clinic_name=f"Clínica Desk {net.tag}")
        customer = net.user("cliente", clinics=(clinic.name,), language="pt-BR")
        vendor = net.agent()
        for user in (desk.agents[0], vendor):
            frappe.db.set_value("User", user, "language", "pt-BR")
        frappe.db.commit()
        ticket = net.ticket(as_user=customer, clinic=clinic.name, ticket_category="Error", severity="High",
                            subject=f"Guia TISS rejeitada {net.tag}")
        yield frappe._dict(net=net, desk=desk, clinic=clinic, customer=customer, vendor=vendor, manager=manager,
                           desk_agent=desk.agents[0], ticket=ticket.name)
    finally:
        net.cleanup()


def _body(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def _wait_text(driver, text: str, timeout: int = 60) -> None:
    WebDriverWait(driver, timeout).until(lambda d: text in _body(d))


def _wait_db(predicate, timeout: int = 30) -> None:
    WebDriverWait(None, timeout).until(lambda _d: (frappe.db.rollback() or True) and predicate())


def _level_action(driver, level: int, action: str, reason: str) -> None:
    click_when_ready(driver, f"//button[normalize-space(.)='Nível {level}']")
    click_when_ready(driver, f"//*[@role='menu']//*[normalize-space(text())='{action}']")
    area = WebDriverWait(driver, 30).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "textarea[id^='hd-action-text-']")))
    area.send_keys(reason)
    click_when_ready(driver, f"//div[@role='dialog']//button[normalize-space(.)='{action}']")


def test_escalation_between_desks_in_the_browser(world, chrome):
    chrome.set_window_size(1400, 1000)
    ticket = world.ticket
    state = lambda: frappe.db.get_value("HD Ticket", ticket, ["support_desk", "vendor_received_at",  # noqa: E731
                                                              "vendor_returned_at", "support_level"], as_dict=True)
    assert state().support_desk == DESK

    # the clinic reads who answers: the cooperative's team, and its single point of contact
    browser_login(chrome, world.customer)
    chrome.get(f"{BASE_URL}/helpdesk/my-tickets/{ticket}")
    reseller_name = world.desk.doc.reseller_name
    _wait_text(chrome, f"Equipe de suporte da {reseller_name}")
    assert "Quem está atendendo" in _body(chrome)
    assert "Central da Cooperativa · central@coop.example · (11) 4000-0000" in _body(chrome)
    chrome.shot("desks-1-clinic-sees-cooperative-desk")

    # the desk agent escalates to the vendor with a reason
    chrome.delete_all_cookies()
    browser_login(chrome, world.desk_agent)
    chrome.get(f"{BASE_URL}/helpdesk/tickets/{ticket}")
    _wait_text(chrome, f"Guia TISS rejeitada {world.net.tag}")
    _level_action(chrome, 1, "Escalar", "Rejeição do operador precisa do produto")
    _wait_db(lambda: state().support_desk == VENDOR)
    after = state()
    assert after.vendor_received_at and after.support_level == 2
    # ... and keeps following it: the ticket still opens for the desk agent
    chrome.get(f"{BASE_URL}/helpdesk/tickets/{ticket}")
    _wait_text(chrome, f"Guia TISS rejeitada {world.net.tag}")
    _wait_text(chrome, "Nível 2")  # the Level menu appears once Helpdesk has run the form script
    chrome.shot("desks-2-desk-agent-after-escalating")

    # the clinic now reads that the vendor answers at the cooperative's request
    chrome.delete_all_cookies()
    browser_login(chrome, world.customer)
    chrome.get(f"{BASE_URL}/helpdesk/my-tickets/{ticket}")
    _wait_text(chrome, f"Suporte do fornecedor, a pedido da {reseller_name}")
    chrome.shot("desks-3-clinic-sees-vendor-for-cooperative")

    # the vendor's agent returns it with the answer
    chrome.delete_all_cookies()
    browser_login(chrome, world.vendor)
    chrome.get(f"{BASE_URL}/helpdesk/tickets/{ticket}")
    _wait_text(chrome, f"Guia TISS rejeitada {world.net.tag}")
    _level_action(chrome, 2, "Devolver", "Corrigido na versão 5.2: reenviar a guia")
    _wait_db(lambda: state().support_desk == DESK)
    assert state().vendor_returned_at
    moves = frappe.get_all("Ticket Escalation", filters={"ticket": ticket}, fields=["reason", "by_user"],
                           order_by="creation asc")
    assert [(m.reason, m.by_user) for m in moves] == [
        ("Rejeição do operador precisa do produto", world.desk_agent),
        ("Corrigido na versão 5.2: reenviar a guia", world.vendor)]
    chrome.get(f"{BASE_URL}/helpdesk/tickets/{ticket}")
    _wait_text(chrome, "Nível 1")
    chrome.shot("desks-4-vendor-after-returning")

    # the cooperative's manager follows it in the portal, read only
    chrome.delete_all_cookies()
    browser_login(chrome, world.manager)
    chrome.get(f"{BASE_URL}/network-tickets")
    _wait_text(chrome, "Chamados da rede")
    assert f"Guia TISS rejeitada {world.net.tag}" in _body(chrome)
    assert world.clinic.clinic_name in _body(chrome)
    chrome.shot("desks-5-manager-network-tickets")
    chrome.get(f"{BASE_URL}/network-tickets?ticket={ticket}")
    _wait_text(chrome, "Conversa com a clínica")
    assert f"Equipe de suporte da {reseller_name}" in _body(chrome)
    chrome.shot("desks-6-manager-ticket")
    chrome.set_window_size(390, 900)
    chrome.get(f"{BASE_URL}/network-tickets")
    _wait_text(chrome, "Chamados da rede")
    chrome.shot("desks-7-manager-network-tickets-phone")
