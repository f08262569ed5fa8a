"""Fixtures of the LGPD support access tests: two test doctypes (a grant-protected one and a
medical-record one, created at test time since Healthcare is not installed), a network with two
clinics, their users, agents in several states, teams and grants; everything is deleted afterwards."""

from __future__ import annotations

import secrets
from contextlib import contextmanager
from datetime import timedelta

import frappe
from conftest import Browser, Network
from frappe.utils import now_datetime

from healthdesk import support_access as sa

PROTECTED = "HDX Test Protected Record"
MEDICAL = "HDX Test Medical Record"
READER_ROLE = "HDX Record Reader"
CHILD = "HDX Test Record Row"  # the child table of the protected test doctype
MEDICAL_CHILD = "HDX Test Medical Row"  # the child table of the medical test doctype
LINKER = "HDX Test Linker"  # a doctype no one protects, with Link fields to both test doctypes
# Since separation of duties (issue 10) a support user can no longer hold System Manager. The
# matrix agents hold Agent plus a test role that may read Versions and Comments (which Frappe
# gives to System Manager only); the test doctypes give Agent every role permission. So role
# permissions never hide anything: the grant hooks alone stand between them and the data.
AUDIT_ROLE = "HDX Audit Reader"
AUDIT_DOCTYPES = ("Version", "Comment", "Deleted Document")
AGENT_ROLES = ("Agent", AUDIT_ROLE)
ALL_PERMS = {p: 1 for p in ("read", "write", "create", "delete", "print", "report", "export", "email", "share")}


def make_child_doctype(child: str = CHILD) -> None:
    if not frappe.db.exists("DocType", child):
        frappe.get_doc({
            "doctype": "DocType", "name": child, "module": "Healthdesk", "custom": 1, "istable": 1,
            "fields": [{"fieldname": "item", "fieldtype": "Data", "label": "Item", "in_list_view": 1}],
        }).insert(ignore_permissions=True)


def make_doctype(name: str) -> None:
    if frappe.db.exists("DocType", name):
        frappe.delete_doc("DocType", name, force=True, ignore_permissions=True)
    child = MEDICAL_CHILD if name == MEDICAL else CHILD
    make_child_doctype(child)
    frappe.get_doc({
        "doctype": "DocType", "name": name, "module": "Healthdesk", "custom": 1, "autoname": "hash",
        "track_changes": 1, "search_fields": "title", "title_field": "title",
        "fields": [
            {"fieldname": "clinic", "fieldtype": "Link", "options": "Clinic", "label": "Clinic", "in_list_view": 1},
            {"fieldname": "title", "fieldtype": "Data", "label": "Title", "in_global_search": 1, "in_list_view": 1},
            {"fieldname": "notes", "fieldtype": "Small Text", "label": "Notes"},
            {"fieldname": "rows", "fieldtype": "Table", "options": child, "label": "Rows"},
            {"fieldname": "attachment", "fieldtype": "Attach", "label": "Attachment"},
        ],
        "permissions": [
            {"role": "System Manager", **ALL_PERMS},
            {"role": "Agent", **ALL_PERMS},
            {"role": READER_ROLE, "read": 1, "print": 1, "report": 1, "export": 1},
        ],
    }).insert(ignore_permissions=True)


_RESET_PERMS: set[str] = set()  # doctypes that had no Custom DocPerm before the tests


def grant_audit_role() -> None:
    if not frappe.db.exists("Role", AUDIT_ROLE):
        frappe.get_doc({"doctype": "Role", "role_name": AUDIT_ROLE, "desk_access": 1}).insert(ignore_permissions=True)
    from frappe.permissions import add_permission

    for doctype in AUDIT_DOCTYPES:
        if not frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": AUDIT_ROLE}):
            if not frappe.db.exists("Custom DocPerm", {"parent": doctype}):
                _RESET_PERMS.add(doctype)
            add_permission(doctype, AUDIT_ROLE)
        frappe.clear_cache(doctype=doctype)
    frappe.db.commit()


def revoke_audit_role() -> None:
    from frappe.permissions import reset_perms

    for doctype in AUDIT_DOCTYPES:
        if doctype in _RESET_PERMS:
            reset_perms(doctype)
        else:
            frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": AUDIT_ROLE})
        frappe.clear_cache(doctype=doctype)
    frappe.db.commit()


def make_linker() -> None:
    if frappe.db.exists("DocType", LINKER):
        frappe.delete_doc("DocType", LINKER, force=True, ignore_permissions=True)
    frappe.get_doc({
        "doctype": "DocType", "name": LINKER, "module": "Healthdesk", "custom": 1, "autoname": "hash",
        "fields": [
            {"fieldname": "title", "fieldtype": "Data", "label": "Title"},
            {"fieldname": "protected_record", "fieldtype": "Link", "options": PROTECTED, "label": "Protected"},
            {"fieldname": "medical_record", "fieldtype": "Link", "options": MEDICAL, "label": "Medical"},
        ],
        "permissions": [{"role": "System Manager", **ALL_PERMS}, {"role": "Agent", **ALL_PERMS}],
    }).insert(ignore_permissions=True)


def configure(protected: bool = True) -> None:
    settings = frappe.get_single(sa.SETTINGS)
    settings.grant_protected_doctypes = [r for r in settings.grant_protected_doctypes if r.document_type != PROTECTED]
    settings.grant_excluded_doctypes = [r for r in settings.grant_excluded_doctypes if r.document_type != MEDICAL]
    if protected:
        settings.append("grant_protected_doctypes", {"document_type": PROTECTED, "clinic_field": "clinic",
                                                     "field_points_to": "Clinic"})
        settings.append("grant_excluded_doctypes", {"document_type": MEDICAL})
    settings.flags.ignore_permissions = True
    settings.save()
    gs = frappe.get_single("Global Search Settings")
    gs.allowed_in_global_search = [r for r in gs.allowed_in_global_search if r.document_type not in (PROTECTED, MEDICAL)]
    if protected:
        for dt in (PROTECTED, MEDICAL):
            gs.append("allowed_in_global_search", {"document_type": dt})
    gs.flags.ignore_permissions = True
    gs.save()
    frappe.cache.hdel("global_search", "search_priorities")
    frappe.db.commit()
    sa.clear_memo()


class World:
    """Everything the matrix needs; ``browser(user)`` gives a logged-in HTTP session per user."""

    def __init__(self) -> None:
        self.net = Network()
        self.marker = "hdx" + secrets.token_hex(5)
        self._browsers: dict[str, Browser] = {}
        self.teams: list[str] = []
        self.grants: list[str] = []

    def browser(self, user: str) -> Browser:
        if user not in self._browsers:
            b = Browser()
            b.login(user)
            b.get("/app" if frappe.db.get_value("User", user, "user_type") == "System User" else "/me")
            self._browsers[user] = b
        return self._browsers[user]

    def agent(self, roles=AGENT_ROLES) -> str:
        email = self.net.agent()
        frappe.get_doc("User", email).add_roles(*roles)
        frappe.db.commit()
        return email

    def team(self, members: list[str]) -> str:
        name = f"HDX Team {secrets.token_hex(3)}"
        frappe.get_doc({"doctype": "HD Team", "team_name": name,
                        "users": [{"user": m} for m in members]}).insert(ignore_permissions=True)
        self.teams.append(name)
        frappe.db.commit()
        return name

    def grant(self, owner: str, clinic: str, agents=(), team=None, duration="1 day", **values) -> str:
        frappe.set_user(owner)
        try:
            sa.clear_memo()
            doc = frappe.get_doc({"doctype": sa.GRANT, "clinic": clinic, "duration": duration,
                                  "reason": "Teste de acesso do suporte", "team": team,
                                  "agents": [{"agent": a} for a in agents], **values})
            doc.insert(ignore_permissions=True)
        finally:
            frappe.set_user("Administrator")
            sa.clear_memo()
        self.grants.append(doc.name)
        frappe.db.commit()
        return doc.name

    def record(self, doctype: str, clinic: str, suffix: str):
        doc = frappe.get_doc({"doctype": doctype, "clinic": clinic, "title": f"{self.marker}{suffix}",
                              "notes": "first", "rows": [{"item": f"{self.marker}{suffix}row"}]}
                             ).insert(ignore_permissions=True)
        doc.notes = "second"  # a Version
        doc.save(ignore_permissions=True, ignore_version=False)
        from frappe.utils.global_search import sync_value
        sync_value({"doctype": doctype, "name": doc.name, "content": f"Title : {doc.title}", "published": 0,
                    "title": doc.title, "route": ""})
        file = frappe.get_doc({"doctype": "File", "file_name": f"{self.marker}{suffix}.txt", "is_private": 1,
                               "content": f"secret-{self.marker}{suffix}".encode(),
                               "attached_to_doctype": doctype, "attached_to_name": doc.name})
        file.insert(ignore_permissions=True)
        comment = frappe.get_doc({"doctype": "Comment", "comment_type": "Comment", "reference_doctype": doctype,
                                  "reference_name": doc.name, "content": f"nota {self.marker}{suffix}"})
        comment.insert(ignore_permissions=True)
        version = frappe.db.get_value("Version", {"ref_doctype": doctype, "docname": doc.name})
        frappe.db.commit()
        return frappe._dict(doctype=doctype, name=doc.name, title=doc.title, file=file.name, file_url=file.file_url,
                            comment=comment.name, version=version, secret=f"secret-{self.marker}{suffix}",
                            row=doc.rows[0].name)

    def expire_one_second_ago(self, grant: str) -> None:
        now = now_datetime()
        frappe.db.set_value(sa.GRANT, grant, {"valid_from": now - timedelta(hours=1),
                                              "valid_until": now - timedelta(seconds=1)}, update_modified=False)
        frappe.db.commit()

    def cleanup(self) -> None:
        frappe.db.rollback()
        frappe.set_user("Administrator")
        users = [u for kind, u in self.net.created if kind == "User"]
        clinics = [c for kind, c in self.net.created if kind == "Clinic"]
        frappe.db.delete("DocShare", {"share_doctype": ["in", [PROTECTED, MEDICAL]]})
        frappe.db.delete("ToDo", {"reference_type": ["in", [PROTECTED, MEDICAL]]})
        for doctype in (PROTECTED, MEDICAL):
            if frappe.db.exists("DocType", doctype):
                names = frappe.get_all(doctype, pluck="name")
                for child, field in (("File", "attached_to_name"), ("Comment", "reference_name"),
                                     ("Version", "docname")):
                    for n in frappe.get_all(child, filters={field: ["in", names or ["-"]]}, pluck="name"):
                        if child == "File":
                            frappe.delete_doc("File", n, force=True, ignore_permissions=True)
                        else:
                            frappe.db.delete(child, {"name": n})
                frappe.db.sql("delete from __global_search where doctype=%s", doctype)
        requests = frappe.get_all(sa.REQUEST, filters={"clinic": ["in", clinics or ["-"]]}, pluck="name")
        grants = frappe.get_all(sa.GRANT, filters={"clinic": ["in", clinics or ["-"]]}, pluck="name")
        frappe.db.delete(sa.LOG, {"clinic": ["in", clinics or ["-"]]})
        frappe.db.delete(sa.LOG, {"user": ["in", users or ["-"]]})
        frappe.db.delete(sa.LOG, {"grant": ["in", grants or ["-"]]})
        frappe.db.delete(sa.REQUEST, {"name": ["in", requests or ["-"]]})
        frappe.db.delete(sa.GRANT_AGENT, {"parent": ["in", grants or ["-"]]})
        frappe.db.delete(sa.GRANT, {"name": ["in", grants or ["-"]]})
        frappe.db.delete("Notification Log", {"for_user": ["in", users or ["-"]]})
        tickets = [t for kind, t in self.net.created if kind == "HD Ticket"]
        frappe.db.delete("HD Ticket Comment", {"reference_ticket": ["in", tickets or ["-"]]})
        for team in self.teams:
            if frappe.db.exists("HD Team", team):
                frappe.delete_doc("HD Team", team, force=True, ignore_permissions=True)
        frappe.db.commit()
        self.net.cleanup()


def build_world(w: World) -> World:
    """Two clinics, their users, agents in every state and the grants that put them there."""
    if not frappe.db.exists("Role", READER_ROLE):
        frappe.get_doc({"doctype": "Role", "role_name": READER_ROLE, "desk_access": 0}).insert(ignore_permissions=True)
    make_doctype(PROTECTED)
    make_doctype(MEDICAL)
    make_linker()
    grant_audit_role()
    configure(True)
    net = w.net
    reseller = net.reseller()
    w.clinic_a = net.clinic(reseller.name).name
    w.clinic_b = net.clinic(reseller.name).name
    w.owner_a = net.user("clinica", roles=(READER_ROLE,), clinics=(w.clinic_a,))
    w.owner_b = net.user("outra", roles=(READER_ROLE,), clinics=(w.clinic_b,))
    w.admin = net.user("admin", roles=("System Manager",), system=True)
    w.agents = {state: w.agent() for state in
                ("none", "active", "team", "expired", "revoked", "other_clinic", "other_team", "medical")}
    w.team_1 = w.team([w.agents["team"]])
    w.team_2 = w.team([w.agents["other_team"]])
    w.g_active = w.grant(w.owner_a, w.clinic_a, agents=[w.agents["active"], w.agents["medical"]])
    w.g_team = w.grant(w.owner_a, w.clinic_a, team=w.team_1)
    w.g_expired = w.grant(w.owner_a, w.clinic_a, agents=[w.agents["expired"]])
    w.g_revoked = w.grant(w.owner_a, w.clinic_a, agents=[w.agents["revoked"]])
    from healthdesk.support_access.grants import revoke
    frappe.set_user(w.owner_a)
    revoke(w.g_revoked)
    frappe.set_user("Administrator")
    w.g_other_clinic = w.grant(w.owner_b, w.clinic_b, agents=[w.agents["other_clinic"]])
    w.expire_one_second_ago(w.g_expired)
    frappe.db.commit()
    w.rec = w.record(PROTECTED, w.clinic_a, "a")
    w.rec_b = w.record(PROTECTED, w.clinic_b, "b")
    w.med = w.record(MEDICAL, w.clinic_a, "m")
    return w


@contextmanager
def built_world():
    """A built World, cleaned up with its test doctypes and the settings rows they needed."""
    w = World()
    try:
        build_world(w)
        yield w
    finally:
        w.cleanup()
        for dt in (LINKER, PROTECTED, MEDICAL, CHILD, MEDICAL_CHILD):
            if frappe.db.exists("DocType", dt):
                frappe.delete_doc("DocType", dt, force=True, ignore_permissions=True)
        configure(False)
        revoke_audit_role()
        frappe.db.commit()
