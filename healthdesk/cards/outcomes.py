"""What happens when the product team closes a card.

- Released: every linked ticket gets a reply to its clinic, written by healthdesk's support team
  (``healthdesk.utils.support_sender``), in the clinic user's language (the site's when unknown);
  an "Automated Message", so Helpdesk counts it as no agent's first response.
- Declined: every linked ticket gets the reason as an agent-only comment (HD Ticket Comment,
  which customers never see), so whoever answers the clinic knows why.
- Both: the raising cooperative's managers are notified (``healthdesk.notifications.notify``).
"""

from __future__ import annotations

from email.utils import parseaddr

import frappe
from frappe import _
from frappe.utils import escape_html

from healthdesk.cards.rules import kind_label
from healthdesk.core import cards as core
from healthdesk.notifications import notify
from healthdesk.utils import support_sender, support_team_user

CARD = "Product Card"


def on_status_change(doc) -> None:
    if doc.status == core.RELEASED:
        tell_released(doc)
    elif doc.status == core.DECLINED:
        tell_declined(doc)


def _site_language() -> str:
    return frappe.db.get_single_value("System Settings", "language") or "en"


def _language_of(email: str | None) -> str:
    address = parseaddr(email or "")[1]
    language = frappe.db.get_value("User", address, "language") if address else None
    return language or _site_language()


def _paragraphs(*texts: str) -> str:
    return "".join("<p>" + escape_html(text).replace("\n", "<br>") + "</p>" for text in texts if text)


def release_message(doc, lang: str) -> str:
    if doc.kind == core.BUG_REPORT:
        first = _("Good news: the problem reported in this ticket ({title}) was fixed in {release}.", lang=lang)
    else:
        first = _("Good news: the improvement requested in this ticket ({title}) was released in {release}.", lang=lang)
    then = _("If something still does not work as expected, reply to this message and we will look at it again.", lang=lang)
    return _paragraphs(first.format(title=doc.title, release=(doc.released_in or "").strip()), then)


def tell_released(doc) -> list[str]:
    """A reply to the clinic in every linked ticket; returns the Communications made."""
    sender, sender_name = support_sender()
    author = support_team_user()
    made = []
    for row in doc.tickets:
        ticket = frappe.db.get_value("HD Ticket", row.ticket, ["name", "subject", "raised_by"], as_dict=True)
        if not ticket or not ticket.raised_by:
            continue
        content = release_message(doc, _language_of(ticket.raised_by))
        subject = f"Re: {ticket.subject}"
        communication = frappe.get_doc({
            "doctype": "Communication", "communication_type": "Automated Message", "communication_medium": "Email",
            "content": content, "reference_doctype": "HD Ticket", "reference_name": ticket.name,
            "sender": sender, "sender_full_name": sender_name, "user": author,
            "recipients": ticket.raised_by, "sent_or_received": "Sent", "status": "Linked", "subject": subject,
        })
        communication.insert(ignore_permissions=True)
        made.append(communication.name)
        try:
            frappe.sendmail(recipients=[ticket.raised_by], sender=sender, subject=subject, message=content,
                            reference_doctype="HD Ticket", reference_name=ticket.name,
                            communication=communication.name, delayed=True)
        except frappe.OutgoingEmailError:
            # No outgoing e-mail account: the reply is on the ticket, where the clinic reads it.
            frappe.clear_last_message()
    _notify_managers(doc)
    return made


def tell_declined(doc) -> list[str]:
    """The decline reason on every linked ticket, for agents only; returns the comments made."""
    lang = _site_language()
    heading = _("The product team declined the {kind} {card}: {title}", lang=lang).format(
        kind=kind_label(doc.kind, lang).lower(), card=doc.name, title=doc.title)
    reason = _("Reason: {0}", lang=lang).format((doc.decline_reason or "").strip())
    content = f"<p><strong>{escape_html(heading)}</strong></p>" + _paragraphs(reason)
    made = []
    for row in doc.tickets:
        if not frappe.db.exists("HD Ticket", row.ticket):
            continue
        comment = frappe.get_doc({"doctype": "HD Ticket Comment", "reference_ticket": row.ticket,
                                  "commented_by": support_team_user(), "content": content})
        comment.insert(ignore_permissions=True)
        made.append(comment.name)
    _notify_managers(doc)
    return made


def _notify_managers(doc) -> list[str]:
    """The raising cooperative's managers, each in their language; none for the vendor's own cards."""
    if not doc.reseller:
        return []
    managers = frappe.get_all("Reseller Manager User", filters={"parenttype": "Reseller", "parent": doc.reseller},
                              pluck="user")
    told = []
    for user in managers:
        lang = _language_of(user)
        if doc.status == core.RELEASED:
            subject = _("The vendor released the {kind} {card}: {title}", lang=lang)
            message = _("Released in: {0}", lang=lang).format(doc.released_in or "")
        else:
            subject = _("The vendor declined the {kind} {card}: {title}", lang=lang)
            message = _("Reason: {0}", lang=lang).format(doc.decline_reason or "")
        subject = subject.format(kind=kind_label(doc.kind, lang).lower(), card=doc.name, title=doc.title)
        told += notify([user], subject, CARD, doc.name, message=escape_html(message), email=True)
    return told
