"""Shared fixtures for the ticket-intake tests (issue 5): a clinic network whose cleanup also
removes what intake adds to a ticket (triage logs, replies, attachments, queued e-mails)."""

from __future__ import annotations

import frappe
import pytest

from conftest import Network

VALID_CPF = "529.982.247-25"  # a valid check-digit CPF that belongs to no one (generated)


class IntakeNetwork(Network):
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
            frappe.db.delete("Communication", {"reference_doctype": "HD Ticket", "reference_name": ["in", tickets]})
            for name in frappe.get_all("File", filters={"attached_to_doctype": "HD Ticket",
                                                        "attached_to_name": ["in", tickets]}, pluck="name"):
                frappe.delete_doc("File", name, force=True, ignore_permissions=True)
            frappe.db.delete("Email Queue", {"reference_doctype": "HD Ticket", "reference_name": ["in", tickets]})
            frappe.db.commit()
        super().cleanup()


@pytest.fixture
def inet():
    network = IntakeNetwork()
    yield network
    network.cleanup()
