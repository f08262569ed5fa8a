"""Helpdesk's SLA computed with the contract's business-hours calendar; calendars in the desk;
breach warnings. (The public support page over HTTP: tests/e2e/test_sla.py.)"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import frappe
from frappe.tests.utils import FrappeTestCase
from freezegun import freeze_time
from helpdesk.helpdesk.doctype.hd_service_level_agreement.hd_service_level_agreement import (
    HDServiceLevelAgreement,
)

from healthdesk.setup.install import CONTRACT_CALENDAR, CONTRACT_SLA
from healthdesk.sla.calendars import get_calendar, to_aware, to_site
from healthdesk.sla.exceptions import (
    InvalidOpeningHours,
    InvalidTimeZone,
    NoOpeningHours,
    OverlappingOpeningHours,
    UnknownHolidayState,
)
from healthdesk.test_utils import BRT, Network, brt, contract_sla, enter, sla_ticket

HOUR = 3600


class ContractTestCase(FrappeTestCase):
    """Each test has a Network, the contract SLA as installed, and a clinic."""

    def setUp(self):
        frappe.set_user("Administrator")
        self.net = Network()
        self.addCleanup(self.net.cleanup)
        self.contract_sla = enter(self, contract_sla())
        self.clinic = self.net.clinic(self.net.reseller().name)

    def ticket(self, created: datetime, **values):
        return sla_ticket(self.net, self.clinic, created, **values)


class TestContractDeadlines(ContractTestCase):
    def test_friday_1730_high_is_due_next_business_day_1730(self):
        # 0.5 h on Friday, 3.5 h before lunch on Monday, 4 h after: Monday 17:30.
        ticket = self.ticket(brt(2026, 11, 27, 17, 30), severity="High")
        self.assertEqual(ticket.sla, CONTRACT_SLA)
        self.assertEqual(ticket.priority, "High")
        self.assertEqual(ticket.response_by, brt(2026, 11, 30, 17, 30))
        self.assertEqual(ticket.response_due_local, "30/11 17:30")
        # Resolution (40 business hours) ends the following Friday at 17:30.
        self.assertEqual(ticket.resolution_by, brt(2026, 12, 4, 17, 30))

    def test_national_holiday_and_lunch_are_skipped(self):
        # Thursday 19/11 11:00 Medium (20 h): 1 h to noon, 4.5 h; Friday 20/11 is Black Awareness
        # Day (national since 2024); Monday 8 h; Tuesday 6.5 h → Tuesday 16:30.
        ticket = self.ticket(brt(2026, 11, 19, 11, 0), severity="Medium")
        self.assertEqual(ticket.response_by, brt(2026, 11, 24, 16, 30))

    def test_deadline_ending_at_noon_is_noon(self):
        # Monday 13:30 + 8 h: 4.5 h on Monday, 3.5 h on Tuesday morning → Tuesday 12:00, not 13:30.
        ticket = self.ticket(brt(2026, 11, 30, 13, 30), severity="High")
        self.assertEqual(ticket.response_by, brt(2026, 12, 1, 12, 0))

    def test_not_covered_gets_no_deadline(self):
        ticket = self.ticket(brt(2026, 11, 27, 10, 0), severity="Not covered")
        self.assertTrue(ticket.response_by is None and ticket.resolution_by is None)
        self.assertTrue(ticket.agreement_status == "" or ticket.agreement_status is None)
        self.assertFalse(ticket.response_due_local)
        # Helpdesk's hourly job never marks it failed.
        agreement = frappe.get_doc("HD Service Level Agreement", ticket.sla)
        agreement.handle_agreement_status(ticket)
        self.assertNotEqual(ticket.agreement_status, "Failed")

    def test_paused_business_time_moves_the_resolution_deadline_exactly(self):
        with freeze_time(datetime(2026, 11, 30, 9, 0, tzinfo=BRT)):
            ticket = self.ticket(brt(2026, 11, 30, 9, 0), severity="Medium")
        first_deadline = ticket.resolution_by
        with freeze_time(datetime(2026, 11, 30, 10, 0, tzinfo=BRT)):
            ticket.reload()
            # A status of category Paused ("Replied" on a fresh Helpdesk site).
            ticket.status = frappe.db.get_value("HD Ticket Status", {"category": "Paused"}, "name")
            ticket.save()
            self.assertEqual(ticket.agreement_status, "Paused")
        with freeze_time(datetime(2026, 12, 1, 10, 0, tzinfo=BRT)):
            ticket.reload()
            ticket.status = "Open"
            ticket.save()
        # Paused Monday 10:00 → Tuesday 10:00: 2 + 4.5 + 1.5 = 8 business hours.
        self.assertEqual(ticket.total_hold_time, 8 * HOUR)
        calendar = get_calendar(CONTRACT_CALENDAR)
        self.assertEqual(calendar.elapsed(to_aware(first_deadline), to_aware(ticket.resolution_by)), timedelta(hours=8))
        self.assertEqual(ticket.resolution_by, to_site(calendar.add(to_aware(first_deadline), timedelta(hours=8))))

    def test_elapsed_times_are_in_business_hours(self):
        agreement = frappe.get_doc("HD Service Level Agreement", CONTRACT_SLA)
        # Friday 17:00 → Monday 09:00: 1 h on Friday + 0.5 h on Monday.
        self.assertEqual(agreement.calc_elapsed_time(brt(2026, 11, 27, 17, 0), brt(2026, 11, 30, 9, 0)), 1.5 * HOUR)

    def test_severity_and_priority_follow_each_other(self):
        ticket = self.ticket(brt(2026, 11, 27, 10, 0), severity="Low")
        self.assertEqual(ticket.priority, "Low")
        ticket.reload()
        ticket.priority = "High"
        ticket.save()
        self.assertEqual(ticket.severity, "High")
        ticket.severity = "Medium"
        ticket.save()
        self.assertEqual(ticket.priority, "Medium")

    def test_sla_without_calendar_behaves_as_stock(self):
        agreement = frappe.get_doc("HD Service Level Agreement", CONTRACT_SLA)
        agreement.business_hours_calendar = None
        start = datetime(2026, 11, 27, 11, 0)
        for target in ("response_time", "resolution_time"):
            self.assertEqual(agreement.calc_time(start, "High", target),
                             HDServiceLevelAgreement.calc_time(agreement, start, "High", target))
        end = datetime(2026, 12, 2, 15, 0)
        self.assertEqual(agreement.calc_elapsed_time(start, end),
                         HDServiceLevelAgreement.calc_elapsed_time(agreement, start, end))
        self.assertEqual(agreement.get_working_hours(), HDServiceLevelAgreement.get_working_hours(agreement))

    def test_helpdesk_banner_still_gets_one_window_per_weekday(self):
        hours = self.contract_sla.get_working_hours()
        self.assertEqual(set(hours), {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"})
        self.assertEqual(hours["Monday"], (timedelta(hours=8, minutes=30), timedelta(hours=18)))
        ticket = self.ticket(brt(2026, 11, 27, 10, 0), severity="High")
        self.assertIn(ticket.is_currently_outside_working_hours(), (True, False))

    def test_recomputing_open_tickets_after_a_calendar_change(self):
        from healthdesk.api.sla import affected_open_tickets, recompute_open_tickets

        ticket = self.ticket(brt(2026, 11, 27, 17, 30), severity="High")
        calendar = frappe.get_doc("Business Hours Calendar", CONTRACT_CALENDAR)
        original = [(r.weekday, r.start_time, r.end_time) for r in calendar.windows]
        try:
            calendar.append("windows", {"weekday": "Saturday", "start_time": "08:30:00", "end_time": "12:30:00"})
            calendar.save()
            frappe.db.commit()
            self.assertGreaterEqual(affected_open_tickets(calendar=CONTRACT_CALENDAR), 1)
            self.assertGreaterEqual(recompute_open_tickets(calendar=CONTRACT_CALENDAR), 1)
            # 0.5 h Friday + 4 h Saturday + 3.5 h Monday morning: Monday 12:00.
            self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "response_by"), brt(2026, 11, 30, 12, 0))
            frappe.set_user(self.net.agent())
            with self.assertRaises(frappe.PermissionError):
                recompute_open_tickets(calendar=CONTRACT_CALENDAR)
        finally:
            frappe.set_user("Administrator")
            calendar = frappe.get_doc("Business Hours Calendar", CONTRACT_CALENDAR)
            calendar.set("windows", [{"weekday": w, "start_time": s, "end_time": e} for w, s, e in original])
            calendar.save()
            frappe.db.commit()

    def test_ticket_without_severity_takes_its_default_priority(self):
        # Helpdesk gives a ticket HD Settings' default priority, else its SLA's default priority.
        previous = frappe.db.get_single_value("HD Settings", "default_priority")
        frappe.db.set_single_value("HD Settings", "default_priority", None)
        frappe.db.commit()
        try:
            ticket = self.ticket(brt(2026, 11, 27, 10, 0))
            self.assertEqual((ticket.priority, ticket.severity), ("Medium", "Medium"))
        finally:
            frappe.db.set_single_value("HD Settings", "default_priority", previous)
            frappe.db.commit()


# --- calendars in the desk --------------------------------------------------------------------

def _calendar(**values):
    return frappe.get_doc({
        "doctype": "Business Hours Calendar", "calendar_name": f"Teste {frappe.generate_hash(length=6)}",
        "timezone": "America/Manaus", "national_holidays": 1,
        "windows": [{"weekday": "Monday", "start_time": "08:00:00", "end_time": "12:00:00"}], **values,
    })


class TestBusinessHoursCalendar(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        self.addCleanup(frappe.db.rollback)

    def test_calendar_validation_names_the_field(self):
        cases = [
            ({"timezone": "Brasil/Brasilia"}, InvalidTimeZone),
            ({"windows": []}, NoOpeningHours),
            ({"windows": [{"weekday": "Monday", "start_time": "12:00:00", "end_time": "08:00:00"}]},
             InvalidOpeningHours),
            ({"windows": [{"weekday": "Monday", "start_time": "08:00:00", "end_time": "12:00:00"},
                          {"weekday": "Monday", "start_time": "11:00:00", "end_time": "13:00:00"}]},
             OverlappingOpeningHours),
            ({"holiday_state": "XX"}, UnknownHolidayState),
        ]
        for values, exception in cases:
            with self.subTest(exception.__name__), self.assertRaises(exception):
                _calendar(**values).insert()

    def test_calendar_preview_and_weekly_hours(self):
        from healthdesk.healthdesk.doctype.business_hours_calendar.business_hours_calendar import preview

        doc = _calendar(holiday_state="AM", windows=[
            {"weekday": day, "start_time": s, "end_time": e}
            for day in ("Monday", "Wednesday") for s, e in (("08:00:00", "12:00:00"), ("14:00:00", "18:00:00"))
        ], holidays=[{"holiday_date": "2026-12-02", "kind": "Closure", "description": "Mudança"}])
        doc.insert()
        try:
            self.assertEqual(doc.weekly_hours, "16h")
            with freeze_time(datetime(2026, 11, 30, 7, 0, tzinfo=ZoneInfo("America/Manaus"))):
                result = preview(doc.name)
            self.assertTrue(result["timezone"] == "America/Manaus" and not result["is_open"])
            self.assertEqual(result["periods"][0], {"start": "Monday 30/11/2026 08:00", "end": "12:00"})
            # Wednesday 2 December is a one-off closure: the third period is the next Monday.
            self.assertTrue(result["periods"][2]["start"].startswith("Monday 07/12/2026"))
            self.assertEqual(result["deadlines"][0], {"hours": 8, "deadline": "Monday 30/11/2026 18:00"})
            # 20 h: Monday 8 h, the closed Wednesday, next Monday 8 h, Wednesday 9/12 4 h.
            self.assertEqual(result["deadlines"][1], {"hours": 20, "deadline": "Wednesday 09/12/2026 12:00"})
        finally:
            frappe.db.rollback()


# --- breach warnings --------------------------------------------------------------------------

def _warnings(ticket):
    return frappe.get_all("SLA Warning", filters={"ticket": ticket}, fields=["threshold", "sent_to", "escalated_to"])


class TestBreachWarnings(ContractTestCase):
    """A High ticket (deadline Monday 30/11 17:30 Brasília) assigned to an agent of a team."""

    def setUp(self):
        super().setUp()
        net = self.net
        self.agent = net.agent()
        team = frappe.get_doc({"doctype": "HD Team", "team_name": f"Equipe {net.tag}",
                               "users": [{"user": self.agent}]}).insert(ignore_permissions=True)
        self.escalation = frappe.get_doc({"doctype": "HD Team", "team_name": f"Escalonamento {net.tag}"}).insert(
            ignore_permissions=True)
        settings = frappe.get_single("Healthdesk Settings")
        previous = (settings.escalation_team, settings.breach_warning_before)
        settings.escalation_team = self.escalation.name
        settings.breach_warning_before = HOUR
        settings.save()
        self.warned = self.ticket(brt(2026, 11, 27, 17, 30), severity="High", agent_group=team.name)
        frappe.db.commit()
        self.addCleanup(self._clean, previous, (team.name, self.escalation.name))

    def _clean(self, previous, teams):
        frappe.db.rollback()
        frappe.db.delete("SLA Warning", {"ticket": self.warned.name})
        frappe.db.delete("Notification Log", {"document_name": self.warned.name, "document_type": "HD Ticket"})
        settings = frappe.get_single("Healthdesk Settings")
        settings.escalation_team, settings.breach_warning_before = previous
        settings.save()
        frappe.db.delete("HD Ticket", {"name": self.warned.name})
        for name in teams:
            frappe.delete_doc("HD Team", name, force=True, ignore_permissions=True)
        frappe.db.commit()

    def test_warning_before_the_deadline_goes_out_once(self):
        from healthdesk.sla.breach_warnings import BEFORE, send_breach_warnings

        ticket, agent = self.warned, self.agent
        send_breach_warnings(brt(2026, 11, 30, 16, 0))  # 1.5 business hours left: not yet
        self.assertEqual(_warnings(ticket.name), [])
        send_breach_warnings(brt(2026, 11, 30, 16, 45))
        self.assertEqual(_warnings(ticket.name), [{"threshold": BEFORE, "sent_to": agent, "escalated_to": None}])

        def ours():
            return frappe.get_all("Notification Log", pluck="subject", filters={
                "for_user": agent, "document_name": ticket.name, "subject": ["like", "%30/11 17:30%"]})

        self.assertEqual(len(ours()), 1)
        # Again (another run, a restarted worker): nothing new.
        send_breach_warnings(brt(2026, 11, 30, 16, 50))
        self.assertTrue(len(ours()) == 1 and len(_warnings(ticket.name)) == 1)
        activity = frappe.get_all("HD Ticket Activity", filters={"ticket": ticket.name}, pluck="action")
        self.assertTrue(any("30/11 17:30" in a for a in activity))

    def test_breach_warns_and_escalates_high_tickets(self):
        from healthdesk.sla.breach_warnings import BREACHED, send_breach_warnings

        ticket = self.warned
        send_breach_warnings(brt(2026, 11, 30, 17, 31))
        self.assertEqual([w["threshold"] for w in _warnings(ticket.name)], [BREACHED])
        self.assertEqual(_warnings(ticket.name)[0]["escalated_to"], self.escalation.name)
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "agent_group"), self.escalation.name)
        send_breach_warnings(brt(2026, 11, 30, 17, 40))
        self.assertEqual(len(_warnings(ticket.name)), 1)
        # A breach is news for a day, not forever.
        send_breach_warnings(brt(2026, 12, 2, 10, 0))
        self.assertEqual(len(_warnings(ticket.name)), 1)

    def test_no_warnings_outside_business_hours(self):
        from healthdesk.sla.breach_warnings import send_breach_warnings

        ticket = self.warned
        # Saturday, and Monday during lunch: closed, so nothing goes out even when due.
        send_breach_warnings(brt(2026, 11, 28, 10, 0))
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "response_by"), brt(2026, 11, 30, 17, 30))
        frappe.db.set_value("HD Ticket", ticket.name, "response_by", brt(2026, 11, 30, 12, 45))
        frappe.db.commit()
        send_breach_warnings(brt(2026, 11, 30, 12, 30))  # 15 minutes before the deadline, at lunch
        self.assertEqual(_warnings(ticket.name), [])

    def test_not_covered_and_answered_tickets_are_never_warned(self):
        from healthdesk.sla.breach_warnings import send_breach_warnings

        ticket = self.warned
        other = self.ticket(brt(2026, 11, 27, 17, 30), severity="Not covered")
        frappe.db.set_value("HD Ticket", ticket.name, "first_responded_on", brt(2026, 11, 30, 9, 0))
        frappe.db.commit()
        send_breach_warnings(brt(2026, 11, 30, 17, 45))
        self.assertTrue(_warnings(ticket.name) == [] and _warnings(other.name) == [])


# --- the report -------------------------------------------------------------------------------

class TestSLACompliance(ContractTestCase):
    def answer(self, ticket, answered: datetime) -> None:
        agreement = frappe.get_doc("HD Service Level Agreement", CONTRACT_SLA)
        frappe.db.set_value("HD Ticket", ticket.name, {
            "first_responded_on": answered,
            "first_response_time": agreement.calc_elapsed_time(ticket.service_level_agreement_creation, answered),
        })

    def test_sla_compliance_report(self):
        from healthdesk.healthdesk.report.sla_compliance.sla_compliance import execute
        from healthdesk.sla.exceptions import InvalidGroupBy

        met = self.ticket(brt(2026, 11, 9, 9, 0), severity="High")
        late = self.ticket(brt(2026, 11, 10, 9, 0), severity="High")
        self.ticket(brt(2026, 11, 11, 9, 0), severity="Not covered")
        self.answer(met, brt(2026, 11, 9, 11, 0))
        self.answer(late, brt(2026, 11, 11, 17, 0))
        columns, data = execute({"clinic": self.clinic.name, "group_by": "Month, Severity"})
        rows = {(r["month"], r["severity"]): r for r in data}
        high = rows[("2026-11", "High")]
        self.assertEqual((high["tickets"], high["met"], high["breached"], high["compliance"]), (2, 1, 1, 50.0))
        # 2 business hours, and Tue 09:00 → Wed 17:00: 7.5 + 7 = 14.5 business hours: mean 8.25.
        self.assertEqual(high["avg_first_response_hours"], 8.25)
        self.assertEqual(rows[("2026-11", "Not covered")]["not_covered"], 1)
        self.assertEqual([c["fieldname"] for c in columns][:2], ["month", "severity"])
        with self.assertRaises(InvalidGroupBy):
            execute({"group_by": "Nothing"})

    def test_total_row_is_computed_from_tickets_not_averaged_rows(self):
        """One High ticket answered in time and one Not covered ticket: the truth is 100%, and a
        Frappe total row (add_total_row) showed 50% by averaging 100% with the empty row."""
        from healthdesk.healthdesk.report.sla_compliance.sla_compliance import execute

        met = self.ticket(brt(2026, 11, 9, 9, 0), severity="High")
        self.ticket(brt(2026, 11, 9, 10, 0), severity="Not covered")
        self.answer(met, brt(2026, 11, 9, 11, 0))
        _columns, data = execute({"clinic": self.clinic.name, "group_by": "Month, Severity"})
        *groups, last = data
        self.assertEqual([g["compliance"] for g in groups], [100.0, None])
        self.assertTrue(last["bold"] == 1 and last["month"] == frappe._("Total"))
        self.assertEqual((last["tickets"], last["met"], last["not_covered"], last["compliance"]), (2, 1, 1, 100.0))
        self.assertEqual(last["avg_first_response_hours"], 2.0)
        report = frappe.get_doc("Report", "SLA Compliance")
        self.assertFalse(report.add_total_row, "Frappe's own total row averages the Percent column")

    def test_no_tickets_no_total_row(self):
        from healthdesk.healthdesk.report.sla_compliance.sla_compliance import execute

        self.assertEqual(execute({"clinic": self.clinic.name, "group_by": "Month"})[1], [])
