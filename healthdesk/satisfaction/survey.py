"""Asking the clinic user once, and taking their answer once.

Who is asked: the ticket's raiser when they are a *clinic user of the ticket's clinic* (an enabled
user whose contact is linked to the clinic's HD Customer, and who is not support staff). Tickets
raised by agents, by e-mail senders without a user of the clinic, or with no clinic are not asked
— there is nobody in the portal to answer — and so they do not count in the response rate.
Helpdesk's own key-link feedback e-mail (HD Settings → e-mail feedback) stays available for them.

When: the first time the ticket's status category becomes *Resolved* (Helpdesk's HD Ticket
Status: Resolved and Closed are both in that category). ``satisfaction_asked_on`` (hidden from
customers) records it, so a reopened and re-resolved ticket is not asked again.

The answer goes into Helpdesk's fields — ``feedback_rating`` (Rating, 0..1: stars / 5, as
Helpdesk's dialog and its e-mail feedback store it) and ``feedback_extra`` (the comment) — so
Helpdesk's agent home, its ticket sidebar and its reports read it unchanged. One answer per ticket:
a second one is refused, as Helpdesk's own e-mail feedback refuses it and as Helpdesk locks rated
tickets for customers; the lead's follow-up is about the answer the clinic gave, and it must not
change under them.
"""

from __future__ import annotations

import json
from email.utils import parseaddr

import frappe
from frappe import _
from frappe.utils import cint, get_url, now_datetime

from healthdesk.constants import HD_TICKET

RESOLVED = "Resolved"  # Helpdesk's status category of Resolved and Closed
PAGE = "/avaliar"
MAX_COMMENT = 2000


class NotYourTicket(frappe.PermissionError):
    """The ticket is not one the user may rate (not theirs, not their clinic's, or not a clinic user)."""


class NotResolved(frappe.ValidationError):
    pass


class AlreadyRated(frappe.ValidationError):
    pass


class InvalidRating(frappe.ValidationError):
    pass


# ------------------------------------------------------------------ who
def is_support(user: str) -> bool:
    """Support staff or administrators (Helpdesk's ``is_agent`` looks at the session's user for
    its admin check, so it cannot answer for another user)."""
    from healthdesk.network.permissions import is_healthdesk_admin
    from healthdesk.support_access.config import is_support_user

    return is_support_user(user) or is_healthdesk_admin(user)


def clinic_user_of(ticket, user: str | None) -> bool:
    """``user`` is an enabled clinic user who reads ``ticket`` as its clinic's customer."""
    from healthdesk.network.contacts import user_customers

    if not user or user == "Guest" or not ticket.get("customer") or not ticket.get("clinic"):
        return False
    if not frappe.db.get_value("User", {"name": user, "enabled": 1}):
        return False
    if is_support(user):
        return False
    return ticket.get("customer") in user_customers(user)


def raiser(ticket) -> str | None:
    return parseaddr(ticket.get("raised_by") or "")[1] or None


def respondent(ticket) -> str | None:
    """The user asked to rate ``ticket``: its raiser, when a clinic user of its clinic; else nobody."""
    user = raiser(ticket)
    return user if clinic_user_of(ticket, user) else None


def may_rate(ticket, user: str) -> bool:
    """Who may answer: the ticket's raiser, or another user of its clinic (Helpdesk shows them the
    clinic's tickets too) — never support staff, a guest, or another clinic's user."""
    return clinic_user_of(ticket, user)


def stars_of(rating) -> int:
    """Helpdesk's 0..1 rating as 1..5 stars (0: not rated)."""
    return int(round((rating or 0) * 5))


# ------------------------------------------------------------------ ask
def on_ticket_update(doc) -> None:
    """HD Ticket on_update: ask when the ticket is resolved for the first time; open the lead's
    follow-up when an answer arrived through Helpdesk's own paths (its portal dialog or its e-mail
    feedback), which save the ticket."""
    from healthdesk.satisfaction.follow_up import follow_up_if_low

    if doc.get("status_category") == RESOLVED and not doc.get("satisfaction_asked_on"):
        ask(doc)
    if (doc.get("feedback_rating") and doc.get("satisfaction_asked_on") and not doc.get("satisfaction_follow_up_on")
            and stars_of(doc.feedback_rating) <= threshold()):
        follow_up_if_low(doc.name)


def first_assignee(doc) -> str | None:
    try:
        assigned = json.loads(doc.get("_assign") or "[]")
    except ValueError:
        assigned = []
    return assigned[0] if assigned else None


def ask(doc) -> bool:
    """Record that ``doc`` was asked, and e-mail its clinic user (unless they already answered in
    the same step, e.g. Helpdesk's close-and-rate dialog). False when there is nobody to ask."""
    user = respondent(doc)
    if not user:
        return False
    asked_on = now_datetime()
    values = {"satisfaction_asked_on": asked_on, "satisfaction_agent": first_assignee(doc)}
    frappe.db.set_value(HD_TICKET, doc.name, values, update_modified=False)
    doc.update(values)
    if not doc.get("feedback_rating"):
        send_ask_email(doc, user)
    return True


def rating_link(ticket: str) -> str:
    return get_url(f"{PAGE}?ticket={ticket}")


def send_ask_email(doc, user: str) -> None:
    """The ask, in the user's language, with the link to the rating page. A site without an
    outgoing e-mail account still asks in the portal (the page lists the tickets waiting)."""
    from frappe.translate import print_language

    language = frappe.db.get_value("User", user, "language") or frappe.db.get_default("lang") or "en"
    with print_language(language):
        subject = _("How was the support on ticket {0}?").format(doc.name)
        message = frappe.render_template("healthdesk/templates/emails/satisfaction_ask.html", {
            "ticket": doc.name, "subject": doc.subject, "link": rating_link(doc.name),
            "stars": [(n, rating_link(doc.name) + f"&stars={n}") for n in range(1, 6)],
        })
    try:
        frappe.sendmail(recipients=[user], subject=subject, message=message, reference_doctype=HD_TICKET,
                        reference_name=doc.name, email_headers={"X-Auto-Generated": "healthdesk-satisfaction"})
    except frappe.OutgoingEmailError:
        frappe.clear_last_message()


# ------------------------------------------------------------------ answer
def answer(ticket: str, stars, comment: str | None = None, user: str | None = None) -> dict:
    """Store ``user``'s rating of ``ticket`` (1..5 stars, optional comment) in Helpdesk's feedback
    fields, once; a low rating opens the lead's follow-up. Refusals are typed exceptions."""
    from healthdesk.satisfaction.follow_up import follow_up_if_low

    user = user or frappe.session.user
    if user == "Guest":
        raise NotYourTicket(_("Log in to rate a ticket."))
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if stars < 1 or stars > 5:
        raise InvalidRating(_("Rating: choose from 1 to 5 stars."))
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidRating(_("Comment: write at most {0} characters.").format(MAX_COMMENT))
    row = frappe.db.get_value(HD_TICKET, ticket, ["name", "customer", "clinic", "raised_by", "status_category",
                                                  "feedback_rating", "satisfaction_asked_on", "_assign"],
                              as_dict=True, for_update=True) if ticket else None
    if not row or not may_rate(row, user):
        raise NotYourTicket(_("You can rate only the tickets of your clinic."))
    if row.status_category != RESOLVED:
        raise NotResolved(_("Ticket {0} is not resolved yet: you can rate it once it is resolved.").format(row.name))
    if row.feedback_rating:
        raise AlreadyRated(_("Ticket {0} has already been rated: each ticket is rated once.").format(row.name))
    values = {"feedback_rating": stars / 5, "feedback_extra": comment or None}
    if not row.satisfaction_asked_on:  # resolved before the survey existed, or the raiser is not asked
        values.update({"satisfaction_asked_on": now_datetime(), "satisfaction_agent": first_assignee(row)})
    frappe.db.set_value(HD_TICKET, row.name, values)
    follow_up_if_low(row.name)
    return {"ticket": row.name, "stars": stars}


def waiting(user: str) -> list[dict]:
    """``user``'s tickets that wait for their rating: resolved, asked of them, not rated."""
    if not user or user == "Guest":
        return []
    rows = frappe.get_all(HD_TICKET, filters={"raised_by": user, "status_category": RESOLVED,
                                              "satisfaction_asked_on": ["is", "set"]},
                          or_filters=[["feedback_rating", "is", "not set"], ["feedback_rating", "=", 0]],
                          fields=["name", "subject", "resolution_date", "customer", "clinic", "raised_by"],
                          order_by="satisfaction_asked_on desc", limit_page_length=50)
    return [r for r in rows if may_rate(r, user)]


def ticket_for_page(ticket: str, user: str) -> frappe._dict | None:
    """The ticket as the page shows it, or None when ``user`` may not rate it."""
    row = frappe.db.get_value(HD_TICKET, ticket, ["name", "subject", "customer", "clinic", "raised_by",
                                                  "status_category", "feedback_rating", "feedback_extra"],
                              as_dict=True) if ticket else None
    if not row or not may_rate(row, user):
        return None
    row.stars = stars_of(row.feedback_rating)
    return row


def threshold() -> int:
    """Ratings of this many stars or fewer are low (Healthdesk Settings; default 2)."""
    value = frappe.db.get_single_value("Healthdesk Settings", "satisfaction_low_threshold")
    return cint(value) if value not in (None, "") and 0 < cint(value) <= 5 else 2
