"""Reseller support desks (pure): who holds a ticket, and when each of its two clocks starts.

A cooperative (reseller) may run its own first line: a *desk*, with its own team of agents. New
tickets of its clinics go to that desk; the desk answers them or escalates them to the vendor
with a reason, and the vendor returns them with an answer. Tickets of resellers without a desk
go to the vendor's first line, as before.

Two clocks run on a desk ticket, in the same business calendar:

* the desk's own first-line targets (optional, per severity), measured from the ticket's creation;
* the vendor's contract targets, measured from the moment the vendor receives the ticket: its
  creation for tickets of resellers without a desk, the escalation for desk tickets. Before the
  vendor receives a desk ticket, the vendor's clock does not run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["DESK", "VENDOR", "ESCALATE", "RETURN", "Desk", "first_holder", "holder_after", "MoveRefused",
           "targets_for", "ANSWERED_BY_DESK", "ANSWERED_BY_VENDOR_FOR_DESK", "ANSWERED_BY_VENDOR", "answered_by",
           "contact_line"]

DESK = "Reseller desk"  # the ticket is with the reseller's own first line
VENDOR = "Vendor"       # the ticket is with the vendor's support
ESCALATE, RETURN = "Escalate", "Return"
HOURS = 3600


@dataclass(frozen=True)
class Desk:
    """A reseller's desk: whether it runs its own first line, and its team (an HD Team)."""

    reseller: str
    own_first_line: bool
    team: str | None

    @property
    def active(self) -> bool:
        return bool(self.own_first_line and self.team)


class MoveRefused(ValueError):
    """A move between desks that cannot happen; ``reason`` says which rule refused it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def first_holder(desk: Desk | None) -> str:
    """Who receives a new ticket of a clinic of this reseller."""
    return DESK if desk is not None and desk.active else VENDOR


def holder_after(holder: str, direction: str, desk_ticket: bool) -> str:
    """Who holds a ticket after a move between desks.

    Only desk tickets move between desks: the desk escalates to the vendor, the vendor returns
    to the desk. A ticket of a reseller without a desk stays with the vendor (its escalations are
    between the vendor's own levels)."""
    if not desk_ticket:
        raise MoveRefused("not a desk ticket")
    if direction == ESCALATE:
        if holder != DESK:
            raise MoveRefused("already with the vendor")
        return VENDOR
    if direction == RETURN:
        if holder != VENDOR:
            raise MoveRefused("already with the desk")
        return DESK
    raise MoveRefused("unknown direction")


def targets_for(targets: Mapping[str, tuple[float | None, float | None]], severity: str | None
                ) -> tuple[int | None, int | None]:
    """The desk's (response, resolution) targets in seconds for a severity, from its table of
    hours per severity; (None, None) when the desk set none for it."""
    response, resolution = targets.get(severity or "", (None, None))

    def seconds(hours: float | None) -> int | None:
        return None if hours is None or hours <= 0 else round(hours * HOURS)

    return seconds(response), seconds(resolution)


# Who answers a ticket, as the clinic reads it on the ticket itself.
ANSWERED_BY_DESK = "desk"                        # the cooperative's own support team
ANSWERED_BY_VENDOR_FOR_DESK = "vendor_for_desk"  # the vendor, the cooperative's desk escalated it
ANSWERED_BY_VENDOR = "vendor"                    # the vendor's support (no desk on this ticket)


def answered_by(holder: str | None, desk_ticket: bool) -> str:
    """Who answers the clinic on a ticket: the cooperative's desk, the vendor on the desk's
    behalf (the desk stays the clinic's single point of contact), or the vendor."""
    if not desk_ticket:
        return ANSWERED_BY_VENDOR
    return ANSWERED_BY_DESK if holder == DESK else ANSWERED_BY_VENDOR_FOR_DESK


def contact_line(name: str | None, email: str | None, phone: str | None) -> str:
    """A point of contact on one line: the parts that are known, in that order, joined by " · "."""
    return " · ".join(part.strip() for part in (name, email, phone) if part and part.strip())
