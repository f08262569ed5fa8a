"""Portal page: a cooperative's managers follow the bug reports and improvement requests their
cooperative passed to the vendor (read only): status, the clinics' tickets, the history."""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.cards.actions import cooperative_cards
from healthdesk.cards.visibility import card_resellers
from healthdesk.portal.pages import logged_in_page, not_for_you

no_cache = 1

STATUS_CLASSES = {"Received": "received", "Under analysis": "analysis", "Planned": "planned",
                  "Released": "released", "Declined": "declined"}


def get_context(context):
    user = logged_in_page(context, "/product-cards", _("Product cards"))
    resellers = card_resellers(user)
    if resellers is None:
        # the vendor's people work cards in the desk
        frappe.local.flags.redirect_location = "/app/product-card"
        raise frappe.Redirect
    if not resellers:
        not_for_you(context, _("Product cards are followed by the managers of a cooperative. Ask your cooperative's manager about a bug report or an improvement request."))
        return context
    context.resellers = frappe.get_all("Reseller", filters={"name": ["in", resellers]}, pluck="reseller_name")
    context.cards = cooperative_cards()
    context.status_classes = STATUS_CLASSES
    return context
