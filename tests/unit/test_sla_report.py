"""Unit tests of healthdesk.core.sla_report: response outcomes and compliance by group."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core.sla_report import Outcome, TicketTimes, response_outcome, summarize

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
    from healthdesk.core.sla_report import group_weekdays

    w = (("08:30", "12:00"), ("13:30", "18:00"))
    assert group_weekdays({d: w for d in range(5)}) == [(0, 4, w)]
    assert group_weekdays({0: w, 1: w, 3: w, 5: (("09:00", "13:00"),)}) == [
        (0, 1, w), (3, 3, w), (5, 5, (("09:00", "13:00"),))]
    assert group_weekdays({}) == []


@given(st.dictionaries(st.integers(0, 6), st.sampled_from([(("a", "b"),), (("c", "d"),)])))
def test_group_weekdays_covers_each_open_day_once(windows):
    from healthdesk.core.sla_report import group_weekdays

    covered = [d for first, last, w in group_weekdays(windows) for d in range(first, last + 1)
               if windows[d] == w]
    assert covered == sorted(windows)


def test_total_ignores_groups_without_decided_tickets():
    """Issue 12: a 'Total' that averaged the rows' rates showed 50% (100% and an empty row as 0)."""
    from healthdesk.core.sla_report import total

    tickets = [
        TicketTimes(DUE, DUE - timedelta(hours=1), 3600, None, ("2026-11", "High")),
        TicketTimes(None, None, None, None, ("2026-11", "Not covered")),
    ]
    groups = summarize(tickets, NOW)
    assert [g.compliance for g in groups] == [100.0, None]
    all_ = total(groups, ("Total",))
    assert (all_.keys, all_.tickets, all_.met, all_.not_covered, all_.compliance) == (("Total",), 2, 1, 1, 100.0)
    assert all_.avg_first_response_hours == 1.0 and all_.avg_resolution_hours is None


def test_total_weighs_every_ticket_once():
    from healthdesk.core.sla_report import total

    tickets = [TicketTimes(DUE, DUE, 3600, None, ("a",)) for _ in range(9)] + [
        TicketTimes(DUE, DUE + timedelta(hours=1), 36000, None, ("b",))]
    all_ = total(summarize(tickets, NOW))
    assert all_.compliance == 90.0  # not the mean of 100% and 0%
    assert all_.avg_first_response_hours == 1.9  # (9 × 1 h + 10 h) / 10


@given(st.lists(tickets, max_size=40), moments)
def test_total_equals_one_group_of_every_ticket(items, now):
    from dataclasses import replace

    from healthdesk.core.sla_report import total

    whole = summarize([replace(t, keys=()) for t in items], now)
    all_ = total(summarize(items, now))
    if not whole:
        assert all_.tickets == 0 and all_.compliance is None
        return
    (one,) = whole
    assert (all_.tickets, all_.met, all_.breached, all_.pending, all_.not_covered, all_.compliance) == (
        one.tickets, one.met, one.breached, one.pending, one.not_covered, one.compliance)
    for a, b in ((all_.avg_first_response_hours, one.avg_first_response_hours),
                 (all_.avg_resolution_hours, one.avg_resolution_hours)):
        assert (a is None and b is None) or abs(a - b) <= 0.011
