"""Portal page: a cooperative's managers read their network's indicators (the vendor's side reads
any reseller's, or every one): healthdesk.indicators.portal.summary is the one source of its
numbers; the scope rule is healthdesk.indicators.scope."""

from __future__ import annotations

from urllib.parse import urlencode

import frappe
from frappe import _

from healthdesk.indicators import portal
from healthdesk.indicators.filters import InvalidPeriod
from healthdesk.indicators.scope import OutsideYourScope, indicator_resellers
from healthdesk.portal.pages import logged_in_page, not_for_you

no_cache = 1

QUERY_KEYS = ("from_date", "to_date", "reseller", "clinic", "module")


def get_context(context):
    user = logged_in_page(context, portal.PAGE_ROUTE, _("Network indicators"))
    allowed = indicator_resellers(user)
    if allowed == []:
        not_for_you(context, _("The network's indicators are for the managers of a cooperative and the vendor's support. Your clinic's tickets are in My tickets."))
        return context
    args = {key: (frappe.form_dict.get(key) or "").strip() for key in QUERY_KEYS}
    try:
        f = portal.request_filters(allowed, args)
    except OutsideYourScope as refused:
        not_for_you(context, str(refused))
        return context
    except (InvalidPeriod, frappe.ValidationError) as bad:
        # a period the page cannot read: say why and show the default period instead
        context.filter_error = str(bad)
        context.http_status_code = 400
        frappe.clear_last_message()
        args.update(from_date="", to_date="")
        f = portal.request_filters(allowed, args)
    context.filters = f
    context.args = args
    context.vendor = allowed is None
    context.resellers = portal.reseller_options(allowed)
    context.clinics = portal.clinic_options(allowed, args["reseller"] or None)
    context.modules = portal.module_options()
    context.scope_label = portal.scope_label(f)
    context.period_label = portal.period_label(f)
    context.summary = portal.summary(f)
    context.display = portal.display
    query = urlencode({"from_date": f.from_date.isoformat(), "to_date": f.to_date.isoformat(),
                       **{k: args[k] for k in ("reseller", "clinic", "module") if args[k]}})
    context.export_csv = f"/api/method/healthdesk.api.portal_indicators.export?file_format=csv&{query}"
    context.export_xlsx = f"/api/method/healthdesk.api.portal_indicators.export?file_format=xlsx&{query}"
    return context
