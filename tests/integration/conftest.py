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
import random
import re
import secrets

import frappe
import pytest
import requests

SITE = os.environ.get("HEALTHDESK_SITE", "hdtest.localhost")
BASE_URL = os.environ.get("HEALTHDESK_BASE_URL", "http://127.0.0.1:8765").rstrip("/")
PASSWORD = "Test-Healthdesk-" + secrets.token_hex(4)


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


class Network:
    """Creates resellers, clinics, users and tickets for one test, and deletes them afterwards."""

    def __init__(self) -> None:
        self.created: list[tuple[str, str]] = []
        self.tag = secrets.token_hex(3)

    # ----------------------------------------------------------------- helpers
    def _track(self, doctype: str, name: str) -> None:
        self.created.append((doctype, name))

    def new_base_id(self) -> str:
        while True:
            candidate = "9" + "".join(random.choices("0123456789", k=8))
            if not frappe.db.exists("Clinic", candidate):
                return candidate

    def email(self, prefix: str) -> str:
        return f"{prefix}.{self.tag}.{secrets.token_hex(2)}@test.example"

    # ----------------------------------------------------------------- makers
    def reseller(self, **values) -> frappe.model.document.Document:
        code = values.pop("short_code", None) or f"T{secrets.token_hex(4).upper()}"
        managers = values.pop("managers", [])
        doc = frappe.get_doc({
            "doctype": "Reseller", "short_code": code,
            "reseller_name": values.pop("reseller_name", f"Revenda Teste {code}"), **values,
        })
        for manager in managers:
            doc.append("managers", {"user": manager})
        doc.insert(ignore_permissions=True)
        self._track("Reseller", doc.name)
        frappe.db.commit()
        return doc

    def clinic(self, reseller: str, **values) -> frappe.model.document.Document:
        base_id = values.pop("base_id", None) or self.new_base_id()
        doc = frappe.get_doc({
            "doctype": "Clinic", "base_id": base_id, "reseller": reseller,
            "clinic_name": values.pop("clinic_name", f"Clínica Teste {base_id}"), **values,
        })
        doc.insert(ignore_permissions=True)
        self._track("Clinic", doc.name)
        self._track("HD Customer", doc.hd_customer)
        frappe.db.commit()
        return doc

    def user(self, prefix: str = "user", roles: tuple[str, ...] = (), clinics: tuple = (),
             system: bool = False, language: str | None = None) -> str:
        from frappe.utils.password import update_password

        from healthdesk.network.contacts import ensure_contact_for_user, link_contact

        email = self.email(prefix)
        user = frappe.get_doc({
            "doctype": "User", "email": email, "first_name": prefix.capitalize(), "last_name": "Teste",
            "enabled": 1, "send_welcome_email": 0,
            "user_type": "System User" if system else "Website User", "language": language,
        })
        user.insert(ignore_permissions=True)
        if roles:
            user.add_roles(*roles)
        update_password(email, PASSWORD)
        self._track("User", email)
        contact = ensure_contact_for_user(email)
        self._track("Contact", contact)
        if clinics:
            link_contact(contact, [frappe.db.get_value("Clinic", c, "hd_customer") for c in clinics])
        frappe.db.commit()
        return email

    def agent(self) -> str:
        email = self.user("agent", system=True)
        frappe.get_doc({"doctype": "HD Agent", "user": email, "agent_name": "Agente Teste",
                        "is_active": 1}).insert(ignore_permissions=True)
        self._track("HD Agent", email)
        frappe.db.commit()
        return email

    def ticket(self, as_user: str | None = None, **values) -> frappe.model.document.Document:
        previous = frappe.session.user
        if as_user:
            frappe.set_user(as_user)
        try:
            doc = frappe.get_doc({
                "doctype": "HD Ticket", "subject": values.pop("subject", f"Teste {self.tag}"),
                "description": values.pop("description", "Descrição de teste."),
                "raised_by": as_user or values.pop("raised_by", None) or "Administrator",
                "via_customer_portal": 1 if as_user else 0, **values,
            })
            doc.insert()
        finally:
            frappe.set_user(previous)
        self._track("HD Ticket", doc.name)
        frappe.db.commit()
        return doc

    def track(self, doctype: str, name: str) -> None:
        self._track(doctype, name)

    def cleanup(self) -> None:
        frappe.db.rollback()
        frappe.set_user("Administrator")
        tickets = [name for kind, name in self.created if kind == "HD Ticket"]
        if tickets:
            # Frappe reuses the last ticket number after a delete: rows left pointing at a deleted
            # ticket would belong to the next test's ticket.
            for doctype, field in (("Ticket Escalation", "ticket"), ("Triage Action Log", "ticket"),
                                   ("HD Ticket Comment", "reference_ticket")):
                if frappe.db.table_exists(doctype):
                    frappe.db.delete(doctype, {field: ["in", tickets]})
        order = ["Communication", "HD Ticket", "Multi-Clinic Access Request", "HD Agent", "Clinic", "HD Customer",
                 "Reseller", "Contact", "User"]
        for doctype in order:
            for kind, name in reversed(self.created):
                if kind != doctype or not name or not frappe.db.exists(kind, name):
                    continue
                if kind == "Multi-Clinic Access Request":
                    frappe.db.delete("Multi-Clinic Access Request Clinic", {"parent": name})
                    frappe.db.delete(kind, {"name": name})
                    continue
                frappe.delete_doc(kind, name, force=True, ignore_permissions=True, delete_permanently=True)
        frappe.db.commit()


@pytest.fixture
def contract_sla():
    """The contract SLA as installed (for clinic tickets, by its condition), with every other
    non-default SLA disabled for the test: a test site keeps Helpdesk's own test SLAs, and Helpdesk
    applies the first matching non-default SLA. Helpdesk's default SLA stays the default.
    Everything is restored afterwards."""
    from healthdesk.setup.install import CONTRACT_SLA, ensure_contract_sla

    ensure_contract_sla()
    others = frappe.get_all("HD Service Level Agreement",
                            filters={"enabled": 1, "default_sla": 0, "name": ["!=", CONTRACT_SLA]}, pluck="name")
    for name in others:
        frappe.db.set_value("HD Service Level Agreement", name, "enabled", 0)
    frappe.db.set_value("HD Service Level Agreement", CONTRACT_SLA, "enabled", 1)
    frappe.db.commit()
    yield frappe.get_doc("HD Service Level Agreement", CONTRACT_SLA)
    frappe.db.rollback()
    for name in others:
        frappe.db.set_value("HD Service Level Agreement", name, "enabled", 1)
    frappe.db.commit()


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
