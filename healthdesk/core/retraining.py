"""Retraining signal by module: which clinics ask clearly more how-to questions about a module than
the rest of the network, per person who uses the system.

Inputs are plain values (no frappe): the active users of every clinic in scope and the number of
"Question" tickets per (clinic, module) in the period. For each module:

- a clinic's rate is ``questions / active users`` (only clinics with at least one active user
  have a rate);
- the **network median** of the module is the median of the rates of *every* clinic in scope with
  active users, counting 0 for those that asked nothing about the module (a module nobody asks
  about is not a problem of the few clinics that do);
- a clinic's **ratio** is its rate divided by the median. When the median is 0 (most clinics
  asked nothing), any clinic with questions is infinitely above it: its ratio is ``None`` (shown
  as "—", "the network median is zero") and it ranks above every finite ratio;
- a clinic **needs retraining** on the module when it has active users, asked at least
  ``min_questions`` questions about it (one question never ranks a clinic) and its rate is above
  the median.

The ranked list holds the clinics that need retraining, highest ratio first; ties by more
questions first, then clinic and module id (a total, deterministic order). With
``include_all`` the other (clinic, module) pairs with questions follow, in the same order, the
clinics without active users last. Exact arithmetic (fractions): no division by zero, no rounding
ties. Completion of the onboarding panel is carried beside each row and does not change the order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from statistics import median as _median

__all__ = ["MIN_QUESTIONS", "Ranked", "median", "module_completion", "module_medians", "rank", "rates"]

#: A clinic needs at least this many questions about a module to be ranked on it.
MIN_QUESTIONS = 3


@dataclass(frozen=True)
class Ranked:
    """One clinic and module. ``per_user`` is None without active users; ``ratio`` is None when
    there is no rate or the median is 0 (see ``infinite``)."""

    clinic: str
    module: str
    questions: int
    active_users: int
    per_user: Fraction | None
    network_median: Fraction | None
    ratio: Fraction | None
    needs_retraining: bool
    completion: float | None = None

    @property
    def above_median(self) -> bool:
        return self.per_user is not None and self.network_median is not None and self.per_user > self.network_median

    @property
    def infinite(self) -> bool:
        """Above a zero median: every ratio would be infinite."""
        return self.above_median and self.network_median == 0


def median(values: Iterable[Fraction]) -> Fraction:
    """The median (the mean of the two middle values for an even count). ValueError when empty."""
    items = sorted(values)
    if not items:
        raise ValueError("median of no values")
    return Fraction(_median(items))


def rates(active_users: Mapping[str, int], questions: Mapping[tuple[str, str], int], module: str) -> dict[str, Fraction]:
    """``{clinic: questions per active user}`` about ``module`` for every clinic with active users
    (0 for those without questions)."""
    return {clinic: Fraction(questions.get((clinic, module), 0), users)
            for clinic, users in active_users.items() if users > 0}


def module_medians(active_users: Mapping[str, int], questions: Mapping[tuple[str, str], int]) -> dict[str, Fraction]:
    """``{module: network median}`` for every module with questions; a module has no median when
    no clinic in scope has active users."""
    modules = {module for (_clinic, module), count in questions.items() if count > 0}
    medians = {}
    for module in modules:
        values = rates(active_users, questions, module)
        if values:
            medians[module] = median(values.values())
    return medians


def rank(
    active_users: Mapping[str, int],
    questions: Mapping[tuple[str, str], int],
    completion: Mapping[tuple[str, str], float | None] | None = None,
    min_questions: int = MIN_QUESTIONS,
    include_all: bool = False,
) -> list[Ranked]:
    """The clinics that need retraining, per module, ranked (see the module's docstring).

    ``active_users``: every clinic in scope (those with 0 or missing count have no rate and do
    not enter the median); ``questions``: ``{(clinic, module): count}``; ``completion``:
    ``{(clinic, module): percent or None}``, carried beside.
    """
    if min_questions < 1:
        raise ValueError("min_questions must be at least 1")
    completion = completion or {}
    medians = module_medians(active_users, questions)
    rows = []
    for (clinic, module), count in questions.items():
        if count <= 0:
            continue
        users = max(int(active_users.get(clinic, 0) or 0), 0)
        per_user = Fraction(count, users) if users else None
        mid = medians.get(module) if users else None
        ratio = per_user / mid if per_user is not None and mid else None
        needs = per_user is not None and mid is not None and count >= min_questions and per_user > mid
        if needs or include_all:
            rows.append(Ranked(clinic, module, count, users, per_user, mid, ratio, needs,
                               completion.get((clinic, module))))
    rows.sort(key=_order)
    return rows


def _order(row: Ranked):
    if row.per_user is None:
        tier = 2  # no active users: no rate at all
    else:
        tier = 0 if row.needs_retraining else 1
    # Higher scores first: an infinite ratio (above a zero median) beats any finite one.
    infinite = row.infinite
    finite = row.ratio if row.ratio is not None else Fraction(0)
    return (tier, not infinite, -finite, -(row.per_user or 0), -row.questions, row.clinic, row.module)


def module_completion(tasks: Iterable[tuple[str, str, str, str, bool]]) -> dict[tuple[str, str], float]:
    """Onboarding completion per (clinic, module), in percent with one decimal: tasks done over
    tasks to do, summed over the clinic's active users — for one panel, done tasks of the module
    / (tasks of the module × active users). ``tasks``: ``(clinic, module, user, task key, done)``
    for every task of the module in the panel each active user sees; a repeated row counts once
    (done if any copy is done). Pairs without tasks are absent (the panel teaches nothing of the
    module: no completion, not 0 %)."""
    seen: dict[tuple[str, str, str, str], bool] = {}
    for clinic, module, user, task, done in tasks:
        key = (clinic, module, user, task)
        seen[key] = seen.get(key, False) or bool(done)
    totals: dict[tuple[str, str], list[int]] = {}
    for (clinic, module, _user, _task), done in seen.items():
        counts = totals.setdefault((clinic, module), [0, 0])
        counts[0] += int(done)
        counts[1] += 1
    return {key: round(done * 100 / total, 1) for key, (done, total) in totals.items()}
