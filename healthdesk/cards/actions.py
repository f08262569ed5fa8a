"""What people do with product cards (the work behind healthdesk.api.cards):

- an agent turns a clinic's ticket into a card, or adds it to an existing card of the same kind
  (duplicates from several clinics grouped under one);
- the vendor's product team moves a card's status, with the note the move needs;
- the ticket page asks which cards hold the ticket and which it could join.

Every rule is in healthdesk.cards.rules (run on save, whatever the path) and healthdesk.core.cards.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from healthdesk.cards import exceptions as err
from healthdesk.cards.rules import CARD, CARD_TICKET, kind_label, may_reopen, status_label
from healthdesk.cards.visibility import card_resellers, is_product_team
from healthdesk.core import cards as core
from healthdesk.utils import bold

CANDIDATE_LIMIT = 50


def _readable_ticket(ticket: str):
    if not frappe.db.exists("HD Ticket", ticket):
        frappe.throw(_("Ticket {0} does not exist.").format(bold(ticket)), frappe.DoesNotExistError,
                     title=_("No such ticket"))
    doc = frappe.get_doc("HD Ticket", ticket)
    doc.check_permission("read")
    return doc


def _check_kind(kind: str) -> None:
    if kind not in core.KINDS:
        frappe.throw(_("Choose the card's Kind: Bug report or Improvement request."), frappe.ValidationError,
                     title=_("Kind required"))


def create_from_ticket(ticket: str, kind: str, title: str, description: str | None = None,
                       system_module: str | None = None) -> dict:
    """A new card of ``kind`` holding ``ticket``, raised for the acting desk's cooperative (none for
    the vendor's own desk)."""
    _check_kind(kind)
    source = _readable_ticket(ticket)
    title = (title or "").strip()
    if not title:
        frappe.throw(_("Write the card's Title: one line the product team understands."), frappe.ValidationError,
                     title=_("Title required"))
    resellers = card_resellers()
    reseller = None
    if resellers is not None:
        # A cooperative's desk raises the card for the cooperative whose clinic opened the ticket.
        reseller = source.get("reseller") if source.get("reseller") in resellers else (resellers[0] if resellers else None)
    card = frappe.get_doc({
        "doctype": CARD, "kind": kind, "title": title, "description": (description or "").strip(),
        "system_module": system_module or source.get("system_module") or None, "reseller": reseller,
        "tickets": [{"ticket": source.name, "added_by": frappe.session.user, "added_on": now_datetime()}],
    })
    card.insert()
    return card_summary(card)


def add_ticket(card: str, ticket: str) -> dict:
    """``ticket`` grouped under the existing ``card`` (a duplicate from another clinic)."""
    source = _readable_ticket(ticket)
    doc = frappe.get_doc(CARD, card)
    doc.check_permission("write")
    doc.append("tickets", {"ticket": source.name, "added_by": frappe.session.user, "added_on": now_datetime()})
    doc.save()
    return card_summary(doc)


def move(card: str, status: str, note: str | None = None) -> dict:
    """The product team moves ``card`` to ``status``; ``note`` is the decline reason (Declined),
    the version and release notes (Released) or why it is reopened."""
    doc = frappe.get_doc(CARD, card)
    doc.check_permission("read")
    if not is_product_team():
        frappe.throw(_("Only the vendor's product team (Product Manager or Healthdesk Admin) changes a card's Status."),
                     err.NotProductTeam, title=_("Not allowed"))
    note = (note or "").strip()
    needed = core.note_needed(doc.status, status) if status in core.STATUSES else None
    if needed == core.NOTE_DECLINE_REASON:
        doc.decline_reason = note or doc.decline_reason
    elif needed == core.NOTE_RELEASED_IN:
        doc.released_in = note or doc.released_in
    doc.flags.move_note = note
    doc.status = status
    # the product team may not hold a desk role that can write cards: the move is checked by rules
    doc.flags.ignore_permissions = True
    doc.save()
    return card_summary(doc)


def allowed_moves(card: str) -> list[dict]:
    """The moves the current user may make on ``card``, with the note each needs (for the form)."""
    doc = frappe.get_doc(CARD, card)
    doc.check_permission("read")
    if not is_product_team():
        return []
    return [{"status": status, "label": status_label(status), "note": core.note_needed(doc.status, status)}
            for status in core.next_statuses(doc.status, may_reopen=may_reopen())]


def card_summary(doc) -> dict:
    return {"name": doc.name, "title": doc.title, "kind": doc.kind, "kind_label": kind_label(doc.kind),
            "status": doc.status, "status_label": status_label(doc.status), "reseller": doc.reseller,
            "tickets": len(doc.tickets)}


def ticket_cards(ticket: str) -> dict:
    """For the ticket page: the cards holding ``ticket`` and the open cards it could join (those
    the user sees, of a kind the ticket is not in yet), the kinds and the system modules."""
    source = _readable_ticket(ticket)
    holding = frappe.get_all(CARD_TICKET, filters={"parenttype": CARD, "ticket": source.name},
                             fields=["parent", "card_kind"], ignore_permissions=True)
    names = [row.parent for row in holding]
    rows = frappe.get_list(CARD, filters={"name": ["in", names]},
                           fields=["name", "title", "kind", "status", "reseller"]) if names else []
    hidden = len(names) - len(rows)  # in a card the user may not see (another desk's)
    taken = {row.card_kind for row in holding}
    filters = {"status": ["in", list(core.OPEN_STATUSES)], "kind": ["not in", list(taken) or [""]]}
    if source.get("reseller"):
        # a cooperative's card holds only its own clinics' tickets
        filters_or = [["reseller", "is", "not set"], ["reseller", "=", source.reseller]]
    else:
        filters_or = [["reseller", "is", "not set"]]
    candidates = frappe.get_list(CARD, filters=filters, or_filters=filters_or,
                                 fields=["name", "title", "kind", "status", "reseller", "system_module"],
                                 order_by="modified desc", limit=CANDIDATE_LIMIT)
    modules = frappe.get_all("System Module", filters={"enabled": 1}, pluck="name", order_by="sort_order asc, name asc")

    def label(row):
        return {**row, "kind_label": kind_label(row.kind), "status_label": status_label(row.status)}

    return {
        "cards": [label(r) for r in rows], "hidden_cards": hidden,
        "candidates": [label(r) for r in candidates],
        "kinds": [{"value": k, "label": kind_label(k)} for k in core.KINDS if k not in taken],
        "modules": modules, "ticket_module": source.get("system_module"), "subject": source.subject,
        "reseller_desk": card_resellers() is not None,
    }


def cooperative_cards(limit: int = 200) -> list[dict]:
    """The cards the current user may read (a cooperative's managers: their cooperative's), newest
    first, each with its tickets and its status history, labels translated — for the portal page."""
    from frappe.utils import format_datetime

    names = frappe.get_list(CARD, pluck="name", order_by="modified desc", limit=limit)
    cards = []
    for name in names:
        doc = frappe.get_doc(CARD, name)
        doc.check_permission("read")
        clinics = {row.clinic for row in doc.tickets if row.clinic}
        clinic_names = dict(frappe.get_all("Clinic", filters={"name": ["in", list(clinics) or [""]]},
                                           fields=["name", "clinic_name"], as_list=True))
        cards.append({
            **card_summary(doc), "system_module": doc.system_module, "description": doc.description,
            "decline_reason": doc.decline_reason if doc.status == core.DECLINED else None,
            "released_in": doc.released_in if doc.status == core.RELEASED else None,
            "tickets": [{"ticket": row.ticket, "clinic": row.clinic, "clinic_name": clinic_names.get(row.clinic, "")}
                        for row in doc.tickets],
            "history": [{"status": h.to_status, "status_label": status_label(h.to_status),
                         "on": format_datetime(h.changed_on, "dd/MM/yyyy HH:mm") if h.changed_on else "",
                         "note": h.note or ""} for h in reversed(doc.status_history)],
        })
    return cards
