"""Business-hours calendars in Frappe: load a Business Hours Calendar as a core
:class:`~healthdesk.core.calendar.BusinessCalendar`, and convert between the site's naive
datetimes and the calendar's zone (thin glue; the arithmetic lives in core)."""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import frappe
import holidays as holidays_package
from frappe.utils import get_datetime, get_system_timezone

from healthdesk.constants import CALENDAR
from healthdesk.core.calendar import BusinessCalendar, brazil_holidays

UFS = tuple(holidays_package.Brazil.subdivisions)  # the 27 federative units, e.g. "SP"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Holidays are generated for this many years around today; a calendar is rebuilt when it changes.
HOLIDAY_YEARS_BACK, HOLIDAY_YEARS_AHEAD = 10, 10

_cache: dict[tuple[str, str, str], BusinessCalendar] = {}
_lock = threading.Lock()


def to_time(value) -> time:
    """A DB Time value (timedelta or str) as a :class:`datetime.time`; 24:00 and 00:00 → 00:00."""
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        hours, minutes, *rest = (value.split(":") + ["0"])[:3]
        seconds = float(rest[0]) if rest else 0.0
        value = timedelta(hours=int(hours), minutes=int(minutes), seconds=seconds)
    total = int(value.total_seconds()) % 86_400
    return time(total // 3600, total % 3600 // 60, total % 60)


def build_calendar(doc) -> BusinessCalendar:
    """A core calendar from a Business Hours Calendar document (raises ValueError if invalid)."""
    windows: dict[int, list[tuple[time, time]]] = {}
    for row in doc.windows:
        windows.setdefault(WEEKDAYS.index(row.weekday), []).append((to_time(row.start_time), to_time(row.end_time)))
    holidays: set[date] = {get_datetime(row.holiday_date).date() for row in doc.holidays}
    if doc.national_holidays:
        this_year = date.today().year
        years = range(this_year - HOLIDAY_YEARS_BACK, this_year + HOLIDAY_YEARS_AHEAD + 1)
        holidays |= brazil_holidays(years, subdiv=doc.holiday_state or None,
                                    include_optional=bool(doc.include_optional_holidays))
    return BusinessCalendar(doc.timezone, windows, holidays)


def get_calendar(name: str | None) -> BusinessCalendar | None:
    """The calendar ``name``, built once per version of the document.

    Built calendars are kept per process, keyed by the document's ``modified``; which version is
    current is read from the database once per request (memo in ``frappe.local``), so the many
    deadline computations of one ticket save cost no query after the first.
    """
    if not name:
        return None
    memo = _memo()
    if name in memo:
        return memo[name]
    modified = frappe.db.get_value(CALENDAR, name, "modified")
    calendar = None
    if modified is not None:
        key = (frappe.local.site, name, str(modified))
        calendar = _cache.get(key)
        if calendar is None:
            calendar = build_calendar(frappe.get_doc(CALENDAR, name))
            with _lock:
                for stale in [k for k in _cache if k[:2] == key[:2]]:
                    del _cache[stale]
                _cache[key] = calendar
    memo[name] = calendar
    return calendar


def forget_calendar(name: str) -> None:
    """Drop this request's memo of ``name`` (after the calendar was saved or deleted)."""
    _memo().pop(name, None)


def _memo() -> dict:
    if not hasattr(frappe.local, "healthdesk_calendars"):
        frappe.local.healthdesk_calendars = {}
    return frappe.local.healthdesk_calendars


def site_zone() -> ZoneInfo:
    return ZoneInfo(get_system_timezone())


def to_aware(value) -> datetime:
    """A naive site datetime (as Frappe stores them) as an aware datetime."""
    moment = get_datetime(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=site_zone())


def to_site(moment: datetime) -> datetime:
    """An aware datetime as a naive site datetime, as Frappe stores them."""
    return moment.astimezone(site_zone()).replace(tzinfo=None)


def local_label(value, calendar: BusinessCalendar | None) -> str | None:
    """A site datetime shown in the calendar's zone as ``dd/mm HH:MM`` (the site's zone without one)."""
    if not value:
        return None
    moment = to_aware(value)
    if calendar:
        moment = moment.astimezone(calendar.zone)
    return moment.strftime("%d/%m %H:%M")
