"""LGPD support access over HTTP: grant rules, write never granted, exact expiry, the immutable
log, the check API, request → approve/decline, files made private, ticket numbers untouched.
(The scheduler, the hooks on unrelated doctypes, the settings and the defaults in-process:
healthdesk/support_access/test_grants.py; a grant's status on load:
healthdesk/healthdesk/doctype/support_access_grant/test_support_access_grant.py.)"""

from __future__ import annotations

import json
import secrets
import time
from datetime import timedelta

import frappe
import pytest
import requests
from conftest import BASE_URL, Browser
from frappe.utils import now_datetime
from grant_helpers import PROTECTED, built_world

from healthdesk import support_access as sa

GRANT, LOG, REQUEST = sa.GRANT, sa.LOG, sa.REQUEST


@pytest.fixture(scope="module")
def world():
    with built_world() as w:
        yield w


def fresh():
    frappe.db.rollback()
    sa.clear_memo()


def logs(**filters):
    fresh()
    return frappe.get_all(LOG, filters=filters, fields=["*"], order_by="creation asc")


# ------------------------------------------------------------------ access log
def test_access_under_a_grant_is_logged_once_per_request_with_ip(world):
    agent, rec = world.agents["active"], world.rec
    before = len(logs(user=agent, reference_name=rec.name))
    b = world.browser(agent)
    r = b.session.get(b.url("/api/method/frappe.desk.form.load.getdoc"), params={"doctype": PROTECTED, "name": rec.name})
    assert r.status_code == 200
    rows = logs(user=agent, reference_name=rec.name)
    new = rows[before:]
    assert len(new) == 1, [(x.action, x.reference_doctype) for x in new]  # getdoc checks permission several times
    entry = new[0]
    assert (entry.event, entry.grant, entry.clinic, entry.reference_doctype, entry.action) == (
        "Access", world.g_active, world.clinic_a, PROTECTED, "read")
    assert entry.ip_address == "127.0.0.1"
    # a list query is logged as a query, with the filters
    b.session.get(b.url(f"/api/resource/{PROTECTED}"), params={"filters": json.dumps([["title", "like", "%x%"]])})
    listed = logs(user=agent, reference_doctype=PROTECTED, action="list")
    assert listed and "like" in listed[-1].query and world.clinic_a in listed[-1].query


def test_denied_access_is_not_logged_as_access(world):
    agent = world.agents["none"]
    b = world.browser(agent)
    assert b.session.get(b.url(f"/api/resource/{PROTECTED}/{world.rec.name}")).status_code == 403
    assert not logs(user=agent, event="Access")


def test_log_is_immutable_for_everyone(world):
    entry = logs(event="Granted", grant=world.g_active)[0]
    admin = world.browser(world.admin)  # System Manager
    url = admin.url(f"/api/resource/{LOG}/{entry.name}")
    assert admin.session.put(url, json={"action": "edited"}, headers={"X-Frappe-CSRF-Token": admin.csrf_token}).status_code == 403
    assert admin.session.delete(url, headers={"X-Frappe-CSRF-Token": admin.csrf_token}).status_code == 403
    r = admin.post(f"/api/resource/{LOG}", json={"event": "Access", "user": world.admin})
    assert r.status_code == 403
    r = admin.call("frappe.client.set_value", doctype=LOG, name=entry.name, fieldname="action", value="x")
    assert r.status_code == 403
    # Administrator bypasses permission hooks: the controller still refuses
    root = Browser()
    root.session.post(root.url("/api/method/login"), data={"usr": "Administrator", "pwd": "admin"}).raise_for_status()
    root.get("/app")
    r = root.session.put(root.url(f"/api/resource/{LOG}/{entry.name}"), json={"action": "edited"},
                         headers={"X-Frappe-CSRF-Token": root.csrf_token})
    assert r.status_code in (403, 417) and "cannot be changed" in r.text
    r = root.session.delete(root.url(f"/api/resource/{LOG}/{entry.name}"), headers={"X-Frappe-CSRF-Token": root.csrf_token})
    assert r.status_code in (403, 417) and "cannot be deleted" in r.text
    fresh()
    assert frappe.db.get_value(LOG, entry.name, "action") == entry.action


# ------------------------------------------------------------------ write never granted
def test_active_grant_never_allows_writing(world):
    b = world.browser(world.agents["active"])
    h = {"X-Frappe-CSRF-Token": b.csrf_token}
    rec = world.rec
    assert b.session.put(b.url(f"/api/resource/{PROTECTED}/{rec.name}"), json={"notes": "x"}, headers=h).status_code == 403
    assert b.session.delete(b.url(f"/api/resource/{PROTECTED}/{rec.name}"), headers=h).status_code == 403
    r = b.post(f"/api/resource/{PROTECTED}", json={"clinic": world.clinic_a, "title": "novo"})
    assert r.status_code == 403
    r = b.call("frappe.client.set_value", doctype=PROTECTED, name=rec.name, fieldname="notes", value="x")
    assert r.status_code == 403
    r = b.call("frappe.desk.form.utils.add_comment", reference_doctype=PROTECTED, reference_name=rec.name,
               content="oi", comment_email=world.agents["active"], comment_by="Agente")
    assert r.status_code == 403
    r = b.session.delete(b.url(f"/api/resource/File/{rec.file}"), headers=h)
    assert r.status_code == 403
    fresh()
    assert frappe.db.get_value(PROTECTED, rec.name, "notes") == "second"
    assert frappe.db.exists("File", rec.file)


# ------------------------------------------------------------------ exact expiry, stored status ignored
def test_expiry_is_exact_to_the_second_without_the_scheduler(world):
    agent = world.agent()
    grant = world.grant(world.owner_a, world.clinic_a, agents=[agent], duration="1 hour")
    end = now_datetime() + timedelta(seconds=3)
    frappe.db.set_value(GRANT, grant, "valid_until", end, update_modified=False)
    frappe.db.commit()
    b = world.browser(agent)
    url = b.url(f"/api/resource/{PROTECTED}/{world.rec.name}")
    assert b.session.get(url).status_code == 200
    while now_datetime() < end:
        time.sleep(0.2)
    assert b.session.get(url).status_code == 403
    fresh()
    assert frappe.db.get_value(GRANT, grant, "status") == "Active"  # the stored value is stale: not trusted


# ------------------------------------------------------------------ who may grant, revoke, edit
def test_only_clinic_users_grant(world):
    payload = {"clinic": world.clinic_a, "duration": "1 hour", "reason": "Ajuda", "agents": [world.agents["none"]]}
    for user in (world.owner_b, world.agents["active"], world.admin):
        b = world.browser(user)
        r = b.call("healthdesk.api.support_access.grant_access", **payload)
        assert r.status_code == 403, (user, r.text[:200])
    b = world.browser(world.owner_a)
    r = b.call("healthdesk.api.support_access.grant_access", **{**payload, "duration": "Custom",
               "valid_until": str(now_datetime() + timedelta(days=8))})
    assert r.status_code == 417 and "maximum" in r.text
    r = b.call("healthdesk.api.support_access.grant_access", **payload)
    assert r.status_code == 200, r.text
    grant = r.json()["message"]
    assert grant["status"] == "Active" and grant["agents"] == [world.agents["none"]]
    world.grants.append(grant["name"])
    # desk insert by an admin is refused too (validation on insert)
    admin = world.browser(world.admin)
    r = admin.post(f"/api/resource/{GRANT}", json={**payload, "agents": [{"agent": world.agents["none"]}]})
    assert r.status_code == 403
    frappe.db.delete(GRANT, grant["name"])  # keep the "none" agent without a grant
    frappe.db.delete(sa.GRANT_AGENT, {"parent": grant["name"]})
    frappe.db.commit()


def test_multi_clinic_admin_of_the_reseller_can_grant(world):
    mca = world.net.user("multi")
    reseller = frappe.db.get_value("Clinic", world.clinic_a, "reseller")
    frappe.db.set_value("Reseller", reseller, "multi_clinic_admin", mca)
    frappe.db.commit()
    try:
        b = world.browser(mca)
        r = b.call("healthdesk.api.support_access.grant_access", clinic=world.clinic_b, duration="1 hour",
                   reason="Ajuda", team=world.team_2)
        assert r.status_code == 200, r.text
        world.grants.append(r.json()["message"]["name"])
    finally:
        frappe.db.set_value("Reseller", reseller, "multi_clinic_admin", None)
        frappe.db.commit()


def test_grant_cannot_be_edited_or_extended(world):
    admin = world.browser(world.admin)
    h = {"X-Frappe-CSRF-Token": admin.csrf_token}
    url = admin.url(f"/api/resource/{GRANT}/{world.g_active}")
    later = str(now_datetime() + timedelta(days=3))
    for change in ({"valid_until": later}, {"team": world.team_2}, {"reason": "outro"},
                   {"agents": [{"agent": world.agents["none"]}]}, {"revoked_at": None, "clinic": world.clinic_b}):
        r = admin.session.put(url, json=change, headers=h)
        assert r.status_code in (403, 417), (change, r.status_code)
    assert admin.session.delete(url, headers=h).status_code in (403, 417)
    fresh()
    doc = frappe.get_doc(GRANT, world.g_active)
    assert doc.reason == "Teste de acesso do suporte" and not doc.team and len(doc.agents) == 2


def test_revocation_rules(world):
    agent = world.agent()
    grant = world.grant(world.owner_a, world.clinic_a, agents=[agent])
    for user in (world.owner_b, agent, world.agents["active"]):
        r = world.browser(user).call("healthdesk.api.support_access.revoke_grant", grant=grant)
        assert r.status_code == 403, user
    b = world.browser(agent)
    assert b.session.get(b.url(f"/api/resource/{PROTECTED}/{world.rec.name}")).status_code == 200
    r = world.browser(world.owner_a).call("healthdesk.api.support_access.revoke_grant", grant=grant)
    assert r.status_code == 200, r.text
    assert b.session.get(b.url(f"/api/resource/{PROTECTED}/{world.rec.name}")).status_code == 403  # immediately
    r = world.browser(world.admin).call("healthdesk.api.support_access.revoke_grant", grant=grant)
    assert r.status_code == 417 and "already revoked" in r.text
    assert [x.event for x in logs(grant=grant) if x.event != "Access"] == ["Granted", "Revoked"]
    # an admin may revoke
    other = world.grant(world.owner_a, world.clinic_a, agents=[agent])
    r = world.browser(world.admin).call("healthdesk.api.support_access.revoke_grant", grant=other)
    assert r.status_code == 200, r.text


# ------------------------------------------------------------------ external check API
@pytest.fixture
def token():
    from frappe.utils.password import get_decrypted_password

    previous = get_decrypted_password(sa.SETTINGS, sa.SETTINGS, "access_check_token", raise_exception=False)
    value = secrets.token_urlsafe(24)
    settings = frappe.get_single(sa.SETTINGS)
    settings.access_check_token = value
    settings.flags.ignore_permissions = True
    settings.save()
    frappe.db.commit()
    yield value
    settings = frappe.get_single(sa.SETTINGS)
    settings.access_check_token = previous
    settings.flags.ignore_permissions = True
    settings.save()
    frappe.db.commit()


def check(token_value, **params):
    headers = {"X-Healthdesk-Access-Token": token_value} if token_value is not None else {}
    return requests.post(BASE_URL + "/api/method/healthdesk.api.support_access.check_access", data=params,
                         headers=headers)


def test_check_api(world, token):
    agent, clinic = world.agents["active"], world.clinic_a
    for bad in (None, "", "wrong-" + token, token[:-1]):
        r = check(bad, user=agent, clinic=clinic)
        assert r.status_code in (401, 403), (bad, r.status_code)
    r = check(token, user=agent, clinic=clinic, scope="agenda")
    assert r.status_code == 200, r.text
    answer = r.json()["message"]
    assert answer["allowed"] is True and answer["grant"] == world.g_active and answer["valid_until"]
    for scope in ("medical_record", "Prontuário", "PRONTUARIO", "prontuário eletrônico", "Medical Records"):
        r = check(token, user=agent, clinic=clinic, scope=scope)
        assert r.json()["message"] == {"allowed": False, "reason": "medical_record_never_accessible"}, scope
    for user, reason in ((world.agents["none"], "no_active_grant"), (world.agents["expired"], "no_active_grant"),
                         (world.agents["revoked"], "no_active_grant"), (world.owner_a, "not_a_support_user"),
                         (world.agents["other_clinic"], "no_active_grant")):
        assert check(token, user=user, clinic=clinic).json()["message"]["reason"] == reason, user
    assert check(token, user=world.agents["team"], clinic=clinic).json()["message"]["allowed"] is True
    checks = logs(event="Check", user=agent)
    assert len(checks) >= 6 and any("allowed=False; medical_record" in c.query for c in checks)
    assert logs(event="Check Failed", query=["like", "rejected token%"])


# ------------------------------------------------------------------ request → approve / decline
def test_request_approve_and_decline(world):
    agent = world.agent()
    ticket = world.net.ticket(as_user=world.owner_a, clinic=world.clinic_a)
    b = world.browser(agent)
    r = b.call("healthdesk.api.support_access.request_access", ticket=ticket.name, justification="curto")
    assert r.status_code == 417
    r = b.call("healthdesk.api.support_access.request_access", ticket=ticket.name,
               justification="Preciso ver a configuração da agenda da clínica.")
    assert r.status_code == 200, r.text
    req = r.json()["message"]["name"]
    fresh()
    assert frappe.db.exists("Notification Log", {"for_user": world.owner_a, "document_name": req})
    # the note on the ticket is the requesting agent's, not Administrator's (issue 12)
    authors = frappe.get_all("HD Ticket Comment", filters={"reference_ticket": ticket.name}, pluck="commented_by")
    assert agent in authors and "Administrator" not in authors
    assert frappe.db.get_value("HD Ticket", ticket.name, "support_access")
    # a clinic user cannot request; another clinic's user cannot decide
    r = world.browser(world.owner_a).call("healthdesk.api.support_access.request_access", ticket=ticket.name,
                                          justification="Preciso ver a configuração da agenda.")
    assert r.status_code == 403
    r = world.browser(world.owner_b).call("healthdesk.api.support_access.decide_request", request=req, approve=1,
                                          duration="1 hour")
    assert r.status_code == 403
    assert b.session.get(b.url(f"/api/resource/{PROTECTED}/{world.rec.name}")).status_code == 403
    r = world.browser(world.owner_a).call("healthdesk.api.support_access.decide_request", request=req, approve=1,
                                          duration="4 hours")
    assert r.status_code == 200, r.text
    grant = r.json()["message"]["grant"]
    assert b.session.get(b.url(f"/api/resource/{PROTECTED}/{world.rec.name}")).status_code == 200
    fresh()
    g = frappe.get_doc(GRANT, grant)
    assert [a.agent for a in g.agents] == [agent] and g.ticket == ticket.name and g.request == req
    assert abs((g.valid_until - g.valid_from).total_seconds() - 4 * 3600) < 1
    assert frappe.db.exists("HD Ticket Comment", {"reference_ticket": ticket.name})
    events = [x.event for x in logs(clinic=world.clinic_a) if x.event != "Access"]
    assert {"Requested", "Approved", "Granted"} <= set(events)
    r = world.browser(world.owner_a).call("healthdesk.api.support_access.decide_request", request=req, approve=0)
    assert r.status_code == 417  # already decided
    r = b.call("healthdesk.api.support_access.request_access", ticket=ticket.name,
               justification="Outra necessidade: ver os relatórios.")
    req2 = r.json()["message"]["name"]
    r = world.browser(world.owner_a).call("healthdesk.api.support_access.decide_request", request=req2, approve=0)
    assert r.status_code == 200 and r.json()["message"]["status"] == "Declined"
    assert logs(event="Declined", reference_name=req2)
    state = b.call("healthdesk.api.support_access.ticket_access_state", ticket=ticket.name).json()["message"]
    assert state["grant"] == grant and state["request"]["status"] == "Declined"


# ------------------------------------------------------------------ files, ticket numbers
def test_public_file_on_protected_record_is_made_private(world):
    admin = world.browser(world.admin)
    r = admin.post("/api/method/upload_file", files={"file": (f"{world.marker}-pub.txt", b"dados")},
                   data={"is_private": 0, "doctype": PROTECTED, "docname": world.rec.name})
    assert r.status_code == 200, r.text
    data = r.json()["message"]
    assert data["is_private"] == 1 and data["file_url"].startswith("/private/files/")
    assert requests.get(BASE_URL + "/files/" + data["file_name"]).status_code != 200  # nothing public left
    assert world.browser(world.agents["none"]).session.get(BASE_URL + data["file_url"]).status_code in (403, 404)


def test_grants_and_requests_do_not_use_up_ticket_numbers(world):
    """Issue 12: grants and requests named "format:SAG-{#####}" counted in the ticket series (the
    empty prefix), so ticket numbers skipped. They have series of their own now."""
    first = world.net.ticket(as_user=world.owner_a, clinic=world.clinic_a)
    agent = world.agent()
    grant = world.grant(world.owner_a, world.clinic_a, agents=[agent])
    b = world.browser(agent)
    r = b.call("healthdesk.api.support_access.request_access", ticket=first.name,
               justification="Preciso ver a configuração da agenda da clínica.")
    assert r.status_code == 200, r.text
    fresh()
    second = world.net.ticket(as_user=world.owner_a, clinic=world.clinic_a)
    assert int(second.name) == int(first.name) + 1
    assert grant.startswith("SAG-") and r.json()["message"]["name"].startswith("SAR-")
