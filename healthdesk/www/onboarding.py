"""Portal page /onboarding: a clinic user's onboarding video panel ("conquistas").

Rendered on the server from :func:`healthdesk.onboarding.panels.build_state`; the page's script calls
``healthdesk.api.onboarding`` to mark tasks done (by hand, or when a YouTube video ends), to
record the stage notices, and to ask for a Customer Success meeting.
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.onboarding.panels import PANEL, build_state, no_clinic_message, no_panel_message, viewer_for
from healthdesk.portal.pages import logged_in_page

no_cache = 1


def get_context(context):
    user = logged_in_page(context, "/onboarding", _("Getting started"))
    context.show_sidebar = False
    context.state = None
    context.message = None
    viewer = viewer_for(user)
    if not viewer.clinics:
        context.message = no_clinic_message()
    elif not viewer.panel:
        context.message = no_panel_message()
    else:
        context.state = build_state(viewer, frappe.get_doc(PANEL, viewer.panel))
    return context
