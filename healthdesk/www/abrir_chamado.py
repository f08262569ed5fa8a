"""Portal page for clinic users: open a ticket with category, module, severity (errors only),
guided description, attachments and a personal-data check before sending. Everything is checked
again by the server (healthdesk.api.intake.create_ticket and the HD Ticket doc events)."""

from __future__ import annotations

from frappe import _

from healthdesk.constants import NOT_COVERED
from healthdesk.intake.form import form_options
from healthdesk.portal.pages import logged_in_page
from healthdesk.www.support import SEVERITY_ROWS

no_cache = 1


def get_context(context):
    logged_in_page(context, "/abrir-chamado", _("Open a ticket"))
    context.options = form_options()
    context.severity_rows = [{"value": s, "label": _(s), "meaning": _(m)} for s, m in SEVERITY_ROWS
                             if s != NOT_COVERED]
    context.accept = ",".join("." + e for e in context.options["allowed_extensions"])
    return context
