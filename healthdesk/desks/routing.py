"""Where a new clinic ticket goes: to its reseller's desk when the reseller runs its own first line,
to the vendor's first line otherwise. Runs on every entrance (Helpdesk's pages, the portal form,
e-mail, REST) from healthdesk.extends.hd_ticket, after intake and triage."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from healthdesk.core.desks import DESK, first_holder
from healthdesk.desks.clocks import set_desk_deadlines
from healthdesk.desks.config import reseller_desk
from healthdesk.utils import bold


class TeamOfAnotherDesk(frappe.ValidationError):
    """A ticket was put in the desk team of a reseller it does not belong to."""


def route_new_ticket(doc) -> None:
    if not doc.is_new() or not doc.get("clinic"):
        return  # tickets that are not about a clinic stay as Helpdesk made them
    desk = reseller_desk(doc.get("reseller"))
    holder = first_holder(desk)
    doc.support_desk = holder
    if holder == DESK:
        doc.desk_ticket = 1
        doc.agent_group = desk.team  # the desk's first line, whatever team triage suggested
        set_desk_deadlines(doc, start=now_datetime())
    else:
        doc.desk_ticket = 0
        doc.vendor_received_at = doc.get("vendor_received_at") or now_datetime()


def check_team(doc) -> None:
    """A desk's team holds only its own reseller's tickets: another reseller's ticket (or a ticket
    of no clinic) is never put in it, which would show it to that desk's agents."""
    team = doc.get("agent_group")
    if not team or not (doc.is_new() or doc.has_value_changed("agent_group")):
        return
    owner = frappe.db.get_value("Reseller", {"desk_team": team, "own_first_line": 1}, "name")
    if owner and owner != doc.get("reseller"):
        frappe.throw(
            _("Team {0} is the desk of another reseller: choose a team of the vendor, or of this ticket's reseller.").format(
                bold(team)), TeamOfAnotherDesk, title=_("Team of another desk"))
