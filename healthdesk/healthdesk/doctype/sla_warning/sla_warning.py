# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

from frappe.model.document import Document


class SLAWarning(Document):
    """One warning sent for a ticket, threshold and deadline (see healthdesk.sla.breach_warnings)."""

    def autoname(self):
        from healthdesk.sla.breach_warnings import warning_key

        # The key is the name: the same warning can never be recorded (or sent) twice.
        self.name = warning_key(self.ticket, self.threshold, self.deadline)
