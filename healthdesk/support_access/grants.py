"""LGPD support access: what a clinic user, an agent and the clinic-management system do with
grants — the portal's overview, granting, revoking, requesting and deciding, the ticket's access
state, and the check API's decision and its logs. :mod:`healthdesk.api.support_access` exposes
these as endpoints; every rule is checked here, server-side."""

from __future__ import annotations

import hmac
import time

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from healthdesk.core import grants as core
from healthdesk.support_access.audit import bump_log_count, notify, ticket_note, write_log
from healthdesk.support_access.config import GRANT, GRANT_AGENT, LOG, REQUEST, SETTINGS, is_support_user
from healthdesk.support_access.enforcement import active_grants
from healthdesk.support_access.lifecycle import can_grant, clinic_users, grantable_clinics, is_admin
from healthdesk.utils import bold

# Seconds a rejected check-API token is counted on one log row per source address.
FAILED_CHECK_WINDOW = 3600


def require_login() -> str:
    user = frappe.session.user
    if user == "Guest":
        frappe.throw(_("Log in to manage support access."), frappe.PermissionError)
    return user


# ----------------------------------------------------------------------------- the portal page
def grant_row(grant: dict, now) -> dict:
    """A grant as the portal shows it, its status from the clock."""
    status = core.grant_status(grant.valid_from, grant.valid_until, grant.revoked_at, now)
    rows = frappe.get_all(GRANT_AGENT, filters={"parent": grant.name, "parenttype": GRANT},
                          fields=["agent", "parentfield"], order_by="idx asc", ignore_permissions=True)
    agents = [r.agent for r in rows if r.parentfield == "agents"]
    team_members = [r.agent for r in rows if r.parentfield == "team_members"]
    return {
        "name": grant.name, "clinic": grant.clinic, "clinic_name": grant.clinic_name,
        "status": core.EXPIRED if status == core.SCHEDULED else status,
        "valid_from": str(grant.valid_from), "valid_until": str(grant.valid_until),
        "team": grant.team, "agents": agents, "team_members": team_members, "reason": grant.reason, "ticket": grant.ticket,
        "granted_by": grant.granted_by, "revoked_by": grant.revoked_by,
        "revoked_at": str(grant.revoked_at) if grant.revoked_at else None,
    }


def overview(user: str) -> dict:
    """The clinics ``user`` may grant for, their grants (status from the clock), pending requests,
    the access log, the teams and durations to choose from."""
    clinics = grantable_clinics(user)
    if not clinics:
        frappe.throw(_("This page is for clinic users."), frappe.PermissionError)
    now = now_datetime()
    grants = frappe.get_all(GRANT, filters={"clinic": ["in", clinics]}, order_by="valid_from desc", limit=200,
                            fields=["name", "clinic", "clinic_name", "valid_from", "valid_until", "revoked_at",
                                    "revoked_by", "team", "reason", "ticket", "granted_by"], ignore_permissions=True)
    requests = frappe.get_all(REQUEST, filters={"clinic": ["in", clinics], "status": "Pending"},
                              fields=["name", "clinic", "ticket", "requested_by", "justification", "creation"],
                              order_by="creation desc", ignore_permissions=True)
    fields = ["event", "user", "clinic", "grant", "access_time", "reference_doctype", "reference_name", "action",
              "ip_address", "occurrences", "query"]
    log = frappe.get_all(LOG, filters={"clinic": ["in", clinics]}, order_by="access_time desc", limit=200,
                         fields=fields, ignore_permissions=True)
    # changes of the LGPD settings concern every clinic: each sees them
    settings_log = frappe.get_all(LOG, filters={"event": "Settings Changed"}, order_by="access_time desc",
                                  limit=50, fields=fields, ignore_permissions=True)
    log = sorted(log + settings_log, key=lambda r: r.access_time, reverse=True)[:200]
    for row in log:
        if row.event != "Settings Changed":
            row.query = None  # the details of an access stay with the admins (filters may hold data)
    return {
        "clinics": [{"name": c, "clinic_name": frappe.db.get_value("Clinic", c, "clinic_name")} for c in clinics],
        "grants": [grant_row(g, now) for g in grants],
        "requests": [{**r, "creation": str(r.creation)} for r in requests],
        "log": [{**row, "access_time": str(row.access_time)} for row in log],
        "teams": frappe.get_all("HD Team", pluck="name", ignore_permissions=True),
        "durations": list(core.DURATIONS),
    }


# ----------------------------------------------------------------------------- grant and revoke
def create_grant(user: str, clinic: str, duration: str, reason: str, team: str | None = None,
                 agents: str | list[str] | None = None, ticket: str | None = None, valid_until: str | None = None,
                 request: str | None = None):
    """A grant by ``user`` (a user of ``clinic``): to ``team`` and/or ``agents`` (a list, a JSON
    list or comma-separated), for ``duration`` (or until ``valid_until`` with duration "Custom")."""
    if not can_grant(user, clinic):
        frappe.throw(_("Only a user of clinic {0} can grant support access to it.").format(bold(clinic)),
                     frappe.PermissionError, title=_("Not allowed"))
    if team and not frappe.db.exists("HD Team", team):
        frappe.throw(_("Team {0} does not exist; choose a team from the list.").format(bold(team)),
                     title=_("Invalid team"))
    if isinstance(agents, str):
        agents = frappe.parse_json(agents) if agents.strip().startswith("[") else [a.strip() for a in agents.split(",")]
    grant = frappe.get_doc({
        "doctype": GRANT, "clinic": clinic, "duration": duration, "reason": reason, "team": team or None,
        "ticket": ticket or None, "valid_until": get_datetime(valid_until) if valid_until else None,
        "request": request, "agents": [{"agent": a} for a in (agents or []) if a],
    })
    grant.insert(ignore_permissions=True)
    return grant


def grant_access(user: str, clinic: str, duration: str, reason: str, team: str | None = None,
                 agents: str | list[str] | None = None, ticket: str | None = None,
                 valid_until: str | None = None) -> dict:
    """The portal's grant: the new grant's row and a message."""
    grant = create_grant(user, clinic, duration, reason, team, agents, ticket, valid_until)
    return grant_row(frappe._dict(grant.as_dict()), now_datetime()) | {
        "message": _("Support access granted until {0}.").format(grant.valid_until)}


def revoke(name: str, user: str | None = None):
    """Revoke grant ``name`` as ``user`` (a clinic user of its clinic or an admin)."""
    user = user or frappe.session.user
    grant = frappe.get_doc(GRANT, name)
    if not (can_grant(user, grant.clinic) or is_admin(user)):
        frappe.throw(_("Only a user of the clinic or an administrator can revoke this grant."),
                     frappe.PermissionError, title=_("Not allowed"))
    if grant.revoked_at:
        frappe.throw(_("This grant is already revoked."), title=_("Grant is final"))
    grant.revoked_by = user
    grant.revoked_at = now_datetime()
    grant.status = core.REVOKED
    grant.flags.revocation_allowed = True
    grant.save(ignore_permissions=True)
    write_log("Revoked", user, grant.clinic, grant.name)
    ticket_note(grant.ticket, _("Support access {0} revoked by the clinic.").format(grant.name))
    return grant


def revoke_grant(user: str, grant: str) -> dict:
    """The portal's revoke: the grant's name, its new status and a message."""
    if not frappe.db.exists(GRANT, grant):
        frappe.throw(_("Grant {0} does not exist.").format(bold(grant)), frappe.DoesNotExistError)
    doc = revoke(grant, user)
    return {"name": doc.name, "status": core.REVOKED, "message": _("Support access revoked.")}


# ----------------------------------------------------------------------------- requests
def request_access(user: str, ticket: str, justification: str) -> dict:
    """An agent asks the ticket's clinic for access; the clinic's users are notified."""
    if not is_support_user(user):
        frappe.throw(_("Only support agents can request access."), frappe.PermissionError, title=_("Not allowed"))
    if not frappe.has_permission("HD Ticket", "read", ticket, user=user):
        frappe.throw(_("You cannot read ticket {0}.").format(bold(ticket)), frappe.PermissionError)
    justification = (justification or "").strip()
    if len(justification) < 10:
        frappe.throw(_("Write a Justification of at least 10 characters saying why you need access."),
                     title=_("Missing justification"))
    clinic = frappe.db.get_value("HD Ticket", ticket, "clinic") if frappe.get_meta("HD Ticket").has_field("clinic") else None
    if not clinic:
        frappe.throw(_("Ticket {0} has no Clinic; set the ticket's Clinic first.").format(bold(ticket)),
                     title=_("Missing clinic"))
    doc = frappe.get_doc({"doctype": REQUEST, "ticket": ticket, "clinic": clinic, "requested_by": user,
                          "justification": justification, "status": "Pending"})
    doc.insert(ignore_permissions=True)
    write_log("Requested", user, clinic, None, REQUEST, doc.name, query=justification)
    subject = _("Support asks for access to {0}").format(frappe.db.get_value("Clinic", clinic, "clinic_name") or clinic)
    message = _("Ticket {0}: {1}. Approve or decline at {2}.").format(
        ticket, frappe.utils.escape_html(justification), frappe.utils.get_url("/support-access"))
    notify(clinic_users(clinic), subject, message, REQUEST, doc.name)
    ticket_note(ticket, _("Support access requested ({0}); waiting for the clinic.").format(doc.name),
                author=frappe.session.user)
    return {"name": doc.name, "status": doc.status, "message": _("Request sent to the clinic.")}


def decide_request(user: str, request: str, approve: str | int | bool, duration: str | None = None,
                   valid_until: str | None = None) -> dict:
    """A clinic user approves (creating a grant to the requesting agent) or declines a request."""
    doc = frappe.get_doc(REQUEST, request) if frappe.db.exists(REQUEST, request) else None
    if doc is None or not can_grant(user, doc.clinic):
        frappe.throw(_("Only a user of the request's clinic can decide it."), frappe.PermissionError,
                     title=_("Not allowed"))
    if doc.status != "Pending":
        frappe.throw(_("This request was already decided."), title=_("Already decided"))
    approve = frappe.utils.sbool(approve)
    grant = None
    if approve:
        grant = create_grant(user, doc.clinic, duration or "1 hour", doc.justification, agents=[doc.requested_by],
                             ticket=doc.ticket, valid_until=valid_until, request=doc.name)
    doc.status = "Approved" if approve else "Declined"
    doc.decided_by = user
    doc.decided_at = now_datetime()
    doc.grant = grant.name if grant else None
    doc.flags.decision = True
    doc.save(ignore_permissions=True)
    write_log(doc.status, user, doc.clinic, doc.grant, REQUEST, doc.name)
    if not approve:
        ticket_note(doc.ticket, _("The clinic declined support access request {0}.").format(doc.name))
    notify([doc.requested_by], _("Access request {0}: {1}").format(doc.name, _(doc.status)),
           _("The clinic decided your access request for ticket {0}.").format(doc.ticket), REQUEST, doc.name)
    return {"name": doc.name, "status": doc.status, "grant": doc.grant,
            "message": _("Request approved.") if approve else _("Request declined.")}


def ticket_access_state(user: str, ticket: str) -> dict:
    """For agents on a ticket: the active grant covering them for its clinic, or the last request."""
    if not is_support_user(user) or not frappe.has_permission("HD Ticket", "read", ticket, user=user):
        frappe.throw(_("Not allowed."), frappe.PermissionError)
    clinic = frappe.db.get_value("HD Ticket", ticket, "clinic")
    grant = active_grants(user).get(clinic) if clinic else None
    until = frappe.db.get_value(GRANT, grant, "valid_until") if grant else None
    last = frappe.get_all(REQUEST, filters={"ticket": ticket}, fields=["name", "status"], order_by="creation desc",
                          limit=1, ignore_permissions=True)
    return {"clinic": clinic, "grant": grant, "valid_until": str(until) if until else None,
            "request": last[0] if last else None}


# ----------------------------------------------------------------------------- the check API
def token_ok(given: str | None) -> bool:
    """``given`` is the check API's token (compared in constant time)."""
    from frappe.utils.password import get_decrypted_password

    given = (given or "").strip()
    try:
        expected = get_decrypted_password(SETTINGS, SETTINGS, "access_check_token", raise_exception=False) or ""
    except Exception:
        expected = ""
    return bool(expected) and bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def decide_access(user: str, clinic: str, scope: str | None) -> dict:
    """Whether support user ``user`` may access ``clinic`` now for ``scope``, and why."""
    if core.is_medical_scope(scope):
        return {"allowed": False, "reason": "medical_record_never_accessible"}
    if not frappe.db.exists("Clinic", clinic or ""):
        return {"allowed": False, "reason": "unknown_clinic"}
    if not frappe.db.exists("User", user or "") or not is_support_user(user):
        return {"allowed": False, "reason": "not_a_support_user"}
    grant = active_grants(user).get(clinic)
    if not grant:
        return {"allowed": False, "reason": "no_active_grant"}
    until = frappe.db.get_value(GRANT, grant, "valid_until")
    return {"allowed": True, "grant": grant, "valid_until": str(until), "reason": "active_grant"}


def log_failed_check(scope: str | None) -> None:
    """A rejected token is logged once per source address per hour, with a count: rejected calls
    cannot flood the audit table."""
    from healthdesk.core.boundary import window

    source = getattr(frappe.local, "request_ip", None) or "-"
    key = f"healthdesk:check_failed:{source}:{window(time.time(), FAILED_CHECK_WINDOW)}"
    name = frappe.cache.get_value(key)
    if name and frappe.db.exists(LOG, name):
        bump_log_count(name)
    else:
        name = write_log("Check Failed", None, None, action="check",
                         query=f"rejected token; scope={str(scope)[:80]}")
        frappe.cache.set_value(key, name, expires_in_sec=FAILED_CHECK_WINDOW + 60)
    frappe.db.commit()


def check_access(token: str | None, user: str, clinic: str, scope: str | None = None) -> dict:
    """The check API: refuses a wrong ``token`` (logged, aggregated), otherwise answers
    :func:`decide_access` and logs the answer."""
    if not token_ok(token):
        log_failed_check(scope)
        raise frappe.AuthenticationError(_("Invalid access check token."))
    answer = decide_access(user, clinic, scope)
    write_log("Check", user if frappe.db.exists("User", user or "") else None,
              clinic if frappe.db.exists("Clinic", clinic or "") else None, answer.get("grant"),
              action="check", query=f"scope={str(scope)[:80]}; allowed={answer['allowed']}; {answer['reason']}")
    frappe.db.commit()
    return answer


def rotate_check_token(user: str) -> dict:
    """A new random token for the check API (returned once); the old one stops working at once.
    Non-support admins only; the settings change is logged for every clinic."""
    from healthdesk.support_access.defaults import new_token

    if not is_admin(user):
        frappe.throw(_("Only an administrator who is not a support user can rotate the token."),
                     frappe.PermissionError, title=_("Not allowed"))
    token = new_token()
    settings = frappe.get_single(SETTINGS)
    settings.access_check_token = token
    settings.flags.ignore_permissions = True
    settings.save()
    return {"token": token, "message": _("New token generated. Copy it now: it is not shown again.")}
