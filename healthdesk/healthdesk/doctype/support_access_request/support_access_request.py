# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document


class SupportAccessRequest(Document):
    """An agent's request for access to a ticket's clinic; the clinic approves or declines it.
    Created and decided only through healthdesk.support_access.grants."""

    def validate(self):
        if not self.is_new() and not self.flags.decision:
            before = self.get_doc_before_save()
            if before and (before.justification != self.justification or before.clinic != self.clinic
                           or before.ticket != self.ticket or before.status != self.status):
                frappe.throw(_("A request cannot be changed; decide it from the portal."),
                             frappe.PermissionError, title=_("Not allowed"))

    def on_trash(self):
        frappe.throw(_("Support access requests are kept for the audit trail."), frappe.PermissionError,
                     title=_("Not allowed"))
