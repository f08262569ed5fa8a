"""Escalation between desks: the reseller's desk escalates a ticket to the vendor (level 2) with a
reason and keeps following it; the vendor returns it to the desk with an answer. Called by
healthdesk.escalation.levels.move for desk tickets, before the ticket is saved.

The vendor's contract clock (Helpdesk's own SLA fields) starts when the vendor receives the
ticket: Helpdesk measures from ``service_level_agreement_creation``, which is set to that
moment, and its first response is the vendor's own (the desk's is kept apart).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from healthdesk.core.desks import DESK, ESCALATE, RETURN, VENDOR, MoveRefused, holder_after
from healthdesk.desks.config import desk_resellers, reseller_desk


class DeskMoveRefused(frappe.PermissionError):
    """A desk agent tried a move only the vendor makes (returning, or moving between the
    vendor's own levels)."""


class NotADeskMove(frappe.ValidationError):
    """The move does not fit where the ticket is (e.g. escalating a ticket the vendor holds)."""


def apply(doc, direction: str, level: int, target: int) -> None:
    """Check and record a move of a desk ticket between levels ``level`` → ``target``."""
    user = frappe.session.user
    at_desk = bool(desk_resellers(user))
    holder = doc.get("support_desk") or DESK
    crosses = (direction == ESCALATE and holder == DESK) or (direction == RETURN and target == 1)
    if at_desk and not (direction == ESCALATE and holder == DESK):
        frappe.throw(_("Only the vendor's support returns a ticket to the desk or moves it between the vendor's levels. Escalate it to the vendor, or add a comment for the vendor's team."),
                     DeskMoveRefused, title=_("Not allowed"))
    if not crosses:
        return  # between the vendor's own levels
    try:
        after = holder_after(holder, direction, desk_ticket=True)
    except MoveRefused:
        frappe.throw(_("This ticket is not where that move starts: reload the ticket and try again."),
                     NotADeskMove, title=_("Ticket already moved"))
    now = now_datetime()
    doc.support_desk = after
    if after == VENDOR:
        doc.vendor_received_at = now
        # Helpdesk measures its SLA from here: the vendor's deadlines run from its receipt, and its
        # first response is its own (the desk's stays in desk_first_responded_on).
        doc.service_level_agreement_creation = now
        doc.desk_first_responded_on = doc.get("desk_first_responded_on") or doc.get("first_responded_on")
        doc.first_responded_on = None
        doc.first_response_time = None
    else:
        doc.vendor_returned_at = now
        desk = reseller_desk(doc.get("reseller"))
        if desk and desk.team:
            doc.agent_group = desk.team


def keep_first_responses(doc) -> None:
    """Helpdesk sets ``first_responded_on`` at any agent's first reply. On a desk ticket that is the
    vendor's first response only while the vendor holds it and a vendor agent answered: the desk's
    answers go to ``desk_first_responded_on``."""
    if doc.is_new() or not doc.get("desk_ticket"):
        return
    if not (doc.has_value_changed("first_responded_on") and doc.get("first_responded_on")):
        return
    before = doc.get_doc_before_save()
    previous = before.get("first_responded_on") if before else None
    if doc.get("support_desk") == DESK:
        doc.desk_first_responded_on = doc.get("desk_first_responded_on") or doc.first_responded_on
        doc.first_responded_on = previous
    elif desk_resellers(frappe.session.user):
        doc.first_responded_on = previous  # a desk agent's message to the clinic is not the vendor's answer

