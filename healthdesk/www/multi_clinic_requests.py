"""Portal page: a Reseller Manager sends multi-clinic requests and follows their status."""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.api.multi_clinic import my_requests
from healthdesk.network.clinics import managed_resellers
from healthdesk.network.permissions import RESELLER_MANAGER, is_healthdesk_admin
from healthdesk.portal.pages import logged_in_page, not_for_you

no_cache = 1


def get_context(context):
    user = logged_in_page(context, "/multi-clinic-requests", _("Multi-clinic requests"))
    if not (RESELLER_MANAGER in frappe.get_roles(user) or is_healthdesk_admin(user)):
        # Logged in, but not a reseller manager: say why, no login button (the API still refuses).
        not_for_you(context, _("Multi-clinic requests are sent by the managers of a reseller. Ask your reseller's manager to send one for you."))
        return context
    context.resellers = frappe.get_all(
        "Reseller", filters={"name": ["in", managed_resellers(user)]}, pluck="reseller_name"
    )
    context.requests = my_requests()
    context.example = (
        "Usuário: maria@clinica.example\n"
        "Já está cadastrado na clínica: 0012\n"
        "Multi clínica para as clínicas: 0012, 0345, 0678"
    )
    return context
