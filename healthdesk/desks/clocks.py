"""The two clocks of a desk ticket, in the contract's business calendar: the desk's own targets
from the ticket's creation, and the vendor's contract deadlines from when the vendor received it
(Helpdesk's own SLA fields, started at the escalation; healthdesk.overrides.service_level_agreement
keeps them still while the desk holds the ticket)."""

from __future__ import annotations

from datetime import timedelta

from frappe.utils import get_datetime, now_datetime

from healthdesk.core.desks import targets_for
from healthdesk.desks.config import desk_targets
from healthdesk.sla.calendars import ticket_calendar, to_aware, to_site


def set_desk_deadlines(doc, start=None) -> None:
    """The desk's response and resolution targets for the ticket's severity, from its creation."""
    if not doc.get("desk_ticket") or not doc.get("reseller"):
        return
    response, resolution = targets_for(desk_targets(doc.reseller), doc.get("severity"))
    start = get_datetime(start or doc.get("creation") or now_datetime())
    calendar = ticket_calendar(doc)

    def deadline(seconds):
        if seconds is None:
            return None
        if calendar is None:
            return start + timedelta(seconds=seconds)
        return to_site(calendar.add(to_aware(start), timedelta(seconds=seconds)))

    doc.desk_response_by = deadline(response)
    doc.desk_resolution_by = deadline(resolution)
