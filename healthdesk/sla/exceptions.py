"""Typed exceptions of the SLA capability (calendars, the contract SLA, the compliance report), so
callers and tests tell refusals apart by type rather than by their (translated) text."""

from __future__ import annotations

import frappe

# --- Business Hours Calendar


class InvalidTimeZone(frappe.ValidationError):
    """A calendar's time zone is not an IANA name."""


class NoOpeningHours(frappe.ValidationError):
    """A calendar has no opening window."""


class InvalidOpeningHours(frappe.ValidationError):
    """An opening window ends before it starts."""


class OverlappingOpeningHours(frappe.ValidationError):
    """Windows of the same weekday overlap."""


class UnknownHolidayState(frappe.ValidationError):
    """A calendar's holiday state is not a Brazilian federative unit."""


class DuplicateHoliday(frappe.ValidationError):
    """A calendar lists the same holiday date twice."""


# --- the contract SLA and the report


class ConfirmationRequired(frappe.ValidationError):
    """Making the contract SLA the default is confirmed explicitly."""


class InvalidGroupBy(frappe.ValidationError):
    """SLA Compliance is grouped by none of its groupings."""
