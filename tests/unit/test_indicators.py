"""Unit tests of healthdesk.core.indicators: percentiles as SQL's PERCENTILE_CONT, ageing buckets,
period keys and folding daily counts into periods."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core import indicators as ind

numbers = st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=60)
days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


def test_known_percentiles():
    assert ind.median([1, 2, 3, 4]) == 2.5
    assert ind.median([5, 1, 3]) == 3
    assert ind.percentile([10, 20], 0.9) == 19
    assert ind.percentile([7], 0.9) == 7
    assert ind.percentile(range(1, 11), 0.9) == pytest.approx(9.1)  # numpy.percentile(…, 90)
    assert ind.median([]) is None
    with pytest.raises(ValueError):
        ind.percentile([1], 1.5)


@given(numbers, st.floats(min_value=0, max_value=1))
def test_percentile_within_bounds_and_monotone(values, fraction):
    p = ind.percentile(values, fraction)
    assert min(values) <= p <= max(values)
    assert ind.percentile(values, 0) == min(values) and ind.percentile(values, 1) == max(values)
    assert ind.percentile(values, min(1.0, fraction + 0.1)) >= p - 1e-6


def _two_pass(values, width, fractions):
    """The queries' two passes, done on a list: a histogram, then only the needed buckets' values."""
    histogram = {}
    for v in values:
        histogram[v // width] = histogram.get(v // width, 0) + 1
    needed = ind.needed_buckets(list(histogram.items()), fractions)
    fetched = {b: [v for v in values if v // width == b] for b in needed}
    return needed, histogram, ind.percentiles_from_buckets(list(histogram.items()), fractions, fetched)


@given(numbers, st.integers(min_value=1, max_value=10**6),
       st.lists(st.floats(min_value=0, max_value=1), min_size=1, max_size=4))
def test_two_pass_percentiles_equal_percentile_over_every_value(values, width, fractions):
    needed, histogram, got = _two_pass(values, width, fractions)
    for fraction in fractions:
        assert got[fraction] == pytest.approx(ind.percentile(values, fraction), rel=1e-12, abs=1e-9)
    # the second pass reads at most two buckets per fraction, and only buckets that hold values
    assert len(needed) <= 2 * len(set(fractions)) and needed <= set(histogram)


def test_two_pass_known_values():
    values = [0, 5, 12, 13, 14, 30, 31, 99, 100, 250]
    needed, _histogram, got = _two_pass(values, 10, [0.5, 0.9])
    assert got == {0.5: 22.0, 0.9: pytest.approx(115.0)}  # (14 + 30) / 2; 100 + 0.1 * 150
    assert needed == {1, 3, 10, 25}
    assert ind.percentiles_from_buckets([], [0.5], {}) == {0.5: None}
    assert ind.needed_buckets([], [0.5]) == set()
    with pytest.raises(ValueError):
        ind.needed_buckets([(0, 1)], [2])


@given(numbers)
def test_median_splits_the_values(values):
    m = ind.median(values)
    assert sum(v < m for v in values) <= len(values) / 2
    assert sum(v > m for v in values) <= len(values) / 2
    assert ind.median(list(reversed(values))) == m


def test_ageing_buckets():
    assert [ind.ageing_bucket(d) for d in (0, 1, 2, 3, 4, 7, 8, 15, 16, 30, 31, 400, -2)] == [
        "0-1", "0-1", "2-3", "2-3", "4-7", "4-7", "8-15", "8-15", "16-30", "16-30", "31+", "31+", "0-1"]


@given(st.integers(min_value=0, max_value=5000))
def test_every_age_in_exactly_one_bucket(age):
    matching = [key for first, last, key in ind.AGEING_BUCKETS
                if age >= first and (last is None or age <= last)]
    assert matching == [ind.ageing_bucket(age)]


def test_ageing_case_sql_follows_the_table():
    sql = ind.ageing_case_sql("d")
    assert sql.startswith("case when d <= 1 then '0-1'") and sql.endswith("when d >= 31 then '31+' end")


def test_period_keys():
    assert ind.period_key(date(2026, 11, 29), "day") == "2026-11-29"
    assert ind.period_key(date(2026, 11, 29), "week") == "2026-W48"  # a Sunday: week of Mon 23
    assert ind.period_key(date(2026, 11, 30), "week") == "2026-W49"
    assert ind.period_key(date(2027, 1, 1), "week") == "2026-W53"  # ISO year
    assert ind.period_key(date(2026, 11, 29), "month") == "2026-11"
    assert ind.period_keys(date(2026, 11, 28), date(2026, 12, 1), "day") == [
        "2026-11-28", "2026-11-29", "2026-11-30", "2026-12-01"]
    assert ind.period_keys(date(2026, 11, 29), date(2026, 12, 7), "week") == ["2026-W48", "2026-W49", "2026-W50"]
    assert ind.period_keys(date(2026, 11, 30), date(2027, 2, 1), "month") == ["2026-11", "2026-12", "2027-01", "2027-02"]
    with pytest.raises(ValueError):
        ind.period_key(date(2026, 1, 1), "year")


@given(days, st.integers(min_value=0, max_value=800), st.sampled_from(ind.PERIODS))
def test_period_keys_cover_every_day_once_in_order(start, length, period):
    end = start + timedelta(days=length)
    keys = ind.period_keys(start, end, period)
    seen = [ind.period_key(start + timedelta(days=i), period) for i in range(length + 1)]
    assert keys == list(dict.fromkeys(seen))  # each day's key, deduplicated, order kept
    assert keys == sorted(keys)


@given(days, st.integers(min_value=0, max_value=120), st.sampled_from(ind.PERIODS),
       st.lists(st.tuples(st.integers(min_value=-10, max_value=130), st.integers(min_value=0, max_value=50)),
                max_size=40))
def test_fold_keeps_every_count_in_range(start, length, period, raw):
    end = start + timedelta(days=length)
    counts = [(start + timedelta(days=offset), n) for offset, n in raw]
    folded = ind.fold_by_period(counts, start, end, period)
    assert [row["period"] for row in folded] == ind.period_keys(start, end, period)
    assert sum(row["tickets"] for row in folded) == sum(n for day, n in counts if start <= day <= end)


def test_rate_hours_reopened_sorted_counts():
    assert ind.rate(1, 3) == 33.3 and ind.rate(0, 0) is None and ind.rate(0, 5) == 0
    assert ind.hours(5400) == 1.5 and ind.hours(None) is None
    assert ind.reopened("Resolved", "Open") and ind.reopened("Resolved", "Paused")
    assert not ind.reopened("Open", "Resolved") and not ind.reopened(None, "Open") and not ind.reopened("Paused", "Open")
    assert ind.sorted_counts([("b", 2), (None, 3), ("a", 2), ("", 2)], "-") == [
        {"key": "-", "tickets": 5}, {"key": "a", "tickets": 2}, {"key": "b", "tickets": 2}]
