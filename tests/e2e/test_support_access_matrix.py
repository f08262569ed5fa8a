"""LGPD support access: every access path × every state, each cell asserted over HTTP against the
served site (the hooks run in the web server, as in production).

States: no grant; active grant (named agent); active grant to the agent's team; grant expired one
second ago; revoked grant; grant for another clinic; grant to another team; the clinic's own user;
an admin (System Manager, not an agent); the medical-record doctype with an active grant.
Agents hold the Agent role only (a support user cannot also be System Manager); the test doctypes give
Agent every role permission, so role permissions never hide anything: the grant hooks alone
decide."""

from __future__ import annotations

import json

import pytest
from grant_helpers import built_world

ALLOWED, DENIED = "allowed", "denied"

STATES = ("none", "active", "team", "expired", "revoked", "other_clinic", "other_team", "owner", "admin", "medical")
ALLOWED_STATES = {"active", "team", "owner", "admin"}


@pytest.fixture(scope="module")
def world():
    with built_world() as w:
        yield w


def _status(r, allowed_if: bool):
    """Map a response to allowed/denied; anything that is neither (a 500) fails the cell."""
    assert r.status_code in (200, 403, 404, 417), (r.status_code, r.text[:500])
    if r.status_code == 200 and allowed_if:
        return ALLOWED
    return DENIED


def _get(b, method, **params):
    return b.session.get(b.url(f"/api/method/{method}"),
                         params={k: json.dumps(v) if isinstance(v, (list, dict)) else v for k, v in params.items()})


def _msg(r):
    return r.json().get("message") if r.status_code == 200 else None


# ------------------------------------------------------------------ paths: (browser, target) → allowed/denied
def form_load(b, t):
    r = _get(b, "frappe.desk.form.load.getdoc", doctype=t.doctype, name=t.name)
    ok = r.status_code == 200 and any(d.get("name") == t.name for d in r.json().get("docs", []))
    return _status(r, ok)


def resource_single(b, t):
    r = b.session.get(b.url(f"/api/resource/{t.doctype}/{t.name}"))
    return _status(r, r.status_code == 200 and r.json()["data"]["title"] == t.title)


def resource_list(b, t):
    r = b.session.get(b.url(f"/api/resource/{t.doctype}"),
                      params={"fields": json.dumps(["name", "title"]), "filters": json.dumps([["name", "=", t.name]])})
    return _status(r, r.status_code == 200 and any(d["name"] == t.name for d in r.json()["data"]))


def client_get(b, t):
    r = _get(b, "frappe.client.get", doctype=t.doctype, name=t.name)
    return _status(r, r.status_code == 200 and (_msg(r) or {}).get("title") == t.title)


def client_get_list(b, t):
    r = _get(b, "frappe.client.get_list", doctype=t.doctype, filters={"name": t.name}, fields=["name"])
    return _status(r, any(d["name"] == t.name for d in (_msg(r) or [])))


def client_get_value(b, t):
    r = _get(b, "frappe.client.get_value", doctype=t.doctype, filters={"name": t.name}, fieldname="title")
    return _status(r, ((_msg(r) or {}).get("title")) == t.title)


def client_get_count(b, t):
    r = _get(b, "frappe.client.get_count", doctype=t.doctype, filters={"name": t.name})
    return _status(r, _msg(r) == 1)


def report_view(b, t):
    r = _get(b, "frappe.desk.reportview.get", doctype=t.doctype,
             fields=[f"`tab{t.doctype}`.`name`", f"`tab{t.doctype}`.`title`"], filters=[[t.doctype, "name", "=", t.name]])
    m = _msg(r) or {}
    return _status(r, any(t.name in row for row in (m.get("values") or [])) if isinstance(m, dict) else False)


def report_export(b, t):
    r = _get(b, "frappe.desk.reportview.export_query", doctype=t.doctype, file_format_type="CSV",
             fields=[f"`tab{t.doctype}`.`name`", f"`tab{t.doctype}`.`title`"],
             filters=[[t.doctype, "name", "=", t.name]])
    return _status(r, r.status_code == 200 and t.title in r.text)


def link_search(b, t):
    r = _get(b, "frappe.desk.search.search_link", doctype=t.doctype, txt=t.title)
    return _status(r, any(d.get("value") == t.name for d in (_msg(r) or [])))


def global_search(b, t):
    r = _get(b, "frappe.utils.global_search.search", text=t.title)
    return _status(r, any(d.get("name") == t.name for d in (_msg(r) or [])))


def print_view(b, t):
    r = b.session.get(b.url("/printview"), params={"doctype": t.doctype, "name": t.name, "format": "Standard"})
    assert r.status_code in (200, 403), r.status_code
    return ALLOWED if r.status_code == 200 and t.title in r.text else DENIED


def file_doc(b, t):
    r = b.session.get(b.url(f"/api/resource/File/{t.file}"))
    return _status(r, r.status_code == 200 and r.json()["data"]["attached_to_name"] == t.name)


def file_download(b, t):
    r = b.session.get(b.url(t.file_url))
    assert r.status_code in (200, 403, 404), r.status_code
    return ALLOWED if r.status_code == 200 and t.secret in r.text else DENIED


def file_list(b, t):
    r = _get(b, "frappe.client.get_list", doctype="File", filters={"attached_to_name": t.name}, fields=["name"])
    return _status(r, any(d["name"] == t.file for d in (_msg(r) or [])))


def version_doc(b, t):
    r = b.session.get(b.url(f"/api/resource/Version/{t.version}"))
    return _status(r, r.status_code == 200 and r.json()["data"]["docname"] == t.name)


def version_list(b, t):
    r = _get(b, "frappe.client.get_list", doctype="Version", filters={"docname": t.name}, fields=["name"])
    return _status(r, any(d["name"] == t.version for d in (_msg(r) or [])))


def comment_doc(b, t):
    r = b.session.get(b.url(f"/api/resource/Comment/{t.comment}"))
    return _status(r, r.status_code == 200 and r.json()["data"]["reference_name"] == t.name)


def comment_list(b, t):
    r = _get(b, "frappe.client.get_list", doctype="Comment", filters={"reference_name": t.name}, fields=["name"])
    return _status(r, any(d["name"] == t.comment for d in (_msg(r) or [])))


def child_rows(b, t):
    r = _get(b, "frappe.client.get_list", doctype="HDX Test Record Row", parent=t.doctype,
             filters={"parent": t.name}, fields=["name", "item"])
    return _status(r, any(d["name"] == t.row for d in (_msg(r) or [])))


PATHS = {f.__name__: f for f in (
    form_load, resource_single, resource_list, client_get, client_get_list, client_get_value, client_get_count,
    report_view, report_export, link_search, global_search, print_view, file_doc, file_download, file_list,
    version_doc, version_list, comment_doc, comment_list, child_rows)}

# The clinic's own user is a website user with a reader role on the record only: Frappe's role
# permissions (not the grant hooks) keep Version and Comment from them, and Frappe lists a
# non-system user only the files they uploaded.
ROLE_DENIED = {("owner", p) for p in ("version_doc", "version_list", "comment_doc", "comment_list", "file_list")}


def expected(state: str, path: str) -> str:
    if (state, path) in ROLE_DENIED:
        return DENIED
    return ALLOWED if state in ALLOWED_STATES else DENIED


def user_for(world, state: str) -> str:
    if state == "owner":
        return world.owner_a
    if state == "admin":
        return world.admin
    return world.agents[state]


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("path", list(PATHS))
def test_matrix(world, state, path):
    if state == "expired":
        world.expire_one_second_ago(world.g_expired)
    target = world.med if state == "medical" else world.rec
    b = world.browser(user_for(world, state))
    assert PATHS[path](b, target) == expected(state, path), f"{state} × {path}"


def test_matrix_size():
    assert len(STATES) * len(PATHS) == 200
