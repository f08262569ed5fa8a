"""Choices of healthdesk's Select fields on HD Ticket for Helpdesk's ticket forms (the ticket
template's ``url_method``): the stored value and its label in the user's language."""

from __future__ import annotations

import frappe

from healthdesk.portal.ticket_fields import choices


@frappe.whitelist()
def severity_options() -> list[dict[str, str]]:
    return choices("severity")


@frappe.whitelist()
def category_options() -> list[dict[str, str]]:
    return choices("ticket_category")
