# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""A task of an onboarding panel one user has done: when, and how (watched to the end or marked
by hand). One record per user, panel, stage title and task title (the name is derived from them)."""

from __future__ import annotations

from frappe.model.document import Document

from healthdesk.onboarding.panels import record_name


class OnboardingProgress(Document):
    def autoname(self):
        if not self.name:
            self.name = record_name(self.user, self.panel, self.stage_title, self.task_title)

    def validate(self):
        if self.done and not self.done_on:
            from frappe.utils import now_datetime

            self.done_on = now_datetime()
