"""Who answers a ticket and how the clinic reaches them, on the ticket itself.

Helpdesk's ticket pages (the clinic's in the portal, the agent's) show the Default template's
fields. Two of them are healthdesk's virtual fields, filled in the answer of Helpdesk's
``get_one`` (``healthdesk.portal.ticket_fields.ticket_get_one``) and never stored, so a change of
the cooperative's contact shows on every open ticket at once:

- ``answered_by_text``: "Suporte da <cooperativa>", "Suporte do fornecedor, a pedido da
  <cooperativa>" or "Suporte do fornecedor";
- ``point_of_contact``: for a ticket of a cooperative's desk, the desk's single point of contact
  (name · e-mail · phone), which stays the clinic's contact while the vendor works the ticket;
  otherwise, that the vendor answers on the ticket itself.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils.caching import request_cache

from healthdesk.constants import RESELLER
from healthdesk.core.desks import (ANSWERED_BY_DESK, ANSWERED_BY_VENDOR, ANSWERED_BY_VENDOR_FOR_DESK, answered_by,
                                   contact_line)

FIELDS = ("answered_by_text", "point_of_contact")


def who_answers(ticket) -> dict[str, str]:
    """``{answered_by_text, point_of_contact}`` for a ticket (a dict or document with
    ``reseller``, ``support_desk`` and ``desk_ticket``), in the user's language."""
    kind = answered_by(ticket.get("support_desk"), bool(ticket.get("desk_ticket")))
    reseller = _reseller_contact(ticket.get("reseller")) if ticket.get("reseller") else None
    if kind == ANSWERED_BY_DESK and reseller:
        who = _("The support team of {0}").format(reseller.reseller_name)
    elif kind == ANSWERED_BY_VENDOR_FOR_DESK and reseller:
        who = _("The vendor's support, at the request of {0}").format(reseller.reseller_name)
    else:
        who = _("The vendor's support")
    if kind != ANSWERED_BY_VENDOR and reseller:
        contact = contact_line(reseller.support_contact_name, reseller.support_contact_email,
                               reseller.support_contact_phone) or \
            _("The support team of {0}").format(reseller.reseller_name)
    else:
        contact = _("Write on this ticket: the vendor's support answers you here.")
    return {"answered_by_text": who, "point_of_contact": contact}


@request_cache
def _reseller_contact(reseller: str):
    """The cooperative's name and support contact (read once per request: a list of tickets asks
    for the same few cooperatives)."""
    return frappe.db.get_value(
        RESELLER, reseller,
        ["reseller_name", "support_contact_name", "support_contact_email", "support_contact_phone"], as_dict=True)


def fill(answer: dict) -> dict:
    """Helpdesk's ticket answer with healthdesk's two virtual fields filled in."""
    if isinstance(answer, dict) and answer.get("name"):
        answer.update(who_answers(answer))
    return answer
