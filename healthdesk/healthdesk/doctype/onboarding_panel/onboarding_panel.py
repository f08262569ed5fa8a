# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""An onboarding video panel: global default (no reseller) or a reseller's own. Stages and tasks
are two child tables; a task names its stage by title. Progress is kept per user by stage and task
title (see :mod:`healthdesk.onboarding.panels`), so renames made here carry the users' progress along."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from healthdesk.onboarding.panels import (
    PANEL,
    ActivePanelExists,
    DuplicateTitle,
    UnknownStage,
    delete_panel_records,
    problems_of,
    rename_titles,
    title_key,
)
from healthdesk.utils import bold


class OnboardingPanel(Document):
    def validate(self):
        self.panel_title = (self.panel_title or "").strip()
        for row in self.stages:
            row.stage_title = (row.stage_title or "").strip()
            row.module = (row.module or "").strip()
        for row in self.tasks:
            row.task_title = (row.task_title or "").strip()
            row.link = (row.link or "").strip()
            row.module = (row.module or "").strip()
        self.follow_stage_renames()
        self.validate_scope()
        self.validate_stages()
        self.validate_tasks()
        self.problems = "\n".join(problems_of(self))

    def on_update(self):
        renames = self.flags.get("onboarding_renames")
        if renames and (renames[0] or renames[1]):
            rename_titles(self.name, *renames)
        self.flags.onboarding_renames = None

    def on_trash(self):
        delete_panel_records(self.name)

    # ------------------------------------------------------------------------------------------

    def follow_stage_renames(self) -> None:
        """A stage renamed in the grid keeps its tasks, and users keep their progress in it."""
        before = self.get_doc_before_save()
        stage_renames: list[tuple[str, str]] = []
        task_renames: list[tuple[str, str, str]] = []
        if before:
            old_stages = {row.name: row.stage_title for row in before.stages}
            for row in self.stages:
                old = old_stages.get(row.name)
                if old is not None and old != row.stage_title:
                    stage_renames.append((old, row.stage_title))
            moved = {title_key(old): new for old, new in stage_renames}
            current = {title_key(row.stage_title) for row in self.stages}
            for task in self.tasks:
                key = title_key(task.stage)
                if key in moved and key not in current:
                    task.stage = moved[key]
            old_tasks = {row.name: (row.stage, row.task_title) for row in before.tasks}
            for task in self.tasks:
                old = old_tasks.get(task.name)
                if old and old[1] != task.task_title and title_key(moved.get(title_key(old[0]), old[0])) == title_key(task.stage):
                    task_renames.append((task.stage, old[1], task.task_title))
        self.flags.onboarding_renames = (stage_renames, task_renames)

    def validate_scope(self) -> None:
        if not self.is_active:
            return
        filters = {"is_active": 1, "name": ["!=", self.name]}
        filters["reseller"] = self.reseller if self.reseller else ["is", "not set"]
        other = frappe.db.get_value(PANEL, filters, ["name", "panel_title"], as_dict=True)
        if not other:
            return
        if self.reseller:
            message = _("Reseller {0} already has an active onboarding panel, {1}. Untick Active on one of them.").format(
                bold(self.reseller), bold(f"{other.name} - {other.panel_title}"))
        else:
            message = _("There is already an active global onboarding panel, {0}. Untick Active on one of them, or choose a Reseller.").format(
                bold(f"{other.name} - {other.panel_title}"))
        frappe.throw(message, ActivePanelExists, title=_("One active panel per reseller"))

    def validate_stages(self) -> None:
        seen: dict[str, int] = {}
        for row in self.stages:
            if not row.stage_title:
                frappe.throw(_("Stages, row {0}: fill in the Stage Title.").format(row.idx), title=_("Missing stage title"))
            earlier = seen.setdefault(title_key(row.stage_title), row.idx)
            if earlier != row.idx:
                frappe.throw(
                    _("Stages, row {0}: the title {1} is already used by row {2}. Progress is kept by title, so give each stage its own title.").format(
                        row.idx, bold(row.stage_title), earlier),
                    DuplicateTitle,
                    title=_("Duplicate stage title"),
                )

    def validate_tasks(self) -> None:
        stages = {title_key(row.stage_title): row.stage_title for row in self.stages}
        seen: dict[tuple[str, str], int] = {}
        for row in self.tasks:
            if title_key(row.stage) not in stages:
                frappe.throw(
                    _("Tasks, row {0}: the Stage {1} is not one of the panel's stages. Choose one of: {2}.").format(
                        row.idx, bold(row.stage or ""), ", ".join(bold(t) for t in stages.values()) or "-"),
                    UnknownStage,
                    title=_("Unknown stage"),
                )
            row.stage = stages[title_key(row.stage)]
            if not row.task_title:
                frappe.throw(_("Tasks, row {0}: fill in the Task Title.").format(row.idx), title=_("Missing task title"))
            key = (title_key(row.stage), title_key(row.task_title))
            earlier = seen.setdefault(key, row.idx)
            if earlier != row.idx:
                frappe.throw(
                    _("Tasks, row {0}: the stage {1} already has a task titled {2} (row {3}). Progress is kept by title, so give each task of a stage its own title.").format(
                        row.idx, bold(row.stage), bold(row.task_title), earlier),
                    DuplicateTitle,
                    title=_("Duplicate task title"),
                )
