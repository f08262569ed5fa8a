# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document


class SupportAccessLog(Document):
    """LGPD Art. 37 record of support access: written once by the server, never changed or
    deleted, by anyone (the role permissions give no write/delete either).

    Rows come only from :func:`healthdesk.support_access.write_log`, which writes straight to the
    table: every ``insert()`` — REST, desk, a server script, Administrator included — is refused."""

    def before_insert(self):
        frappe.throw(_("Support Access Log entries are written by healthdesk only."), frappe.PermissionError,
                     title=_("Not allowed"))

    def validate(self):
        if not self.is_new():
            frappe.throw(_("Support Access Log entries cannot be changed."), frappe.PermissionError,
                         title=_("Not allowed"))

    def on_trash(self):
        frappe.throw(_("Support Access Log entries cannot be deleted."), frappe.PermissionError,
                     title=_("Not allowed"))
