"""healthdesk.core.escalation: levels and time per level."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core.escalation import ESCALATE, LEVELS, RETURN, Move, target_level, time_per_level

T0 = datetime(2026, 11, 23, 9, 0)


def wall(start, end):
    return (end - start).total_seconds()


def test_target_level():
    assert target_level(1, ESCALATE) == 2
    assert target_level(2, ESCALATE) == 3
    assert target_level(3, ESCALATE) is None
    assert target_level(3, RETURN) == 2
    assert target_level(1, RETURN) is None
    with pytest.raises(ValueError):
        target_level(4, ESCALATE)
    with pytest.raises(ValueError):
        target_level(1, "Sideways")


def test_time_per_level_example():
    moves = [Move(T0 + timedelta(hours=1), 1, 2), Move(T0 + timedelta(hours=3), 2, 3),
             Move(T0 + timedelta(hours=4), 3, 2)]
    assert time_per_level(T0, moves, T0 + timedelta(hours=6), wall) == {1: 3600.0, 2: 4 * 3600.0, 3: 3600.0}


def test_no_moves():
    assert time_per_level(T0, [], T0 + timedelta(minutes=5), wall) == {1: 300.0, 2: 0.0, 3: 0.0}


@given(st.lists(st.tuples(st.integers(min_value=0, max_value=10_000), st.sampled_from(LEVELS)), max_size=8),
       st.integers(min_value=0, max_value=20_000))
def test_total_is_the_whole_span(steps, end):
    moves, level = [], 1
    for offset, target in steps:
        moves.append(Move(T0 + timedelta(seconds=offset), level, target))
        level = target
    now = T0 + timedelta(seconds=max([end] + [o for o, _ in steps]))
    totals = time_per_level(T0, moves, now, wall)
    assert set(totals) == set(LEVELS)
    assert all(v >= 0 for v in totals.values())
    assert sum(totals.values()) == pytest.approx((now - T0).total_seconds())
