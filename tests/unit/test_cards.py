"""healthdesk.core.cards: the status moves of bug reports and improvement requests, and which
tickets may join a card."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core import cards as c

ALLOWED = {
    (c.RECEIVED, c.UNDER_ANALYSIS), (c.UNDER_ANALYSIS, c.PLANNED), (c.PLANNED, c.RELEASED),
    (c.RECEIVED, c.DECLINED), (c.UNDER_ANALYSIS, c.DECLINED), (c.PLANNED, c.DECLINED),
}
REOPENS = {(c.RELEASED, c.UNDER_ANALYSIS), (c.DECLINED, c.UNDER_ANALYSIS)}

statuses = st.sampled_from(c.STATUSES)


def test_the_lifecycle():
    assert c.STATUSES == ("Received", "Under analysis", "Planned", "Released", "Declined")
    assert c.INITIAL_STATUS == c.RECEIVED
    assert set(c.OPEN_STATUSES) | set(c.FINAL_STATUSES) == set(c.STATUSES)
    assert not set(c.OPEN_STATUSES) & set(c.FINAL_STATUSES)
    assert c.KINDS == ("Bug report", "Improvement request")


def test_next_statuses():
    assert c.next_statuses(c.RECEIVED) == (c.UNDER_ANALYSIS, c.DECLINED)
    assert c.next_statuses(c.UNDER_ANALYSIS) == (c.PLANNED, c.DECLINED)
    assert c.next_statuses(c.PLANNED) == (c.RELEASED, c.DECLINED)
    assert c.next_statuses(c.RELEASED) == ()
    assert c.next_statuses(c.DECLINED) == ()
    assert c.next_statuses(c.RELEASED, may_reopen=True) == (c.UNDER_ANALYSIS,)
    assert c.next_statuses(c.DECLINED, may_reopen=True) == (c.UNDER_ANALYSIS,)
    with pytest.raises(ValueError):
        c.next_statuses("Closed")


@pytest.mark.parametrize("current,target", sorted(ALLOWED))
def test_allowed_moves(current, target):
    assert c.move_refusal(current, target) is None
    assert c.move_refusal(current, target, may_reopen=True) is None


def test_refused_moves_say_why():
    assert c.move_refusal(c.RECEIVED, c.PLANNED) == c.NOT_NEXT  # skips analysis
    assert c.move_refusal(c.RECEIVED, c.RELEASED) == c.NOT_NEXT
    assert c.move_refusal(c.PLANNED, c.UNDER_ANALYSIS) == c.NOT_NEXT  # goes back
    assert c.move_refusal(c.PLANNED, c.RECEIVED) == c.NOT_NEXT
    assert c.move_refusal(c.RELEASED, c.DECLINED) == c.FINAL
    assert c.move_refusal(c.DECLINED, c.UNDER_ANALYSIS) == c.FINAL
    assert c.move_refusal(c.DECLINED, c.RECEIVED, may_reopen=True) == c.NOT_NEXT  # reopen goes to analysis
    assert c.move_refusal(c.RELEASED, c.PLANNED, may_reopen=True) == c.NOT_NEXT
    assert c.move_refusal(c.PLANNED, c.PLANNED) == c.SAME_STATUS
    assert c.move_refusal(c.RELEASED, c.RELEASED, may_reopen=True) == c.SAME_STATUS
    assert c.move_refusal(c.RECEIVED, "Closed") == c.UNKNOWN_STATUS
    assert c.move_refusal("Open", c.RECEIVED) == c.UNKNOWN_STATUS


@given(statuses, statuses, st.booleans())
def test_move_refusal_is_exactly_the_table(current, target, may_reopen):
    allowed = ALLOWED | (REOPENS if may_reopen else set())
    assert (c.move_refusal(current, target, may_reopen=may_reopen) is None) == ((current, target) in allowed)
    # next_statuses offers exactly the allowed moves
    assert (target in c.next_statuses(current, may_reopen=may_reopen)) == ((current, target) in allowed)


@given(statuses, statuses)
def test_nothing_leaves_a_final_status_without_reopen(current, target):
    if current in c.FINAL_STATUSES:
        assert c.move_refusal(current, target) is not None


@given(st.lists(statuses, min_size=1, max_size=12))
def test_any_accepted_path_starts_over_only_through_reopen(path):
    """Walking any sequence of requested moves from Received, applying only the allowed ones
    without reopen: the card never leaves a final status once it reaches one."""
    status, reached_final = c.RECEIVED, False
    for target in path:
        if c.move_refusal(status, target) is None:
            status = target
        reached_final = reached_final or status in c.FINAL_STATUSES
        if reached_final:
            assert status in c.FINAL_STATUSES


def test_notes_needed():
    assert c.note_needed(c.PLANNED, c.RELEASED) == c.NOTE_RELEASED_IN
    assert c.note_needed(c.RECEIVED, c.DECLINED) == c.NOTE_DECLINE_REASON
    assert c.note_needed(c.PLANNED, c.DECLINED) == c.NOTE_DECLINE_REASON
    assert c.note_needed(c.RELEASED, c.UNDER_ANALYSIS) == c.NOTE_REOPEN_REASON
    assert c.note_needed(c.DECLINED, c.UNDER_ANALYSIS) == c.NOTE_REOPEN_REASON
    assert c.note_needed(c.RECEIVED, c.UNDER_ANALYSIS) is None
    assert c.note_needed(c.UNDER_ANALYSIS, c.PLANNED) is None


def test_is_reopen():
    assert c.is_reopen(c.RELEASED, c.UNDER_ANALYSIS)
    assert c.is_reopen(c.DECLINED, c.UNDER_ANALYSIS)
    assert not c.is_reopen(c.DECLINED, c.DECLINED)
    assert not c.is_reopen(c.PLANNED, c.RELEASED)
    assert not c.is_reopen(c.RELEASED, "Nonsense")


def join(**kw):
    args = {"card": "CARD-1", "card_kind": c.BUG_REPORT, "card_status": c.RECEIVED, "card_reseller": None,
            "ticket_reseller": "R1", "cards_of_ticket": {}}
    args.update(kw)
    return c.join_refusal(**args)


def test_join_refusals():
    assert join() is None  # the vendor's card takes any cooperative's ticket
    assert join(card_reseller="R1") is None
    assert join(card_reseller="R1", ticket_reseller="R2") == c.OTHER_RESELLER
    assert join(card_reseller="R1", ticket_reseller=None) == c.OTHER_RESELLER
    assert join(cards_of_ticket={c.BUG_REPORT: "CARD-1"}) == c.ALREADY_IN_CARD
    assert join(cards_of_ticket={c.BUG_REPORT: "CARD-2"}) == c.IN_OTHER_CARD
    # one card of each kind: a bug report and an improvement request may share a ticket
    assert join(cards_of_ticket={c.IMPROVEMENT_REQUEST: "CARD-2"}) is None
    for status in c.FINAL_STATUSES:
        assert join(card_status=status) == c.CARD_CLOSED
    for status in c.OPEN_STATUSES:
        assert join(card_status=status) is None


@given(statuses, st.sampled_from(c.KINDS), st.dictionaries(st.sampled_from(c.KINDS), st.sampled_from(["CARD-1", "CARD-2"])),
       st.sampled_from([None, "R1", "R2"]), st.sampled_from([None, "R1", "R2"]))
def test_join_is_allowed_only_when_every_rule_holds(status, kind, cards_of_ticket, card_reseller, ticket_reseller):
    allowed = (status in c.OPEN_STATUSES and kind not in cards_of_ticket
               and (card_reseller is None or card_reseller == ticket_reseller))
    refusal = join(card_status=status, card_kind=kind, cards_of_ticket=cards_of_ticket,
                   card_reseller=card_reseller, ticket_reseller=ticket_reseller)
    assert (refusal is None) == allowed
