"""The Onboarding Completion report: its numbers by clinic, reseller, stage and module, and who may
see which reseller's figures."""

from __future__ import annotations

import frappe
import pytest
from onboarding_helpers import onb  # noqa: F401

from healthdesk.onboarding.panels import PROGRESS

REPORT = "Onboarding Completion"


@pytest.fixture
def network(net, onb):
    """Reseller with clinics C1, C2 and the 5-task test panel; u1 (C1) finished stage 1, u2 (C1)
    did nothing, u3 (C1 and C2) did everything."""
    reseller = net.reseller()
    c1, c2 = net.clinic(reseller.name), net.clinic(reseller.name)
    panel = onb.panel(reseller=reseller.name, modules={"Agenda": "Agenda", "Cadastro de pacientes": "Pacientes"})
    u1 = net.user("u1", clinics=(c1.name,))
    net.user("u2", clinics=(c1.name,))  # did nothing
    u3 = net.user("u3", clinics=(c1.name, c2.name))
    tasks = [(row.stage, row.task_title) for row in panel.tasks]
    for user, done in ((u1, tasks[:2]), (u3, tasks)):
        for stage, task in done:
            frappe.get_doc({"doctype": PROGRESS, "user": user, "panel": panel.name, "stage_title": stage,
                            "task_title": task, "done": 1, "how": "Marked by hand"}).insert(ignore_permissions=True)
    frappe.db.commit()
    return {"reseller": reseller, "c1": c1, "c2": c2, "panel": panel}


def _run(group_by, reseller, **filters):
    from frappe.desk.query_report import run

    result = run(REPORT, filters={"group_by": group_by, "reseller": reseller, **filters})
    return result["result"]


def _figures(row):
    return (row["users"], row["users_finished"], row["tasks_done"], row["tasks_total"], row["completion"])


def test_by_clinic(network):
    rows = {row["clinic"]: row for row in _run("Clinic", network["reseller"].name)}
    assert set(rows) == {network["c1"].name, network["c2"].name}
    assert _figures(rows[network["c1"].name]) == (3, 1, 7, 15, 46.7)
    assert _figures(rows[network["c2"].name]) == (1, 1, 5, 5, 100.0)
    assert rows[network["c1"].name]["clinic_name"] == network["c1"].clinic_name


def test_by_reseller_counts_a_multi_clinic_user_once(network):
    (row,) = _run("Reseller", network["reseller"].name)
    assert row["reseller"] == network["reseller"].name
    assert _figures(row) == (3, 1, 7, 15, 46.7)


def test_by_stage(network):
    rows = {row["stage"]: row for row in _run("Stage", network["reseller"].name)}
    assert _figures(rows["Agenda"]) == (3, 2, 4, 6, 66.7)
    assert _figures(rows["Cadastro de pacientes"]) == (3, 1, 2, 6, 33.3)
    assert _figures(rows["Faturamento"]) == (3, 1, 1, 3, 33.3)
    assert [rows[s]["stage_number"] for s in ("Agenda", "Cadastro de pacientes", "Faturamento")] == [1, 2, 3]


def test_by_module_with_filters(network):
    rows = {row["module"]: row for row in _run("Module", network["reseller"].name)}
    assert set(rows) == {"Agenda", "Pacientes", "Faturamento"}  # no module: the stage title
    assert _figures(rows["Pacientes"]) == (3, 1, 2, 6, 33.3)
    only = _run("Module", network["reseller"].name, module="pacien")
    assert [row["module"] for row in only] == ["Pacientes"]
    by_clinic = _run("Clinic", network["reseller"].name, clinic=network["c2"].name, stage="agenda")
    assert [_figures(row) for row in by_clinic] == [(1, 1, 2, 2, 100.0)]


def test_reseller_manager_sees_only_their_resellers(net, network):
    manager = net.user("gestor", roles=("Reseller Manager",))
    network["reseller"].append("managers", {"user": manager})
    network["reseller"].save(ignore_permissions=True)
    other_manager = net.user("gestor2", roles=("Reseller Manager",))
    net.reseller(managers=[other_manager])
    frappe.db.commit()

    frappe.set_user(manager)
    rows = _run("Reseller", None)
    assert [row["reseller"] for row in rows] == [network["reseller"].name]
    frappe.set_user(other_manager)
    assert _run("Clinic", network["reseller"].name) == []


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


def test_admin_sees_every_reseller(network):
    rows = {row["reseller"] for row in _run("Reseller", None)}
    assert network["reseller"].name in rows
