"""Fill Ticket Agent Assignment (healthdesk.indicators.assignments) from every ToDo of an HD
Ticket, so that the per-agent indicators count the assignments made before it existed. One
set-based statement; running it again gives the same rows."""

from __future__ import annotations

from healthdesk.indicators.assignments import rebuild


def execute():
    rebuild()
