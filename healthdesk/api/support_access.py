"""Support access (LGPD): what the portal page, the ticket and the clinic-management system call.

- Clinic users (portal): ``overview``, ``grant_access``, ``revoke_grant``, ``decide_request``.
- Agents: ``request_access`` on a ticket, ``ticket_access_state``.
- The clinic-management system: ``check_access`` (token in header ``X-Healthdesk-Access-Token``).
- Non-support admins: ``rotate_check_token``.
The rules are in :mod:`healthdesk.support_access.grants`; the page only shows what these answer.
"""

from __future__ import annotations

import frappe
from frappe.rate_limiter import rate_limit

from healthdesk.support_access import grants

TOKEN_HEADER = "X-Healthdesk-Access-Token"


@frappe.whitelist()
def overview() -> dict:
    """The clinics the user may grant for, their grants, pending requests and access log."""
    return grants.overview(grants.require_login())


@frappe.whitelist(methods=["POST"])
def grant_access(clinic: str, duration: str, reason: str, team: str | None = None, agents: str | list | None = None,
                 ticket: str | None = None, valid_until: str | None = None) -> dict:
    """Grant support access to ``clinic`` now, for ``duration`` (or until ``valid_until`` with
    duration "Custom")."""
    return grants.grant_access(grants.require_login(), clinic, duration, reason, team, agents, ticket, valid_until)


@frappe.whitelist(methods=["POST"])
def revoke_grant(grant: str) -> dict:
    return grants.revoke_grant(grants.require_login(), grant)


@frappe.whitelist(methods=["POST"])
def request_access(ticket: str, justification: str) -> dict:
    """An agent asks the ticket's clinic for access; the clinic's users are notified."""
    return grants.request_access(grants.require_login(), ticket, justification)


@frappe.whitelist(methods=["POST"])
def decide_request(request: str, approve: str | int | bool, duration: str | None = None, valid_until: str | None = None) -> dict:
    """A clinic user approves (creating a grant to the requesting agent) or declines a request."""
    return grants.decide_request(grants.require_login(), request, approve, duration, valid_until)


@frappe.whitelist()
def ticket_access_state(ticket: str) -> dict:
    """For agents on a ticket: the active grant covering them for its clinic, or the last request."""
    return grants.ticket_access_state(grants.require_login(), ticket)


def _check_rate_limit() -> int:
    return int(frappe.conf.get("healthdesk_check_access_rate_limit") or 300)


@frappe.whitelist(allow_guest=True, methods=["POST", "GET"])
@rate_limit(limit=_check_rate_limit, seconds=60)
def check_access(user: str, clinic: str, scope: str | None = None) -> dict:
    """Whether support user ``user`` may access clinic base ``clinic`` now, until when, for
    ``scope``. Authenticated by the token in Healthdesk Settings (header X-Healthdesk-Access-Token,
    compared in constant time). The medical record (any spelling) is always refused. Rate-limited
    per address (site config ``healthdesk_check_access_rate_limit`` calls a minute, default 300);
    every answered call is logged, rejected tokens once per address per hour with a count."""
    return grants.check_access(frappe.get_request_header(TOKEN_HEADER), user, clinic, scope)


@frappe.whitelist(methods=["POST"])
def rotate_check_token() -> dict:
    """A new random token for the check API (returned once, to copy into the clinic-management
    system); the old one stops working at once. Non-support admins only; logged for every clinic."""
    return grants.rotate_check_token(grants.require_login())
