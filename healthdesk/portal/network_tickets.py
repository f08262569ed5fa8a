"""A cooperative's managers follow their network's tickets in the portal, read only.

A Reseller Manager has no permission on HD Ticket (Helpdesk's portal shows a customer the
tickets of their own clinics, and a manager belongs to none): this page is their one view,
and it reads only what the one rule here allows — the tickets of the clinics of the resellers
that list them as a manager (:func:`scope`), nothing for anyone else.

What a manager reads of a ticket: its number, subject, clinic, status, severity, category, who
answers it (the cooperative's desk or the vendor) and its deadlines, and the conversation with
the clinic (the e-mails and replies of the ticket). Never the support team's internal notes
(HD Ticket Comment), the ticket's attachments, nor — when the ticket is flagged as containing
personal data — its subject and conversation: those stay with the clinic and the support team.
A manager who also works at the cooperative's desk opens the ticket in Helpdesk's agent UI.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils.html_utils import sanitize_html

from healthdesk.constants import HD_TICKET as TICKET
from healthdesk.constants import RESELLER
from healthdesk.desks.answering import who_answers
from healthdesk.network.clinics import managed_resellers

PAGE_LENGTH = 50
STATUSES = ("Open", "Replied", "Paused", "Resolved", "Closed")
LIST_FIELDS = ["name", "subject", "status", "clinic", "reseller", "severity", "ticket_category", "opening_date",
               "creation", "modified", "support_desk", "desk_ticket", "contains_personal_data",
               "response_due_local", "resolution_due_local"]


class NotInYourNetwork(frappe.PermissionError):
    """The ticket is not of a clinic of the manager's cooperatives (or does not exist: the same
    answer, so a manager cannot probe ticket numbers of other networks)."""


def scope(user: str | None = None) -> list[str]:
    """The resellers whose tickets ``user`` follows here: those that list them as a manager."""
    user = user or frappe.session.user
    if user == "Guest":
        return []
    return sorted(managed_resellers(user))


def clinics(resellers: list[str]) -> list[dict]:
    """The clinics of ``resellers``, for the clinic filter."""
    if not resellers:
        return []
    return frappe.get_all("Clinic", filters={"reseller": ["in", resellers]},
                          fields=["name", "clinic_name", "base_id"], order_by="clinic_name asc",
                          ignore_permissions=True)


def _filters(resellers: list[str], status: str | None, clinic: str | None, number: str | None) -> dict:
    filters: dict = {"reseller": ["in", resellers]}
    if status in STATUSES:
        filters["status"] = status
    if clinic:
        filters["clinic"] = clinic  # within the resellers above: another network's clinic finds nothing
    if number and str(number).strip().isdigit():
        filters["name"] = str(number).strip()
    return filters


def ticket_list(user: str | None = None, status: str | None = None, clinic: str | None = None,
                number: str | None = None, start: int = 0) -> dict:
    """One page of the network's tickets, newest first: ``{rows, total, start, more}``."""
    resellers = scope(user)
    if not resellers:
        return {"rows": [], "total": 0, "start": 0, "more": False}
    filters = _filters(resellers, status, clinic, number)
    start = max(0, int(start or 0))
    rows = frappe.get_all(TICKET, filters=filters, fields=LIST_FIELDS, order_by="creation desc",
                          start=start, page_length=PAGE_LENGTH + 1, ignore_permissions=True)
    total = frappe.db.count(TICKET, filters)
    names = _clinic_names({r.clinic for r in rows if r.clinic})
    for row in rows:
        _present(row, names)
    return {"rows": rows[:PAGE_LENGTH], "total": total, "start": start, "more": len(rows) > PAGE_LENGTH}


def _clinic_names(names: set[str]) -> dict[str, str]:
    if not names:
        return {}
    return dict(frappe.get_all("Clinic", filters={"name": ["in", list(names)]}, fields=["name", "clinic_name"],
                               as_list=True, ignore_permissions=True))


def _present(row, clinic_names: dict[str, str]) -> None:
    """What the manager reads of a ticket row, in their language."""
    row.clinic_name = clinic_names.get(row.clinic, row.clinic)
    row.personal_data = bool(row.contains_personal_data)
    if row.personal_data:
        row.subject = _("Contains personal data: only the clinic and the support team read it.")
    row.status_label = _(row.status) if row.status else ""
    row.severity_label = _(row.severity) if row.severity else ""
    row.category_label = _(row.ticket_category) if row.ticket_category else ""
    answers = who_answers(row)
    row.answered_by, row.point_of_contact = answers["answered_by_text"], answers["point_of_contact"]


def ticket_detail(name: str, user: str | None = None) -> dict:
    """One ticket of the network with its conversation with the clinic. Raises
    :class:`NotInYourNetwork` for any ticket outside the manager's network."""
    user = user or frappe.session.user
    resellers = scope(user)
    name = str(name or "").strip()
    row = frappe.db.get_value(TICKET, {"name": name, "reseller": ["in", resellers or [""]]}, LIST_FIELDS,
                              as_dict=True) if name and resellers else None
    if not row:
        raise NotInYourNetwork(_("This ticket is not one of your network's tickets."))
    _present(row, _clinic_names({row.clinic} if row.clinic else set()))
    row.messages = [] if row.personal_data else _conversation(name)
    row.in_helpdesk = _works_at_the_desk(user, row.reseller)
    return row


def _conversation(ticket: str) -> list[dict]:
    """The e-mails and replies between the clinic and support, oldest first (never internal
    notes: those are HD Ticket Comments, not Communications)."""
    messages = frappe.get_all(
        "Communication",
        filters={"reference_doctype": TICKET, "reference_name": ticket,
                 "communication_type": ["in", ["Communication", "Automated Message"]]},
        fields=["sender_full_name", "sender", "sent_or_received", "creation", "content"],
        order_by="creation asc", ignore_permissions=True)
    for message in messages:
        message.content = sanitize_html(message.content or "")
        message.from_support = message.sent_or_received == "Sent"
    return messages


def _works_at_the_desk(user: str, reseller: str) -> bool:
    from healthdesk.desks.config import desk_resellers

    return reseller in desk_resellers(user)


def reseller_names(resellers: list[str]) -> list[str]:
    return frappe.get_all(RESELLER, filters={"name": ["in", resellers]}, pluck="reseller_name",
                          order_by="reseller_name asc", ignore_permissions=True) if resellers else []
