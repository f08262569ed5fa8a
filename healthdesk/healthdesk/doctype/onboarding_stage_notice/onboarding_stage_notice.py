# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""A user was told once that a stage of their onboarding panel is open ("notificado"). One
record per user, panel and stage title (a unique index)."""

from __future__ import annotations

import frappe
from frappe.model.document import Document

UNIQUE_FIELDS = ["user", "panel", "stage_title"]


class OnboardingStageNotice(Document):
    pass


def on_doctype_update():
    # a stage is noticed once per user: a second insert fails instead of notifying twice
    frappe.db.add_unique("Onboarding Stage Notice", UNIQUE_FIELDS, constraint_name="unique_user_stage")
