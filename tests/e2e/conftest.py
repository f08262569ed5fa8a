"""Integration tier: tests on a real Frappe v15 + Helpdesk site.

Run through ``bash tests/run.sh integration`` (from the repository), which installs this checkout
on the bench's test site, serves the site on localhost and runs pytest from the bench's
``sites`` folder with the bench's Python. Environment:

- ``HEALTHDESK_SITE``: the test site (default ``hdtest.localhost``);
- ``HEALTHDESK_BASE_URL``: where that site is served (default ``http://127.0.0.1:8765``).

Tests commit what they create (the web server is another process) and delete it afterwards;
names, base ids and e-mails are random and obviously fake.
"""

from __future__ import annotations

import os
import re

import frappe
import pytest
import requests

from healthdesk.test_utils import PASSWORD, Network  # noqa: F401  (tests import them from here)
from healthdesk.test_utils import contract_sla as _contract_sla

SITE = os.environ.get("HEALTHDESK_SITE", "hdtest.localhost")
BASE_URL = os.environ.get("HEALTHDESK_BASE_URL", "http://127.0.0.1:8765").rstrip("/")


def pytest_configure(config):
    frappe.init(site=SITE, sites_path=os.getcwd())
    frappe.connect()
    frappe.flags.in_test = True
    # The tests create many users a minute; Frappe refuses more than 60 an hour by default.
    frappe.local.conf.throttle_user_limit = 10**6
    frappe.set_user("Administrator")


def pytest_unconfigure(config):
    if getattr(frappe.local, "db", None):
        frappe.db.rollback()
        frappe.destroy()


@pytest.fixture(autouse=True)
def _as_administrator():
    frappe.set_user("Administrator")
    yield
    frappe.db.rollback()
    frappe.set_user("Administrator")


@pytest.fixture
def contract_sla():
    with _contract_sla() as sla:
        yield sla


@pytest.fixture
def net():
    network = Network()
    yield network
    network.cleanup()


class Browser:
    """A person at a browser: a cookie session against the served site, with the CSRF token a
    page gives, as the portal's own JavaScript sends it."""

    def __init__(self) -> None:
        self.session = requests.Session()
        self.csrf_token: str | None = None

    def url(self, path: str) -> str:
        return BASE_URL + path

    def login(self, user: str, password: str = PASSWORD) -> requests.Response:
        response = self.session.post(self.url("/api/method/login"), data={"usr": user, "pwd": password})
        assert response.status_code == 200, response.text
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        response = self.session.get(self.url(path), allow_redirects=kwargs.pop("allow_redirects", True), **kwargs)
        # Website pages set frappe.csrf_token; Helpdesk's SPA sets window["csrf_token"].
        match = re.search(r'(?:frappe\.csrf_token|window\["csrf_token"\]) = "([^"]+)"', response.text)
        if match:
            self.csrf_token = match.group(1)
        return response

    def post(self, path: str, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if self.csrf_token:
            headers["X-Frappe-CSRF-Token"] = self.csrf_token
        headers.setdefault("Accept", "application/json")
        return self.session.post(self.url(path), headers=headers, **kwargs)

    def call(self, _method: str, **data) -> requests.Response:
        return self.post(f"/api/method/{_method}", json=data)


@pytest.fixture
def browser():
    return Browser()


def server_messages(response: requests.Response) -> str:
    """The text of the messages Frappe sent with an error response."""
    import json

    body = response.json()
    messages = [json.loads(m).get("message", "") for m in json.loads(body.get("_server_messages", "[]"))]
    return " ".join(messages) + " " + str(body.get("exception", ""))


# --- a real browser ---------------------------------------------------------------------------

SCREENSHOTS = os.environ.get("HEALTHDESK_SCREENSHOTS", os.path.join(os.getcwd(), "..", "logs", "healthdesk-screenshots"))


@pytest.fixture
def chrome():
    """Headless Chromium (Debian's ``chromium`` + ``chromium-driver``) driven by Selenium.

    Skipped, saying why, where either is missing. Screenshots go to ``HEALTHDESK_SCREENSHOTS``
    (default: the bench's ``logs/healthdesk-screenshots``).
    """
    import shutil

    binary = shutil.which("chromium") or "/usr/bin/chromium"
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not (os.path.exists(binary) and os.path.exists(driver_path)):
        pytest.skip("browser tests need Debian's chromium and chromium-driver packages")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("browser tests need the selenium package")
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=pt-BR"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.implicitly_wait(5)
    os.makedirs(SCREENSHOTS, exist_ok=True)
    driver.shot = lambda name: driver.save_screenshot(os.path.join(SCREENSHOTS, f"{name}.png"))
    yield driver
    driver.quit()


def browser_login(driver, user: str, password: str = PASSWORD) -> None:
    """Log in through the login page, as a person does."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(BASE_URL + "/login")
    # The login form submits through Frappe's JavaScript; wait until the page has loaded it.
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState === 'complete' && !!window.frappe"))
    driver.find_element(By.ID, "login_email").send_keys(user)
    driver.find_element(By.ID, "login_password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, ".btn-login").click()
    WebDriverWait(driver, 30).until(lambda d: "/login" not in d.current_url)


@pytest.fixture
def desk_ready():
    """The desk sends everyone but Administrator to the setup wizard until Frappe's setup is
    complete; a bare test site never ran it. Mark it complete for this test and put it back."""
    filters = {"app_name": "frappe", "has_setup_wizard": 1}
    before = frappe.db.get_value("Installed Application", filters, "is_setup_complete")
    if before is not None and not before:
        frappe.db.set_value("Installed Application", filters, "is_setup_complete", 1)
        frappe.db.commit()
    yield
    if before is not None and not before:
        frappe.db.set_value("Installed Application", filters, "is_setup_complete", before)
        frappe.db.commit()


def click_when_ready(driver, xpath: str) -> None:
    """Click what ``xpath`` finds once it is clickable; Helpdesk's Vue page re-renders while it
    loads, so a found element may go stale before the click: find it again."""
    from selenium.common.exceptions import (
        ElementClickInterceptedException,
        ElementNotInteractableException,
        NoSuchElementException,
        StaleElementReferenceException,
    )
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def clicked(d):
        try:
            d.find_element(By.XPATH, xpath).click()
            return True
        except (StaleElementReferenceException, NoSuchElementException, ElementNotInteractableException,
                ElementClickInterceptedException):
            return False
    WebDriverWait(driver, 30, poll_frequency=0.3).until(clicked)
