"""Ticket Agent Assignment over HTTP, against the served site: the rows (who worked which ticket of
which clinic) are for admins only. Every way Frappe reads a doctype — REST list and document,
frappe.client's get_list / get_value / get_count, the report view and its count and export, the
list's group-by counts, link search — is refused to a vendor agent, a cooperative's desk agent, a
cooperative's manager, a clinic user and a guest; a Healthdesk Admin reads them; nobody, the
admin included, creates, changes or deletes one."""

from __future__ import annotations

import json
from urllib.parse import quote

import frappe
import pytest
from conftest import Browser
from frappe.desk.form import assign_to

from healthdesk.constants import HEALTHDESK_ADMIN, RESELLER_MANAGER
from healthdesk.indicators.assignments import DOCTYPE
from healthdesk.test_utils import DeskNetwork

RESOURCE = "/api/resource/" + quote(DOCTYPE)


@pytest.fixture(scope="module")
def world():
    frappe.set_user("Administrator")
    net = DeskNetwork()
    try:
        reseller = net.reseller()
        clinic = net.clinic(reseller.name)
        agent = net.agent()
        ticket = net.ticket(clinic=clinic.name, subject="Quem atendeu")
        assign_to.add({"assign_to": [agent], "doctype": "HD Ticket", "name": ticket.name})
        desk = net.desk_reseller()
        people = {
            "vendor agent": agent,
            "desk agent": desk.agents[0],
            "manager": net.user("gestor", roles=(RESELLER_MANAGER,)),
            "clinic user": net.user("clinica", clinics=(clinic.name,)),
        }
        admin = net.user("admin", roles=(HEALTHDESK_ADMIN,), system=True)
        frappe.db.commit()
        row = frappe.db.get_value(DOCTYPE, {"ticket": ticket.name, "agent": agent})
        assert row, "the assignment made no row"
        yield frappe._dict(net=net, ticket=ticket.name, agent=agent, clinic=clinic.name, people=people, admin=admin,
                          row=row)
    finally:
        net.cleanup()


def session(user: str | None) -> Browser:
    b = Browser()
    if user:
        b.login(user)
        for page in ("/app", "/"):  # the desk's page gives a system user the CSRF token, the site's a website user
            if not b.csrf_token:
                b.get(page)
    return b


def reads(b: Browser, world) -> dict[str, object]:
    """Each path's response."""
    fields = json.dumps(["agent", "ticket", "clinic"])
    filters = json.dumps({"ticket": world.ticket})
    return {
        "REST list": b.session.get(b.url(f"{RESOURCE}?fields={quote(fields)}&filters={quote(filters)}")),
        "REST document": b.session.get(b.url(f"{RESOURCE}/{world.row}")),
        "get_list": b.call("frappe.client.get_list", doctype=DOCTYPE, fields=["agent", "ticket"],
                           filters={"ticket": world.ticket}),
        "get_value": b.call("frappe.client.get_value", doctype=DOCTYPE, fieldname="agent",
                            filters={"ticket": world.ticket}),
        "get_count": b.call("frappe.client.get_count", doctype=DOCTYPE, filters={"ticket": world.ticket}),
        "report view": b.call("frappe.desk.reportview.get", doctype=DOCTYPE, fields=["agent", "ticket"],
                              filters={"ticket": world.ticket}),
        "report view count": b.call("frappe.desk.reportview.get_count", doctype=DOCTYPE,
                                    filters={"ticket": world.ticket}),
        "group-by count": b.call("frappe.desk.listview.get_group_by_count", doctype=DOCTYPE,
                                 current_filters=filters, field="agent"),
        "export": b.post("/api/method/frappe.desk.reportview.export_query",
                         data={"doctype": DOCTYPE, "file_format_type": "CSV", "fields": json.dumps(["agent"]),
                               "filters": filters, "title": "x"}),
        "link search": b.call("frappe.desk.search.search_link", doctype=DOCTYPE, txt=world.ticket),
    }


@pytest.mark.parametrize("who", ["vendor agent", "desk agent", "manager", "clinic user", "guest"])
def test_nobody_but_an_admin_reads_the_rows(world, who):
    b = session(world.people.get(who))
    for path, response in reads(b, world).items():
        assert response.status_code in (401, 403), (who, path, response.status_code, response.text[:300])
        # nothing of the row: its name, its clinic (the refusal itself may name the asking user)
        assert world.row not in response.text and world.clinic not in response.text, (who, path)


def test_a_healthdesk_admin_reads_and_exports_them(world):
    b = session(world.admin)
    got = reads(b, world)
    assert got["REST list"].status_code == 200
    assert [r["agent"] for r in got["REST list"].json()["data"]] == [world.agent]
    assert got["REST document"].json()["data"]["ticket"] == world.ticket
    assert got["get_count"].json()["message"] == 1
    assert got["export"].status_code == 200 and world.agent in got["export"].text


def test_nobody_writes_a_row_the_admin_included(world):
    b = session(world.admin)
    created = b.post(RESOURCE, json={"ticket": world.ticket, "agent": world.admin})
    changed = b.session.put(b.url(f"{RESOURCE}/{world.row}"), json={"reopen_count": 9},
                            headers={"X-Frappe-CSRF-Token": b.csrf_token or ""})
    deleted = b.session.delete(b.url(f"{RESOURCE}/{world.row}"), headers={"X-Frappe-CSRF-Token": b.csrf_token or ""})
    for what, response in (("insert", created), ("update", changed), ("delete", deleted)):
        assert response.status_code == 403, (what, response.status_code, response.text[:300])
    frappe.db.rollback()
    assert frappe.db.get_value(DOCTYPE, world.row, ["agent", "reopen_count"]) == (world.agent, 0)
    assert not frappe.db.exists(DOCTYPE, {"ticket": world.ticket, "agent": world.admin})
