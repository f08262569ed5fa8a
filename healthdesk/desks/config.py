"""Which reseller runs a desk, with which team and targets, and which desks a user works at."""

from __future__ import annotations

import frappe
from frappe.utils.caching import request_cache

from healthdesk.constants import RESELLER
from healthdesk.core.desks import Desk


@request_cache
def reseller_desk(reseller: str | None) -> Desk | None:
    """The desk of ``reseller`` (None when it has none, or no such reseller)."""
    if not reseller:
        return None
    row = frappe.db.get_value(RESELLER, reseller, ["own_first_line", "desk_team"], as_dict=True)
    if not row:
        return None
    return Desk(reseller, bool(row.own_first_line), row.desk_team or None)


@request_cache
def desk_targets(reseller: str) -> dict[str, tuple[float | None, float | None]]:
    """The desk's first-line targets in hours, per severity."""
    rows = frappe.get_all("Reseller Desk Target", filters={"parent": reseller, "parenttype": RESELLER},
                          fields=["severity", "response_hours", "resolution_hours"], ignore_permissions=True)
    return {r.severity: (r.response_hours, r.resolution_hours) for r in rows}


@request_cache
def desk_resellers(user: str) -> tuple[str, ...]:
    """The resellers at whose desk ``user`` works: those whose desk team has them as a member.
    Empty for everyone else (the vendor's agents, customers, admins)."""
    if not user or user in ("Administrator", "Guest"):
        return ()
    teams = frappe.get_all("HD Team Member", filters={"parenttype": "HD Team", "user": user}, pluck="parent",
                           ignore_permissions=True)
    if not teams:
        return ()
    return tuple(sorted(frappe.get_all(RESELLER, filters={"desk_team": ["in", teams], "own_first_line": 1},
                                       pluck="name", ignore_permissions=True)))


def is_desk_agent(user: str | None = None) -> bool:
    """Does ``user`` work at a reseller's desk (and so see only that reseller's clinics)?"""
    return bool(desk_resellers(user or frappe.session.user))
