"""Onboarding completion figures: how much of the onboarding panel clinic users have done, grouped
by clinic, reseller, stage or module, so a reseller sees where retraining is needed.

The input is one :class:`TaskRecord` per (user, clinic, task of the panel the user sees). A user
working in several clinics counts in each clinic; in the other groupings the same user and task
count once (a multi-clinic user is one person). Standard library only; no frappe.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["GROUPINGS", "CompletionRow", "TaskRecord", "completion"]

#: Grouping name → the record fields that form the group key.
GROUPINGS: dict[str, tuple[str, ...]] = {
    "Clinic": ("reseller", "clinic"),
    "Reseller": ("reseller",),
    "Stage": ("panel", "stage_number", "stage"),
    "Module": ("module",),
}


@dataclass(frozen=True)
class TaskRecord:
    """One task of one user's panel, in one of the user's clinics."""

    user: str
    reseller: str
    clinic: str
    panel: str
    stage_number: int
    stage: str
    module: str
    task: str
    done: bool


@dataclass(frozen=True)
class CompletionRow:
    """A group's figures. ``percent`` is ``done * 100 / total`` rounded to one decimal;
    ``users_finished`` counts users who did every task of theirs in the group."""

    key: tuple
    users: int
    users_finished: int
    done: int
    total: int
    percent: float


def completion(records: Iterable[TaskRecord], group_by: str) -> list[CompletionRow]:
    """Figures per group (sorted by key). ValueError for an unknown ``group_by``."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}, not {group_by!r}.")
    fields = GROUPINGS[group_by]
    # (group key, user, panel, stage, task) → done; the same task of the same user counts once
    # per group, done if done anywhere (it is the same progress record).
    tasks: dict[tuple, bool] = {}
    for record in records:
        key = tuple(getattr(record, name) for name in fields)
        identity = (key, record.user, record.panel, record.stage, record.task)
        tasks[identity] = tasks.get(identity, False) or record.done
    per_group: dict[tuple, dict[str, list[int]]] = {}
    for (key, user, _panel, _stage, _task), done in tasks.items():
        counts = per_group.setdefault(key, {}).setdefault(user, [0, 0])
        counts[0] += int(done)
        counts[1] += 1
    rows = []
    for key in sorted(per_group):
        users = per_group[key]
        done = sum(c[0] for c in users.values())
        total = sum(c[1] for c in users.values())
        rows.append(
            CompletionRow(
                key=key,
                users=len(users),
                users_finished=sum(1 for c in users.values() if c[0] == c[1]),
                done=done,
                total=total,
                percent=round(done * 100 / total, 1) if total else 0.0,
            )
        )
    return rows
