# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

from __future__ import annotations

from frappe.model.document import Document

from healthdesk.cards import outcomes, rules


class ProductCard(Document):
    def validate(self):
        rules.validate(self)

    def before_save(self):
        rules.record_status_change(self)

    def on_update(self):
        if self.has_value_changed("status"):
            outcomes.on_status_change(self)
