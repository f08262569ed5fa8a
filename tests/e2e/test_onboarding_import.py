"""Onboarding panel import over HTTP: an admin sees the reader's error and the check's problems; a
clinic user or a reseller manager cannot import. The in-process import, export and panel tests are
in healthdesk/onboarding/test_import_export.py and the Onboarding Panel doctype's tests."""

from __future__ import annotations

from pathlib import Path

import frappe
import pytest
from conftest import server_messages
from onboarding_helpers import onb  # noqa: F401

from healthdesk.api import onboarding as api
from healthdesk.onboarding.panels import PANEL

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "onboarding"
SEED_FRAGMENT = (FIXTURES / "seed_fragment.txt").read_text(encoding="utf-8")


def test_import_over_http_shows_the_error_to_the_admin(net, onb, browser):
    admin = net.user("admin", roles=("Healthdesk Admin",), system=True)
    doc = onb.panel()
    browser.login(admin)
    browser.get("/app")
    response = browser.call("healthdesk.api.onboarding.import_panel", panel=doc.name,
                            text='"conquistas": [\n  {\n    ‘descricao’: "Agenda"')
    assert response.status_code == 417
    message = server_messages(response)
    assert "3" in message and "5" in message and ("Line 3" in message or "Linha 3" in message)

    checked = browser.call("healthdesk.api.onboarding.import_panel", panel=doc.name, text=SEED_FRAGMENT)
    assert checked.status_code == 200, checked.text
    assert checked.json()["message"]["problems"]


def test_clinic_user_and_reseller_manager_cannot_import(net, onb, browser):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    doc = onb.panel(reseller=reseller.name)
    user = net.user("clinica", clinics=(clinic.name,))
    browser.login(user)
    browser.get("/onboarding")
    response = browser.call("healthdesk.api.onboarding.import_panel", panel=doc.name, text=SEED_FRAGMENT, confirm=1)
    assert response.status_code == 403
    manager = net.user("gestor", roles=("Reseller Manager",))
    reseller.append("managers", {"user": manager})
    reseller.save(ignore_permissions=True)
    frappe.db.commit()
    frappe.set_user(manager)
    with pytest.raises(frappe.PermissionError):
        api.import_panel(doc.name, text=SEED_FRAGMENT, confirm=1)
    frappe.set_user("Administrator")
    frappe.db.rollback()
    assert len(frappe.get_doc(PANEL, doc.name).stages) == 3
