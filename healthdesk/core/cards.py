"""Product cards: the bug reports and improvement requests a support desk (a cooperative's own
first line, or the vendor's) passes to the vendor's product team, one card per problem or wish,
with the clinics' tickets that raised it grouped under it.

What is decided here, and nowhere else:

* the status moves: Received → Under analysis → Planned → Released, Declined from any open
  status, nothing out of Released or Declined except a reopen (to Under analysis) by someone
  allowed to reopen;
* what a move needs written down (the decline reason, the release notes, the reopen reason);
* whether a ticket may join a card (open card, at most one card of each kind per ticket, a
  cooperative's card holds only its own clinics' tickets).

Pure: standard library only, no frappe. The glue (healthdesk.cards) turns every refusal code into
a typed exception with a translated sentence.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "BUG_REPORT", "DECLINED", "FINAL_STATUSES", "IMPROVEMENT_REQUEST", "INITIAL_STATUS", "KINDS",
    "OPEN_STATUSES", "PLANNED", "RECEIVED", "RELEASED", "REOPENED_TO", "STATUSES", "UNDER_ANALYSIS",
    "is_open", "is_reopen", "join_refusal", "move_refusal", "next_statuses", "note_needed",
]

# --------------------------------------------------------------------------- kinds
BUG_REPORT = "Bug report"
IMPROVEMENT_REQUEST = "Improvement request"
KINDS: tuple[str, ...] = (BUG_REPORT, IMPROVEMENT_REQUEST)

# --------------------------------------------------------------------------- statuses
RECEIVED = "Received"
UNDER_ANALYSIS = "Under analysis"
PLANNED = "Planned"
RELEASED = "Released"
DECLINED = "Declined"
STATUSES: tuple[str, ...] = (RECEIVED, UNDER_ANALYSIS, PLANNED, RELEASED, DECLINED)
OPEN_STATUSES: tuple[str, ...] = (RECEIVED, UNDER_ANALYSIS, PLANNED)
FINAL_STATUSES: tuple[str, ...] = (RELEASED, DECLINED)
INITIAL_STATUS = RECEIVED
# A reopened card is analysed again: whatever was released or declined is looked at anew.
REOPENED_TO = UNDER_ANALYSIS
_FORWARD = {RECEIVED: UNDER_ANALYSIS, UNDER_ANALYSIS: PLANNED, PLANNED: RELEASED}

# --------------------------------------------------------------------------- refusal codes
UNKNOWN_STATUS = "unknown_status"  # a status that is not one of STATUSES
SAME_STATUS = "same_status"  # the card already has it
FINAL = "final"  # out of Released / Declined by someone who may not reopen
NOT_NEXT = "not_next"  # skips a step, goes back, or reopens to anything but REOPENED_TO

CARD_CLOSED = "card_closed"  # the card is Released or Declined: it takes no more tickets
ALREADY_IN_CARD = "already_in_card"  # the ticket is already in this card
IN_OTHER_CARD = "in_other_card"  # the ticket is in another card of the same kind
OTHER_RESELLER = "other_reseller"  # a cooperative's card, a ticket of another cooperative's clinic

# --------------------------------------------------------------------------- what a move needs
NOTE_DECLINE_REASON = "decline_reason"
NOTE_RELEASED_IN = "released_in"
NOTE_REOPEN_REASON = "reopen_reason"


def is_open(status: str) -> bool:
    return status in OPEN_STATUSES


def is_reopen(current: str, target: str) -> bool:
    """A move out of a final status (the only one allowed is to REOPENED_TO)."""
    return current in FINAL_STATUSES and target in STATUSES and target != current


def next_statuses(current: str, *, may_reopen: bool = False) -> tuple[str, ...]:
    """The statuses a card in ``current`` may move to, in the order a person would offer them."""
    if current in OPEN_STATUSES:
        return (_FORWARD[current], DECLINED)
    if current in FINAL_STATUSES:
        return (REOPENED_TO,) if may_reopen else ()
    raise ValueError(f"unknown status {current!r}")


def move_refusal(current: str, target: str, *, may_reopen: bool = False) -> str | None:
    """None when ``current`` → ``target`` is allowed; otherwise the refusal code."""
    if current not in STATUSES or target not in STATUSES:
        return UNKNOWN_STATUS
    if current == target:
        return SAME_STATUS
    if target in next_statuses(current, may_reopen=may_reopen):
        return None
    if current in FINAL_STATUSES and not may_reopen:
        return FINAL
    return NOT_NEXT


def note_needed(current: str, target: str) -> str | None:
    """What must be written down for an allowed move: the decline reason (to Declined), the
    release notes (to Released), the reopen reason (out of a final status); None otherwise."""
    if is_reopen(current, target):
        return NOTE_REOPEN_REASON
    if target == DECLINED:
        return NOTE_DECLINE_REASON
    if target == RELEASED:
        return NOTE_RELEASED_IN
    return None


def join_refusal(*, card: str, card_kind: str, card_status: str, card_reseller: str | None,
                 ticket_reseller: str | None, cards_of_ticket: Mapping[str, str]) -> str | None:
    """None when the ticket may join ``card``; otherwise the refusal code.

    ``cards_of_ticket`` maps each kind to the card of that kind the ticket is already in. A card
    raised by a cooperative (``card_reseller``) holds only its own clinics' tickets: the
    cooperative's managers read the card, and must not learn of another cooperative's clinics. The
    vendor's own cards (no reseller) may group tickets of every cooperative.
    """
    existing = cards_of_ticket.get(card_kind)
    if existing == card:
        return ALREADY_IN_CARD
    if existing:
        return IN_OTHER_CARD
    if not is_open(card_status):
        return CARD_CLOSED
    if card_reseller and ticket_reseller != card_reseller:
        return OTHER_RESELLER
    return None
