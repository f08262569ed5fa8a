"""Product cards on Helpdesk's agent ticket page (HD Form Script "Healthdesk Product Cards"), in
Chromium, as a Portuguese-speaking vendor agent: a clinic's ticket becomes a bug report, a second
clinic's ticket joins it, the button then names the card, and a refusal reaches the agent as the
server's sentence."""

from __future__ import annotations

import time

import frappe
from conftest import BASE_URL, browser_login, click_when_ready
from intake_helpers import inet  # noqa: F401
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from healthdesk.cards.setup import ensure_ticket_form_script

CARD = "Product Card"


def _click(driver, xpath: str) -> None:
    click_when_ready(driver, xpath)


def _button(driver, text: str) -> None:
    _click(driver, f"//button[normalize-space(.)='{text}']")


def _primary(driver, text: str) -> None:
    """The primary button of the open desk dialog (its text also holds the keyboard shortcut), once
    the dialog has finished opening: Bootstrap ignores a hide asked for during the opening fade."""
    _visible(driver, ".modal.show .btn-primary")
    time.sleep(0.6)
    _click(driver, "//div[contains(@class,'modal') and contains(@class,'show')]"
                   f"//button[contains(@class,'btn-primary')][starts-with(normalize-space(.), '{text}')]")


def _body(driver) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def _visible(driver, css: str):
    return WebDriverWait(driver, 30).until(ec.visibility_of_element_located((By.CSS_SELECTOR, css)))


def _wait_for(predicate, timeout: int = 30) -> None:
    WebDriverWait(None, timeout).until(lambda _d: (frappe.db.rollback() or True) and predicate())


def _cards_of(ticket: str) -> list[str]:
    return frappe.get_all("Product Card Ticket", filters={"ticket": ticket}, pluck="parent")


def test_agent_makes_a_card_and_groups_a_second_clinic_in_portuguese(inet, chrome):
    ensure_ticket_form_script()
    frappe.db.commit()
    reseller, clinic, customer = inet.clinic_user()
    other_clinic = inet.clinic(reseller.name)
    other_customer = inet.user("clinica", clinics=(other_clinic.name,), language="pt-BR")
    agent = inet.agent()
    frappe.db.set_value("User", agent, "language", "pt-BR")
    frappe.db.commit()
    first = inet.ticket(as_user=customer, clinic=clinic.name, ticket_category="Question",
                        subject=f"Guia TISS não imprime {inet.tag}")
    second = inet.ticket(as_user=other_customer, clinic=other_clinic.name, ticket_category="Question",
                         subject=f"Impressão da guia em branco {inet.tag}")
    try:
        browser_login(chrome, agent)
        chrome.set_window_size(1366, 900)

        # 1. The first clinic's ticket becomes a bug report.
        chrome.get(f"{BASE_URL}/helpdesk/tickets/{first.name}")
        _button(chrome, "Card de produto")
        WebDriverWait(chrome, 30).until(lambda d: "Este chamado ainda não está em nenhum card de produto." in _body(d))
        chrome.shot("cards-ticket-dialog-empty-pt-BR")
        _button(chrome, "Criar card de produto")
        title = _visible(chrome, "input[id^='hd-card-'][id$='-title']")
        assert title.get_attribute("value") == first.subject  # the ticket's subject to start from
        kind = Select(chrome.find_element(By.CSS_SELECTOR, "select[id$='-kind']"))
        assert [o.text for o in kind.options] == ["Relato de bug", "Pedido de melhoria"]
        chrome.find_element(By.CSS_SELECTOR, "textarea[id$='-description']").send_keys(
            "Ao imprimir a guia TISS a tela fica em branco.")
        chrome.shot("cards-create-dialog-pt-BR")
        _button(chrome, "Criar card")
        _wait_for(lambda: bool(_cards_of(first.name)))
        card = _cards_of(first.name)[0]
        values = frappe.db.get_value(CARD, card, ["kind", "status", "title", "raised_by"], as_dict=True)
        assert (values.kind, values.status, values.title, values.raised_by) == ("Bug report", "Received", first.subject, agent)

        # 2. The second clinic's ticket joins it.
        chrome.get(f"{BASE_URL}/helpdesk/tickets/{second.name}")
        _button(chrome, "Card de produto")
        _button(chrome, "Adicionar a um card existente")
        choice = Select(_visible(chrome, "select[id^='hd-card-add-']"))
        labels = {o.get_attribute("value"): o.text for o in choice.options}
        assert labels[card] == f"{card} · Relato de bug · {first.subject} (Recebido)"
        choice.select_by_value(card)
        chrome.shot("cards-add-dialog-pt-BR")
        _button(chrome, "Adicionar ao card")
        _wait_for(lambda: _cards_of(second.name) == [card])
        rows = frappe.get_all("Product Card Ticket", filters={"parent": card}, pluck="clinic")
        assert sorted(rows) == sorted([clinic.name, other_clinic.name])

        # 3. The page reloads: the button counts the ticket's cards, which link to their forms.
        WebDriverWait(chrome, 30).until(lambda d: "Cards de produto (1)" in _body(d))
        _button(chrome, "Cards de produto (1)")
        link = WebDriverWait(chrome, 30).until(
            lambda d: d.find_element(By.XPATH, f"//a[starts-with(normalize-space(.), '{card} · Relato de bug')]"))
        assert link.get_attribute("href").endswith(f"/app/product-card/{card}")
        chrome.shot("cards-ticket-dialog-after-grouping-pt-BR")

        # 4. A refusal is the server's sentence, in Portuguese: a card needs a title.
        _button(chrome, "Criar card de produto")
        title = _visible(chrome, "input[id^='hd-card-'][id$='-title']")
        title.clear()
        _button(chrome, "Criar card")
        WebDriverWait(chrome, 30).until(
            lambda d: "Escreva o Título do card: uma linha que a equipe de produto entenda." in _body(d))
        chrome.shot("cards-refusal-pt-BR")
        assert _cards_of(second.name) == [card]
    finally:
        frappe.db.rollback()
        for name in set(_cards_of(first.name) + _cards_of(second.name)):
            frappe.delete_doc(CARD, name, force=True, ignore_permissions=True, delete_permanently=True)
        frappe.db.commit()


def test_the_product_team_moves_a_card_from_its_desk_form_in_portuguese(inet, chrome, desk_ready):
    reseller, clinic, customer = inet.clinic_user()
    ticket = inet.ticket(as_user=customer, clinic=clinic.name, ticket_category="Question",
                         subject=f"Relatório de faturamento lento {inet.tag}")
    product_manager = inet.user("produto", roles=("Product Manager",), system=True, language="pt-BR")
    card = frappe.get_doc({"doctype": CARD, "kind": "Improvement request", "title": f"Relatório mais rápido {inet.tag}",
                           "reseller": reseller.name, "tickets": [{"ticket": ticket.name}]}).insert().name
    frappe.db.commit()
    try:
        browser_login(chrome, product_manager)
        chrome.set_window_size(1366, 1000)
        chrome.get(f"{BASE_URL}/app/product-card/{card}")
        _button(chrome, "Mover para")
        _click(chrome, "//a[contains(@class,'dropdown-item')][normalize-space(.)='Em análise']")
        _primary(chrome, "Sim")
        _wait_for(lambda: frappe.db.get_value(CARD, card, "status") == "Under analysis")

        _button(chrome, "Mover para")
        _click(chrome, "//a[contains(@class,'dropdown-item')][normalize-space(.)='Recusado']")
        note = _visible(chrome, ".modal.show textarea[data-fieldname='note']")
        note.send_keys("Fora do escopo do produto neste ano")
        chrome.shot("cards-desk-decline-prompt-pt-BR")
        _primary(chrome, "Mover")
        _wait_for(lambda: frappe.db.get_value(CARD, card, "status") == "Declined")
        assert frappe.db.get_value(CARD, card, "decline_reason") == "Fora do escopo do produto neste ano"
        comments = frappe.get_all("HD Ticket Comment", filters={"reference_ticket": ticket.name}, pluck="content")
        assert any("Fora do escopo do produto neste ano" in c for c in comments)
        WebDriverWait(chrome, 30).until(lambda d: "Recusado" in _body(d) and "Histórico de status" in _body(d))
        assert "Mover para" not in _body(chrome)  # no move out of Declined for the product team
        chrome.execute_script("window.scrollTo(0, document.body.scrollHeight)")
        chrome.shot("cards-desk-form-declined-pt-BR")
    finally:
        frappe.db.rollback()
        frappe.db.delete("Notification Log", {"document_type": CARD, "document_name": card})
        frappe.delete_doc(CARD, card, force=True, ignore_permissions=True, delete_permanently=True)
        frappe.db.commit()


def test_a_cooperative_manager_follows_their_cards_in_the_portal(inet, chrome):
    manager = inet.user("gestor", roles=("Reseller Manager",), language="pt-BR")
    reseller, clinic, customer = inet.clinic_user(managers=[manager])
    other, other_clinic, other_customer = inet.clinic_user()
    mine = inet.ticket(as_user=customer, clinic=clinic.name, ticket_category="Question",
                       subject=f"Agenda duplica horários {inet.tag}")
    theirs = inet.ticket(as_user=other_customer, clinic=other_clinic.name, ticket_category="Question",
                         subject=f"Outro problema {inet.tag}")
    own = frappe.get_doc({"doctype": CARD, "kind": "Bug report", "title": f"Agenda duplica horários {inet.tag}",
                          "reseller": reseller.name, "tickets": [{"ticket": mine.name}]}).insert()
    other_card = frappe.get_doc({"doctype": CARD, "kind": "Bug report", "title": f"Card de outra cooperativa {inet.tag}",
                                 "reseller": other.name, "tickets": [{"ticket": theirs.name}]}).insert()
    for status, note in (("Under analysis", None), ("Planned", None), ("Released", "Versão 5.3")):
        own.reload()
        own.flags.move_note = note
        own.status = status
        if note:
            own.released_in = note
        own.save()
    frappe.db.commit()
    try:
        browser_login(chrome, manager)
        chrome.get(f"{BASE_URL}/product-cards")
        WebDriverWait(chrome, 30).until(lambda d: own.title in _body(d))
        body = _body(chrome)
        assert "Cards de produto" in body and "Liberado" in body and "Versão 5.3" in body
        assert "Histórico de status" in body and "Em análise" in body and "Recebido" in body
        assert other_card.title not in body
        chrome.shot("cards-portal-cooperative-manager-pt-BR")
    finally:
        frappe.db.rollback()
        for name in (own.name, other_card.name):
            frappe.db.delete("Notification Log", {"document_type": CARD, "document_name": name})
            frappe.delete_doc(CARD, name, force=True, ignore_permissions=True, delete_permanently=True)
        frappe.db.commit()
