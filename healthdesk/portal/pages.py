"""Portal pages that are not for the person who opened them say why, in their language, and
point to what they can use, instead of Frappe's "Not permitted" page with a login button shown to
someone who is already logged in."""

from __future__ import annotations

import frappe
from frappe import _


def not_for_you(context, message: str) -> None:
    """Make the page render its explanation (``templates/includes/healthdesk_not_for_you.html``)
    instead of its content; ``message`` is already translated. The answer is 403."""
    from healthdesk.portal.menu import has_clinic

    links = []
    if has_clinic():
        links.append({"route": "/helpdesk/my-tickets", "label": _("My tickets", context="Healthdesk portal menu")})
    links.append({"route": "/support", "label": _("Support", context="Healthdesk portal menu")})
    links.append({"route": "/me", "label": _("My account")})
    context.not_for_you = frappe._dict(message=message, links=links)
    context.http_status_code = 403


def logged_in_page(context, route: str, title: str) -> str:
    """The start of every healthdesk portal page for logged-in people: a guest is sent to the
    login page and back; the page gets its (translated) title and no breadcrumbs. Returns the user."""
    user = frappe.session.user
    if user == "Guest":
        frappe.local.flags.redirect_location = f"/login?redirect-to={route}"
        raise frappe.Redirect
    context.title = title
    context.no_breadcrumbs = True
    return user
