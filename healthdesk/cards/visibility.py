"""Who sees which product cards: the one rule, used by the permission hooks (``hooks.py``), the
endpoints and the ticket page.

- Administrator, System Manager, Healthdesk Admin and Product Manager (the vendor's product team):
  every card.
- The vendor's agents (role Agent / Agent Manager, acting for no cooperative): every card.
- A person acting for cooperatives (a Reseller Manager; a cooperative's own desk agent): the cards
  raised by those cooperatives, read only for managers.
- Anyone else (clinic users, customers): none.

"Acting for a cooperative" is :func:`user_resellers`: the resellers that list the user as a
manager, plus what each ``healthdesk_user_resellers`` hook returns (a dotted path to
``fn(user) -> list[str]``). The reseller desks register theirs there, so a cooperative's agent sees
the cooperative's cards and no one else's without this module knowing how desks are stored.

``has_permission`` hooks can only deny; the list conditions also cover the two child tables, whose
rows Frappe would otherwise list by ``parent`` with no document check.
"""

from __future__ import annotations

import frappe

from healthdesk.constants import ADMIN_ROLES, AGENT_ROLES, PRODUCT_MANAGER
from healthdesk.network.clinics import managed_resellers

CARD = "Product Card"
CARD_TICKET = "Product Card Ticket"
CARD_STATUS_CHANGE = "Product Card Status Change"
USER_RESELLERS_HOOK = "healthdesk_user_resellers"
# Who sees every card and moves statuses: the vendor's product team and healthdesk's admins.
PRODUCT_TEAM_ROLES = frozenset(ADMIN_ROLES | {PRODUCT_MANAGER})


def user_resellers(user: str | None = None) -> list[str]:
    """The cooperatives ``user`` acts for (manager, or agent of the cooperative's desk), sorted."""
    user = user or frappe.session.user
    found = set(managed_resellers(user))
    for path in frappe.get_hooks(USER_RESELLERS_HOOK):
        found.update(frappe.get_attr(path)(user) or [])
    return sorted(found)


def is_product_team(user: str | None = None) -> bool:
    user = user or frappe.session.user
    return user == "Administrator" or bool(PRODUCT_TEAM_ROLES & set(frappe.get_roles(user)))


def card_resellers(user: str | None = None) -> list[str] | None:
    """None when ``user`` sees every card; otherwise the resellers whose cards they see (empty:
    none). THE visibility rule of product cards."""
    user = user or frappe.session.user
    if is_product_team(user):
        return None
    resellers = user_resellers(user)
    if AGENT_ROLES & set(frappe.get_roles(user)) and not resellers:
        return None  # the vendor's own support desk
    return resellers


def can_see(card_reseller: str | None, user: str | None = None) -> bool:
    resellers = card_resellers(user)
    return resellers is None or bool(card_reseller and card_reseller in resellers)


def _in(column: str, resellers: list[str]) -> str:
    if not resellers:
        return "1=0"
    return f"{column} in ({', '.join(frappe.db.escape(r) for r in resellers)})"


# --------------------------------------------------------------------------- hooks


def card_query(user: str | None = None, doctype: str | None = None) -> str | None:
    resellers = card_resellers(user)
    return None if resellers is None else _in("`tabProduct Card`.`reseller`", resellers)


def _row_query(table: str, user: str | None) -> str | None:
    resellers = card_resellers(user)
    if resellers is None:
        return None
    visible = _in("`reseller`", resellers)
    return f"`tab{table}`.`parent` in (select `name` from `tabProduct Card` where {visible})"


def card_ticket_query(user: str | None = None, doctype: str | None = None) -> str | None:
    return _row_query(CARD_TICKET, user)


def card_status_change_query(user: str | None = None, doctype: str | None = None) -> str | None:
    return _row_query(CARD_STATUS_CHANGE, user)


def card_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
    if doc.get("__islocal") or (hasattr(doc, "is_new") and doc.is_new()):
        # A new card: healthdesk.cards.rules checks the cooperative it is raised for on save.
        return None
    return None if can_see(doc.get("reseller"), user) else False
