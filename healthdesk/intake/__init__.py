"""Ticket intake: the new-ticket form, category/module/severity guarantees, personal data, triage,
saved replies and intake defaults."""

# Stable whitelisted paths (Triage Action Log form, agent pages of earlier versions): the
# endpoints live in healthdesk.api.intake.
from healthdesk.api.intake import ticket_triage_log, undo_triage_action  # noqa: F401
