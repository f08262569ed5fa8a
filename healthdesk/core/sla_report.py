"""SLA compliance figures (pure): how many tickets met their response deadline, by group.

A ticket's first response is *met* when it came no later than the deadline and *breached* when
it came later, or has not come and the deadline has passed; otherwise it is *pending*. Tickets
without a deadline (severity "Not covered", or no SLA) are *not covered*: counted, never in the
compliance rate. Compliance is met / (met + breached), as a percentage.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

__all__ = ["Outcome", "TicketTimes", "GroupStats", "group_weekdays", "response_outcome", "summarize", "total"]


class Outcome:
    MET = "met"
    BREACHED = "breached"
    PENDING = "pending"
    NOT_COVERED = "not covered"


@dataclass(frozen=True)
class TicketTimes:
    """What the report needs of a ticket (times are naive, in one zone; durations in seconds of
    business time as Helpdesk stores them)."""

    response_by: datetime | None
    first_responded_on: datetime | None
    first_response_seconds: float | None = None
    resolution_seconds: float | None = None
    keys: tuple[str, ...] = ()


def response_outcome(ticket: TicketTimes, now: datetime) -> str:
    if ticket.response_by is None:
        return Outcome.NOT_COVERED
    if ticket.first_responded_on is not None:
        return Outcome.MET if ticket.first_responded_on <= ticket.response_by else Outcome.BREACHED
    return Outcome.BREACHED if now > ticket.response_by else Outcome.PENDING


@dataclass
class GroupStats:
    keys: tuple[str, ...]
    tickets: int = 0
    met: int = 0
    breached: int = 0
    pending: int = 0
    not_covered: int = 0
    _first_response: list[float] = field(default_factory=list, repr=False)
    _resolution: list[float] = field(default_factory=list, repr=False)

    @property
    def compliance(self) -> float | None:
        decided = self.met + self.breached
        return round(100.0 * self.met / decided, 1) if decided else None

    @property
    def avg_first_response_hours(self) -> float | None:
        return _mean_hours(self._first_response)

    @property
    def avg_resolution_hours(self) -> float | None:
        return _mean_hours(self._resolution)


def _mean_hours(values: list[float]) -> float | None:
    return round(sum(values) / len(values) / 3600, 2) if values else None


def summarize(tickets: Iterable[TicketTimes], now: datetime,
              order: Callable[[tuple[str, ...]], object] | None = None) -> list[GroupStats]:
    """Group tickets by their ``keys`` and count outcomes; groups sorted by keys (or ``order``)."""
    groups: dict[tuple[str, ...], GroupStats] = {}
    for ticket in tickets:
        stats = groups.setdefault(ticket.keys, GroupStats(ticket.keys))
        stats.tickets += 1
        outcome = response_outcome(ticket, now)
        if outcome == Outcome.MET:
            stats.met += 1
        elif outcome == Outcome.BREACHED:
            stats.breached += 1
        elif outcome == Outcome.PENDING:
            stats.pending += 1
        else:
            stats.not_covered += 1
        # A zero is a real time (answered before support opened), not a missing one.
        if ticket.first_response_seconds is not None and ticket.first_responded_on is not None:
            stats._first_response.append(float(ticket.first_response_seconds))
        if ticket.resolution_seconds is not None:
            stats._resolution.append(float(ticket.resolution_seconds))
    return sorted(groups.values(), key=lambda g: order(g.keys) if order else g.keys)


def total(groups: Iterable[GroupStats], keys: tuple[str, ...] = ()) -> GroupStats:
    """One row for all ``groups`` together, computed from their tickets, never by averaging the
    groups' rates: a group without a decided ticket (compliance ``None``) adds nothing, and the
    average times weigh every ticket once (a group of ten counts ten times a group of one)."""
    result = GroupStats(keys)
    for group in groups:
        result.tickets += group.tickets
        result.met += group.met
        result.breached += group.breached
        result.pending += group.pending
        result.not_covered += group.not_covered
        result._first_response.extend(group._first_response)
        result._resolution.extend(group._resolution)
    return result


def group_weekdays(
    windows: dict[int, tuple[tuple[object, object], ...]],
) -> list[tuple[int, int, tuple[tuple[object, object], ...]]]:
    """Runs of consecutive weekdays (Monday = 0) with the same windows, for showing opening hours:
    ``{0: w, 1: w, 2: w, 3: w, 4: w, 5: v}`` → ``[(0, 4, w), (5, 5, v)]``. Closed days are left out.
    """
    runs: list[tuple[int, int, tuple[tuple[object, object], ...]]] = []
    for day in range(7):
        day_windows = tuple(windows.get(day, ()))
        if not day_windows:
            continue
        if runs and runs[-1][1] == day - 1 and runs[-1][2] == day_windows:
            runs[-1] = (runs[-1][0], day, day_windows)
        else:
            runs.append((day, day, day_windows))
    return runs
