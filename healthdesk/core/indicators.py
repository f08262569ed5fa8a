"""The arithmetic of the network indicators (pure Python, no frappe).

Percentiles follow SQL's ``PERCENTILE_CONT`` (MariaDB 10.3+, PostgreSQL): **linear interpolation
between closest ranks** (Hyndman & Fan type 7, numpy's default): for ``n`` sorted values and a
fraction ``p`` the position is ``p * (n - 1)`` (0-based) and a position between two values takes
the straight line between them. So the median of ``[1, 2, 3, 4]`` is 2.5, and the 90th percentile
of ``[10, 20]`` is 19. This module is the reference the tests hold the SQL to.

On a big network the database cannot sort every ticket of a year to find two of them, so
healthdesk.indicators.queries finds a percentile **exactly** in two passes (:func:`needed_buckets`,
:func:`percentiles_from_buckets`): a histogram of the values in fixed-width buckets (one GROUP BY
over an index), which tells in which bucket, and at which place in it, the one or two values a
percentile needs lie; then the values of only those buckets, sorted. The answer is the same number
:func:`percentile` gives over every value.

Ageing is counted in **calendar days** since the ticket was created (SQL's ``DATEDIFF``), bucketed
by :data:`AGEING_BUCKETS`. Periods: a day is its ISO date (``2026-11-29``), a week is its ISO week
(``2026-W48``, weeks start on Monday), a month is ``2026-11``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

PERIODS = ("day", "week", "month")

# (first day, last day or None for "and more", key) — every open ticket falls in exactly one
AGEING_BUCKETS: tuple[tuple[int, int | None, str], ...] = (
    (0, 1, "0-1"),
    (2, 3, "2-3"),
    (4, 7, "4-7"),
    (8, 15, "8-15"),
    (16, 30, "16-30"),
    (31, None, "31+"),
)


def percentile(values: Iterable[float], fraction: float) -> float | None:
    """The ``fraction`` (0..1) percentile of ``values`` by linear interpolation (SQL's
    PERCENTILE_CONT); None for no values."""
    ordered = sorted(values)
    if not ordered:
        _ranks(1, fraction)  # still refuses a fraction outside 0..1
        return None
    low, high, weight = _ranks(len(ordered), fraction)
    return ordered[low] + (ordered[high] - ordered[low]) * weight


def _ranks(count: int, fraction: float) -> tuple[int, int, float]:
    """The 0-based ranks of the two values a percentile interpolates between, and the weight."""
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be between 0 and 1, got {fraction!r}")
    position = fraction * (count - 1)
    low = math.floor(position)
    return low, min(low + 1, count - 1), position - low


def _bucket_of_ranks(histogram: Sequence[tuple[int, int]], ranks: Iterable[int]) -> dict[int, tuple[int, int]]:
    """``{rank: (bucket, place within the bucket)}`` for 0-based ``ranks`` of the values counted by
    ``histogram`` (``(bucket, count)`` pairs; buckets ordered as the values are)."""
    wanted = sorted(set(ranks))
    found: dict[int, tuple[int, int]] = {}
    before = 0
    i = 0
    for bucket, count in sorted(histogram):
        while i < len(wanted) and wanted[i] < before + count:
            found[wanted[i]] = (bucket, wanted[i] - before)
            i += 1
        before += count
    return found


def needed_buckets(histogram: Sequence[tuple[int, int]], fractions: Iterable[float]) -> set[int]:
    """The buckets whose values the ``fractions`` percentiles need (first pass), from the
    ``(bucket, count)`` histogram of the values (any order)."""
    total = sum(count for _bucket, count in histogram)
    if not total:
        return set()
    ranks = set()
    for fraction in fractions:
        low, high, _weight = _ranks(total, fraction)
        ranks |= {low, high}
    return {bucket for bucket, _place in _bucket_of_ranks(histogram, ranks).values()}


def percentiles_from_buckets(histogram: Sequence[tuple[int, int]], fractions: Iterable[float],
                             values: dict[int, Sequence[float]]) -> dict[float, float | None]:
    """``{fraction: percentile}`` (second pass), as :func:`percentile` over every value, from the
    ``histogram`` and the ``values`` of (at least) the :func:`needed_buckets`, each bucket's values
    complete (any order). None for every fraction when there is no value."""
    total = sum(count for _bucket, count in histogram)
    fractions = list(fractions)
    if not total:
        return {fraction: None for fraction in fractions}
    ordered = {bucket: sorted(vals) for bucket, vals in values.items()}
    out = {}
    for fraction in fractions:
        low, high, weight = _ranks(total, fraction)
        where = _bucket_of_ranks(histogram, {low, high})
        low_value = ordered[where[low][0]][where[low][1]]
        high_value = ordered[where[high][0]][where[high][1]]
        out[fraction] = low_value + (high_value - low_value) * weight
    return out


def median(values: Iterable[float]) -> float | None:
    return percentile(values, 0.5)


def rate(part: int, whole: int, digits: int = 1) -> float | None:
    """``part`` as a percentage of ``whole`` (None when ``whole`` is 0: no rate, not 0 %)."""
    if not whole:
        return None
    return round(100.0 * part / whole, digits)


def ageing_bucket(days: int) -> str:
    """The key of the ageing bucket of a ticket open for ``days`` calendar days."""
    if days < 0:
        days = 0  # a clock skew never makes a negative age
    for first, last, key in AGEING_BUCKETS:
        if days >= first and (last is None or days <= last):
            return key
    raise AssertionError("AGEING_BUCKETS must cover every age")  # pragma: no cover


def ageing_case_sql(days_sql: str) -> str:
    """A SQL ``CASE`` giving :func:`ageing_bucket`'s key for the integer expression ``days_sql``
    (built from the same table, so SQL and Python cannot disagree)."""
    arms = []
    for first, last, key in AGEING_BUCKETS:
        if last is None:
            arms.append(f"when {days_sql} >= {first} then '{key}'")
        else:
            arms.append(f"when {days_sql} <= {last} then '{key}'")
    return "case " + " ".join(arms) + " end"


def period_start(day: date, period: str) -> date:
    """The first day of the day / ISO week (Monday) / month holding ``day``."""
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    raise ValueError(f"period must be one of {PERIODS}, got {period!r}")


def period_key(day: date, period: str) -> str:
    """``2026-11-29`` (day), ``2026-W48`` (ISO week), ``2026-11`` (month)."""
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    raise ValueError(f"period must be one of {PERIODS}, got {period!r}")


def period_keys(from_date: date, to_date: date, period: str) -> list[str]:
    """Every period key from ``from_date`` to ``to_date`` (both included), in order, once."""
    keys: list[str] = []
    day = period_start(from_date, period)
    while day <= to_date:
        key = period_key(max(day, from_date), period)
        if not keys or keys[-1] != key:
            keys.append(key)
        if period == "day":
            day += timedelta(days=1)
        elif period == "week":
            day += timedelta(days=7)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return keys


def fold_by_period(counts: Iterable[tuple[date, int]], from_date: date, to_date: date,
                   period: str) -> list[dict]:
    """Daily counts ``(day, n)`` folded into ``[{"period": key, "tickets": n}]`` for every period
    of the range (empty periods as 0), in order."""
    totals = dict.fromkeys(period_keys(from_date, to_date, period), 0)
    for day, n in counts:
        if from_date <= day <= to_date:
            totals[period_key(day, period)] += int(n or 0)
    return [{"period": key, "tickets": n} for key, n in totals.items()]


def hours(seconds: float | None, digits: int = 1) -> float | None:
    """Seconds as hours, rounded (None stays None)."""
    return None if seconds is None else round(seconds / 3600.0, digits)


def reopened(previous_category: str | None, category: str | None) -> bool:
    """A ticket is reopened when it goes from a Resolved (Helpdesk's Resolved and Closed statuses
    are both of category Resolved) back to an Open or Paused status category."""
    return previous_category == "Resolved" and category in ("Open", "Paused")


def sorted_counts(rows: Sequence[tuple[str | None, int]], empty_key: str = "") -> list[dict]:
    """``[{"key", "tickets"}]`` largest first, ties by key; a missing key becomes ``empty_key``."""
    totals: dict = {}
    for key, n in rows:
        key = empty_key if key in (None, "") else key  # NULL and "" are both "not set": one row
        totals[key] = totals.get(key, 0) + int(n)
    out = [{"key": key, "tickets": n} for key, n in totals.items()]
    return sorted(out, key=lambda row: (-row["tickets"], str(row["key"])))
