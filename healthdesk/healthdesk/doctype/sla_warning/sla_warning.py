# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

import frappe
from frappe.model.document import Document


class SLAWarning(Document):
    """One warning sent for a ticket, threshold and deadline (see healthdesk.sla.breach_warnings)."""


def on_doctype_update():
    # the same warning can never be recorded (or sent) twice, whichever worker tries
    frappe.db.add_unique("SLA Warning", ["ticket", "threshold", "deadline"], constraint_name="unique_warning")
