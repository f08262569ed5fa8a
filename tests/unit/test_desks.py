"""healthdesk.core.desks: who receives a ticket, moves between desks, the two clocks' starts."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core import desks as d

A = datetime(2026, 11, 30, 9, 0)


@pytest.mark.parametrize("desk,holder", [
    (None, d.VENDOR),
    (d.Desk("R", own_first_line=False, team="Equipe R"), d.VENDOR),
    (d.Desk("R", own_first_line=True, team=None), d.VENDOR),  # a desk without a team is not running
    (d.Desk("R", own_first_line=True, team="Equipe R"), d.DESK),
])
def test_first_holder(desk, holder):
    assert d.first_holder(desk) == holder


def test_desk_escalates_and_vendor_returns():
    assert d.holder_after(d.DESK, d.ESCALATE, desk_ticket=True) == d.VENDOR
    assert d.holder_after(d.VENDOR, d.RETURN, desk_ticket=True) == d.DESK


@pytest.mark.parametrize("holder,direction,desk_ticket,reason", [
    (d.VENDOR, d.ESCALATE, True, "already with the vendor"),
    (d.DESK, d.RETURN, True, "already with the desk"),
    (d.VENDOR, d.ESCALATE, False, "not a desk ticket"),
    (d.VENDOR, d.RETURN, False, "not a desk ticket"),
    (d.DESK, "Sideways", True, "unknown direction"),
])
def test_refused_moves(holder, direction, desk_ticket, reason):
    with pytest.raises(d.MoveRefused) as refused:
        d.holder_after(holder, direction, desk_ticket)
    assert refused.value.reason == reason


@given(st.lists(st.sampled_from([d.ESCALATE, d.RETURN]), max_size=20))
def test_a_desk_ticket_alternates_between_the_two_desks(moves):
    holder = d.DESK
    for direction in moves:
        try:
            after = d.holder_after(holder, direction, desk_ticket=True)
        except d.MoveRefused:
            continue
        assert after != holder and {holder, after} == {d.DESK, d.VENDOR}
        holder = after


def test_targets_for():
    table = {"High": (2.0, 8.0), "Medium": (4.0, None), "Low": (0, 0)}
    assert d.targets_for(table, "High") == (7200, 28800)
    assert d.targets_for(table, "Medium") == (14400, None)
    assert d.targets_for(table, "Low") == (None, None)  # zero means no target
    assert d.targets_for(table, "Not covered") == (None, None)
    assert d.targets_for(table, None) == (None, None)


@given(st.floats(min_value=0.01, max_value=1000, allow_nan=False))
def test_target_hours_become_seconds(hours):
    assert d.targets_for({"High": (hours, hours)}, "High") == (round(hours * 3600),) * 2


# --- who answers, as the clinic reads it ------------------------------------------------------------

ANSWERED_BY_DESK, ANSWERED_BY_VENDOR_FOR_DESK, ANSWERED_BY_VENDOR = (
    d.ANSWERED_BY_DESK, d.ANSWERED_BY_VENDOR_FOR_DESK, d.ANSWERED_BY_VENDOR)
DESK, VENDOR, RETURN = d.DESK, d.VENDOR, d.RETURN
answered_by, contact_line, holder_after = d.answered_by, d.contact_line, d.holder_after


def test_a_ticket_without_a_desk_is_answered_by_the_vendor_whoever_holds_it():
    for holder in (None, "", DESK, VENDOR):
        assert answered_by(holder, False) == ANSWERED_BY_VENDOR


def test_a_desk_ticket_is_answered_by_the_desk_until_escalated_then_by_the_vendor_for_the_desk():
    assert answered_by(DESK, True) == ANSWERED_BY_DESK
    assert answered_by(VENDOR, True) == ANSWERED_BY_VENDOR_FOR_DESK
    # and back again when the vendor returns it
    assert answered_by(holder_after(VENDOR, RETURN, True), True) == ANSWERED_BY_DESK


@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=3, max_size=3))
def test_contact_line_keeps_the_known_parts_in_order(parts):
    line = contact_line(*parts)
    known = [p.strip() for p in parts if p and p.strip()]
    assert line == " · ".join(known)
    assert not line.startswith(" · ") and not line.endswith(" · ")


def test_contact_line_of_a_full_contact():
    assert contact_line("Central", "suporte@coop.example", " (11) 4000-0000 ") == \
        "Central · suporte@coop.example · (11) 4000-0000"
    assert contact_line(None, "", "  ") == ""
