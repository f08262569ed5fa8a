"""The cooperative's indicators page in Chromium, in pt-BR, as cooperative A's manager, at desktop
(1280 px) and phone (375 px) widths: Frappe Charts draws the charts beside the tables, the
definitions open, nothing of cooperative B shows, and the phone page needs no sideways scroll.
Screenshots: indicadores-1280.png, indicadores-375.png (and the charts' close-up)."""

from __future__ import annotations

import time

import pytest
from conftest import BASE_URL, browser_login
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from healthdesk.indicators.test_portal import TwoCooperatives


@pytest.fixture(scope="module")
def coops():
    data = TwoCooperatives()
    yield data
    data.teardown()


def test_the_page_at_desktop_and_phone_widths(coops, chrome):
    browser_login(chrome, coops.mgr_a)
    chrome.set_window_size(1280, 900)
    chrome.get(f"{BASE_URL}/indicadores?from_date={coops.first.isoformat()}&to_date={coops.last.isoformat()}")
    WebDriverWait(chrome, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".hd-ind__chart svg"))
    body = chrome.find_element(By.TAG_NAME, "body").text
    assert "Indicadores da rede" in body
    assert coops.a1.clinic_name in body and coops.b1.clinic_name not in body
    charts = chrome.find_elements(By.CSS_SELECTOR, ".hd-ind__chart svg")
    assert len(charts) >= 5  # volume, categories, modules, severities, clinics, times, compliance, ageing...
    card = chrome.find_element(By.CSS_SELECTOR, '.hd-ind__card[data-key="tickets"] .hd-ind__card-value')
    assert card.text == str(len(coops.rows_a))
    # a definition opens under its number
    chrome.find_element(By.CSS_SELECTOR, '.hd-ind__card[data-key="tickets"] summary').click()
    help_text = chrome.find_element(By.CSS_SELECTOR, '.hd-ind__card[data-key="tickets"] details p').text
    assert help_text and "chamados" in help_text.lower()
    time.sleep(1)  # Frappe Charts animates its bars in
    chrome.shot("indicadores-1280")
    chrome.execute_script("document.getElementById('hd-ind-by_clinic').scrollIntoView()")
    chrome.shot("indicadores-1280-clinics")
    chrome.execute_script("document.getElementById('hd-ind-satisfaction_clinic').scrollIntoView()")
    chrome.shot("indicadores-1280-satisfaction")
    retraining = chrome.find_element(By.ID, "hd-ind-retraining").text
    assert coops.a1.clinic_name in retraining and coops.m1 in retraining

    chrome.set_window_size(375, 800)
    chrome.get(chrome.current_url)
    WebDriverWait(chrome, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".hd-ind__chart svg"))
    time.sleep(1)
    overflow = chrome.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"the phone page scrolls sideways by {overflow}px"
    chrome.shot("indicadores-375")
    chrome.execute_script("document.getElementById('hd-ind-by_clinic').scrollIntoView()")
    time.sleep(1)
    chrome.shot("indicadores-375-clinics")
    chrome.execute_script("document.getElementById('hd-ind-times_targets').scrollIntoView()")
    chrome.shot("indicadores-375-times")
