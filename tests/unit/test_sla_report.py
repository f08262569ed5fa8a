"""Unit tests of healthdesk.core.sla: response outcomes and compliance by group."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core.sla import Outcome, TicketTimes, response_outcome, summarize

NOW = datetime(2026, 11, 23, 12, 0)
DUE = datetime(2026, 11, 23, 10, 0)


def test_outcomes():
    assert response_outcome(TicketTimes(DUE, DUE), NOW) == Outcome.MET  # on the minute is met
    assert response_outcome(TicketTimes(DUE, DUE + timedelta(microseconds=1)), NOW) == Outcome.BREACHED
    assert response_outcome(TicketTimes(DUE, None), NOW) == Outcome.BREACHED
    assert response_outcome(TicketTimes(NOW + timedelta(hours=1), None), NOW) == Outcome.PENDING
    assert response_outcome(TicketTimes(None, None), NOW) == Outcome.NOT_COVERED
    assert response_outcome(TicketTimes(None, DUE), NOW) == Outcome.NOT_COVERED


def test_summary_by_group():
    tickets = [
        TicketTimes(DUE, DUE - timedelta(hours=1), 3600, 7200, ("2026-11", "High")),
        TicketTimes(DUE, DUE + timedelta(hours=1), 10800, None, ("2026-11", "High")),
        TicketTimes(None, None, None, None, ("2026-11", "Not covered")),
        TicketTimes(NOW + timedelta(days=1), None, None, None, ("2026-11", "Low")),
    ]
    by_key = {g.keys: g for g in summarize(tickets, NOW)}
    high = by_key[("2026-11", "High")]
    assert (high.tickets, high.met, high.breached, high.compliance) == (2, 1, 1, 50.0)
    assert high.avg_first_response_hours == 2.0 and high.avg_resolution_hours == 2.0
    assert by_key[("2026-11", "Not covered")].compliance is None
    assert by_key[("2026-11", "Low")].pending == 1


moments = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31))
tickets = st.builds(
    TicketTimes,
    st.one_of(st.none(), moments),
    st.one_of(st.none(), moments),
    st.one_of(st.none(), st.floats(0, 1e7)),
    st.one_of(st.none(), st.floats(0, 1e7)),
    st.tuples(st.sampled_from(["High", "Medium", "Low"])),
)


@given(st.lists(tickets, max_size=40), moments)
def test_counts_add_up_and_rates_are_percentages(items, now):
    groups = summarize(items, now)
    assert sum(g.tickets for g in groups) == len(items)
    for g in groups:
        assert g.met + g.breached + g.pending + g.not_covered == g.tickets
        assert g.compliance is None or 0 <= g.compliance <= 100
    assert [g.keys for g in groups] == sorted(g.keys for g in groups)


def test_group_weekdays():
    from healthdesk.core.sla import group_weekdays

    w = (("08:30", "12:00"), ("13:30", "18:00"))
    assert group_weekdays({d: w for d in range(5)}) == [(0, 4, w)]
    assert group_weekdays({0: w, 1: w, 3: w, 5: (("09:00", "13:00"),)}) == [
        (0, 1, w), (3, 3, w), (5, 5, (("09:00", "13:00"),))]
    assert group_weekdays({}) == []


@given(st.dictionaries(st.integers(0, 6), st.sampled_from([(("a", "b"),), (("c", "d"),)])))
def test_group_weekdays_covers_each_open_day_once(windows):
    from healthdesk.core.sla import group_weekdays

    covered = [d for first, last, w in group_weekdays(windows) for d in range(first, last + 1)
               if windows[d] == w]
    assert covered == sorted(windows)
