"""Reseller desks over HTTP: who sees which ticket, on every path an agent's browser or script can
take (REST, frappe.client, report view and its export, group-by counts, link search, the desk form,
Helpdesk's agent list API and ticket page), as the vendor's agent, the desk agents of cooperatives
A and B and an agent of A who works at no desk (A's manager), for tickets of a clinic of A, of B,
of C (no desk) and of no clinic. Every cell is asserted, allowed or denied; the counts are printed.

Then Helpdesk's agent UI in Chromium, in Portuguese: a desk agent's ticket list holds only their
cooperative's tickets, a vendor agent's holds all of them, and another cooperative's ticket does
not open (screenshots in ``HEALTHDESK_SCREENSHOTS``, by default the bench's logs/desk-visibility)."""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter

import frappe
import pytest
from conftest import BASE_URL, Browser, browser_login

from healthdesk.test_utils import DeskNetwork

KINDS = ("vendor", "desk_a", "desk_b", "agent_a")
SEES = {"vendor": {"A", "B", "C", "none"}, "desk_a": {"A"}, "desk_b": {"B"}, "agent_a": {"A"}}
CELLS: Counter = Counter()


@pytest.fixture(scope="module")
def world():
    frappe.set_user("Administrator")
    net = DeskNetwork()
    tickets: dict[str, str] = {}
    try:
        a, b = net.desk_reseller(), net.desk_reseller()
        c = net.reseller()
        resellers = {"A": a.reseller, "B": b.reseller, "C": c.name}
        clinics = {k: net.clinic(r) for k, r in resellers.items()}
        manager = net.agent()
        doc = frappe.get_doc("Reseller", a.reseller)
        doc.append("managers", {"user": manager})
        doc.save(ignore_permissions=True)
        users = {"vendor": net.agent(), "desk_a": a.agents[0], "desk_b": b.agents[0], "agent_a": manager}
        for user in users.values():
            frappe.db.set_value("User", user, "language", "pt-BR")
        for k, cl in clinics.items():
            tickets[k] = net.ticket(clinic=cl.name, subject=f"Visibilidade {net.tag} {k}").name
        tickets["none"] = net.ticket(subject=f"Visibilidade {net.tag} none").name
        internal = frappe.get_doc({"doctype": "HD Ticket Comment", "reference_ticket": tickets["A"],
                                   "commented_by": users["vendor"], "content": f"<p>Nota interna {net.tag}</p>"}
                                  ).insert(ignore_permissions=True).name
        frappe.db.commit()
        sessions = {}
        for kind, user in users.items():
            session = Browser()
            session.login(user)
            session.get("/helpdesk")
            sessions[kind] = session
        yield frappe._dict(net=net, resellers=resellers, users=users, tickets=tickets, sessions=sessions,
                           internal=internal, a=a)
    finally:
        frappe.db.rollback()
        frappe.db.delete("HD Ticket Comment", {"reference_ticket": ["in", list(tickets.values()) or ["-"]]})
        frappe.db.commit()
        net.cleanup()
        print("\ndesk visibility over HTTP, cells asserted:", dict(sorted(CELLS.items())), "total", sum(CELLS.values()))


def _cell(path: str, kind: str, owner: str, expected: bool, actual: bool, detail: str = "") -> None:
    CELLS[path] += 1
    assert bool(actual) == bool(expected), (
        f"{path}: {kind} on {owner}'s ticket should be {'allowed' if expected else 'denied'} {detail}")


def _message(response):
    return response.json().get("message") if response.status_code == 200 else None


def _names_of(rows) -> set[str]:
    found = set()
    for row in rows or []:
        if isinstance(row, dict):
            found.add(row.get("name") or row.get("value"))
        elif isinstance(row, list | tuple) and row:
            found.add(row[0])
    return found


# --------------------------------------------------------------------------- documents


def _document_paths(s, ticket):
    quoted = "HD%20Ticket"
    return {
        "REST /api/resource document": s.get(f"/api/resource/{quoted}/{ticket}").status_code == 200,
        "frappe.client.get": s.call("frappe.client.get", doctype="HD Ticket", name=ticket).status_code == 200,
        "frappe.client.get_value": bool(_message(s.call("frappe.client.get_value", doctype="HD Ticket",
                                                       filters={"name": ticket}, fieldname="subject"))),
        "desk form getdoc": s.post("/api/method/frappe.desk.form.load.getdoc",
                                   data={"doctype": "HD Ticket", "name": ticket}).status_code == 200,
        "Helpdesk ticket page get_one": (_message(s.call("helpdesk.helpdesk.doctype.hd_ticket.api.get_one",
                                                         name=ticket)) or {}).get("name") == ticket,
        "Helpdesk get_ticket_activities": s.call("helpdesk.helpdesk.doctype.hd_ticket.api.get_ticket_activities",
                                                 ticket=ticket).status_code == 200,
    }


def test_documents(world):
    for kind in KINDS:
        s = world.sessions[kind]
        for owner, ticket in world.tickets.items():
            for path, allowed in _document_paths(s, ticket).items():
                _cell(path, kind, owner, owner in SEES[kind], allowed)


# --------------------------------------------------------------------------- lists and counts


def _list_paths(s, names, tag):
    filters = json.dumps([["HD Ticket", "name", "in", names]])
    out = {}
    response = s.get("/api/resource/HD%20Ticket", params={"filters": filters, "limit_page_length": 0})
    out["REST /api/resource list"] = _names_of(response.json().get("data"))
    out["frappe.client.get_list"] = _names_of(_message(s.call(
        "frappe.client.get_list", doctype="HD Ticket", filters=[["name", "in", names]], fields=["name"],
        limit_page_length=0)))
    out["reportview get"] = set()
    body = _message(s.post("/api/method/frappe.desk.reportview.get",
                           data={"doctype": "HD Ticket", "fields": json.dumps(["`tabHD Ticket`.`name`"]),
                                 "filters": filters, "page_length": 500}))
    if body:
        out["reportview get"] = {row[0] for row in body.get("values", [])}
    export = s.post("/api/method/frappe.desk.reportview.export_query",
                    data={"doctype": "HD Ticket", "file_format_type": "CSV",
                          "fields": json.dumps(["`tabHD Ticket`.`name`", "`tabHD Ticket`.`subject`"]),
                          "filters": filters, "title": "HD Ticket"})
    # the CSV's first column numbers the rows ("Sr"), the second is the ticket
    out["reportview export (CSV)"] = ({row[1] for row in csv.reader(io.StringIO(export.text)) if len(row) > 1}
                                      if export.status_code == 200 else set())
    out["search_link"] = _names_of(_message(s.call("frappe.desk.search.search_link", doctype="HD Ticket",
                                                   txt=f"Visibilidade {tag}", page_length=50)))
    data = _message(s.call("helpdesk.api.doc.get_list_data", doctype="HD Ticket",
                           filters={"name": ["in", names]}, page_length=50)) or {}
    out["Helpdesk get_list_data"] = _names_of(data.get("data"))
    return out


def test_lists_and_searches(world):
    names = list(world.tickets.values())
    for kind in KINDS:
        listed = _list_paths(world.sessions[kind], names, world.net.tag)
        for path, found in listed.items():
            for owner, ticket in world.tickets.items():
                _cell(path, kind, owner, owner in SEES[kind], ticket in found)


def test_counts(world):
    names = list(world.tickets.values())
    for kind in KINDS:
        s = world.sessions[kind]
        groups = {row["name"]: row["count"] for row in _message(s.post(
            "/api/method/frappe.desk.listview.get_group_by_count",
            data={"doctype": "HD Ticket", "current_filters": json.dumps([["HD Ticket", "name", "in", names]]),
                  "field": "reseller"})) or []}
        for owner, ticket in world.tickets.items():
            expected = owner in SEES[kind]
            count = _message(s.call("frappe.client.get_count", doctype="HD Ticket", filters={"name": ticket}))
            _cell("frappe.client.get_count", kind, owner, expected, count == 1)
            count = _message(s.post("/api/method/frappe.desk.reportview.get_count",
                                    data={"doctype": "HD Ticket", "filters": json.dumps({"name": ticket})}))
            _cell("reportview get_count", kind, owner, expected, count == 1)
            if owner != "none":
                _cell("get_group_by_count (reseller)", kind, owner, expected,
                      groups.get(world.resellers[owner], 0) == 1)


# --------------------------------------------------------------------------- notes and side paths


def test_vendor_internal_notes_stay_with_the_vendor(world):
    for kind, sees in (("vendor", True), ("desk_a", False), ("agent_a", False)):
        s = world.sessions[kind]
        page = _message(s.call("helpdesk.helpdesk.doctype.hd_ticket.api.get_one", name=world.tickets["A"])) or {}
        _cell("internal note on get_one", kind, "A", sees, world.internal in _names_of(page.get("comments")))
        response = s.get(f"/api/resource/HD%20Ticket%20Comment/{world.internal}")
        _cell("internal note REST", kind, "A", sees, response.status_code == 200)
        rows = _message(s.call("frappe.client.get_list", doctype="HD Ticket Comment",
                               filters={"reference_ticket": world.tickets["A"]}, fields=["name"])) or []
        _cell("internal note list", kind, "A", sees, world.internal in _names_of(rows))


def test_helpdesk_reads_without_checks_are_closed(world):
    s = world.sessions["desk_a"]
    foreign = world.tickets["B"]
    for method, args in (
        ("helpdesk.api.saved_replies.get_rendered_saved_reply", {"ticket_id": foreign, "saved_reply_id": "x"}),
        ("helpdesk.helpdesk.doctype.hd_ticket.api.show_outside_hours_banner", {"ticket_name": foreign}),
        ("helpdesk.helpdesk.doctype.hd_ticket.api.merge_ticket", {"source": foreign, "target": world.tickets["A"]}),
        ("helpdesk.api.dashboard.get_dashboard_data", {"dashboard_type": "number_card",
                                                       "filters": {"agent": world.users["desk_a"]}}),
    ):
        response = s.call(method, **args)
        _cell(f"Helpdesk {method.rsplit('.', 1)[-1]}", "desk_a", "B", False, response.status_code == 200)
    response = world.sessions["vendor"].call("helpdesk.helpdesk.doctype.hd_ticket.api.show_outside_hours_banner",
                                             ticket_name=foreign)
    _cell("Helpdesk show_outside_hours_banner", "vendor", "B", True, response.status_code == 200)


def test_assigning_another_cooperatives_ticket_to_a_desk_agent_is_refused(world):
    s = world.sessions["vendor"]
    response = s.call("frappe.desk.form.assign_to.add", doctype="HD Ticket", name=world.tickets["B"],
                      assign_to=[world.users["desk_a"]])
    _cell("assign to a desk agent", "vendor→desk_a", "B", False, response.status_code == 200)
    response = s.call("frappe.desk.form.assign_to.add", doctype="HD Ticket", name=world.tickets["A"],
                      assign_to=[world.users["desk_a"]])
    _cell("assign to a desk agent", "vendor→desk_a", "A", True, response.status_code == 200, response.text[:300])
    frappe.db.rollback()
    frappe.db.delete("ToDo", {"reference_type": "HD Ticket", "reference_name": world.tickets["A"]})
    frappe.db.set_value("HD Ticket", world.tickets["A"], "_assign", None, update_modified=False)
    frappe.db.commit()


# --------------------------------------------------------------------------- Helpdesk's agent UI


SCREENSHOTS = os.environ.get("HEALTHDESK_DESK_SCREENSHOTS", os.path.join(os.getcwd(), "..", "logs", "desk-visibility"))


def _ticket_list_text(driver, tag: str, expect_any: bool = True) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(f"{BASE_URL}/helpdesk/tickets")
    if expect_any:
        WebDriverWait(driver, 60).until(lambda d: f"Visibilidade {tag}" in d.find_element(By.TAG_NAME, "body").text)
    import time

    time.sleep(2)  # the list's counts and remaining rows
    return driver.find_element(By.TAG_NAME, "body").text


def test_agent_ui_in_portuguese(world, chrome):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    tag = world.net.tag

    def shot(name):
        chrome.save_screenshot(os.path.join(SCREENSHOTS, f"{name}.png"))

    chrome.set_window_size(1400, 1000)
    browser_login(chrome, world.users["desk_a"])
    text = _ticket_list_text(chrome, tag)
    shot("desk-agent-a-ticket-list-pt-BR")
    for owner in ("A", "B", "C", "none"):
        _cell("agent UI ticket list", "desk_a", owner, owner == "A", f"Visibilidade {tag} {owner}" in text)
    assert "Chamados" in text  # Helpdesk's page, in Portuguese

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    chrome.get(f"{BASE_URL}/helpdesk/tickets/{world.tickets['B']}")
    import time

    time.sleep(4)
    body = chrome.find_element(By.TAG_NAME, "body").text
    shot("desk-agent-a-opens-cooperative-b-ticket-pt-BR")
    _cell("agent UI ticket page", "desk_a", "B", False, f"Visibilidade {tag} B" in body)
    chrome.get(f"{BASE_URL}/helpdesk/tickets/{world.tickets['A']}")
    WebDriverWait(chrome, 60).until(lambda d: f"Visibilidade {tag} A" in d.find_element(By.TAG_NAME, "body").text)
    time.sleep(2)
    body = chrome.find_element(By.TAG_NAME, "body").text
    shot("desk-agent-a-own-ticket-pt-BR")
    _cell("agent UI ticket page", "desk_a", "A", True, True)
    _cell("agent UI internal note", "desk_a", "A", False, f"Nota interna {tag}" in body)

    chrome.delete_all_cookies()
    browser_login(chrome, world.users["vendor"])
    text = _ticket_list_text(chrome, tag)
    shot("vendor-agent-ticket-list-pt-BR")
    for owner in ("A", "B", "C", "none"):
        _cell("agent UI ticket list", "vendor", owner, True, f"Visibilidade {tag} {owner}" in text)
    chrome.get(f"{BASE_URL}/helpdesk/tickets/{world.tickets['A']}")
    WebDriverWait(chrome, 60).until(lambda d: f"Nota interna {tag}" in d.find_element(By.TAG_NAME, "body").text)
    shot("vendor-agent-sees-its-internal-note-pt-BR")
    _cell("agent UI internal note", "vendor", "A", True, True)


def test_desk_agents_work_their_own_tickets_only(world):
    """Working a ticket as Helpdesk's agent UI does it: a note (run_doc_method new_comment) and a
    field change (frappe.client.set_value)."""
    for kind in ("desk_a", "vendor"):
        s = world.sessions[kind]
        for owner in ("A", "B"):
            ticket = world.tickets[owner]
            expected = owner in SEES[kind]
            response = s.post("/api/method/run_doc_method", json={
                "dt": "HD Ticket", "dn": ticket, "method": "new_comment",
                "args": json.dumps({"content": f"<p>Trabalho {world.net.tag}</p>"})})
            _cell("work: note on the ticket", kind, owner, expected, response.status_code == 200, response.text[:200])
            response = s.call("frappe.client.set_value", doctype="HD Ticket", name=ticket, fieldname="priority",
                              value="Low")
            _cell("work: change a field", kind, owner, expected, response.status_code == 200, response.text[:200])
