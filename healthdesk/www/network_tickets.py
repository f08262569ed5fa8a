"""Portal page: a cooperative's managers follow their network's tickets, read only
(healthdesk/portal/network_tickets.py holds the rule; this page only shows its answer)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

from healthdesk.network.permissions import is_healthdesk_admin
from healthdesk.portal import network_tickets as nt
from healthdesk.portal.pages import logged_in_page, not_for_you

no_cache = 1


def get_context(context):
    user = logged_in_page(context, "/network-tickets", _("Network tickets"))
    args = frappe.form_dict
    resellers = nt.scope(user)
    if not resellers:
        if is_healthdesk_admin(user) or frappe.db.exists("HD Agent", {"user": user, "is_active": 1}):
            # support works tickets in Helpdesk's agent UI
            frappe.local.flags.redirect_location = "/helpdesk/tickets"
            raise frappe.Redirect
        not_for_you(context, _("Network tickets are followed by the managers of a cooperative. Your clinic's tickets are in My tickets."))
        return context
    context.resellers = nt.reseller_names(resellers)
    if args.get("ticket"):
        try:
            context.ticket = nt.ticket_detail(args.get("ticket"), user)
        except nt.NotInYourNetwork as refused:
            not_for_you(context, str(refused))
        return context
    context.status = args.get("status") if args.get("status") in nt.STATUSES else ""
    context.clinic = args.get("clinic") or ""
    context.number = (args.get("number") or "").strip()
    context.statuses = [{"value": s, "label": _(s)} for s in nt.STATUSES]
    context.clinics = nt.clinics(resellers)
    context.page = nt.ticket_list(user, context.status, context.clinic, context.number, cint(args.get("start")))
    context.page_length = nt.PAGE_LENGTH
    return context
