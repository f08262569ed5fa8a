# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from healthdesk.escalation.levels import LevelTaken
from healthdesk.utils import bold


class SupportTier(Document):
    def validate(self):
        other = frappe.db.get_value("Support Tier", {"level": self.level, "name": ["!=", self.name]}, "name")
        if other:
            frappe.throw(_("Level {0} already has a tier ({1}): each level has one tier and one single point of contact.").format(
                self.level, bold(other)), LevelTaken, title=_("Level already configured"))
