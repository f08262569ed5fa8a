"""The Onboarding Completion report over HTTP: a reseller manager reads their resellers' figures,
a clinic user is refused. Its numbers are tested in process in
healthdesk/onboarding/test_completion_report.py."""

from __future__ import annotations

import frappe
import pytest
from onboarding_helpers import onb  # noqa: F401

from healthdesk.test_utils import completion_network

REPORT = "Onboarding Completion"


@pytest.fixture
def network(net, onb):
    return completion_network(net, onb)


def test_report_over_http_for_a_reseller_manager_and_denied_to_clinic_users(net, onb, network, browser):
    manager = net.user("gestor", roles=("Reseller Manager",))
    network["reseller"].append("managers", {"user": manager})
    network["reseller"].save(ignore_permissions=True)
    frappe.db.commit()
    browser.login(manager)
    browser.get("/onboarding")
    response = browser.call("frappe.desk.query_report.run", report_name=REPORT,
                            filters={"group_by": "Clinic"})
    assert response.status_code == 200, response.text
    clinics = {row["clinic"] for row in response.json()["message"]["result"] if isinstance(row, dict)}
    assert clinics == {network["c1"].name, network["c2"].name}

    # The manager reads their reseller's panel, not another reseller's.
    other_panel = onb.panel(reseller=net.reseller().name, title="Outro")
    assert frappe.has_permission("Onboarding Panel", "read", network["panel"], user=manager)
    assert not frappe.has_permission("Onboarding Panel", "read", other_panel, user=manager)
    listed = browser.get("/api/resource/Onboarding Panel?limit_page_length=1000").json()["data"]
    assert {row["name"] for row in listed} >= {network["panel"].name}
    assert other_panel.name not in {row["name"] for row in listed}

    clinic_user = net.user("clinica", clinics=(network["c1"].name,))
    browser.login(clinic_user)
    browser.get("/onboarding")
    denied = browser.call("frappe.desk.query_report.run", report_name=REPORT, filters={"group_by": "Clinic"})
    assert denied.status_code == 403
