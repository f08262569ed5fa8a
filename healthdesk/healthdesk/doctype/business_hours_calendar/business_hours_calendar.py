# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE
"""A support calendar: IANA time zone, several opening windows a day, Brazilian holidays from the
``holidays`` package (national, a state's, optional days) plus the dates typed here."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import format_duration, now_datetime

from healthdesk.sla.calendars import (
    UFS,
    build_calendar,
    forget_calendar,
    get_calendar,
    to_aware,
    to_site,
    to_time,
)
from healthdesk.sla.exceptions import (
    DuplicateHoliday,
    InvalidOpeningHours,
    InvalidTimeZone,
    NoOpeningHours,
    OverlappingOpeningHours,
    UnknownHolidayState,
)
from healthdesk.utils import bold

SAMPLE_TARGETS_HOURS = (8, 20, 80)


class BusinessHoursCalendar(Document):
    def validate(self):
        self.timezone = (self.timezone or "").strip()
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            frappe.throw(
                _("Time Zone {0} is not an IANA time zone: use a name such as America/Sao_Paulo.").format(
                    bold(self.timezone)),
                InvalidTimeZone, title=_("Invalid time zone"),
            )
        if not self.windows:
            frappe.throw(_("Add at least one opening window in Opening Hours."), NoOpeningHours,
                         title=_("No opening hours"))
        for row in self.windows:
            start, end = to_time(row.start_time), to_time(row.end_time)
            if end != end.min and start >= end:
                frappe.throw(
                    _("Opening Hours row {0}: the start ({1}) must be before the end ({2}).").format(
                        row.idx, start.strftime("%H:%M"), end.strftime("%H:%M")),
                    InvalidOpeningHours, title=_("Invalid opening hours"),
                )
        if self.holiday_state and self.holiday_state not in UFS:
            frappe.throw(
                _("State Holidays (UF) {0} is not a Brazilian state: choose one of the listed UFs.").format(
                    bold(self.holiday_state)),
                UnknownHolidayState, title=_("Invalid state"),
            )
        seen = set()
        for row in self.holidays:
            if row.holiday_date in seen:
                frappe.throw(_("Holidays row {0}: the date is listed twice.").format(row.idx),
                             DuplicateHoliday, title=_("Duplicate holiday"))
            seen.add(row.holiday_date)
        try:
            calendar = build_calendar(self)
        except ValueError as exc:
            frappe.throw(
                _("Opening Hours: windows of the same weekday overlap or are invalid ({0}). Fix the rows "
                  "so that each weekday's windows do not overlap.").format(frappe.utils.escape_html(str(exc))),
                OverlappingOpeningHours, title=_("Invalid opening hours"),
            )
        self.weekly_hours = format_duration(calendar.weekly_business_time.total_seconds(), hide_days=True)

    def on_update(self):
        forget_calendar(self.name)

    def on_trash(self):
        forget_calendar(self.name)


@frappe.whitelist()
def preview(name: str, start: str | None = None, periods: int = 6) -> dict:
    """The next business periods from ``start`` (default now) and sample deadlines, in the
    calendar's local time, for the form's Preview."""
    frappe.has_permission("Business Hours Calendar", "read", name, throw=True)
    calendar = get_calendar(name)
    begin = to_aware(start or now_datetime()).astimezone(calendar.zone)
    return {
        "timezone": calendar.timezone,
        "start": local_moment(begin),
        "is_open": calendar.is_open(begin),
        "periods": [
            {"start": local_moment(a), "end": b.strftime("%H:%M") if a.date() == b.date() else local_moment(b)}
            for a, b in calendar.next_periods(begin, int(periods))
        ],
        "deadlines": [
            {"hours": hours, "deadline": local_moment(calendar.add(begin, timedelta(hours=hours)))}
            for hours in SAMPLE_TARGETS_HOURS
        ],
        "site_time": local_moment(to_site(begin)),
    }


def local_moment(moment) -> str:
    """``Segunda-feira 30/11/2026 08:30`` for a pt-BR user: the weekday through the translations
    (``strftime("%a")`` gives the process locale's English "Mon")."""
    from healthdesk.sla.calendars import WEEKDAYS

    return f"{_(WEEKDAYS[moment.weekday()])} {moment.strftime('%d/%m/%Y %H:%M')}"
