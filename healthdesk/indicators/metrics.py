"""Times kept on the ticket so that indicators are SQL aggregates (no per-ticket calendar work when
a dashboard asks): ``first_response_business_seconds``, ``resolution_business_seconds`` and
``reopen_count`` (HD Ticket custom fields, written only here).

Business time is measured in the ticket's business calendar (healthdesk.sla.calendars
.ticket_calendar: its SLA's, else Healthdesk Settings' default; without one, plain elapsed time)
from the moment the vendor's contract clock starts: ``vendor_received_at`` when a cooperative's
desk escalated the ticket to the vendor (healthdesk.desks.handover), else the ticket's creation.
Paused time is not subtracted: it is the time the clinic waited in business hours.
"""

from __future__ import annotations

import frappe
from frappe.utils import get_datetime

from healthdesk.constants import HD_TICKET
from healthdesk.core.indicators import reopened
from healthdesk.sla.calendars import ticket_calendar, to_aware

_LOOKUP = object()  # "find the ticket's calendar"
FIELDS = ("first_response_business_seconds", "resolution_business_seconds", "reopen_count")


def clock_start(ticket):
    """When the vendor's clock started on ``ticket`` (a doc or a dict of its fields)."""
    return get_datetime(ticket.get("vendor_received_at") or ticket.get("creation"))


def business_seconds(ticket, end, calendar=_LOOKUP) -> int | None:
    """Whole business seconds from the clock's start to ``end`` (None without an end)."""
    start = ticket.get("vendor_received_at") or ticket.get("creation")
    if not end or not start:
        return None
    start, end = get_datetime(start), get_datetime(end)
    if end <= start:
        return 0
    calendar = ticket_calendar(ticket) if calendar is _LOOKUP else calendar
    if calendar is None:
        return int((end - start).total_seconds())
    return int(calendar.elapsed(to_aware(start), to_aware(end)).total_seconds())


def measured(ticket, calendar=_LOOKUP) -> dict:
    """The two business times of ``ticket`` as they should be stored."""
    return {
        "first_response_business_seconds": business_seconds(ticket, ticket.get("first_responded_on"), calendar),
        "resolution_business_seconds": business_seconds(ticket, ticket.get("resolution_date"), calendar),
    }


def update_times(doc) -> None:
    """before_save of HD Ticket (after Helpdesk's SLA has set first_responded_on and
    resolution_date): measure again when a moment the times depend on changed, or a time is
    missing for a moment that is set."""
    if not doc.meta.has_field("first_response_business_seconds"):
        return
    watched = ("first_responded_on", "resolution_date", "vendor_received_at", "sla")
    stale = doc.is_new() or any(doc.has_value_changed(f) for f in watched)
    stale = stale or (doc.get("first_responded_on") and doc.get("first_response_business_seconds") is None)
    stale = stale or (doc.get("resolution_date") and doc.get("resolution_business_seconds") is None)
    if stale:
        doc.update(measured(doc))


def count_reopening(doc) -> None:
    """before_save of HD Ticket: +1 when the ticket goes from a Resolved category (Resolved,
    Closed) back to Open or Paused."""
    if doc.is_new() or not doc.meta.has_field("reopen_count"):
        return
    before = doc.get_doc_before_save()
    if before is None:
        return
    if reopened(_category(before), _category(doc)):
        doc.reopen_count = (doc.get("reopen_count") or 0) + 1


def _category(ticket) -> str | None:
    status = ticket.get("status")
    category = frappe.get_cached_value("HD Ticket Status", status, "category") if status else None
    return category or ticket.get("status_category")


def before_save(doc, method=None) -> None:
    update_times(doc)
    count_reopening(doc)


def recompute(names: list[str]) -> int:
    """Measure and store the business times of the tickets ``names`` again (the backfill patch,
    and after a calendar change); returns how many changed. ``reopen_count`` is rebuilt apart, by
    :func:`count_past_reopenings`."""
    if not names:
        return 0
    rows = frappe.get_all(HD_TICKET, filters={"name": ("in", names)},
                          fields=["name", "creation", "vendor_received_at", "sla", "first_responded_on",
                                  "resolution_date", "first_response_business_seconds",
                                  "resolution_business_seconds"])
    changed = []
    calendars: dict = {}
    for row in rows:
        if row.sla not in calendars:
            calendars[row.sla] = ticket_calendar(row)
        values = measured(row, calendars[row.sla])
        if any(row.get(k) != v for k, v in values.items()):
            frappe.db.set_value(HD_TICKET, row.name, values, update_modified=False)
            changed.append(row.name)
    # written around the document events: the per-agent rows copy the first-response time
    from healthdesk.indicators.assignments import sync

    sync(changed)
    return len(changed)


def count_past_reopenings(names: list[str]) -> dict[str, int]:
    """Reopenings of the tickets ``names`` counted from their change history (HD Ticket tracks
    changes: every status change is a Version row), for tickets older than ``reopen_count``."""
    if not names:
        return {}
    categories = dict(frappe.get_all("HD Ticket Status", fields=["name", "category"], as_list=True))
    counts = dict.fromkeys(names, 0)
    versions = frappe.get_all("Version", filters={"ref_doctype": HD_TICKET, "docname": ("in", names),
                                                  "data": ("like", '%"status"%')},
                              fields=["docname", "data"], order_by="creation asc")
    for version in versions:
        changed = (frappe.parse_json(version.data) or {}).get("changed") or []
        for fieldname, old, new in (row for row in changed if len(row) == 3):
            if fieldname == "status" and reopened(categories.get(old), categories.get(new)):
                counts[version.docname] += 1
    return counts
