"""Factories for healthdesk's tests on a real site: the in-process tests next to the code
(FrappeTestCase, run by ``bench --site S run-tests --app healthdesk``) and the HTTP and browser
tests in tests/e2e (pytest against the served site) use the same ones.

Tests commit what they make (a served site is another process) and delete it afterwards; names,
base ids and e-mails are random and obviously fake.
"""

from __future__ import annotations

import random
import secrets
from contextlib import contextmanager

import frappe
from frappe.model.document import Document

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
