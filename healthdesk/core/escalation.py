"""Escalation tiers: level 1 (reseller or vendor first line), level 2 (vendor product
support), level 3 (external vendor or development). Escalate moves a ticket one level up, Return
one level down; the time a ticket spends at each level is summed from its history.

Pure: the caller passes the business-time function (``elapsed(start, end) -> seconds``), e.g. the
ticket's SLA calendar. Standard library only; no frappe.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["ESCALATE", "LEVELS", "RETURN", "Move", "target_level", "time_per_level"]

LEVELS: tuple[int, ...] = (1, 2, 3)
ESCALATE = "Escalate"
RETURN = "Return"


def target_level(level: int, direction: str) -> int | None:
    """The level after ``direction`` from ``level``; None when there is none (3 up, 1 down)."""
    if level not in LEVELS or direction not in (ESCALATE, RETURN):
        raise ValueError(f"bad level {level!r} or direction {direction!r}")
    target = level + 1 if direction == ESCALATE else level - 1
    return target if target in LEVELS else None


@dataclass(frozen=True)
class Move:
    at: datetime
    from_level: int
    to_level: int


def time_per_level(created: datetime, moves: Iterable[Move], now: datetime,
                   elapsed: Callable[[datetime, datetime], float], start_level: int = 1) -> dict[int, float]:
    """Seconds (as ``elapsed`` counts them) spent at each level from ``created`` to ``now``.

    Moves are taken in time order; every level of ``LEVELS`` is in the result (0 when never
    reached). A move earlier than the previous one counts as happening at the previous one.
    """
    totals = {level: 0.0 for level in LEVELS}
    level, since = start_level, created
    for move in sorted(moves, key=lambda m: m.at):
        at = max(move.at, since)
        totals[level] = totals.get(level, 0.0) + max(0.0, elapsed(since, at))
        level, since = move.to_level, at
    if now > since:
        totals[level] = totals.get(level, 0.0) + max(0.0, elapsed(since, now))
    return totals
