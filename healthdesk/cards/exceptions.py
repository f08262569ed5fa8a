"""Typed errors of product cards: tests and callers catch the class, not the sentence."""

from __future__ import annotations

import frappe


class CardMoveNotAllowed(frappe.ValidationError):
    """A status move the lifecycle does not allow (skipping a step, going back, leaving Released or
    Declined without a reopen)."""


class NotProductTeam(frappe.PermissionError):
    """Only the vendor's product team (Product Manager, Healthdesk Admin) moves a card's status."""


class DeclineReasonRequired(frappe.ValidationError):
    pass


class ReleaseNotesRequired(frappe.ValidationError):
    pass


class ReopenReasonRequired(frappe.ValidationError):
    pass


class CardClosed(frappe.ValidationError):
    """A Released or Declined card takes no more tickets."""


class TicketInAnotherCard(frappe.ValidationError):
    """A ticket is in at most one card of each kind."""


class TicketAlreadyInCard(frappe.ValidationError):
    pass


class TicketOfAnotherReseller(frappe.ValidationError):
    """A cooperative's card holds only its own clinics' tickets."""


class NotYourReseller(frappe.PermissionError):
    """A cooperative's desk raises cards for its own cooperative only."""


class PersonalDataInCard(frappe.ValidationError):
    """The card goes to the vendor's product team: no personal data in its title or description."""
