"""Factories for healthdesk's tests on a real site: the in-process tests next to the code
(FrappeTestCase, run by ``bench --site S run-tests --app healthdesk``) and the HTTP and browser
tests in tests/e2e (pytest against the served site) use the same ones.

Tests commit what they make (a served site is another process) and delete it afterwards; names,
base ids and e-mails are random and obviously fake.
"""

from __future__ import annotations

import math
import random
import secrets
from contextlib import contextmanager
from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from frappe.model.document import Document
from frappe.tests.utils import FrappeTestCase

# One password per test process for the users the factories make (never a real one).
PASSWORD = "Test-Healthdesk-" + secrets.token_hex(4)


def before_tests() -> None:
    """``before_tests`` hook of Frappe's runner (healthdesk's tests only)."""
    frappe.flags.in_test = True
    # The tests create many users a minute; Frappe refuses more than 60 an hour by default.
    frappe.local.conf.throttle_user_limit = 10**6
    from healthdesk.setup.install import ensure_defaults

    ensure_defaults()
    frappe.db.commit()


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
    def reseller(self, **values) -> Document:
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

    def clinic(self, reseller: str, **values) -> Document:
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

        # Frappe refuses more than 60 new users an hour by default, and its test runner reloads
        # the site config (dropping before_tests' setting) after each test class.
        frappe.local.conf.throttle_user_limit = 10**6
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

    def ticket(self, as_user: str | None = None, **values) -> Document:
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
        users = [name for kind, name in self.created if kind == "User"]
        if users:
            # a test user left in a team (or assigned a ticket) would block its own deletion, and
            # every user left behind counts against Frappe's new-user throttle for an hour
            frappe.db.delete("HD Team Member", {"user": ["in", users]})
            frappe.db.delete("ToDo", {"allocated_to": ["in", users]})
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


def enter(testcase, context_manager):
    """``testcase.enterContext(context_manager)`` for Python 3.10 too (it came in 3.11): enter
    now, exit at the test's cleanup; returns what the context manager gives."""
    value = context_manager.__enter__()
    testcase.addCleanup(context_manager.__exit__, None, None, None)
    return value


@contextmanager
def contract_sla():
    """The contract SLA as installed (for clinic tickets, by its condition), with every other
    non-default SLA disabled meanwhile: a test site keeps Helpdesk's own test SLAs, and Helpdesk
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
    try:
        yield frappe.get_doc("HD Service Level Agreement", CONTRACT_SLA)
    finally:
        frappe.db.rollback()
        for name in others:
            frappe.db.set_value("HD Service Level Agreement", name, "enabled", 1)
        frappe.db.commit()


# ------------------------------------------------------------------ intake and onboarding

VALID_CPF = "529.982.247-25"  # a valid check-digit CPF that belongs to no one (generated)


class IntakeNetwork(Network):
    """A clinic network whose cleanup also removes what intake adds to a ticket (triage logs,
    replies, attachments, queued e-mails), including tickets its users opened some other way."""

    def clinic_user(self, **reseller_values):
        reseller = self.reseller(**reseller_values)
        clinic = self.clinic(reseller.name)
        user = self.user("clinica", clinics=(clinic.name,), language="pt-BR")
        return reseller, clinic, user

    def tickets_of(self, user: str) -> list[str]:
        frappe.db.rollback()
        names = frappe.get_all("HD Ticket", filters={"raised_by": user}, pluck="name")
        for name in names:
            if ("HD Ticket", name) not in self.created:
                self.track("HD Ticket", name)
        return names

    def cleanup(self) -> None:
        frappe.db.rollback()
        tickets = [name for kind, name in self.created if kind == "HD Ticket"]
        users = [name for kind, name in self.created if kind == "User"]
        if users:
            for name in frappe.get_all("HD Ticket", filters={"raised_by": ["in", users]}, pluck="name"):
                if name not in tickets:
                    tickets.append(name)
                    self.track("HD Ticket", name)
        if tickets:
            frappe.db.delete("Triage Action Log", {"ticket": ["in", tickets]})
            frappe.db.delete("Ticket Escalation", {"ticket": ["in", tickets]})
            frappe.db.delete("HD Ticket Comment", {"reference_ticket": ["in", tickets]})
            # Attachments of the tickets and of their messages: a file left behind would lend its
            # name to the next upload of the same content (Frappe reuses a file by content hash).
            messages = frappe.get_all("Communication", filters={"reference_doctype": "HD Ticket",
                                                                "reference_name": ["in", tickets]}, pluck="name")
            for doctype, names in (("HD Ticket", tickets), ("Communication", messages)):
                if not names:
                    continue
                for name in frappe.get_all("File", filters={"attached_to_doctype": doctype,
                                                            "attached_to_name": ["in", names]}, pluck="name"):
                    frappe.delete_doc("File", name, force=True, ignore_permissions=True)
            frappe.db.delete("Communication", {"reference_doctype": "HD Ticket", "reference_name": ["in", tickets]})
            frappe.db.delete("Email Queue", {"reference_doctype": "HD Ticket", "reference_name": ["in", tickets]})
            frappe.db.commit()
        super().cleanup()


# Three stages: the first open, the next two locked until the earlier ones are complete. Videos
# in every YouTube form the page embeds, one help-center article, one placeholder link.
SMALL_PANEL = """{
  "conquistas": [
    {"descricao": "Agenda", "bloqueada": false, "notificado": false, "tarefas": [
      {"titulo": "Configurar a agenda", "efetuada": false,
       "identificador_artigo": "https://www.youtube.com/watch?v=AAAAAAAAA01"},
      {"titulo": "Agendar consultas", "efetuada": false,
       "identificador_artigo": "https://youtu.be/AAAAAAAAA02"}
    ]},
    {"descricao": "Cadastro de pacientes", "bloqueada": true, "notificado": false, "tarefas": [
      {"titulo": "Cadastrar um paciente", "efetuada": false,
       "identificador_artigo": "https://www.youtube.com/shorts/AAAAAAAAA03"},
      {"titulo": "Unificar cadastros", "efetuada": false,
       "identificador_artigo": "https://ajuda.example.com/artigos/unificar"}
    ]},
    {"descricao": "Faturamento", "bloqueada": true, "notificado": false, "tarefas": [
      {"titulo": "Gerar o lote", "efetuada": false,
       "identificador_artigo": "INSERIR LINK DO YOUTUBE"}
    ]}
  ],
  "previa": "Painel de teste."
}"""


class Onboarding:
    """Creates onboarding panels for one test (``net`` is its Network) and deletes them, with the
    progress, notices and notifications they caused, afterwards."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.panels: list[str] = []

    def panel(self, reseller: str | None = None, text: str = SMALL_PANEL, title: str | None = None,
              active: int | None = None, modules: dict[str, str] | None = None) -> Document:
        """A panel from ``text``; active when it has a reseller (a global one is an inactive draft
        unless ``active=1``: the site's own global default stays the active one)."""
        from healthdesk.core.onboarding import parse_panel
        from healthdesk.onboarding.panels import PANEL, replace_content

        doc = frappe.new_doc(PANEL)
        doc.panel_title = title or f"Painel Teste {self.net.tag}"
        doc.reseller = reseller
        doc.is_active = (1 if reseller else 0) if active is None else active
        replace_content(doc, parse_panel(text))
        for row in doc.stages:
            if modules and row.stage_title in modules:
                row.module = modules[row.stage_title]
        doc.insert(ignore_permissions=True)
        self.panels.append(doc.name)
        frappe.db.commit()
        return doc

    def track(self, name: str) -> None:
        self.panels.append(name)

    def cleanup(self) -> None:
        from healthdesk.onboarding.panels import NOTICE, PANEL, PROGRESS

        frappe.db.rollback()
        frappe.set_user("Administrator")
        for name in self.panels:
            frappe.db.delete("Notification Log", {"document_type": PANEL, "document_name": name})
            frappe.db.delete(PROGRESS, {"panel": name})
            frappe.db.delete(NOTICE, {"panel": name})
            if frappe.db.exists(PANEL, name):
                frappe.delete_doc(PANEL, name, force=True, ignore_permissions=True, delete_permanently=True)
        frappe.db.commit()


class OnboardingTestCase(FrappeTestCase):
    """A test with a clinic network and onboarding panels, both cleaned up after it."""

    def setUp(self):
        self.net = Network()
        self.addCleanup(self.net.cleanup)
        self.onb = Onboarding(self.net)
        self.addCleanup(self.onb.cleanup)
        self.addCleanup(frappe.set_user, "Administrator")


def task_rows(doc) -> dict[str, str]:
    """``{task title: task row name}`` of an onboarding panel."""
    return {row.task_title: row.name for row in doc.tasks}


def global_panel(onb: Onboarding) -> str:
    """The active global default panel (the one the install creates; made here when missing)."""
    from healthdesk.onboarding.panels import active_panels

    name = active_panels().get(None)
    if name:
        return name
    return onb.panel(reseller=None, title="Painel global de teste", active=1).name


# ------------------------------------------------------------------ LGPD support access
# Two test doctypes (a grant-protected one and a medical-record one, created at test time since
# Healthcare need not be installed), a network with two clinics, their users, agents in several
# grant states, teams and grants; everything is deleted afterwards (drop_world).

SA_PROTECTED = "HDX Test Protected Record"
SA_MEDICAL = "HDX Test Medical Record"
SA_READER_ROLE = "HDX Record Reader"
SA_CHILD = "HDX Test Record Row"  # the child table of the protected test doctype
SA_MEDICAL_CHILD = "HDX Test Medical Row"  # the child table of the medical test doctype
SA_LINKER = "HDX Test Linker"  # a doctype no one protects, with Link fields to both test doctypes
# A support user cannot hold System Manager (separation of duties). The world's agents hold Agent
# plus a test role that may read Versions, Comments and Deleted Documents (which Frappe gives to
# System Manager only); the test doctypes give Agent every role permission. So role permissions
# never hide anything: the grant hooks alone stand between them and the data.
SA_AUDIT_ROLE = "HDX Audit Reader"
SA_AUDIT_DOCTYPES = ("Version", "Comment", "Deleted Document")
SA_AGENT_ROLES = ("Agent", SA_AUDIT_ROLE)
# The grant states of the attack tests' support users (World.agents keys).
SA_ATTACK_STATES = ("none", "active", "revoked", "expired")
_SA_ALL_PERMS = {p: 1 for p in ("read", "write", "create", "delete", "print", "report", "export", "email", "share")}
_SA_RESET_PERMS: set[str] = set()  # audit doctypes that had no Custom DocPerm before the tests


def sa_fresh() -> None:
    """Read what the served site (or another connection) committed: a new transaction, and nothing
    remembered from this one (support-access config, support users, grants)."""
    from healthdesk.support_access import clear_memo

    frappe.db.rollback()
    clear_memo()


def make_child_doctype(child: str = SA_CHILD) -> None:
    if not frappe.db.exists("DocType", child):
        frappe.get_doc({
            "doctype": "DocType", "name": child, "module": "Healthdesk", "custom": 1, "istable": 1,
            "fields": [{"fieldname": "item", "fieldtype": "Data", "label": "Item", "in_list_view": 1}],
        }).insert(ignore_permissions=True)


def make_doctype(name: str) -> None:
    """The grant-protected (``SA_PROTECTED``) or medical (``SA_MEDICAL``) test doctype, made anew."""
    if frappe.db.exists("DocType", name):
        frappe.delete_doc("DocType", name, force=True, ignore_permissions=True)
    child = SA_MEDICAL_CHILD if name == SA_MEDICAL else SA_CHILD
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
            {"role": "System Manager", **_SA_ALL_PERMS},
            {"role": "Agent", **_SA_ALL_PERMS},
            {"role": SA_READER_ROLE, "read": 1, "print": 1, "report": 1, "export": 1},
        ],
    }).insert(ignore_permissions=True)


def grant_audit_role() -> None:
    if not frappe.db.exists("Role", SA_AUDIT_ROLE):
        frappe.get_doc({"doctype": "Role", "role_name": SA_AUDIT_ROLE, "desk_access": 1}).insert(ignore_permissions=True)
    from frappe.permissions import add_permission

    for doctype in SA_AUDIT_DOCTYPES:
        if not frappe.db.exists("Custom DocPerm", {"parent": doctype, "role": SA_AUDIT_ROLE}):
            if not frappe.db.exists("Custom DocPerm", {"parent": doctype}):
                _SA_RESET_PERMS.add(doctype)
            add_permission(doctype, SA_AUDIT_ROLE)
        frappe.clear_cache(doctype=doctype)
    frappe.db.commit()


def revoke_audit_role() -> None:
    from frappe.permissions import reset_perms

    for doctype in SA_AUDIT_DOCTYPES:
        if doctype in _SA_RESET_PERMS:
            reset_perms(doctype)
        else:
            frappe.db.delete("Custom DocPerm", {"parent": doctype, "role": SA_AUDIT_ROLE})
        frappe.clear_cache(doctype=doctype)
    frappe.db.commit()


def make_linker() -> None:
    if frappe.db.exists("DocType", SA_LINKER):
        frappe.delete_doc("DocType", SA_LINKER, force=True, ignore_permissions=True)
    frappe.get_doc({
        "doctype": "DocType", "name": SA_LINKER, "module": "Healthdesk", "custom": 1, "autoname": "hash",
        "fields": [
            {"fieldname": "title", "fieldtype": "Data", "label": "Title"},
            {"fieldname": "protected_record", "fieldtype": "Link", "options": SA_PROTECTED, "label": "Protected"},
            {"fieldname": "medical_record", "fieldtype": "Link", "options": SA_MEDICAL, "label": "Medical"},
        ],
        "permissions": [{"role": "System Manager", **_SA_ALL_PERMS}, {"role": "Agent", **_SA_ALL_PERMS}],
    }).insert(ignore_permissions=True)


def configure(protected: bool = True) -> None:
    """Healthdesk Settings protect the test doctype and exclude the medical one (``protected``),
    or no longer mention them; both are in global search meanwhile."""
    from healthdesk import support_access as sa

    settings = frappe.get_single(sa.SETTINGS)
    # every row naming a test doctype goes, whichever list a run interrupted earlier left it in
    ours = (SA_LINKER, SA_PROTECTED, SA_MEDICAL, SA_CHILD, SA_MEDICAL_CHILD)
    settings.grant_protected_doctypes = [r for r in settings.grant_protected_doctypes if r.document_type not in ours]
    settings.grant_excluded_doctypes = [r for r in settings.grant_excluded_doctypes if r.document_type not in ours]
    if protected:
        settings.append("grant_protected_doctypes", {"document_type": SA_PROTECTED, "clinic_field": "clinic",
                                                     "field_points_to": "Clinic"})
        settings.append("grant_excluded_doctypes", {"document_type": SA_MEDICAL})
    settings.flags.ignore_permissions = True
    settings.save()
    gs = frappe.get_single("Global Search Settings")
    gs.allowed_in_global_search = [r for r in gs.allowed_in_global_search
                                   if r.document_type not in (SA_PROTECTED, SA_MEDICAL)]
    if protected:
        for dt in (SA_PROTECTED, SA_MEDICAL):
            gs.append("allowed_in_global_search", {"document_type": dt})
    gs.flags.ignore_permissions = True
    gs.save()
    frappe.cache.hdel("global_search", "search_priorities")
    frappe.db.commit()
    sa.clear_memo()


class World:
    """What the support-access tests need: a Network (``net``), teams and grants, records of the
    test doctypes; ``build_world`` fills it, ``drop_world`` deletes it all."""

    def __init__(self) -> None:
        self.net = Network()
        self.marker = "hdx" + secrets.token_hex(5)
        self.teams: list[str] = []
        self.grants: list[str] = []

    def agent(self, roles=SA_AGENT_ROLES) -> str:
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
        """A grant made by clinic user ``owner``, as the portal makes it."""
        from healthdesk import support_access as sa

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
        """A record of a test doctype with a Version, a global-search row, a private File and a
        Comment; returns their names and the file's secret content."""
        from frappe.utils.global_search import sync_value

        doc = frappe.get_doc({"doctype": doctype, "clinic": clinic, "title": f"{self.marker}{suffix}",
                              "notes": "first", "rows": [{"item": f"{self.marker}{suffix}row"}]}
                             ).insert(ignore_permissions=True)
        doc.notes = "second"  # a Version
        doc.save(ignore_permissions=True, ignore_version=False)
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
        from datetime import timedelta

        from frappe.utils import now_datetime

        from healthdesk import support_access as sa

        now = now_datetime()
        frappe.db.set_value(sa.GRANT, grant, {"valid_from": now - timedelta(hours=1),
                                              "valid_until": now - timedelta(seconds=1)}, update_modified=False)
        frappe.db.commit()

    def support_users(self) -> list[tuple[str, str]]:
        """(label, user) for the agents in every attack state and the extra-roles support user
        (``add_manager``)."""
        return [(s, self.agents[s]) for s in SA_ATTACK_STATES] + [("manager", self.manager)]

    def cleanup(self) -> None:
        """Deletes what the world made (its records, log rows, grants, requests, teams, network)."""
        from healthdesk import support_access as sa

        frappe.db.rollback()
        frappe.set_user("Administrator")
        users = [u for kind, u in self.net.created if kind == "User"]
        clinics = [c for kind, c in self.net.created if kind == "Clinic"]
        frappe.db.delete("DocShare", {"share_doctype": ["in", [SA_PROTECTED, SA_MEDICAL]]})
        frappe.db.delete("ToDo", {"reference_type": ["in", [SA_PROTECTED, SA_MEDICAL]]})
        for doctype in (SA_PROTECTED, SA_MEDICAL):
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
    from healthdesk.support_access.grants import revoke

    if not frappe.db.exists("Role", SA_READER_ROLE):
        frappe.get_doc({"doctype": "Role", "role_name": SA_READER_ROLE, "desk_access": 0}).insert(ignore_permissions=True)
    make_doctype(SA_PROTECTED)
    make_doctype(SA_MEDICAL)
    make_linker()
    grant_audit_role()
    configure(True)
    net = w.net
    reseller = net.reseller()
    w.clinic_a = net.clinic(reseller.name).name
    w.clinic_b = net.clinic(reseller.name).name
    w.owner_a = net.user("clinica", roles=(SA_READER_ROLE,), clinics=(w.clinic_a,))
    w.owner_b = net.user("outra", roles=(SA_READER_ROLE,), clinics=(w.clinic_b,))
    w.admin = net.user("admin", roles=("System Manager",), system=True)
    w.agents = {state: w.agent() for state in
                ("none", "active", "team", "expired", "revoked", "other_clinic", "other_team", "medical")}
    w.team_1 = w.team([w.agents["team"]])
    w.team_2 = w.team([w.agents["other_team"]])
    w.g_active = w.grant(w.owner_a, w.clinic_a, agents=[w.agents["active"], w.agents["medical"]])
    w.g_team = w.grant(w.owner_a, w.clinic_a, team=w.team_1)
    w.g_expired = w.grant(w.owner_a, w.clinic_a, agents=[w.agents["expired"]])
    w.g_revoked = w.grant(w.owner_a, w.clinic_a, agents=[w.agents["revoked"]])
    frappe.set_user(w.owner_a)
    try:
        revoke(w.g_revoked)
    finally:
        frappe.set_user("Administrator")
    w.g_other_clinic = w.grant(w.owner_b, w.clinic_b, agents=[w.agents["other_clinic"]])
    w.expire_one_second_ago(w.g_expired)
    frappe.db.commit()
    w.rec = w.record(SA_PROTECTED, w.clinic_a, "a")
    w.rec_b = w.record(SA_PROTECTED, w.clinic_b, "b")
    w.med = w.record(SA_MEDICAL, w.clinic_a, "m")
    return w


def add_manager(w: World) -> World:
    """The attack tests' "extra roles" support user: Agent + Agent Manager (the strongest roles a
    support user may hold), covered by an active grant to their own team."""
    w.manager = w.agent(roles=("Agent", "Agent Manager"))
    w.team_m = w.team([w.manager])
    w.g_manager = w.grant(w.owner_a, w.clinic_a, team=w.team_m)
    w.expire_one_second_ago(w.g_expired)
    return w


def drop_world(w: World) -> None:
    """``w.cleanup()``, then the test doctypes, the settings rows and the audit role they needed."""
    try:
        w.cleanup()
    finally:
        for dt in (SA_LINKER, SA_PROTECTED, SA_MEDICAL, SA_CHILD, SA_MEDICAL_CHILD):
            if frappe.db.exists("DocType", dt):
                frappe.delete_doc("DocType", dt, force=True, ignore_permissions=True)
        configure(False)
        revoke_audit_role()
        frappe.db.commit()


class WorldTestCase(FrappeTestCase):
    """A FrappeTestCase over one support-access World built for the class (``cls.world``; with the
    attack tests' extra-roles support user when ``with_manager``), dropped after the class. Each
    test starts as Administrator and its uncommitted changes are rolled back."""

    with_manager = False

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.world = World()
        cls.addClassCleanup(drop_world, cls.world)
        build_world(cls.world)
        if cls.with_manager:
            add_manager(cls.world)

    def setUp(self) -> None:
        frappe.set_user("Administrator")
        self.addCleanup(frappe.set_user, "Administrator")
        self.addCleanup(sa_fresh)


def completion_network(net: Network, onb: Onboarding) -> dict:
    """The Onboarding Completion report's test network: a reseller with clinics C1, C2 and the
    5-task test panel; u1 (C1) finished stage 1, u2 (C1) did nothing, u3 (C1 and C2) did everything."""
    from healthdesk.onboarding.panels import PROGRESS

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


SA_NO_HEALTHCARE = ("the site has no healthcare app: the Healthcare attack tests need its real medical doctypes "
                    "(run them on a site with ERPNext + Healthcare)")


@contextmanager
def clinical_record(marker: str):
    """A real (invented) Healthcare patient with submitted vital signs holding a secret note
    (needs the healthcare app); deleted afterwards."""
    sa_fresh()
    secret = "nota-" + secrets.token_hex(5)
    patient = frappe.get_doc({"doctype": "Patient", "first_name": "Paciente", "last_name": f"Ficticio {marker}",
                              "sex": "Other"}).insert(ignore_permissions=True)
    vitals = frappe.get_doc({"doctype": "Vital Signs", "patient": patient.name, "signs_date": frappe.utils.today(),
                             "signs_time": "10:00:00", "temperature": "36.5", "vital_signs_note": secret})
    vitals.insert(ignore_permissions=True)
    vitals.submit()
    frappe.db.commit()
    try:
        yield frappe._dict(patient=patient.name, vitals=vitals.name, secret=secret)
    finally:
        sa_fresh()
        frappe.db.delete("DocShare", {"share_doctype": ["in", ["Patient", "Vital Signs"]],
                                      "share_name": ["in", [patient.name, vitals.name]]})
        frappe.db.delete("ToDo", {"reference_name": ["in", [patient.name, vitals.name]]})
        frappe.db.delete("Vital Signs", {"name": vitals.name})
        frappe.db.delete("Patient Medical Record", {"patient": patient.name})
        frappe.delete_doc("Patient", patient.name, force=True, ignore_permissions=True)
        frappe.db.commit()


# ------------------------------------------------------------------ network and SLA

def clinic_senders(net: Network) -> frappe._dict:
    """A reseller with two clinics and three senders: ``one`` of the first clinic, ``many`` of both,
    ``none`` of no clinic (the entrances' tests)."""
    reseller = net.reseller()
    first, second = net.clinic(reseller.name), net.clinic(reseller.name)
    return frappe._dict(
        reseller=reseller, first=first, second=second,
        one=net.user("uma", clinics=(first.name,)),
        many=net.user("varias", clinics=(first.name, second.name)),
        none=net.user("nenhuma"),
    )


BRT = ZoneInfo("America/Sao_Paulo")


def brt(*args) -> datetime:
    """A Brasília wall-clock moment as the site stores it (naive, site time zone)."""
    from healthdesk.sla.calendars import to_site

    return to_site(datetime(*args, tzinfo=BRT))


def sla_ticket(net: Network, clinic: Document, created: datetime, **values) -> Document:
    """A ticket of ``clinic`` whose SLA started at ``created`` (site time)."""
    return net.ticket(clinic=clinic.name, service_level_agreement_creation=created,
                      opening_date=created.date(), **values)


# ------------------------------------------------------------------ reseller desks


class DeskNetwork(Network):
    """A Network that also makes reseller desks (an HD Team as a reseller's desk team, with desk
    agents) and deletes them, with the assignments, shares and notes the tests leave on tickets."""

    def __init__(self) -> None:
        super().__init__()
        self.teams: list[str] = []

    def team(self, members: list[str], **values) -> str:
        name = f"Central Teste {self.tag} {secrets.token_hex(2)}"
        frappe.get_doc({"doctype": "HD Team", "team_name": name, "users": [{"user": m} for m in members],
                        **values}).insert(ignore_permissions=True)
        self.teams.append(name)
        frappe.db.commit()
        return name

    def desk_reseller(self, agents: int = 1, **values) -> frappe._dict:
        """A reseller running its own first line: a new HD Team of ``agents`` new desk agents (HD
        Agents) is its desk team. Returns ``reseller`` (name), ``doc``, ``team``, ``agents``."""
        members = [self.agent() for _ in range(agents)]
        team = self.team(members)
        doc = self.reseller(own_first_line=1, desk_team=team, **values)
        from healthdesk.desks.visibility import clear_cache

        clear_cache()
        return frappe._dict(reseller=doc.name, doc=doc, team=team, agents=members)

    def cleanup(self) -> None:
        frappe.db.rollback()
        frappe.set_user("Administrator")
        tickets = [name for kind, name in self.created if kind == "HD Ticket"]
        if tickets:
            frappe.db.delete("ToDo", {"reference_type": "HD Ticket", "reference_name": ["in", tickets]})
            frappe.db.delete("DocShare", {"share_doctype": "HD Ticket", "share_name": ["in", tickets]})
            for doctype, field in (("HD Ticket Activity", "ticket"), ("HD Notification", "reference_ticket")):
                frappe.db.delete(doctype, {field: ["in", tickets]})
        for kind, name in self.created:
            if kind == "Reseller" and frappe.db.exists(kind, name):
                frappe.db.set_value(kind, name, {"own_first_line": 0, "desk_team": None}, update_modified=False)
        frappe.db.commit()
        super().cleanup()
        for team in self.teams:
            if frappe.db.exists("HD Team", team):
                frappe.delete_doc("HD Team", team, force=True, ignore_permissions=True)
        frappe.db.commit()


def pct(values, fraction: float) -> float | None:
    """The tests' own percentile, written apart from healthdesk.core.indicators so that the code
    under test is not its own oracle: linear interpolation between closest ranks (SQL's
    PERCENTILE_CONT); None for no values."""
    xs = sorted(values)
    if not xs:
        return None
    pos = fraction * (len(xs) - 1)
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)
