"""Breach warnings: warn the assigned agents and the ticket's team before a response deadline and
when it passes; escalate breached High tickets to the configured team.

Runs every five minutes (``scheduler_events``). Warnings go out only while the ticket's SLA
calendar is open, so a deadline that falls on Monday morning is announced on Monday, not at
midnight. Each (ticket, threshold, deadline) is recorded as an SLA Warning whose name is that
key: a second run, a restarted worker or two workers at once cannot send it twice.
"""

from __future__ import annotations

import json
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from healthdesk.constants import NOT_COVERED
from healthdesk.core.desks import DESK
from healthdesk.escalation.levels import hand_to_escalation_team
from healthdesk.notifications import notify

BEFORE = "Before Response Deadline"
BREACHED = "Response Deadline Breached"
DEFAULT_WARN_SECONDS = 3600
# A breach is announced when it happens, not days later (e.g. when the app is first installed
# on a site with old overdue tickets).
BREACH_NEWS_FOR = timedelta(days=1)


def send_breach_warnings(now=None) -> list[str]:
    """Send what is due now; returns the names of the SLA Warnings created."""
    now = get_datetime(now or now_datetime())
    settings = frappe.get_cached_doc("Healthdesk Settings")
    warn_before = float(settings.breach_warning_before or DEFAULT_WARN_SECONDS)
    sent: list[str] = []
    agreements: dict[str, object] = {}
    tickets = frappe.get_all(
        "HD Ticket",
        filters={"status_category": "Open", "first_responded_on": ["is", "not set"],
                 "response_by": ["is", "set"], "sla": ["is", "set"]},
        fields=["name", "subject", "response_by", "sla", "severity", "agent_group", "_assign",
                "response_due_local", "desk_ticket", "support_desk"],
    )
    for ticket in tickets:
        if ticket.severity == NOT_COVERED:
            continue
        if ticket.desk_ticket and ticket.support_desk == DESK:
            continue  # the vendor's clock stands still while the reseller's desk holds the ticket
        agreement = agreements.get(ticket.sla) or frappe.get_doc("HD Service Level Agreement", ticket.sla)
        agreements[ticket.sla] = agreement
        if not _is_open(agreement, now):
            continue
        deadline = get_datetime(ticket.response_by)
        if now >= deadline + BREACH_NEWS_FOR:
            continue
        if now >= deadline:
            threshold = BREACHED
        elif agreement.calc_elapsed_time(now, deadline) <= warn_before:
            threshold = BEFORE
        else:
            continue
        name = _record(ticket, threshold, deadline)
        if name:
            _notify(ticket, threshold, name, settings)
            sent.append(name)
    frappe.db.commit()
    return sent


def _is_open(agreement, now) -> bool:
    """Is support open now by this SLA's calendar (or, for a stock SLA, its working hours)."""
    if getattr(agreement, "business_calendar", None) is not None:
        return agreement.is_working_time(now, None)
    # Stock Helpdesk's is_working_time fails on days without working hours; check it here.
    hours = agreement.get_working_hours().get(now.strftime("%A"))
    if not hours:
        return False
    moment = timedelta(hours=now.hour, minutes=now.minute, seconds=now.second)
    return hours[0] <= moment < hours[1]


def _record(ticket, threshold: str, deadline) -> str | None:
    """Insert the SLA Warning; None when it was already sent (by this or another worker)."""
    if frappe.db.exists("SLA Warning", {"ticket": ticket.name, "threshold": threshold, "deadline": deadline}):
        return None
    doc = frappe.get_doc({"doctype": "SLA Warning", "ticket": ticket.name, "threshold": threshold,
                          "deadline": deadline})
    try:
        doc.insert(ignore_permissions=True)
    except frappe.DuplicateEntryError:
        return None
    return doc.name


def recipients(ticket) -> list[str]:
    """The ticket's assigned agents and the members of its team, enabled users only."""
    users = set(json.loads(ticket._assign or "[]"))
    if ticket.agent_group:
        users |= set(frappe.get_all("HD Team Member", filters={"parent": ticket.agent_group}, pluck="user"))
    return sorted(u for u in users if u and frappe.db.get_value("User", u, "enabled"))


def _notify(ticket, threshold: str, warning: str, settings) -> None:
    from helpdesk.helpdesk.doctype.hd_ticket_activity.hd_ticket_activity import log_ticket_activity

    due = ticket.response_due_local or str(ticket.response_by)
    if threshold == BEFORE:
        subject = _("Ticket {0}: response due at {1}").format(ticket.name, due)
    else:
        subject = _("Ticket {0}: response deadline ({1}) breached").format(ticket.name, due)
    users = recipients(ticket)
    notify(users, subject, "HD Ticket", ticket.name, message=frappe.utils.escape_html(ticket.subject or ""),
           from_user="Administrator")
    escalated = None
    if threshold == BREACHED and ticket.severity == "High":
        escalated = hand_to_escalation_team(ticket.name, ticket.agent_group, settings.escalation_team)
    frappe.db.set_value("SLA Warning", warning, {"sent_to": "\n".join(users), "escalated_to": escalated},
                        update_modified=False)
    action = subject if not escalated else _("{0}; escalated to team {1}").format(subject, escalated)
    log_ticket_activity(ticket.name, action)
