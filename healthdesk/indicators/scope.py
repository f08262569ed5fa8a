"""Whose numbers a person sees: THE scope rule of every indicator (dashboard charts, number
cards, reports, the portal page, exports and the monthly e-mail).

- The vendor's side — Administrator, System Manager, Healthdesk Admin, and the vendor's own
  agents (Agent / Agent Manager working at no cooperative's desk): every reseller (``None``).
- A cooperative's manager (Reseller Manager listed on the reseller) and an agent of a
  cooperative's desk: the resellers they act for, and only those.
- Anyone else (clinic users, guests): nothing (``[]``). Default deny: a new kind of user sees
  nothing until this rule says otherwise.
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.constants import ADMIN_ROLES, AGENT_ROLES


class OutsideYourScope(frappe.PermissionError):
    """An indicator asked for a reseller (or a clinic of a reseller) the user does not see."""


def indicator_resellers(user: str | None = None) -> list[str] | None:
    """None: every reseller. Otherwise the resellers whose numbers ``user`` sees (maybe none)."""
    from healthdesk.desks.config import desk_resellers
    from healthdesk.network.clinics import managed_resellers

    user = user or frappe.session.user
    if user == "Guest":
        return []
    if user == "Administrator":
        return None
    roles = set(frappe.get_roles(user))
    acting_for = set(managed_resellers(user)) | set(desk_resellers(user))
    if ADMIN_ROLES & roles:
        return None
    if acting_for:
        return sorted(acting_for)
    if AGENT_ROLES & roles and frappe.db.exists("HD Agent", {"user": user, "is_active": 1}):
        return None  # the vendor's own support
    return []


def narrow(allowed: list[str] | None, reseller: str | None = None) -> list[str] | None:
    """The resellers a request may read: ``allowed`` (from :func:`indicator_resellers`), narrowed
    to ``reseller`` when one is asked for. Asking for a reseller outside ``allowed`` raises
    :class:`OutsideYourScope` — never a silent widening, never another cooperative's numbers."""
    if not reseller:
        return allowed
    if allowed is not None and reseller not in allowed:
        raise OutsideYourScope(_("These indicators are not of your cooperative."))
    return [reseller]


def require_scope(user: str | None = None) -> list[str] | None:
    """:func:`indicator_resellers`, refusing (PermissionError) whoever sees nothing."""
    allowed = indicator_resellers(user)
    if allowed == []:
        raise OutsideYourScope(_("Indicators are for the vendor's support and the managers of a cooperative."))
    return allowed
