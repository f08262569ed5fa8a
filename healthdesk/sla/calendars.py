"""Business-hours calendars in Frappe: load a Business Hours Calendar as a core
:class:`~healthdesk.core.calendar.BusinessCalendar`, and convert between the site's naive
datetimes and the calendar's zone (thin glue; the arithmetic lives in core)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import frappe
import holidays as holidays_package
from frappe.utils import get_datetime, get_system_timezone
from frappe.utils.caching import request_cache, site_cache

from healthdesk.constants import CALENDAR
from healthdesk.core.calendar import BusinessCalendar, brazil_holidays

UFS = tuple(holidays_package.Brazil.subdivisions)  # the 27 federative units, e.g. "SP"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Holidays are generated for this many years around today; a calendar is rebuilt when it changes.
HOLIDAY_YEARS_BACK, HOLIDAY_YEARS_AHEAD = 10, 10

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

    Which version is current is read from the database once per request (Frappe's
    ``request_cache``), so the many deadline computations of one ticket save cost no query after
    the first; calendars built from a version are kept per site and process (``site_cache``),
    keyed by the document's ``modified``: a saved calendar is a new key.
    """
    if not name:
        return None
    return _current_calendar(name)


@request_cache
def _current_calendar(name: str) -> BusinessCalendar | None:
    modified = frappe.db.get_value(CALENDAR, name, "modified")
    return None if modified is None else _built_calendar(name, str(modified))


@site_cache(maxsize=128)
def _built_calendar(name: str, modified: str) -> BusinessCalendar:
    return build_calendar(frappe.get_doc(CALENDAR, name))


def forget_calendar(name: str) -> None:
    """Forget this request's idea of which version of ``name`` is current (after the calendar was
    saved or deleted)."""
    cache = getattr(frappe.local, "request_cache", None)
    if cache is not None:
        cache.get(_current_calendar.__wrapped__, {}).clear()


def ticket_calendar(ticket) -> BusinessCalendar | None:
    """The business calendar of a ticket: its SLA's, else Healthdesk Settings' default one."""
    name = None
    if ticket.get("sla"):
        name = frappe.db.get_value("HD Service Level Agreement", ticket.sla, "business_hours_calendar")
    name = name or frappe.db.get_single_value("Healthdesk Settings", "default_calendar")
    return get_calendar(name) if name else None


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
