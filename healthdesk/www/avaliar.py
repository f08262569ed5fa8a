"""Portal page "Avalie o atendimento" (/avaliar): a clinic user rates a resolved ticket of their
clinic (1 to 5 stars and a comment), once; the tickets waiting for their rating are listed. The
rules are checked on the server (healthdesk.satisfaction.survey) when the rating is sent."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

from healthdesk.portal.menu import has_clinic
from healthdesk.portal.pages import logged_in_page, not_for_you
from healthdesk.satisfaction import survey

no_cache = 1


def get_context(context):
    user = logged_in_page(context, "/avaliar", _("Rate the support"))
    ticket_name = frappe.form_dict.get("ticket")
    context.waiting = survey.waiting(user)
    context.ticket = None
    if ticket_name:
        context.ticket = survey.ticket_for_page(ticket_name, user)
        if context.ticket is None:
            not_for_you(context, _("You can rate only the tickets of your clinic."))
            return context
        preset = cint(frappe.form_dict.get("stars"))
        context.preset = preset if 1 <= preset <= 5 else 0
    elif not context.waiting and not has_clinic(user):
        not_for_you(context, _("Tickets are rated by the users of the clinic that raised them. Your user is not linked to a clinic."))
        return context
    context.resolved = survey.RESOLVED
    return context
