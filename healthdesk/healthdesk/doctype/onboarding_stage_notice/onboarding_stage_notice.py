# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""A user was told once that a stage of their onboarding panel is open ("notificado"). One
record per user, panel and stage title (the name is derived from them)."""

from __future__ import annotations

from frappe.model.document import Document

from healthdesk.onboarding.panels import record_name


class OnboardingStageNotice(Document):
    def autoname(self):
        if not self.name:
            self.name = record_name(self.user, self.panel, self.stage_title)
