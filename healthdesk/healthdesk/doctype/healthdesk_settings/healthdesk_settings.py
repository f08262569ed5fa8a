# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document


class HealthdeskSettings(Document):
    def validate(self):
        if self.breach_warning_before is not None and float(self.breach_warning_before) < 0:
            frappe.throw(_("Warn Before a Response Deadline cannot be negative."), title=_("Invalid value"))
        from healthdesk.support_access import validate_settings

        validate_settings(self)

    def on_update(self):
        # every LGPD settings change is logged; the support-access configuration every permission
        # check reads is cached, and so are the boundary's allowlists
        from healthdesk.support_access.config import clear_config_cache, settings_on_update

        settings_on_update(self)
        clear_config_cache()
