# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""A task of an onboarding panel one user has done: when, and how (watched to the end or marked
by hand). One record per user, panel, stage title and task title (a unique index)."""

from __future__ import annotations

import frappe
from frappe.model.document import Document

UNIQUE_FIELDS = ["user", "panel", "stage_title", "task_title"]


class OnboardingProgress(Document):
    def validate(self):
        if self.done and not self.done_on:
            from frappe.utils import now_datetime

            self.done_on = now_datetime()


def on_doctype_update():
    # a second insert of the same (user, panel, stage, task) fails instead of making a duplicate
    frappe.db.add_unique("Onboarding Progress", UNIQUE_FIELDS, constraint_name="unique_user_task")
