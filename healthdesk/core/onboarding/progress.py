"""One user's progress through the onboarding panel: done / total figures, when the "Agendar um
Horário" button appears, which stages are open, and the panel with one user's ``efetuada`` and
``notificado`` values (to export it).

Standard library only; nothing here imports frappe.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from healthdesk.core.onboarding.model import Panel, PanelProgress, Stage, StageProgress, Task, norm_title


def progress(panel: Panel) -> PanelProgress:
    """Done / total tasks per stage and overall; percents are floored (100 only when complete)."""
    stages = []
    for stage in panel.stages:
        done = sum(task.done for task in stage.tasks)
        total = len(stage.tasks)
        stages.append(
            StageProgress(stage.title, done, total, done * 100 // total if total else 0, done == total)
        )
    done = sum(stage.done for stage in stages)
    total = sum(stage.total for stage in stages)
    return PanelProgress(
        tuple(stages), done, total, done * 100 // total if total else 0, total > 0 and done == total
    )


def all_done(panel: Panel) -> bool:
    """True when the panel has at least one task and every task is done: the moment the
    "Agendar um Horário" button appears."""
    tasks = [task for stage in panel.stages for task in stage.tasks]
    return bool(tasks) and all(task.done for task in tasks)


def unlocked_stages(panel: Panel, *, admin_unlock: bool = False) -> list[bool]:
    """Which stages the user may open, one bool per stage.

    Rule: a stage is open when it is not locked (``bloqueada: false``), or when every earlier
    stage is complete (all its tasks done; a stage without tasks counts as complete), or when
    ``admin_unlock`` is passed (an admin/support override opening everything). So a locked
    stage opens once the stages before it are finished; a locked first stage has nothing to wait
    for and is open (``panel_problems`` reports it).
    """
    result: list[bool] = []
    earlier_complete = True
    for stage in panel.stages:
        result.append(admin_unlock or not stage.locked or earlier_complete)
        earlier_complete = earlier_complete and stage.complete
    return result


def done_keys(panel: Panel) -> frozenset[tuple[str, str]]:
    """``(stage title, task title)`` of every done task: what the app stores per user."""
    return frozenset((stage.title, task.title) for stage in panel.stages for task in stage.tasks if task.done)


def done_flags(panel: Panel) -> tuple[tuple[bool, ...], ...]:
    """The ``efetuada`` values shaped like the panel: one tuple per stage, one bool per task."""
    return tuple(tuple(task.done for task in stage.tasks) for stage in panel.stages)


def _is_key_pair(item: object) -> bool:
    return isinstance(item, tuple) and len(item) == 2 and all(isinstance(part, str) for part in item)


def _flag_rows(rows: list[Any], shape: Sequence[int], what: str) -> list[list[bool]]:
    if len(rows) != len(shape):
        raise ValueError(f"{what}: expected {len(shape)} rows (one per stage), got {len(rows)}.")
    result = []
    for number, (row, size) in enumerate(zip(rows, shape, strict=True), 1):
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise TypeError(f"{what}: row {number} must be a sequence of bools.")
        flags = list(row)
        if len(flags) != size or not all(isinstance(flag, bool) for flag in flags):
            raise ValueError(f"{what}: row {number} must hold {size} bools (one per task).")
        result.append(flags)
    return result


def with_progress(
    panel: Panel,
    done: Iterable[tuple[str, str]] | Sequence[Sequence[bool]],
    *,
    notified: Iterable[str] | Sequence[bool] | None = None,
) -> Panel:
    """The same panel with one user's ``efetuada`` (and optionally ``notificado``) values, e.g. to
    export "this user's panel" with :func:`dump_panel`.

    ``done`` is either an iterable of ``(stage title, task title)`` pairs of the done tasks (as
    :func:`done_keys` gives; titles match ignoring case, surrounding spaces and Unicode
    normalisation; tasks not listed become not done) or rows of bools shaped like the panel (as
    :func:`done_flags` gives). ``notified`` is None (keep the panel's values), stage titles, or one
    bool per stage. ``problems`` are carried over.
    """
    items = list(done)
    shape = [len(stage.tasks) for stage in panel.stages]
    if all(_is_key_pair(item) for item in items):
        keys = {(norm_title(stage), norm_title(task)) for stage, task in items}
        flags = [
            [(norm_title(stage.title), norm_title(task.title)) in keys for task in stage.tasks]
            for stage in panel.stages
        ]
    elif any(_is_key_pair(item) for item in items):
        raise TypeError("done: mix of (stage, task) title pairs and rows of bools.")
    else:
        flags = _flag_rows(items, shape, "done")
    if notified is None:
        notified_flags = [stage.notified for stage in panel.stages]
    else:
        marks = list(notified)
        if all(isinstance(mark, str) for mark in marks):
            titles = {norm_title(mark) for mark in marks}
            notified_flags = [norm_title(stage.title) in titles for stage in panel.stages]
        elif all(isinstance(mark, bool) for mark in marks):
            if len(marks) != len(panel.stages):
                raise ValueError(
                    f"notified: expected {len(panel.stages)} bools (one per stage), got {len(marks)}."
                )
            notified_flags = marks
        else:
            raise TypeError("notified: give stage titles or one bool per stage.")
    stages = tuple(
        Stage(
            stage.title,
            stage.locked,
            notified_flags[s],
            tuple(
                Task(task.title, flags[s][t], task.url, task.video_id, task.raw_link)
                for t, task in enumerate(stage.tasks)
            ),
        )
        for s, stage in enumerate(panel.stages)
    )
    return Panel(stages, panel.preview, panel.problems)
