"""Issue 12 on /support-access: someone who is not a clinic user gets an explanation (403, no
login button for a logged-in person), and on a phone the tables scroll inside their cards instead
of widening the page (headless Chromium, pt-BR, 1280 and 375 px)."""

from __future__ import annotations

import time

from conftest import BASE_URL, browser_login
from grant_helpers import built_world
from selenium.webdriver.support.ui import WebDriverWait

import pytest


def test_not_a_clinic_user_gets_an_explanation(net, browser):
    browser.login(net.user("gestor", language="pt-BR"))
    response = browser.get("/support-access")
    assert response.status_code == 403
    html = response.text
    assert "usuários de uma clínica" in html
    assert "/login?redirect-to" not in html and "Não Permitido" not in html


@pytest.fixture(scope="module")
def world():
    with built_world() as w:
        yield w


def test_page_fits_a_phone(world, chrome):
    import frappe

    agent = world.agent()
    world.grant(world.owner_a, world.clinic_a, agents=[agent], reason="Conferir a configuração da agenda")
    frappe.db.set_value("User", world.owner_a, "language", "pt-BR")
    frappe.db.commit()
    browser_login(chrome, world.owner_a)
    for width in (1280, 375):
        chrome.set_window_size(width, 900)
        chrome.get(BASE_URL + "/support-access")
        WebDriverWait(chrome, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
        time.sleep(1)
        chrome.shot(f"support-access-{width}")
        overflow = chrome.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than a {width}px screen"
        assert "Acesso do suporte" in chrome.page_source


def test_the_portal_menu_says_what_waits_for_the_clinic_user(world):
    """Issue 12: a clinic user was not told that support asked for access; every portal page's
    menu now says how many requests wait for their decision."""
    import frappe

    ticket = world.net.ticket(as_user=world.owner_a, clinic=world.clinic_a)
    agent = world.agent()
    r = world.browser(agent).call("healthdesk.api.support_access.request_access", ticket=ticket.name,
                                  justification="Preciso ver a configuração da agenda da clínica.")
    assert r.status_code == 200, r.text
    html = world.browser(world.owner_a).get("/me").text
    assert 'href="/support-access"' in html
    assert "(1 waiting for you)" in html or "(1 aguardando você)" in html, html[html.find("/support-access") - 200:][:600]
    # someone of another clinic is not told about it
    other = world.browser(world.owner_b).get("/me").text
    assert "waiting for you" not in other and "aguardando você" not in other
