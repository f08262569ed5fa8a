"""A low rating opens a follow-up for the team lead, once per ticket.

The lead: the user named in Healthdesk Settings → *Satisfaction follow-up*; when nobody is named,
the vendor's Agent Managers (enabled users with the role who are active HD Agents and do not work
at a cooperative's desk). Each gets a ToDo on the ticket — Frappe's assignment, so it is in their
to-do list and on the ticket — and a desk notification (healthdesk.notifications).
``satisfaction_follow_up_on`` on the ticket, set under the ticket's row lock, makes it once.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import add_days, now_datetime, today

from healthdesk.constants import HD_TICKET, SETTINGS


def leads() -> list[str]:
    from healthdesk.desks.config import desk_resellers

    named = frappe.db.get_single_value(SETTINGS, "satisfaction_follow_up_user")
    if named and frappe.db.get_value("User", {"name": named, "enabled": 1}):
        return [named]
    managers = frappe.get_all("Has Role", filters={"role": "Agent Manager", "parenttype": "User"},
                              pluck="parent", distinct=True)
    people = []
    for user in sorted(set(managers) - {"Administrator", "Guest"}):
        if (frappe.db.get_value("User", {"name": user, "enabled": 1})
                and frappe.db.exists("HD Agent", {"user": user, "is_active": 1}) and not desk_resellers(user)):
            people.append(user)
    return people


def follow_up_if_low(ticket: str) -> list[str]:
    """Open the follow-up when ``ticket``'s rating is low and none was opened. Returns the leads
    given a ToDo (empty when nothing was done)."""
    from healthdesk.notifications import notify
    from healthdesk.satisfaction.survey import stars_of, threshold

    row = frappe.db.get_value(HD_TICKET, ticket, ["name", "subject", "feedback_rating", "feedback_extra",
                                                  "satisfaction_follow_up_on", "clinic"],
                              as_dict=True, for_update=True)
    if not row or not row.feedback_rating or row.satisfaction_follow_up_on:
        return []
    stars = stars_of(row.feedback_rating)
    if stars > threshold():
        return []
    people = leads()
    frappe.db.set_value(HD_TICKET, row.name, "satisfaction_follow_up_on", now_datetime(), update_modified=False)
    for lead in people:
        # in the lead's language, not the language of the clinic user whose answer opened it
        with print_language(frappe.db.get_value("User", lead, "language") or frappe.db.get_default("lang") or "en"):
            description = _("Low satisfaction rating on ticket {0}: {1} of 5 stars. Contact the clinic, understand what went wrong and record what was done.").format(row.name, stars)
            if row.feedback_extra:
                description += "\n\n" + _("The clinic's comment: {0}").format(row.feedback_extra)
            subject = _("Low satisfaction rating ({0} of 5) on ticket {1}").format(stars, row.name)
        frappe.get_doc({
            "doctype": "ToDo", "allocated_to": lead, "reference_type": HD_TICKET, "reference_name": row.name,
            "description": description, "priority": "High", "date": add_days(today(), 1),
            "assigned_by": "Administrator",
        }).insert(ignore_permissions=True)
        notify([lead], subject, HD_TICKET, row.name, message=description, link=f"/helpdesk/tickets/{row.name}",
               from_user="Administrator")
    return people
