"""Portal page "Acesso do suporte": a clinic user grants, follows and revokes LGPD support access
to their clinic, decides support's requests and reads their clinic's access log. Every action goes
through healthdesk.api.support_access, which checks the rules server-side."""

from __future__ import annotations

from frappe import _

from healthdesk.api.support_access import overview
from healthdesk.portal.pages import logged_in_page
from healthdesk.support_access import grantable_clinics

no_cache = 1


def get_context(context):
    user = logged_in_page(context, "/support-access", _("Support access"))
    if not grantable_clinics(user):
        # an explanation with links, not Frappe's "Not permitted" page with a login button
        from healthdesk.portal.pages import not_for_you

        not_for_you(context, _("Support access is granted by the users of a clinic (or by their reseller's multi-clinic administrator). Your user is not linked to a clinic."))
        return context
    data = overview()
    context.update(data)
    context.active = [g for g in data["grants"] if g["status"] == "Active"]
    context.past = [g for g in data["grants"] if g["status"] != "Active"]
    return context
