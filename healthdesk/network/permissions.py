"""Row-level permissions of healthdesk's own doctypes (hooks ``has_permission`` and
``permission_query_conditions``).

Role permissions (DocPerm) say *what* a role may do; these hooks say *which rows*:

- Administrator, System Manager and Healthdesk Admin: every row.
- Helpdesk agents (role Agent / Agent Manager): every row their role lets them read (support
  must know every base and follow every request).
- Reseller Manager: only rows of the resellers that list them as managers.
- Anyone else: no rows.

``has_permission`` hooks can only deny (return False) or defer (None); the list conditions never
touch Helpdesk's doctypes, whose own conditions have top-level ORs.
"""

from __future__ import annotations

import frappe
from frappe.model.document import Document

from healthdesk.constants import ADMIN_ROLES, AGENT_ROLES, RESELLER_MANAGER
from healthdesk.network.clinics import managed_resellers


def is_healthdesk_admin(user: str | None = None) -> bool:
    user = user or frappe.session.user
    return user == "Administrator" or bool(ADMIN_ROLES & set(frappe.get_roles(user)))


def _scope(user: str | None, agents_see_all: bool) -> list[str] | None:
    """None when ``user`` sees every row; otherwise the resellers whose rows they see."""
    user = user or frappe.session.user
    roles = set(frappe.get_roles(user))
    if user == "Administrator" or ADMIN_ROLES & roles:
        return None
    if agents_see_all and AGENT_ROLES & roles:
        return None
    if RESELLER_MANAGER in roles:
        return managed_resellers(user)
    return []


def _condition(column: str, resellers: list[str] | None) -> str | None:
    if resellers is None:
        return None
    if not resellers:
        return "1=0"
    values = ", ".join(frappe.db.escape(r) for r in resellers)
    return f"{column} in ({values})"


def reseller_query(user: str | None = None) -> str | None:
    return _condition("`tabReseller`.`name`", _scope(user, agents_see_all=True))


def clinic_query(user: str | None = None) -> str | None:
    return _condition("`tabClinic`.`reseller`", _scope(user, agents_see_all=True))


def multi_clinic_request_query(user: str | None = None) -> str | None:
    return _condition(
        "`tabMulti-Clinic Access Request`.`reseller`", _scope(user, agents_see_all=True)
    )


def _allowed(reseller: str | None, user: str | None) -> bool | None:
    resellers = _scope(user, agents_see_all=True)
    if resellers is None:
        return None
    if reseller and reseller in resellers:
        return None
    return False


def reseller_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
    return _allowed(doc.name, user)


def clinic_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
    return _allowed(doc.reseller, user)


def multi_clinic_request_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
    if isinstance(doc, Document) and doc.is_new():
        # A new request has no reseller yet: validate() checks the reseller scope once the
        # pasted text is parsed.
        return None
    return _allowed(doc.reseller, user)


def onboarding_panel_query(user: str | None = None) -> str | None:
    """Onboarding panels: everyone who may read them sees all, except a Reseller Manager, who sees
    the panels of their resellers and the global default panel."""
    resellers = _scope(user, agents_see_all=True)
    if resellers is None:
        return None
    values = ", ".join(frappe.db.escape(r) for r in resellers)
    mine = f" or `tabOnboarding Panel`.`reseller` in ({values})" if values else ""
    return f"(ifnull(`tabOnboarding Panel`.`reseller`, '') = ''{mine})"


def onboarding_panel_has_permission(doc, ptype: str | None = None, user: str | None = None) -> bool | None:
    resellers = _scope(user, agents_see_all=True)
    if resellers is None:
        return None
    if not doc.get("reseller") or doc.reseller in resellers:
        return None
    return False
