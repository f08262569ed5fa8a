"""Typed exceptions of the network capability (clinics, resellers, multi-clinic requests), so
callers and tests tell refusals apart by type rather than by their (translated) text. The ticket's
clinic rule has its own in :mod:`healthdesk.network.ticket_clinic`."""

from __future__ import annotations

import frappe

# --- Clinic and Reseller


class InvalidBaseId(frappe.ValidationError):
    """A clinic's base ID is not digits only."""


class InvalidShortCode(frappe.ValidationError):
    """A reseller's short code is not 2 to 20 letters, digits, '-' or '_'."""


class InvalidCNPJ(frappe.ValidationError):
    """A reseller's CNPJ fails its shape or check digits."""


class InvalidBookingLink(frappe.ValidationError):
    """A reseller's Customer Success booking link is not a web address."""


# --- Multi-Clinic Access Request


class InvalidPastedRequest(frappe.ValidationError):
    """The pasted request has a line missing or twice, or a token that is not a base ID."""


class InvalidUserEmail(frappe.ValidationError):
    """The request's user e-mail is missing or not an e-mail address."""


class UnknownBaseId(frappe.ValidationError):
    """The request names a base ID no clinic has."""


class ClinicOfAnotherReseller(frappe.ValidationError):
    """The request names a clinic of another reseller than the user's home clinic."""


class NoClinicsRequested(frappe.ValidationError):
    """The request lists no clinic."""


class RequestNotSubmitted(frappe.ValidationError):
    """Only a submitted request can be approved or rejected."""


class RejectionReasonRequired(frappe.ValidationError):
    """A request is rejected with a reason."""
