"""What every indicator means, in words a support lead can check against a ticket list.

:func:`definition` gives one in the user's language (the portal's tooltips call it);
:func:`definitions` gives all of them (the desk's "Indicator definitions" block on the Healthdesk
workspace, and the dashboard's help). Keys are the indicator functions of
healthdesk.indicators.queries plus the number cards' keys.
"""

from __future__ import annotations

import frappe
from frappe import _


def _texts() -> dict[str, tuple[str, str]]:
    """key -> (title, definition), translated now (the user's language)."""
    return {
        "volume": (_("Ticket volume"), _("Tickets opened in the period, counted on the day they were created, per day, ISO week (Monday to Sunday) or month.")),
        "volume_by": (_("Tickets by category, module, severity, clinic or reseller"), _("Tickets opened in the period, grouped by the value the ticket has now; a ticket without that value is counted as \"Not set\".")),
        "first_response_median": (_("First response, median (business hours)"), _("Half of the tickets answered in the period got their first answer within this time. Counted in business hours of the ticket's calendar (opening hours, lunch breaks, weekends and holidays excluded), from when the vendor received the ticket: its creation, or the escalation by the cooperative's desk.")),
        "first_response_p90": (_("First response, 90th percentile (business hours)"), _("Nine in ten tickets answered in the period got their first answer within this time, in business hours. Percentiles interpolate linearly between the two nearest tickets.")),
        "resolution_median": (_("Resolution, median (business hours)"), _("Half of the tickets resolved in the period were resolved within this time, in business hours from when the vendor received them. Time paused waiting for the clinic is included.")),
        "resolution_p90": (_("Resolution, 90th percentile (business hours)"), _("Nine in ten tickets resolved in the period were resolved within this time, in business hours.")),
        "targets": (_("SLA targets"), _("The response and resolution times the ticket's SLA sets for its priority, in business hours. Tickets without an SLA (\"Not covered\") have no target.")),
        "response_compliance": (_("First response compliance (%)"), _("Of the tickets whose first-response deadline is decided (answered, or the deadline has passed), the share answered on or before the deadline. Tickets still within their deadline are pending and not counted.")),
        "resolution_compliance": (_("Resolution compliance (%)"), _("Of the tickets whose resolution deadline is decided (resolved, or the deadline has passed), the share resolved on or before the deadline.")),
        "breaches": (_("Breaches"), _("Tickets answered or resolved after their deadline, or not yet and past it. \"SLA failed\" counts the tickets Helpdesk marks as Failed.")),
        "backlog": (_("Open backlog"), _("Tickets open now (status Open or Paused), whatever day they were opened, up to the end of the period.")),
        "ageing": (_("Backlog ageing"), _("Open tickets by calendar days since they were opened (today is day 0): 0-1, 2-3, 4-7, 8-15, 16-30 and more than 30 days.")),
        "per_agent": (_("Per agent"), _("Tickets of the period assigned to each agent (now or before; a ticket with two agents counts for both), the agents' first-response median in business hours, and the share of their tickets reopened at least once.")),
        "per_level": (_("Per support level"), _("Tickets of the period by the support level they are at now (1: first line; 2 and up: the escalation levels), with first-response median and reopen rate.")),
        "reopen_rate": (_("Reopen rate (%)"), _("Share of the tickets that went back from Resolved or Closed to Open or Paused at least once.")),
        "consultancy": (_("Consultancy volume"), _("Tickets outside the support contract: severity \"Not covered\" or category Consultancy, opened in the period.")),
        "tickets": (_("Tickets in the period"), _("Tickets opened in the period, within the filters.")),
        "scope": (_("Whose numbers"), _("The vendor's support sees every cooperative; a cooperative's managers and desk agents see only their cooperative's clinics.")),
    }


def definition(key: str) -> str:
    """The definition of indicator ``key`` in the user's language ("" for an unknown key)."""
    return _texts().get(key, ("", ""))[1]


def title(key: str) -> str:
    return _texts().get(key, ("", ""))[0]


@frappe.whitelist()
def definitions() -> list[dict]:
    """Every indicator's ``{"key", "title", "definition"}``, in the user's language."""
    return [{"key": key, "title": t, "definition": d} for key, (t, d) in _texts().items()]
