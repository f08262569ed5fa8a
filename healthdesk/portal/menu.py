"""The website portal's menu (sidebar and the account menu) offers each person only the pages
that apply to them (hook ``update_website_context``).

Frappe's ``portal_menu_items`` can only be limited by one role, and clinic users have none: they
are users whose Contact is linked to a clinic's HD Customer. So the menu is filtered here, per
page view, from what Frappe computed: pages for clinic users ("My tickets" in Helpdesk's portal,
"Open a ticket", "Getting started", "Support access") are left out for anyone without a clinic —
a cooperative's manager met a 403 page with a login button from their own menu. Titles are
translated with a context, so "Support" is ours ("Suporte") and not ERPNext's ("Pós-vendas").
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.network.contacts import user_customers

MENU_CONTEXT = "Healthdesk portal menu"
# Routes that only make sense for a user of at least one clinic.
CLINIC_ROUTES = frozenset({"/helpdesk/my-tickets", "/abrir-chamado", "/onboarding", "/support-access"})
# Satisfaction: the clinic user's tickets waiting for a rating (healthdesk/satisfaction/)
RATING_ROUTE = "/avaliar"
CLINIC_ROUTES = CLINIC_ROUTES | {RATING_ROUTE}
OURS = CLINIC_ROUTES | {"/multi-clinic-requests", "/support"}


def has_clinic(user: str | None = None) -> bool:
    user = user or frappe.session.user
    return user != "Guest" and bool(user_customers(user))


def menu_items(items: list[dict], user: str | None = None) -> list[dict]:
    """``items`` (Frappe's portal menu for ``user``) without the clinic pages when the user has
    no clinic; healthdesk's titles translated in the menu's context. Returns new dicts."""
    user = user or frappe.session.user
    clinic_user = None
    result = []
    for item in items or []:
        route = (item.get("route") or "").rstrip("/") or "/"
        if route in CLINIC_ROUTES:
            if clinic_user is None:
                clinic_user = has_clinic(user)
            if not clinic_user:
                continue
        item = dict(item)
        if route in OURS and item.get("title"):
            item["title"] = _(item["title"], context=MENU_CONTEXT)
        if route == "/support-access":
            waiting = pending_access_requests(user)
            if waiting:
                # what needs the clinic user's action, visible on every portal page
                item["title"] = _("Support access ({0} waiting for you)", context=MENU_CONTEXT).format(waiting)
        if route == RATING_ROUTE:
            from healthdesk.satisfaction.survey import waiting as waiting_ratings

            count = len(waiting_ratings(user))
            if count:
                item["title"] = _("Rate the support ({0} waiting)").format(count)
        result.append(item)
    return result


def pending_access_requests(user: str) -> int:
    """How many of support's access requests wait for ``user``'s decision (clinics they grant for)."""
    from healthdesk.support_access import REQUEST, grantable_clinics

    clinics = grantable_clinics(user)
    if not clinics:
        return 0
    return frappe.db.count(REQUEST, {"clinic": ["in", clinics], "status": "Pending"})


def update_website_context(context) -> None:
    """Hook: filter the sidebar items Frappe put in the page's context (a new list: Frappe caches
    its own per user)."""
    if context.get("sidebar_items"):
        context["sidebar_items"] = menu_items(context["sidebar_items"])
