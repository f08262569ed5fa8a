"""Escalation on HD Ticket: the tiers' Escalate / Return with a reason (endpoints for agents in
healthdesk.api.escalation), the history, the business time spent at each level (the calendar of
the ticket's SLA), and the hand-over of a breached High ticket to the escalation team."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, get_datetime, now_datetime

from healthdesk.core.escalation import ESCALATE, Move, target_level, time_per_level

ESCALATION = "Ticket Escalation"


def _elapsed_for(ticket):
    """Business seconds between two moments with the ticket's SLA calendar (wall clock without one)."""
    from healthdesk.sla.calendars import ticket_calendar, to_aware

    calendar = ticket_calendar(ticket)
    if calendar is None:
        return lambda start, end: (end - start).total_seconds()
    return lambda start, end: calendar.elapsed(to_aware(start), to_aware(end)).total_seconds()


def format_moment(value) -> str:
    """A stored moment as a person reads it: the site's date format (dd/mm/yyyy on a Brazilian
    site) and hours:minutes, never ``2026-11-28 21:30:27.206234``."""
    if not value:
        return ""
    moment = get_datetime(value)
    return f"{frappe.utils.formatdate(moment.date())} {moment.strftime('%H:%M')}"


def _moves(ticket_name: str) -> list[frappe._dict]:
    return frappe.get_all(ESCALATION, filters={"ticket": ticket_name},
                          fields=["name", "direction", "from_level", "to_level", "reason", "by_user", "moved_at",
                                  "team", "contact_user", "business_seconds_at_previous_level"],
                          order_by="moved_at asc, creation asc")


def _levels(ticket, rows) -> dict[int, float]:
    moves = [Move(get_datetime(r.moved_at), r.from_level, r.to_level) for r in rows]
    return time_per_level(get_datetime(ticket.creation), moves, now_datetime(),
                          _elapsed_for(ticket))


class ReasonRequired(frappe.ValidationError):
    pass


class NoSuchLevel(frappe.ValidationError):
    pass


class LevelTaken(frappe.ValidationError):
    """A Support Tier for a level that already has one (one tier, one point of contact per level)."""


def move(ticket: str, direction: str, reason: str | None) -> dict:
    reason = (reason or "").strip()
    if not reason:
        frappe.throw(_("Write the Reason for this change of level."), ReasonRequired, title=_("Reason required"))
    doc = frappe.get_doc("HD Ticket", ticket)
    doc.check_permission("write")
    level = int(doc.get("support_level") or 1)
    target = target_level(level, direction)
    if target is None:
        frappe.throw(_("The ticket is already at level {0}: it cannot go further.").format(level),
                     NoSuchLevel, title=_("No such level"))
    tier = frappe.db.get_value("Support Tier", {"level": str(target)}, ["name", "team", "contact_user"], as_dict=True)
    rows = _moves(doc.name)
    spent = _levels(doc, rows).get(level, 0.0)
    already = sum(r.business_seconds_at_previous_level or 0 for r in rows if r.from_level == level)
    doc.support_level = target
    if tier and tier.team:
        doc.agent_group = tier.team
    if doc.get("desk_ticket"):
        # between the reseller's desk and the vendor: who may move it, and the vendor's clock
        from healthdesk.desks import handover

        handover.apply(doc, direction, level, target)
    doc.flags.healthdesk_internal_change = True  # the one way the level changes (extends.hd_ticket)
    doc.save()
    entry = frappe.get_doc({
        "doctype": ESCALATION, "ticket": doc.name, "direction": direction, "from_level": level,
        "to_level": target, "reason": reason, "by_user": frappe.session.user, "moved_at": now_datetime(),
        "team": tier.team if tier else None, "contact_user": tier.contact_user if tier else None,
        "business_seconds_at_previous_level": max(0.0, spent - already),
    }).insert(ignore_permissions=True)
    # Visible in Helpdesk's agent view, in the ticket's activity.
    label = _("Escalated from level {0} to level {1}") if direction == ESCALATE else _("Returned from level {0} to level {1}")
    comment = frappe.get_doc({
        "doctype": "HD Ticket Comment", "reference_ticket": doc.name, "commented_by": frappe.session.user,
        "content": f"<p><strong>{escape_html(label.format(level, target))}</strong></p><p>{escape_html(reason)}</p>",
    })
    if doc.get("desk_ticket") and comment.meta.has_field("shareable_with_desk"):
        comment.shareable_with_desk = 1  # the reason and the vendor's answer are for both desks
    comment.insert(ignore_permissions=True)
    return {"ticket": doc.name, "support_level": target, "team": doc.agent_group, "escalation": entry.name}


def history(ticket: str) -> dict:
    """The ticket's moves and the business seconds spent at each level so far."""
    doc = frappe.get_doc("HD Ticket", ticket)
    doc.check_permission("read")
    rows = _moves(doc.name)
    for row in rows:
        # The page shows these as they are: the moment in the site's date format, the mover's name.
        row.moved_at_display = format_moment(row.moved_at)
        row.by_user_name = frappe.utils.get_fullname(row.by_user) if row.by_user else ""
    return {"support_level": int(doc.get("support_level") or 1), "moves": rows,
            "seconds_per_level": {str(k): v for k, v in _levels(doc, rows).items()}}


def hand_to_escalation_team(ticket: str, current_team: str | None, escalation_team: str | None) -> str | None:
    """A High ticket whose response deadline is breached goes to the escalation team of Healthdesk
    Settings (from healthdesk.sla.breach_warnings); returns the team, or None when nothing moved.
    The breach warning records it (SLA Warning.escalated_to) and the ticket's activity says it."""
    if not escalation_team or current_team == escalation_team:
        return None
    doc = frappe.get_doc("HD Ticket", ticket)
    doc.agent_group = escalation_team
    doc.flags.ignore_permissions = True
    doc.save()
    return escalation_team
