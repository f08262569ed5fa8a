"""Satisfaction endpoints: a clinic user rates a resolved ticket (/avaliar). The rules — who may
rate, once, 1 to 5 stars — are checked in healthdesk.satisfaction.survey."""

from __future__ import annotations

import frappe

from healthdesk.satisfaction import survey


@frappe.whitelist(methods=["POST"])
def rate(ticket: str, stars: int, comment: str | None = None) -> dict:
    """Store the logged-in clinic user's rating of ``ticket`` in Helpdesk's feedback fields."""
    return survey.answer(ticket, stars, comment)


@frappe.whitelist()
def waiting() -> list[dict]:
    """The logged-in user's resolved tickets that wait for their rating."""
    return [{"name": r.name, "subject": r.subject} for r in survey.waiting(frappe.session.user)]
