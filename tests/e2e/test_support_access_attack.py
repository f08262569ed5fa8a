"""LGPD support access under attack (issue 10): every class of bypass a support user inside the
team could try, in the grant states none / active / revoked / expired, over HTTP against the served
site (the hooks and the request boundary run in the web server, as in production).

Support users hold the Agent role; the "extra roles" support user also holds Agent Manager (the
strongest support role a support user may hold): the roles that read everything (System Manager,
Healthdesk Admin) are refused when someone tries to give them (separation of duties).

The Healthcare part (real medical doctypes and Healthcare's own whitelisted methods and report)
runs on a site with the ``healthcare`` app installed and is skipped, saying so, elsewhere.

The in-process part (separation of duties, shares and assignments refused, duty violations
reported, Healthcare's doctypes medical by default) is healthdesk/support_access/test_guards.py.
"""

from __future__ import annotations

import json
import secrets

import frappe
import pytest
import requests
from conftest import BASE_URL, Browser
from grant_helpers import CHILD, LINKER, MEDICAL, MEDICAL_CHILD, PROTECTED, add_manager, built_world

from healthdesk import support_access as sa
from healthdesk.support_access.boundary import REFUSED_MESSAGE
from healthdesk.test_utils import SA_NO_HEALTHCARE, clinical_record

STATES = ("none", "active", "revoked", "expired")
REFUSED_PT = "Esta ação não está disponível para usuários do suporte"


@pytest.fixture(scope="module")
def world():
    with built_world() as w:
        # the "extra roles" support user: Agent + Agent Manager, covered by the active grant's team
        yield add_manager(w)


def fresh():
    frappe.db.rollback()
    sa.clear_memo()


def agent_for(world, state: str) -> str:
    return world.agents[state]


def who(world):
    """(label, user) for every state of the Agent-only user and for the extra-roles user."""
    return [(s, agent_for(world, s)) for s in STATES] + [("manager", world.manager)]


def get(b: Browser, _method: str, **params) -> requests.Response:
    return b.session.get(b.url(f"/api/method/{_method}"),
                         params={k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in params.items()})


def refused(r: requests.Response) -> bool:
    """The boundary's refusal: 403 with the one sentence (English or pt-BR)."""
    if r.status_code != 403:
        return False
    try:
        text = json.dumps(r.json(), ensure_ascii=False)
    except ValueError:  # a page (or the legacy cmd form): Frappe's own "Not Permitted" page
        return "Not Permitted" in r.text or "Não Permitido" in r.text or "Não permitido" in r.text
    return REFUSED_MESSAGE in text or REFUSED_PT in text


def denied(r: requests.Response) -> bool:
    return r.status_code in (401, 403, 404, 417)


def refusal_rows(user: str, what: str):
    fresh()
    return frappe.get_all(sa.LOG, filters={"event": "Refused", "user": user, "action": what},
                          fields=["name", "occurrences"])


# ============================================================== 1. the request boundary
UNREVIEWED = (
    "frappe.client.get_password",
    "frappe.core.doctype.user.user.get_all_roles",
    "frappe.desk.doctype.system_console.system_console.execute_code",
    "frappe.core.doctype.deleted_document.deleted_document.restore",
)


@pytest.mark.parametrize("method", UNREVIEWED)
def test_unreviewed_methods_are_refused_to_every_support_user(world, method):
    for label, user in who(world):
        r = get(world.browser(user), method, doctype=sa.SETTINGS, name=sa.SETTINGS, fieldname="access_check_token")
        assert refused(r), (label, method, r.status_code, r.text[:300])


def test_unreviewed_methods_still_work_for_non_support_users(world):
    r = get(world.browser(world.admin), "frappe.core.doctype.user.user.get_all_roles")
    assert r.status_code == 200, r.text[:300]


def test_every_route_form_of_a_method_is_refused(world):
    b = world.browser(world.agents["active"])
    method = "frappe.core.doctype.user.user.get_all_roles"
    h = {"X-Frappe-CSRF-Token": b.csrf_token or ""}
    for r in (
        b.session.get(b.url(f"/api/v1/method/{method}")),
        b.session.get(b.url(f"/api/v2/method/{method}")),
        b.session.post(b.url("/"), data={"cmd": method}, headers=h),   # the legacy cmd form key
        b.session.get(b.url(f"/api/method/{method}/")),
        b.session.get(b.url("/api/v2/method/User/get_all_roles")),     # a controller module's function
    ):
        assert refused(r), (r.request.url, r.status_code, r.text[:200])


def test_reviewed_methods_keep_working(world):
    b = world.browser(world.agents["none"])
    assert get(b, "frappe.auth.get_logged_user").json()["message"] == world.agents["none"]
    assert get(b, "frappe.client.get_list", doctype="HD Ticket", fields=["name"], limit_page_length=1).status_code == 200
    assert get(b, "helpdesk.api.auth.get_user").status_code == 200
    assert b.session.get(b.url("/helpdesk")).status_code == 200
    assert b.session.get(b.url("/app/hd-ticket")).status_code == 200
    for page in ("/apps", "/me", "/desk"):  # after login, the user menu, the old desk address
        assert b.session.get(b.url(page)).status_code == 200, page
    r = get(b, "frappe.core.doctype.user.user.test_password_strength", new_password="Uma-Senha-Longa-2026")
    assert r.status_code == 200, r.text[:200]


def test_api_key_authentication_meets_the_same_boundary(world):
    """API keys authenticate after ``before_request``; the boundary runs after them."""
    user = world.agents["active"]
    key, secret = secrets.token_hex(8), secrets.token_hex(8)
    frappe.db.set_value("User", user, "api_key", key)
    from frappe.utils.password import set_encrypted_password

    set_encrypted_password("User", user, secret, "api_secret")
    frappe.db.commit()
    try:
        h = {"Authorization": f"token {key}:{secret}"}
        ok = requests.get(BASE_URL + "/api/method/frappe.auth.get_logged_user", headers=h)
        assert ok.status_code == 200 and ok.json()["message"] == user, ok.text[:200]
        r = requests.get(BASE_URL + "/api/method/frappe.core.doctype.user.user.get_all_roles", headers=h)
        assert refused(r), (r.status_code, r.text[:200])
    finally:
        frappe.db.set_value("User", user, "api_key", None)
        frappe.db.commit()


def test_unreviewed_pages_are_refused(world):
    b = world.browser(world.agents["active"])
    for path in ("/contact", "/blog", "/list/hd-ticket"):
        r = b.session.get(b.url(path))
        assert r.status_code == 403, (path, r.status_code)
    assert world.browser(world.admin).session.get(world.browser(world.admin).url("/blog")).status_code != 403


def test_a_refusal_is_logged_once_per_hour_with_a_count(world):
    user = world.agents["revoked"]
    method = "frappe.core.doctype.user.user.get_all_roles"
    b = world.browser(user)
    before = sum(r.occurrences for r in refusal_rows(user, method))
    for _ in range(3):
        assert refused(get(b, method))
    rows = refusal_rows(user, method)
    assert len(rows) == 1, rows
    assert rows[0].occurrences - before == 3 or (before == 0 and rows[0].occurrences == 3)


def test_the_refusal_is_translated(world):
    user = world.agents["expired"]
    frappe.db.set_value("User", user, "language", "pt-BR")
    frappe.db.commit()
    try:
        b = Browser()
        b.login(user)
        b.get("/app")
        r = get(b, "frappe.client.get_password", doctype=sa.SETTINGS, name=sa.SETTINGS, fieldname="access_check_token")
        assert refused(r) and REFUSED_PT in json.dumps(r.json(), ensure_ascii=False), r.text[:300]
    finally:
        frappe.db.set_value("User", user, "language", None)
        frappe.db.commit()


# ---------------------------------------------------------- generic methods that name a doctype
def _doctype_paths(b, med, rec):
    """Reviewed generic methods pointed at the medical record (and its child rows)."""
    return {
        "getdoc": get(b, "frappe.desk.form.load.getdoc", doctype=MEDICAL, name=med.name),
        "client.get": get(b, "frappe.client.get", doctype=MEDICAL, name=med.name),
        "get_list": get(b, "frappe.client.get_list", doctype=MEDICAL, fields=["name", "title"]),
        "get_value": get(b, "frappe.client.get_value", doctype=MEDICAL, filters={"name": med.name}, fieldname="notes"),
        "get_count": get(b, "frappe.client.get_count", doctype=MEDICAL, filters={"notes": ["like", "s%"]}),
        "reportview": get(b, "frappe.desk.reportview.get", doctype=MEDICAL, fields=["name"]),
        "reportview.count": get(b, "frappe.desk.reportview.get_count", doctype=MEDICAL),
        "search_link": get(b, "frappe.desk.search.search_link", doctype=MEDICAL, txt=med.title),
        "group_by": get(b, "frappe.desk.listview.get_group_by_count", doctype=MEDICAL, current_filters="[]",
                        field="assigned_to"),
        "export": get(b, "frappe.desk.reportview.export_query", doctype=MEDICAL, file_format_type="CSV",
                      fields=["name"]),
        "print": get(b, "frappe.utils.print_format.download_pdf", doctype=MEDICAL, name=med.name),
        "printview": b.session.get(b.url("/printview"), params={"doctype": MEDICAL, "name": med.name}),
        "resource": b.session.get(b.url(f"/api/resource/{MEDICAL}/{med.name}")),
        "resource list": b.session.get(b.url(f"/api/resource/{MEDICAL}")),
        "v2 document": b.session.get(b.url(f"/api/v2/document/{MEDICAL}/{med.name}")),
        "v2 count": b.session.get(b.url(f"/api/v2/doctype/{MEDICAL}/count")),
        "child get_list": get(b, "frappe.client.get_list", doctype=MEDICAL_CHILD, parent=MEDICAL,
                              filters={"parent": med.name}, fields=["item"]),
        "child get": get(b, "frappe.client.get", doctype=MEDICAL_CHILD, name=med.row),
        "child resource": b.session.get(b.url(f"/api/resource/{MEDICAL_CHILD}")),
        "run_doc_method": get(b, "run_doc_method", dt=MEDICAL, dn=med.name, method="get_onload"),
    }


def test_medical_doctypes_are_refused_through_every_generic_method(world):
    for label, user in who(world):
        b = world.browser(user)
        for path, r in _doctype_paths(b, world.med, world.rec).items():
            assert refused(r), (label, path, r.status_code, r.text[:200])
            assert world.med.secret not in r.text and world.med.title not in r.text


def test_methods_and_doctypes_hidden_in_arguments_are_refused(world):
    """Link search runs its ``query`` argument as a method; multi-PDF takes {doctype: [names]}."""
    for label, user in who(world):
        b = world.browser(user)
        r = get(b, "frappe.desk.search.search_link", doctype="User", txt="a",
                query="frappe.contacts.address_and_contact.filter_dynamic_link_doctypes")
        assert refused(r), (label, r.status_code, r.text[:200])
        r = get(b, "frappe.utils.print_format.download_multi_pdf", doctype={MEDICAL: [world.med.name]},
                name="x")
        assert refused(r), (label, r.status_code, r.text[:200])


def test_link_field_joins_to_medical_or_protected_tables_are_refused(world):
    frappe.get_doc({"doctype": LINKER, "title": "elo", "protected_record": world.rec.name,
                    "medical_record": world.med.name}).insert(ignore_permissions=True)
    frappe.db.commit()
    for label, user in who(world):
        b = world.browser(user)
        for fields in (["medical_record.notes"], ["protected_record.notes"], [f"`tab{MEDICAL}`.`notes`"],
                       ["name", "`medical_record`.`title`"]):
            r = get(b, "frappe.client.get_list", doctype=LINKER, fields=fields)
            assert refused(r), (label, fields, r.status_code, r.text[:200])
            assert "second" not in r.text
        r = get(b, "frappe.client.get_list", doctype=LINKER,
                filters=[[MEDICAL_CHILD, "item", "like", "%"]], fields=["name"])
        assert refused(r), (label, r.text[:200])
        for args in ({"fieldname": ["medical_record.notes"]}, {"fieldname": "medical_record.notes"}):
            r = get(b, "frappe.client.get_value", doctype=LINKER, filters={"title": "elo"}, **args)
            assert refused(r), (label, args, r.text[:200])
        r = get(b, "frappe.client.get_list", doctype=LINKER, pluck="medical_record.notes")
        assert refused(r), (label, r.text[:200])
        r = get(b, "frappe.desk.reportview.get", doctype=LINKER, fields=["name"], aggregate_on_doctype=MEDICAL,
                aggregate_on_field="notes", aggregate_function="count")
        assert refused(r), (label, r.text[:200])
        # the same list without a join is fine
        assert get(b, "frappe.client.get_list", doctype=LINKER, fields=["name", "title"]).status_code == 200


def test_child_rows_of_a_protected_record_follow_the_grant(world):
    for label, user in who(world):
        b = world.browser(user)
        r = get(b, "frappe.client.get_list", doctype=CHILD, parent=PROTECTED, filters={"parent": world.rec.name},
                fields=["name", "item"])
        rows = r.json().get("message") or [] if r.status_code == 200 else []
        readable = any(row["name"] == world.rec.row for row in rows)
        assert readable == (label in ("active", "manager")), (label, r.status_code, r.text[:200])


def test_controller_methods_of_protected_records_are_refused_even_with_a_grant(world):
    b = world.browser(world.agents["active"])
    r = get(b, "run_doc_method", dt=PROTECTED, dn=world.rec.name, method="get_onload")
    assert refused(r), r.text[:200]
    r = b.post(f"/api/resource/{PROTECTED}/{world.rec.name}", json={"run_method": "get_onload"})
    assert refused(r), r.text[:200]


def test_only_reviewed_reports_run(world):
    b = world.browser(world.agents["active"])
    r = get(b, "frappe.desk.query_report.run", report_name="Permitted Documents For User",
            filters={"user": world.agents["active"], "doctype": "User"})
    assert refused(r), r.text[:200]
    if frappe.db.exists("Report", "SLA Compliance"):
        r = get(b, "frappe.desk.query_report.get_script", report_name="SLA Compliance")
        assert not refused(r), r.text[:200]


def test_admins_can_extend_the_allowlist(world):
    method = "frappe.core.doctype.user.user.get_all_roles"
    user = world.agents["none"]
    b = world.browser(user)
    assert refused(get(b, method))
    settings = frappe.get_single(sa.SETTINGS)
    settings.append("support_allowed_methods", {"method": method, "note": "Revisado no teste"})
    settings.flags.ignore_permissions = True
    settings.save()
    frappe.db.commit()
    try:
        assert get(b, method).status_code == 200
    finally:
        settings = frappe.get_single(sa.SETTINGS)
        settings.support_allowed_methods = [r for r in settings.support_allowed_methods if r.method != method]
        settings.flags.ignore_permissions = True
        settings.save()
        frappe.db.commit()
    assert refused(get(b, method))
    changes = frappe.get_all(sa.LOG, filters={"event": "Settings Changed", "query": ["like", f"%{method}%"]},
                             pluck="name")
    assert len(changes) >= 2  # added, removed: each change is an event every clinic sees


def test_deleted_medical_or_protected_records_stay_unreadable(world):
    """Deleted Document keeps a deleted record's JSON: it follows the record's rule (the matrix
    agents' test role may read Deleted Documents, so only the hooks stand in the way)."""
    fresh()
    deleted = {}
    for doctype in (MEDICAL, PROTECTED):
        doc = frappe.get_doc({"doctype": doctype, "clinic": world.clinic_a, "title": f"{world.marker}del",
                              "notes": f"apagado-{world.marker}"}).insert(ignore_permissions=True)
        frappe.delete_doc(doctype, doc.name, ignore_permissions=True)
        deleted[doctype] = frappe.db.get_value("Deleted Document", {"deleted_doctype": doctype, "deleted_name": doc.name})
    frappe.db.commit()
    for label, user in who(world):
        b = world.browser(user)
        for doctype, name in deleted.items():
            r = b.session.get(b.url(f"/api/resource/Deleted Document/{name}"))
            assert denied(r) and f"apagado-{world.marker}" not in r.text, (label, doctype, r.status_code)
            r = get(b, "frappe.client.get_list", doctype="Deleted Document", filters={"name": name}, fields=["data"])
            assert f"apagado-{world.marker}" not in r.text, (label, doctype)
    fresh()
    assert "Deleted Document" in sa.get_config().relevant
    frappe.db.delete("Deleted Document", {"name": ["in", list(deleted.values())]})
    frappe.db.commit()


# ============================================================== 2. shares and assignments
def _legacy_share(doctype: str, name: str, user: str) -> None:
    """A share made before healthdesk refused them (written straight to the table)."""
    doc = frappe.get_doc({"doctype": "DocShare", "share_doctype": doctype, "share_name": name, "user": user,
                          "read": 1})
    doc.name = frappe.generate_hash(length=10)
    doc.set_user_and_timestamp()
    doc.db_insert()
    frappe.db.commit()


def test_existing_shares_open_nothing(world):
    user = world.agents["none"]
    b = world.browser(user)
    _legacy_share(MEDICAL, world.med.name, user)
    # the medical record is refused at the boundary whatever is shared
    assert refused(get(b, "frappe.client.get", doctype=MEDICAL, name=world.med.name))
    _legacy_share(PROTECTED, world.rec.name, user)
    from healthdesk.support_access.guards import remove_support_shares

    fresh()
    assert remove_support_shares() >= 2  # on migrate and every minute
    frappe.db.commit()
    r = b.session.get(b.url(f"/api/resource/{PROTECTED}/{world.rec.name}"))
    assert denied(r) and world.rec.title not in r.text
    assert not frappe.db.exists("DocShare", {"share_doctype": ["in", [PROTECTED, MEDICAL]], "user": user})


# ============================================================== 5. files
def test_a_file_cannot_be_minted_for_another_records_url(world):
    for label, user in who(world):
        b = world.browser(user)
        for target in (world.rec, world.med):
            r = b.post("/api/resource/File", json={"file_url": target.file_url, "file_name": "copia.txt",
                                                   "is_private": 1})
            if label in ("active", "manager") and target is world.rec:
                # under a grant the original is readable: a File pointing at it reveals nothing new
                assert r.status_code in (200, 403), (label, r.text[:200])
            else:
                assert denied(r), (label, target.doctype, r.status_code, r.text[:200])
            assert target.secret not in b.session.get(b.url(target.file_url)).text or (
                label in ("active", "manager") and target is world.rec)
    fresh()
    assert not frappe.get_all("File", filters={"file_url": world.med.file_url, "owner": ["like", "agent%"]})


def test_email_make_cannot_copy_a_file_by_name(world):
    user = world.agents["none"]
    b = world.browser(user)
    r = b.post("/api/method/frappe.core.doctype.communication.email.make",
               json={"recipients": "ninguem@test.example", "subject": "x", "content": "x", "send_email": 0,
                     "attachments": [world.med.file], "doctype": "HD Ticket"})
    assert denied(r), (r.status_code, r.text[:200])
    fresh()
    assert not frappe.get_all("File", filters={"file_url": world.med.file_url, "attached_to_doctype": "Communication"})


def test_a_public_file_set_in_an_attach_field_becomes_private(world):
    fresh()
    public = frappe.get_doc({"doctype": "File", "file_name": f"{world.marker}-pub.txt", "is_private": 0,
                             "content": b"publico"}).insert(ignore_permissions=True)
    assert public.file_url.startswith("/files/")
    doc = frappe.get_doc(PROTECTED, world.rec.name)
    doc.attachment = public.file_url
    doc.save(ignore_permissions=True)
    frappe.db.commit()
    fresh()
    url = frappe.db.get_value(PROTECTED, world.rec.name, "attachment")
    assert url.startswith("/private/files/"), url
    assert not frappe.get_all("File", filters={"file_url": public.file_url})
    assert requests.get(BASE_URL + public.file_url).status_code != 200


# ============================================================== 6. team self-enrolment
def test_joining_a_granted_team_later_opens_nothing(world):
    newcomer = world.agent()
    team = frappe.get_doc("HD Team", world.team_1)
    team.append("users", {"user": newcomer})
    team.save(ignore_permissions=True)
    frappe.db.commit()
    r = world.browser(newcomer).session.get(BASE_URL + f"/api/resource/{PROTECTED}/{world.rec.name}")
    assert denied(r), r.text[:200]
    # the member at grant time keeps access; the clinic sees who that is
    r = world.browser(world.agents["team"]).session.get(BASE_URL + f"/api/resource/{PROTECTED}/{world.rec.name}")
    assert r.status_code == 200
    page = world.browser(world.owner_a).session.get(BASE_URL + "/support-access").text
    assert world.agents["team"] in page


# ============================================================== 7. counts and oracles
def test_get_count_respects_permissions_for_every_doctype(world):
    # a clinic's portal user cannot count other clinics' log rows (or anything it cannot list)
    b = world.browser(world.owner_a)
    r = get(b, "frappe.client.get_count", doctype=sa.LOG, filters={"query": ["like", "%Teste%"]})
    assert denied(r), r.text[:200]
    r = get(b, "frappe.client.get_count", doctype=sa.GRANT, filters={"reason": ["like", "T%"]})
    assert denied(r), r.text[:200]
    for label, user in who(world):
        r = get(world.browser(user), "frappe.client.get_count", doctype=PROTECTED, filters={"notes": ["like", "sec%"]})
        assert r.status_code == 200
        assert r.json()["message"] == (1 if label in ("active", "manager") else 0), label


def test_group_by_assigned_to_counts_only_what_the_user_may_list(world):
    fresh()
    from frappe.desk.form.assign_to import add as assign

    assign({"doctype": PROTECTED, "name": world.rec.name, "assign_to": [world.admin]})
    frappe.db.commit()
    for label, user in who(world):
        r = get(world.browser(user), "frappe.desk.listview.get_group_by_count", doctype=PROTECTED,
                current_filters=json.dumps([[PROTECTED, "notes", "like", "s%"]]), field="assigned_to")
        assert r.status_code == 200, (label, r.text[:200])
        counts = {row["name"]: row["count"] for row in r.json()["message"]}
        assert counts.get(world.admin, 0) == (1 if label in ("active", "manager") else 0), (label, counts)


# ============================================================== 8. separation of duties
def test_support_users_cannot_change_the_lgpd_settings(world):
    fresh()
    frappe.set_user(world.manager)
    try:
        settings = frappe.get_single(sa.SETTINGS)
        settings.grant_excluded_doctypes = []
        with pytest.raises(frappe.PermissionError):
            settings.save(ignore_permissions=True)
    finally:
        frappe.db.rollback()
        frappe.set_user("Administrator")
    b = world.browser(world.manager)
    r = b.session.put(b.url(f"/api/resource/{sa.SETTINGS}/{sa.SETTINGS}"), json={"grant_max_duration": 1},
                      headers={"X-Frappe-CSRF-Token": b.csrf_token or ""})
    assert denied(r), r.text[:200]


def test_a_settings_change_is_a_log_event_every_clinic_sees(world):
    fresh()
    settings = frappe.get_single(sa.SETTINGS)
    before = settings.grant_max_duration
    settings.grant_max_duration = 3 * 86400
    settings.flags.ignore_permissions = True
    settings.save()
    frappe.db.commit()
    try:
        for owner in (world.owner_a, world.owner_b):
            log = world.browser(owner).call("healthdesk.api.support_access.overview").json()["message"]["log"]
            assert any(row["event"] == "Settings Changed" and "259200" in (row["query"] or "") for row in log), owner
    finally:
        settings = frappe.get_single(sa.SETTINGS)
        settings.grant_max_duration = before
        settings.flags.ignore_permissions = True
        settings.save()
        frappe.db.commit()


# ============================================================== 10. the log
def test_nobody_inserts_a_log_row_administrator_included(world):
    fresh()
    with pytest.raises(frappe.PermissionError):
        frappe.get_doc({"doctype": sa.LOG, "event": "Access", "clinic": world.clinic_a}).insert(ignore_permissions=True)
    frappe.db.rollback()
    root = Browser()
    root.session.post(root.url("/api/method/login"), data={"usr": "Administrator", "pwd": "admin"}).raise_for_status()
    root.get("/app")
    r = root.post(f"/api/resource/{sa.LOG}", json={"event": "Access", "clinic": world.clinic_a, "user": "Administrator",
                                                   "reference_name": "forjado"})
    assert denied(r), r.text[:200]
    fresh()
    assert not frappe.get_all(sa.LOG, filters={"reference_name": "forjado"})


def test_no_likes_tags_comments_or_assignments_on_the_log(world):
    fresh()
    entry = frappe.get_all(sa.LOG, filters={"grant": world.g_active}, pluck="name", limit=1)[0]
    root = Browser()
    root.session.post(root.url("/api/method/login"), data={"usr": "Administrator", "pwd": "admin"}).raise_for_status()
    root.get("/app")
    for method, args in (
        ("frappe.desk.like.toggle_like", {"doctype": sa.LOG, "name": entry, "add": "Yes"}),
        ("frappe.desk.doctype.tag.tag.add_tag", {"tag": "x", "dt": sa.LOG, "dn": entry}),
        ("frappe.desk.form.utils.add_comment", {"reference_doctype": sa.LOG, "reference_name": entry,
                                                "content": "x", "comment_email": "Administrator",
                                                "comment_by": "Administrator"}),
        ("frappe.desk.form.assign_to.add", {"doctype": sa.LOG, "name": entry, "assign_to": [world.admin]}),
    ):
        r = root.call(method, **args)
        assert denied(r) or r.status_code == 500 and "PermissionError" in r.text, (method, r.status_code, r.text[:200])
    fresh()
    assert not frappe.db.get_value(sa.LOG, entry, "_liked_by") or frappe.db.get_value(sa.LOG, entry, "_liked_by") == "[]"
    assert not frappe.get_all("Comment", filters={"reference_doctype": sa.LOG, "reference_name": entry})
    assert not frappe.get_all("ToDo", filters={"reference_type": sa.LOG, "reference_name": entry})


def _check(token: str | None, **data):
    headers = {"X-Healthdesk-Access-Token": token} if token is not None else {}
    return requests.post(BASE_URL + "/api/method/healthdesk.api.support_access.check_access", data=data,
                         headers=headers)


def test_rejected_checks_are_aggregated_not_one_row_each(world):
    fresh()
    before = frappe.get_all(sa.LOG, filters={"event": "Check Failed", "ip_address": "127.0.0.1"},
                            fields=["name", "occurrences"])
    for _ in range(5):
        assert _check("errado-" + secrets.token_hex(4), user=world.agents["active"], clinic=world.clinic_a).status_code in (401, 403)
    fresh()
    after = frappe.get_all(sa.LOG, filters={"event": "Check Failed", "ip_address": "127.0.0.1"},
                           fields=["name", "occurrences"])
    assert len(after) - len(before) <= 1
    assert sum(r.occurrences for r in after) - sum(r.occurrences for r in before) == 5


def test_check_access_is_rate_limited(world):
    from frappe.installer import update_site_config

    update_site_config("healthdesk_check_access_rate_limit", 3)
    try:
        codes = [_check("x", user=world.agents["active"], clinic=world.clinic_a).status_code for _ in range(6)]
        assert 429 in codes, codes
    finally:
        update_site_config("healthdesk_check_access_rate_limit", None)
        frappe.cache.delete_keys("rl:")


def test_the_token_is_generated_with_entropy_and_rotates(world):
    from frappe.utils.password import get_decrypted_password

    fresh()
    sa.ensure_default_excluded()
    frappe.db.commit()
    token = get_decrypted_password(sa.SETTINGS, sa.SETTINGS, "access_check_token")
    assert token and len(token) >= 43
    admin = world.browser(world.admin)
    r = admin.post("/api/method/healthdesk.api.support_access.rotate_check_token")
    assert r.status_code == 200, r.text[:200]
    new = r.json()["message"]["token"]
    assert new != token and len(new) >= 43
    fresh()
    assert get_decrypted_password(sa.SETTINGS, sa.SETTINGS, "access_check_token") == new
    assert _check(token, user=world.agents["active"], clinic=world.clinic_a).status_code in (401, 403)
    assert _check(new, user=world.agents["active"], clinic=world.clinic_a).status_code == 200
    assert frappe.get_all(sa.LOG, filters={"event": "Settings Changed", "query": ["like", "%token%"]})
    # support users cannot rotate it
    assert denied(world.browser(world.manager).post("/api/method/healthdesk.api.support_access.rotate_check_token"))


def test_a_read_refused_by_role_permissions_is_not_logged(world):
    """A support user whose roles give no read on the doctype, under an active grant: Frappe
    refuses; nothing is logged as an access."""
    reader = world.net.user("gerente", roles=("Agent Manager",), system=True)
    world.grant(world.owner_a, world.clinic_a, agents=[reader])
    r = world.browser(reader).session.get(BASE_URL + f"/api/resource/{PROTECTED}/{world.rec.name}")
    assert denied(r)
    fresh()
    assert not frappe.get_all(sa.LOG, filters={"event": "Access", "user": reader})


# ============================================================== 11. portal text
def test_agent_written_text_is_escaped_in_the_portal(world):
    agent = world.agents["active"]
    ticket = world.net.ticket(clinic=world.clinic_a, subject="Teste de escape")
    payload = "Preciso ver <img src=x onerror=alert(1)><a href='https://mal.example'>clique</a> agora"
    r = world.browser(agent).call("healthdesk.api.support_access.request_access", ticket=ticket.name,
                                  justification=payload)
    assert r.status_code == 200, r.text[:300]
    page = world.browser(world.owner_a).session.get(BASE_URL + "/support-access").text
    assert "<img" not in page.split('id="hd-sa-requests"')[1].split("</table>")[0]
    assert 'href="https://mal.example"' not in page and "href='https://mal.example'" not in page
    assert "&lt;img src=" in page and "&lt;a href=" in page  # shown as the text it is


# ============================================================== 12. who is "of a clinic"
def test_support_cannot_link_people_to_a_clinic(world):
    stranger = world.net.user("estranho")
    contact = frappe.db.get_value("Contact", {"user": stranger})
    customer = frappe.db.get_value("Clinic", world.clinic_a, "hd_customer")
    for label, user in who(world):
        b = world.browser(user)
        r = b.session.put(b.url(f"/api/resource/Contact/{contact}"),
                          json={"links": [{"link_doctype": "HD Customer", "link_name": customer}]},
                          headers={"X-Frappe-CSRF-Token": b.csrf_token or ""})
        assert denied(r), (label, r.status_code, r.text[:200])
        r = b.post("/api/resource/Contact", json={"first_name": "Novo", "email_ids": [
            {"email_id": f"novo.{secrets.token_hex(3)}@test.example", "is_primary": 1}],
            "links": [{"link_doctype": "HD Customer", "link_name": customer}]})
        assert denied(r), (label, r.status_code, r.text[:200])
    fresh()
    assert not sa.can_grant(stranger, world.clinic_a)
    # nor change who an existing clinic contact is
    owner_contact = frappe.db.get_value("Contact", {"user": world.owner_a})
    b = world.browser(world.manager)
    for change in ({"email_ids": [{"email_id": "outro@test.example", "is_primary": 1}]}, {"user": stranger}):
        r = b.session.put(b.url(f"/api/resource/Contact/{owner_contact}"), json=change,
                          headers={"X-Frappe-CSRF-Token": b.csrf_token or ""})
        assert denied(r), (change, r.text[:200])
    fresh()
    assert frappe.db.get_value("Contact", owner_contact, "user") == world.owner_a


# ============================================================== Healthcare (real medical doctypes)
@pytest.fixture
def healthcare_site():
    if "healthcare" not in frappe.get_installed_apps():
        pytest.skip("the site has no healthcare app: the Healthcare attack tests need its real medical doctypes "
                    "(run them on a site with ERPNext + Healthcare)")


healthcare = pytest.mark.usefixtures("healthcare_site")


HEALTHCARE_METHODS = (
    ("healthcare.healthcare.utils.render_doc_as_html", {"doctype": "Patient Encounter", "docname": "x"}),
    ("healthcare.healthcare.utils.render_doc_as_html", {"doctype": "HD Ticket", "docname": "1"}),
    ("healthcare.healthcare.utils.render_docs_as_html", {"docs": "[]"}),
    ("healthcare.healthcare.utils.get_patient_vitals", {"patient": "x"}),
    ("healthcare.healthcare.doctype.patient.patient.get_patient_detail", {"patient": "x"}),
    ("healthcare.healthcare.page.patient_history.patient_history.get_feed", {"name": "x"}),
    ("healthcare.healthcare.page.patient_history.patient_history.get_feed_for_dt", {"doctype": "Vital Signs",
                                                                                     "docname": "x"}),
    ("healthcare.healthcare.doctype.patient_encounter.patient_encounter.get_encounter_details", {"doc": "{}"}),
    ("frappe.desk.query_report.run", {"report_name": "Lab Test Report", "filters": "{}"}),
    ("frappe.desk.query_report.get_script", {"report_name": "Lab Test Report"}),
)


@healthcare
@pytest.mark.parametrize("method,args", HEALTHCARE_METHODS, ids=[f"{m}:{i}" for i, (m, _) in enumerate(HEALTHCARE_METHODS)])
def test_healthcare_methods_and_reports_are_refused(world, method, args):
    for label, user in who(world):
        r = get(world.browser(user), method, **args)
        assert refused(r), (label, method, r.status_code, r.text[:200])


@healthcare
@pytest.mark.parametrize("doctype", ["Patient", "Patient Encounter", "Vital Signs", "Lab Test", "Clinical Note",
                                     "Normal Test Result"])
def test_healthcare_doctypes_are_refused_through_rest_and_lists(world, doctype):
    if not frappe.db.exists("DocType", doctype):
        pytest.skip(f"{doctype} is not in this Healthcare version")
    for label, user in who(world):
        b = world.browser(user)
        for r in (b.session.get(b.url(f"/api/resource/{doctype}")),
                  get(b, "frappe.client.get_list", doctype=doctype, fields=["name"]),
                  get(b, "frappe.client.get_count", doctype=doctype),
                  get(b, "frappe.desk.reportview.get", doctype=doctype, fields=["name"])):
            assert refused(r), (label, doctype, r.status_code, r.text[:200])


@healthcare
def test_healthcare_child_rows_are_refused_with_a_parent_filter(world):
    for label, user in who(world):
        r = get(world.browser(user), "frappe.client.get_list", doctype="Normal Test Result", parent="Lab Test",
                fields=["result_value", "parent"])
        assert refused(r), (label, r.status_code, r.text[:200])


@pytest.fixture(scope="module")
def clinical(world):
    """A real (invented) patient with submitted vital signs holding a secret note."""
    if "healthcare" not in frappe.get_installed_apps():
        pytest.skip(SA_NO_HEALTHCARE)
    with clinical_record(world.marker) as record:
        yield record


def test_real_medical_records_leak_through_healthcare_methods_only_to_non_support(world, clinical):
    """Control: Healthcare's own methods check nothing (the admin, not support, gets the note);
    every support user is refused the same calls, whatever their grant."""
    admin = world.browser(world.admin)
    r = get(admin, "healthcare.healthcare.utils.get_patient_vitals", patient=clinical.patient)
    assert r.status_code == 200 and clinical.secret in r.text, r.text[:200]
    for label, user in who(world):
        b = world.browser(user)
        calls = {
            "vitals": get(b, "healthcare.healthcare.utils.get_patient_vitals", patient=clinical.patient),
            "render": get(b, "healthcare.healthcare.utils.render_doc_as_html", doctype="Vital Signs",
                          docname=clinical.vitals),
            "feed_for_dt": get(b, "healthcare.healthcare.page.patient_history.patient_history.get_feed_for_dt",
                               doctype="Vital Signs", docname=clinical.vitals),
            "patient_detail": get(b, "healthcare.healthcare.doctype.patient.patient.get_patient_detail",
                                  patient=clinical.patient),
            "client.get": get(b, "frappe.client.get", doctype="Vital Signs", name=clinical.vitals),
            "resource": b.session.get(b.url(f"/api/resource/Vital Signs/{clinical.vitals}")),
            "count oracle": get(b, "frappe.client.get_count", doctype="Vital Signs",
                                filters={"vital_signs_note": ["like", "nota-%"]}),
            "join from HD Ticket": get(b, "frappe.client.get_list", doctype="HD Ticket",
                                       fields=["`tabVital Signs`.`vital_signs_note`"]),
            "print": get(b, "frappe.utils.print_format.download_pdf", doctype="Vital Signs", name=clinical.vitals),
        }
        for path, r in calls.items():
            assert refused(r), (label, path, r.status_code, r.text[:200])
            assert clinical.secret not in r.text, (label, path)

