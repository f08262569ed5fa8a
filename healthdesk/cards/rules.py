"""The Product Card's checks on every save, whatever path saved it (the ticket page, the desk form,
REST): the status move and who made it, what the move must write down, the raising cooperative,
the tickets, no personal data. Called by the doctype's controller; the rules are in
healthdesk.core.cards."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from healthdesk.cards import exceptions as err
from healthdesk.cards.visibility import card_resellers, is_product_team
from healthdesk.core import cards as core
from healthdesk.core import pii
from healthdesk.utils import bold

CARD = "Product Card"
CARD_TICKET = "Product Card Ticket"


def kind_label(kind: str | None, lang: str | None = None) -> str:
    return _(kind or "", lang=lang, context=CARD) if kind else ""


def status_label(status: str | None, lang: str | None = None) -> str:
    return _(status or "", lang=lang, context=CARD) if status else ""


def may_reopen(user: str | None = None) -> bool:
    """Reopening a Released or Declined card is an administrator's decision."""
    from healthdesk.network.permissions import is_healthdesk_admin

    return is_healthdesk_admin(user)


# --------------------------------------------------------------------------- validate


def validate(doc) -> None:
    check_status_move(doc)
    check_outcome(doc)
    check_reseller(doc)
    check_tickets(doc)
    check_personal_data(doc)


def _previous_status(doc) -> str | None:
    before = doc.get_doc_before_save()
    return before.status if before else None


def check_status_move(doc) -> None:
    previous = _previous_status(doc)
    if previous is None:
        if doc.status and doc.status != core.INITIAL_STATUS and not is_product_team():
            frappe.throw(_("A new card starts as Received: the product team moves it from there."),
                         err.CardMoveNotAllowed, title=_("Status not allowed"))
        doc.status = doc.status or core.INITIAL_STATUS
        return
    if doc.status == previous:
        return
    if not is_product_team():
        frappe.throw(_("Only the vendor's product team (Product Manager or Healthdesk Admin) changes a card's Status."),
                     err.NotProductTeam, title=_("Not allowed"))
    refusal = core.move_refusal(previous, doc.status, may_reopen=may_reopen())
    if refusal is None:
        return
    names = {"from": bold(status_label(previous)), "to": bold(status_label(doc.status))}
    if refusal == core.FINAL:
        message = _("The card is {from}: only a Healthdesk Admin can reopen it, and it goes back to Under analysis.")
    elif refusal == core.NOT_NEXT:
        allowed = ", ".join(status_label(s) for s in core.next_statuses(previous, may_reopen=may_reopen()))
        message = _("A card cannot move from {from} to {to}. From {from} it can go to: {allowed}.")
        names["allowed"] = allowed or "-"
    else:
        message = _("{to} is not a status of a card: choose Received, Under analysis, Planned, Released or Declined.")
    frappe.throw(message.format(**names), err.CardMoveNotAllowed, title=_("Status not allowed"))


def check_outcome(doc) -> None:
    previous = _previous_status(doc)
    if doc.status == core.DECLINED and not (doc.decline_reason or "").strip():
        frappe.throw(_("Write the Decline Reason: the agents of the linked tickets and the cooperative read it."),
                     err.DeclineReasonRequired, title=_("Decline reason required"))
    if doc.status == core.RELEASED and not (doc.released_in or "").strip():
        frappe.throw(_("Write Released In (the version and the release notes): the clinics of the linked tickets are told."),
                     err.ReleaseNotesRequired, title=_("Release notes required"))
    if previous and core.is_reopen(previous, doc.status):
        if not (doc.flags.move_note or "").strip():
            frappe.throw(_("Write why the card is reopened."), err.ReopenReasonRequired,
                         title=_("Reopen reason required"))
        # the outcome of the earlier round stays in the history; the card is open again
        doc.decline_reason = None
        doc.released_in = None


def check_reseller(doc) -> None:
    """A cooperative's desk raises cards for its own cooperative; the vendor may raise for any."""
    if not doc.is_new():
        return
    if not doc.raised_by:
        doc.raised_by = frappe.session.user
    resellers = card_resellers()
    if resellers is None:
        return
    if not resellers:
        frappe.throw(_("You cannot raise product cards."), frappe.PermissionError, title=_("Not allowed"))
    if not doc.reseller and len(resellers) == 1:
        doc.reseller = resellers[0]
    if doc.reseller not in resellers:
        frappe.throw(_("Choose your own cooperative in Raised by Reseller: {0}.").format(
            ", ".join(bold(r) for r in resellers)), err.NotYourReseller, title=_("Not your cooperative"))


def _cards_of_tickets(tickets: list[str], exclude: str | None) -> dict[str, dict[str, str]]:
    """{ticket: {kind: card}} for the cards other than ``exclude`` that hold these tickets."""
    if not tickets:
        return {}
    rows = frappe.get_all(CARD_TICKET, filters={"parenttype": CARD, "ticket": ["in", tickets],
                                                "parent": ["!=", exclude or ""]},
                          fields=["ticket", "card_kind", "parent"], ignore_permissions=True)
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        found.setdefault(row.ticket, {})[row.card_kind] = row.parent
    return found


def check_tickets(doc) -> None:
    before = doc.get_doc_before_save()
    old = {row.ticket for row in before.tickets} if before else set()
    seen: set[str] = set()
    new_rows = [row for row in doc.tickets if row.ticket not in old]
    elsewhere = _cards_of_tickets([row.ticket for row in new_rows], None if doc.is_new() else doc.name)
    previous = _previous_status(doc)
    for row in doc.tickets:
        row.card_kind = doc.kind
        if row.ticket in seen:
            frappe.throw(_("Ticket {0} is listed twice in the card: remove one row.").format(bold(row.ticket)),
                         err.TicketAlreadyInCard, title=_("Ticket listed twice"))
        seen.add(row.ticket)
        if row.ticket in old:
            continue
        check_ticket_access(row.ticket, doc)
        ticket_reseller = frappe.db.get_value("HD Ticket", row.ticket, "reseller")
        refusal = core.join_refusal(card=doc.name, card_kind=doc.kind,
                                    card_status=previous or doc.status, card_reseller=doc.reseller,
                                    ticket_reseller=ticket_reseller, cards_of_ticket=elsewhere.get(row.ticket, {}))
        raise_join_refusal(refusal, row.ticket, doc.kind, elsewhere.get(row.ticket, {}))
        row.clinic = frappe.db.get_value("HD Ticket", row.ticket, "clinic")
        row.reseller = ticket_reseller
        row.added_by = row.added_by or frappe.session.user
        row.added_on = row.added_on or now_datetime()


def check_ticket_access(ticket: str, doc) -> None:
    if doc.flags.ignore_permissions:
        return
    if not frappe.db.exists("HD Ticket", ticket) or not frappe.has_permission("HD Ticket", "read", doc=ticket):
        frappe.throw(_("You cannot add ticket {0}: it does not exist or you cannot read it.").format(bold(ticket)),
                     frappe.PermissionError, title=_("Not allowed"))


def raise_join_refusal(refusal: str | None, ticket: str, kind: str, cards_of_ticket: dict[str, str]) -> None:
    if refusal is None:
        return
    if refusal == core.ALREADY_IN_CARD:
        frappe.throw(_("Ticket {0} is already in this card.").format(bold(ticket)), err.TicketAlreadyInCard,
                     title=_("Already in the card"))
    if refusal == core.IN_OTHER_CARD:
        frappe.throw(_("Ticket {0} is already in the {1} {2}: a ticket is in at most one card of each kind. Add the clinic's report to that card instead.").format(
            bold(ticket), kind_label(kind).lower(), bold(cards_of_ticket.get(kind))),
            err.TicketInAnotherCard, title=_("Ticket already in a card"))
    if refusal == core.CARD_CLOSED:
        frappe.throw(_("The card is closed (Released or Declined): it takes no more tickets. Raise a new card for ticket {0}.").format(bold(ticket)),
                     err.CardClosed, title=_("Card closed"))
    if refusal == core.OTHER_RESELLER:
        frappe.throw(_("Ticket {0} is from another cooperative's clinic: a cooperative's card holds only its own clinics' tickets.").format(bold(ticket)),
                     err.TicketOfAnotherReseller, title=_("Another cooperative's ticket"))
    frappe.throw(_("Ticket {0} cannot be added to the card.").format(bold(ticket)), frappe.ValidationError)


def check_personal_data(doc) -> None:
    text = "\n".join([doc.title or "", doc.description or "", doc.decline_reason or "", doc.released_in or ""])
    if pii.find_personal_data(text):
        frappe.throw(_("The card holds personal data (a CPF, CNS, phone number, e-mail or birth date): remove it from the Title, Description and notes. The card goes to the vendor's product team."),
                     err.PersonalDataInCard, title=_("Personal data in the card"))


# --------------------------------------------------------------------------- history


def record_status_change(doc) -> None:
    """A Status History row for every status the card takes, with who, when and the note."""
    previous = _previous_status(doc)
    if previous is not None and previous == doc.status:
        return
    if previous is None and doc.status_history:
        return
    note = (doc.flags.move_note or "").strip()
    if not note:
        note = {core.DECLINED: doc.decline_reason, core.RELEASED: doc.released_in}.get(doc.status) or ""
    doc.append("status_history", {"from_status": previous or "", "to_status": doc.status,
                                  "changed_by": frappe.session.user, "changed_on": now_datetime(), "note": note})


def on_doctype_update() -> None:
    # A ticket is in at most one card of each kind, even when two agents add it at the same moment.
    frappe.db.add_unique(CARD_TICKET, ["ticket", "card_kind"], constraint_name="unique_ticket_card_kind")
