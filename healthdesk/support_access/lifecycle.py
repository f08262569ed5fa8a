"""LGPD support access: who may grant, grants' agents and teams, and the scheduler that
opens and closes grants."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import now_datetime

from healthdesk.constants import ADMIN_ROLES
from healthdesk.core import grants as core
from healthdesk.support_access.audit import notify, ticket_note, write_log
from healthdesk.support_access.config import GRANT, is_support_user


def clinic_users(clinic: str) -> list[str]:
    """Users who may grant for ``clinic``: its clinic users and its reseller's multi-clinic admin."""
    customer, reseller = frappe.db.get_value("Clinic", clinic, ["hd_customer", "reseller"]) or (None, None)
    users: list[str] = []
    if customer:
        users = [r[0] for r in frappe.db.sql(
            """select distinct c.user from `tabContact` c join `tabDynamic Link` l
            on l.parent = c.name and l.parenttype = 'Contact' and l.parentfield = 'links'
            where l.link_doctype = 'HD Customer' and l.link_name = %s and ifnull(c.user, '') != ''""",
            customer)]
    admin = frappe.db.get_value("Reseller", reseller, "multi_clinic_admin") if reseller else None
    if admin and admin not in users:
        users.append(admin)
    return [u for u in users if frappe.db.get_value("User", u, "enabled") and not is_support_user(u)]


def can_grant(user: str, clinic: str | None) -> bool:
    if not clinic or user in ("Guest", "Administrator") or is_support_user(user):
        return False
    customer, reseller = frappe.db.get_value("Clinic", clinic, ["hd_customer", "reseller"]) or (None, None)
    if customer:
        from healthdesk.network.contacts import user_customers
        if customer in user_customers(user):
            return True
    return bool(reseller) and frappe.db.get_value("Reseller", reseller, "multi_clinic_admin") == user


def grantable_clinics(user: str) -> list[str]:
    """Clinics ``user`` may grant support access to."""
    if user in ("Guest", "Administrator") or is_support_user(user):
        return []
    from healthdesk.network.contacts import user_customers
    customers = list(user_customers(user))
    clinics = set(frappe.get_all("Clinic", filters={"hd_customer": ["in", customers or ["\x00"]]}, pluck="name",
                                 ignore_permissions=True))
    resellers = frappe.get_all("Reseller", filters={"multi_clinic_admin": user}, pluck="name", ignore_permissions=True)
    if resellers:
        clinics |= set(frappe.get_all("Clinic", filters={"reseller": ["in", resellers]}, pluck="name",
                                      ignore_permissions=True))
    return sorted(clinics)


def is_admin(user: str) -> bool:
    return user == "Administrator" or (bool(ADMIN_ROLES & set(frappe.get_roles(user))) and not is_support_user(user))


def grant_agents(grant) -> list[str]:
    """Who the grant covers: the agents it names and its team's members when it was granted."""
    agents = [row.agent for row in grant.get("agents") or []] + [row.agent for row in grant.get("team_members") or []]
    return list(dict.fromkeys(a for a in agents if a))


def team_snapshot(team: str | None) -> list[str]:
    """The support users in ``team`` now (stored on a grant when the clinic approves it)."""
    if not team:
        return []
    return [u for u in dict.fromkeys(frappe.get_all("HD Team Member", filters={"parenttype": "HD Team", "parent": team},
                                                    pluck="user", ignore_permissions=True)) if u and is_support_user(u)]


def refresh_grants() -> None:
    """Every few minutes: store the derived status, log and notify expiries, warn agents an hour
    before the end. Enforcement never reads the stored status."""
    now = now_datetime()
    hour = frappe.utils.add_to_date(now, hours=1)
    for row in frappe.get_all(GRANT, filters={"status": "Active"},
                              fields=["name", "valid_from", "valid_until", "revoked_at", "expiry_notified",
                                      "warning_sent"]):
        status = core.grant_status(row.valid_from, row.valid_until, row.revoked_at, now)
        grant = frappe.get_doc(GRANT, row.name)
        if status == core.EXPIRED:
            frappe.db.set_value(GRANT, row.name, {"status": core.EXPIRED, "expiry_notified": 1}, update_modified=False)
            if not row.expiry_notified:
                write_log("Expired", None, grant.clinic, grant.name)
                subject = _("Support access to {0} has expired").format(grant.clinic_name or grant.clinic)
                notify(clinic_users(grant.clinic), subject,
                       _("The support access you granted ended at {0}.").format(grant.valid_until), GRANT, grant.name)
                ticket_note(grant.ticket, _("Support access {0} expired.").format(grant.name))
        elif status == core.REVOKED:
            frappe.db.set_value(GRANT, row.name, "status", core.REVOKED, update_modified=False)
        elif status == core.ACTIVE and not row.warning_sent and row.valid_until <= hour:
            frappe.db.set_value(GRANT, row.name, "warning_sent", 1, update_modified=False)
            subject = _("Support access to {0} ends within an hour").format(grant.clinic_name or grant.clinic)
            notify(grant_agents(grant), subject,
                   _("Your access under grant {0} ends at {1}.").format(grant.name, grant.valid_until),
                   GRANT, grant.name)
    # shares to support users opening protected or medical records are removed (Frappe would let a
    # share bypass the permission hooks)
    from healthdesk.support_access.guards import remove_support_shares

    remove_support_shares()
    frappe.db.commit()
