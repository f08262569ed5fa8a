"""Helpdesk's SLA computed with a business-hours calendar.

An HD Service Level Agreement may name a Business Hours Calendar (custom field
``business_hours_calendar``). Then every deadline and elapsed time Helpdesk computes — response
and resolution deadlines, hold time while Paused, first-response and resolution times, how late
a breach was — goes through :class:`~healthdesk.core.calendar.BusinessCalendar` (several windows
a day, the calendar's own time zone, Brazilian holidays). Without a calendar the SLA behaves
exactly as stock Helpdesk. Tickets of severity "Not covered" get no deadline and never breach.
"""

from __future__ import annotations

from datetime import timedelta

import frappe
from frappe import _
from helpdesk.helpdesk.doctype.hd_service_level_agreement.hd_service_level_agreement import (
    HDServiceLevelAgreement,
)

from healthdesk.constants import NOT_COVERED
from healthdesk.core.desks import DESK
from healthdesk.sla.calendars import WEEKDAYS, get_calendar, local_label, to_aware, to_site


def is_not_covered(ticket) -> bool:
    return ticket.get("severity") == NOT_COVERED


def vendor_clock_stopped(ticket) -> bool:
    """A reseller's desk holds the ticket: the vendor's contract clock does not run (it starts when
    the desk escalates to the vendor, and stands still again once the vendor returns it)."""
    return bool(ticket.get("desk_ticket")) and ticket.get("support_desk") == DESK


class HealthdeskServiceLevelAgreement(HDServiceLevelAgreement):
    @property
    def business_calendar(self):
        return get_calendar(self.get("business_hours_calendar"))

    # --- what a ticket gets -------------------------------------------------------------------
    def apply(self, doc):
        if is_not_covered(doc) or vendor_clock_stopped(doc):
            self.handle_new(doc)
            self.handle_doc_status(doc)
            if is_not_covered(doc) or not doc.get("vendor_received_at"):
                clear_deadlines(doc)  # no deadline (a returned desk ticket keeps the vendor's, still)
            return
        super().apply(doc)
        set_due_labels(doc, self.business_calendar)

    def handle_agreement_status(self, doc):
        if is_not_covered(doc):
            doc.agreement_status = ""
            return
        if vendor_clock_stopped(doc):
            return
        super().handle_agreement_status(doc)

    # --- the arithmetic ------------------------------------------------------------------------
    def calc_time(self, start_at, priority, target, hold_time: float = 0):
        calendar = self.business_calendar
        if calendar is None:
            return super().calc_time(start_at, priority, target, hold_time)
        priorities = self.get_priorities()
        if priority not in priorities:
            frappe.throw(_("Please add {0} priority in {1} SLA").format(priority, self.name))
        seconds = float(priorities[priority].get(target) or 0)
        if target == "resolution_time":
            seconds += float(hold_time or 0)
        return to_site(calendar.add(to_aware(start_at), timedelta(seconds=seconds)))

    def calc_elapsed_time(self, start_time, end_time):
        calendar = self.business_calendar
        if calendar is None:
            return super().calc_elapsed_time(start_time, end_time)
        if not start_time or not end_time:
            return 0
        return calendar.elapsed(to_aware(start_time), to_aware(end_time)).total_seconds()

    def get_working_hours(self):
        """One (start, end) per weekday, as Helpdesk's ticket banner expects: the first opening
        and the last closing of the day (the windows in between are in the calendar)."""
        calendar = self.business_calendar
        if calendar is None:
            return super().get_working_hours()
        hours = {}
        for weekday, windows in calendar.windows.items():
            if windows:
                start, end = _delta(windows[0][0]), _delta(windows[-1][1])
                hours[WEEKDAYS[weekday]] = (start, end or timedelta(days=1))
        return hours

    def is_working_time(self, date_time, working_hours):
        calendar = self.business_calendar
        if calendar is None:
            return super().is_working_time(date_time, working_hours)
        return calendar.is_open(to_aware(date_time))


def _delta(t) -> timedelta:
    return timedelta(hours=t.hour, minutes=t.minute, seconds=t.second, microseconds=t.microsecond)


def clear_deadlines(doc) -> None:
    for field in ("response_by", "resolution_by", "first_response_failed_by", "resolution_failed_by",
                  "response_due_local", "resolution_due_local"):
        doc.set(field, None)
    doc.agreement_status = ""


def set_due_labels(doc, calendar) -> None:
    """Deadlines in local business terms, for agents and customers (e.g. ``24/11 10:30``)."""
    doc.response_due_local = None if doc.first_responded_on else local_label(doc.response_by, calendar)
    doc.resolution_due_local = local_label(doc.resolution_by, calendar)
