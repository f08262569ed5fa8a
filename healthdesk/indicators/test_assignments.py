"""Ticket Agent Assignment (healthdesk.indicators.assignments): its rows follow the assignments and
the tickets through every path that changes them — Frappe's assign_to (add, remove, close), ToDo
documents, ticket saves (another clinic, a reopening, the first response), deletions of a ticket or
a user, writes around the document events (the hourly reconcile) and the install's rebuild — and
nobody writes, changes or deletes a row by hand, nor reads one without an admin's role."""

from __future__ import annotations

import frappe
from frappe.desk.form import assign_to
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from healthdesk.constants import HEALTHDESK_ADMIN, RESELLER_MANAGER
from healthdesk.indicators import assignments
from healthdesk.indicators.assignments import DOCTYPE
from healthdesk.test_utils import DeskNetwork


def rows(ticket: str) -> dict[str, frappe._dict]:
    """``{agent: row}`` of a ticket."""
    return {r.agent: r for r in frappe.db.sql(
        f"select agent, ticket_created, reseller, clinic, system_module, first_response_business_seconds, "
        f"reopen_count from {assignments.TABLE} where ticket = %s", ticket, as_dict=True)}


class TestTicketAgentAssignment(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        self.net = DeskNetwork()
        self.addCleanup(self.net.cleanup)
        self.reseller = self.net.reseller()
        self.clinic = self.net.clinic(self.reseller.name)
        self.ag1, self.ag2 = self.net.agent(), self.net.agent()
        self.ticket = self.net.ticket(clinic=self.clinic.name, subject="Atribuições do indicador")

    def assign(self, *agents: str) -> None:
        assign_to.add({"assign_to": list(agents), "doctype": "HD Ticket", "name": self.ticket.name})

    def todo(self, agent: str, status: str = "Open") -> str:
        doc = frappe.get_doc({"doctype": "ToDo", "allocated_to": agent, "status": status, "description": "teste",
                              "reference_type": "HD Ticket", "reference_name": self.ticket.name})
        doc.insert(ignore_permissions=True)
        return doc.name

    # ------------------------------------------------------------------ assignments
    def test_an_assignment_makes_a_row_with_the_tickets_figures(self):
        self.assertEqual(rows(self.ticket.name), {})
        self.assign(self.ag1)
        row = rows(self.ticket.name)[self.ag1]
        ticket = frappe.get_doc("HD Ticket", self.ticket.name)
        self.assertEqual(row.ticket_created, ticket.creation)
        self.assertEqual((row.reseller, row.clinic, row.system_module), (self.reseller.name, self.clinic.name,
                                                                         ticket.system_module))
        self.assertEqual(row.reopen_count, 0)

    def test_an_assignment_taken_back_drops_the_row_and_a_closed_one_keeps_it(self):
        self.assign(self.ag1, self.ag2)
        self.assertEqual(set(rows(self.ticket.name)), {self.ag1, self.ag2})
        assign_to.remove("HD Ticket", self.ticket.name, self.ag2)  # the ToDo is Cancelled
        self.assertEqual(set(rows(self.ticket.name)), {self.ag1})
        assign_to.close_all_assignments("HD Ticket", self.ticket.name)  # the ToDo is Closed: still counts
        self.assertEqual(frappe.db.get_value("ToDo", {"reference_name": self.ticket.name, "allocated_to": self.ag1,
                                                     "reference_type": "HD Ticket"}, "status"), "Closed")
        self.assertEqual(set(rows(self.ticket.name)), {self.ag1})
        self.assign(self.ag2)
        self.assertEqual(set(rows(self.ticket.name)), {self.ag1, self.ag2})

    def test_two_assignments_of_one_agent_are_one_row_until_both_are_gone(self):
        first, second = self.todo(self.ag1), self.todo(self.ag1, "Closed")
        self.assertEqual(len(rows(self.ticket.name)), 1)
        doc = frappe.get_doc("ToDo", first)
        doc.status = "Cancelled"
        doc.save(ignore_permissions=True)
        self.assertIn(self.ag1, rows(self.ticket.name))
        frappe.delete_doc("ToDo", second, ignore_permissions=True)
        self.assertEqual(rows(self.ticket.name), {})

    def test_a_todo_moved_to_another_ticket_moves_its_row(self):
        other = self.net.ticket(clinic=self.clinic.name, subject="Outro chamado")
        name = self.todo(self.ag1)
        doc = frappe.get_doc("ToDo", name)
        doc.reference_name = other.name
        doc.save(ignore_permissions=True)
        self.assertEqual(rows(self.ticket.name), {})
        self.assertIn(self.ag1, rows(other.name))

    # ------------------------------------------------------------------ the ticket's figures
    def test_a_ticket_moved_to_another_cooperatives_clinic_moves_its_rows(self):
        self.assign(self.ag1)
        reseller = self.net.reseller()
        clinic = self.net.clinic(reseller.name)
        ticket = frappe.get_doc("HD Ticket", self.ticket.name)
        ticket.clinic = clinic.name
        ticket.save(ignore_permissions=True)
        row = rows(self.ticket.name)[self.ag1]
        self.assertEqual((row.reseller, row.clinic), (reseller.name, clinic.name))

    def test_a_reopening_and_the_first_response_are_copied(self):
        self.assign(self.ag1)
        ticket = frappe.get_doc("HD Ticket", self.ticket.name)
        ticket.status = "Resolved"
        ticket.save(ignore_permissions=True)
        ticket.reload()
        ticket.status = "Open"
        ticket.save(ignore_permissions=True)
        self.assertEqual(frappe.db.get_value("HD Ticket", self.ticket.name, "reopen_count"), 1)
        self.assertEqual(rows(self.ticket.name)[self.ag1].reopen_count, 1)
        ticket.reload()
        ticket.first_responded_on = add_to_date(ticket.creation, hours=2)
        ticket.save(ignore_permissions=True)
        measured = frappe.db.get_value("HD Ticket", self.ticket.name, "first_response_business_seconds")
        self.assertIsNotNone(measured)
        self.assertEqual(rows(self.ticket.name)[self.ag1].first_response_business_seconds, measured)

    # ------------------------------------------------------------------ deletions
    def test_deleting_the_ticket_takes_its_rows_and_is_not_blocked_by_them(self):
        self.assign(self.ag1)
        name = self.ticket.name
        frappe.delete_doc("HD Ticket", name, force=True, ignore_permissions=True)
        self.assertEqual(rows(name), {})

    def test_deleting_the_agent_takes_their_rows(self):
        self.assign(self.ag1, self.ag2)
        frappe.delete_doc("HD Agent", self.ag2, force=True, ignore_permissions=True)
        frappe.delete_doc("User", self.ag2, force=True, ignore_permissions=True)  # its ToDos go by SQL
        self.assertEqual(set(rows(self.ticket.name)), {self.ag1})
        self.assertFalse(frappe.db.exists(DOCTYPE, {"agent": self.ag2}))

    # ------------------------------------------------------------------ around the events
    def test_the_hourly_reconcile_catches_writes_around_the_document_events(self):
        self.assign(self.ag1, self.ag2)
        module = frappe.get_all("System Module", pluck="name", limit=1)
        frappe.db.set_value("HD Ticket", self.ticket.name, "reopen_count", 3)  # moves `modified`
        if module:
            frappe.db.set_value("HD Ticket", self.ticket.name, "system_module", module[0])
        todo = frappe.db.get_value("ToDo", {"reference_type": "HD Ticket", "reference_name": self.ticket.name,
                                            "allocated_to": self.ag2}, "name")
        frappe.db.set_value("ToDo", todo, "status", "Cancelled")
        self.assertEqual(rows(self.ticket.name)[self.ag1].reopen_count, 0)  # stale until reconciled
        assignments.reconcile_recent()
        got = rows(self.ticket.name)
        self.assertEqual(set(got), {self.ag1})
        self.assertEqual(got[self.ag1].reopen_count, 3)
        if module:
            self.assertEqual(got[self.ag1].system_module, module[0])

    def test_a_write_older_than_the_reconcile_window_waits_for_a_rebuild(self):
        self.assign(self.ag1)
        long_ago = add_to_date(now_datetime(), hours=-3)
        frappe.db.set_value("HD Ticket", self.ticket.name, {"reopen_count": 2, "modified": long_ago},
                            update_modified=False)
        frappe.db.sql("update `tabToDo` set modified = %s where reference_name = %s", (long_ago, self.ticket.name))
        assignments.reconcile_recent()
        self.assertEqual(rows(self.ticket.name)[self.ag1].reopen_count, 0)
        self.assertGreaterEqual(assignments.rebuild(), 1)
        self.assertEqual(rows(self.ticket.name)[self.ag1].reopen_count, 2)

    def test_rebuild_gives_the_rows_the_events_gave(self):
        self.assign(self.ag1, self.ag2)
        assign_to.remove("HD Ticket", self.ticket.name, self.ag2)
        before = rows(self.ticket.name)
        total = assignments.rebuild()
        self.assertEqual(rows(self.ticket.name), before)
        self.assertEqual(frappe.db.count(DOCTYPE), total)
        self.assertEqual(assignments.rebuild(), total)  # idempotent
        self.assertEqual(rows(self.ticket.name), before)

    def test_rows_of_a_ticket_deleted_around_its_events_go_daily(self):
        self.assign(self.ag1)
        frappe.db.delete("HD Ticket", {"name": self.ticket.name})  # as a bulk SQL delete does: no on_trash
        self.assertIn(self.ag1, rows(self.ticket.name))
        assignments.drop_orphans()
        self.assertEqual(rows(self.ticket.name), {})

    # ------------------------------------------------------------------ nobody writes a row
    def test_nobody_inserts_changes_or_deletes_a_row_through_a_document(self):
        self.assign(self.ag1)
        doc = frappe.get_doc({"doctype": DOCTYPE, "ticket": self.ticket.name, "agent": self.ag2,
                              "ticket_created": now_datetime(), "reseller": self.reseller.name})
        with self.assertRaises(frappe.PermissionError):
            doc.insert(ignore_permissions=True)
        name = frappe.db.get_value(DOCTYPE, {"ticket": self.ticket.name, "agent": self.ag1})
        row = frappe.get_doc(DOCTYPE, name)
        row.reopen_count = 9
        with self.assertRaises(frappe.PermissionError):
            row.save(ignore_permissions=True)
        with self.assertRaises(frappe.PermissionError):
            frappe.delete_doc(DOCTYPE, name, ignore_permissions=True)
        self.assertEqual(rows(self.ticket.name)[self.ag1].reopen_count, 0)

    def test_only_admins_read_the_rows(self):
        self.assign(self.ag1)
        manager = self.net.user("gestor", roles=(RESELLER_MANAGER,))
        desk = self.net.desk_reseller()
        clinic_user = self.net.user("clinica", clinics=(self.clinic.name,))
        admin = self.net.user("admin", roles=(HEALTHDESK_ADMIN,), system=True)
        for user in (self.ag1, manager, desk.agents[0], clinic_user):
            frappe.set_user(user)
            self.assertFalse(frappe.has_permission(DOCTYPE, "read"), user)
            with self.assertRaises(frappe.PermissionError, msg=user):
                frappe.get_list(DOCTYPE, fields=["agent", "ticket"])
            with self.assertRaises(frappe.PermissionError, msg=user):
                frappe.get_doc(DOCTYPE, frappe.db.get_value(DOCTYPE, {"ticket": self.ticket.name})).check_permission("read")
        frappe.set_user(admin)
        self.assertIn(self.ag1, [r.agent for r in frappe.get_list(DOCTYPE, filters={"ticket": self.ticket.name},
                                                                   fields=["agent"])])
        for ptype in ("create", "write", "delete", "share"):
            self.assertFalse(frappe.has_permission(DOCTYPE, ptype), ptype)
