# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE
"""SLA compliance by month, severity, clinic and reseller: first responses within the deadline,
and first-response and resolution times in business hours (as the SLA computed them)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from healthdesk.core.sla_report import TicketTimes, summarize, total
from healthdesk.sla.exceptions import InvalidGroupBy

GROUPS = {  # choice → (column, English label; translated when the report runs)
    "Month": ("month", "Month"),
    "Severity": ("severity", "Severity"),
    "Clinic": ("clinic", "Clinic"),
    "Reseller": ("reseller", "Reseller"),
}


def execute(filters=None):
    filters = frappe._dict(filters or {})
    group_by = [g for g in (filters.get("group_by") or "Month, Severity").split(", ") if g in GROUPS]
    if not group_by:
        frappe.throw(_("Group By: choose at least one of Month, Severity, Clinic or Reseller."), InvalidGroupBy)
    rows = frappe.get_list(
        "HD Ticket",
        filters=_ticket_filters(filters),
        fields=["opening_date", "severity", "clinic", "reseller", "response_by", "first_responded_on",
                "first_response_time", "resolution_time", "resolution_date", "desk_ticket", "desk_response_by",
                "desk_first_responded_on"],
        limit_page_length=0,
    )
    tickets = [
        TicketTimes(
            response_by=row.response_by, first_responded_on=row.first_responded_on,
            first_response_seconds=row.first_response_time,
            resolution_seconds=row.resolution_time if row.resolution_date else None,
            keys=tuple(_key(row, g) for g in group_by),
        )
        for row in rows
    ]
    now = now_datetime()
    groups = summarize(tickets, now)
    # A reseller desk's own first-line targets, measured from creation, beside the vendor's contract
    # (which, on desk tickets, runs from when the vendor received the ticket).
    desk = {g.keys: g for g in summarize(
        [TicketTimes(response_by=row.desk_response_by, first_responded_on=row.desk_first_responded_on,
                     keys=tuple(_key(row, g) for g in group_by)) for row in rows if row.desk_ticket], now)}
    columns = [
        {"fieldname": GROUPS[g][0], "label": _(GROUPS[g][1]), "fieldtype": "Data", "width": 160} for g in group_by
    ] + [
        {"fieldname": "tickets", "label": _("Tickets"), "fieldtype": "Int", "width": 90},
        {"fieldname": "met", "label": _("Responded in Time"), "fieldtype": "Int", "width": 140},
        {"fieldname": "breached", "label": _("Response Breached"), "fieldtype": "Int", "width": 140},
        {"fieldname": "pending", "label": _("Awaiting Response"), "fieldtype": "Int", "width": 140},
        {"fieldname": "not_covered", "label": _("Not Covered"), "fieldtype": "Int", "width": 110},
        {"fieldname": "compliance", "label": _("Compliance (%)"), "fieldtype": "Percent", "width": 130},
        {"fieldname": "avg_first_response_hours", "label": _("Avg. First Response (business h)"),
         "fieldtype": "Float", "precision": 2, "width": 210},
        {"fieldname": "avg_resolution_hours", "label": _("Avg. Resolution (business h)"),
         "fieldtype": "Float", "precision": 2, "width": 200},
        {"fieldname": "desk_tickets", "label": _("Desk Tickets"), "fieldtype": "Int", "width": 110},
        {"fieldname": "desk_met", "label": _("Desk Responded in Time"), "fieldtype": "Int", "width": 170},
        {"fieldname": "desk_breached", "label": _("Desk Response Breached"), "fieldtype": "Int", "width": 170},
        {"fieldname": "desk_compliance", "label": _("Desk Compliance (%)"), "fieldtype": "Percent", "width": 150},
    ]
    data = [_row(group_by, group.keys, group, desk.get(group.keys)) for group in groups]
    if data:
        # Our own total, from the tickets: Frappe's total row (add_total_row) averages a Percent
        # column over the rows, counting a row without compliance as 0 (100% and "—" made 50%).
        keys = (_("Total"),) + ("",) * (len(group_by) - 1)
        data.append(_row(group_by, keys, total(groups), total(desk.values()) if desk else None, bold=1))
    return columns, data


def _row(group_by: list[str], keys: tuple[str, ...], group, desk=None, **extra) -> dict:
    row = {GROUPS[g][0]: value for g, value in zip(group_by, keys, strict=True)}
    row.update(tickets=group.tickets, met=group.met, breached=group.breached, pending=group.pending,
               not_covered=group.not_covered, compliance=group.compliance,
               avg_first_response_hours=group.avg_first_response_hours,
               avg_resolution_hours=group.avg_resolution_hours,
               desk_tickets=desk.tickets if desk else 0, desk_met=desk.met if desk else 0,
               desk_breached=desk.breached if desk else 0, desk_compliance=desk.compliance if desk else None,
               **extra)
    return row


def _ticket_filters(filters) -> dict:
    result = {}
    if filters.get("from_date") and filters.get("to_date"):
        result["opening_date"] = ["between", [getdate(filters.from_date), getdate(filters.to_date)]]
    elif filters.get("from_date"):
        result["opening_date"] = [">=", getdate(filters.from_date)]
    elif filters.get("to_date"):
        result["opening_date"] = ["<=", getdate(filters.to_date)]
    for field in ("severity", "clinic", "reseller"):
        if filters.get(field):
            result[field] = filters.get(field)
    return result


def _key(row, group: str) -> str:
    if group == "Month":
        return getdate(row.opening_date).strftime("%Y-%m") if row.opening_date else ""
    value = row.get(GROUPS[group][0])
    if group == "Severity":
        return _(value) if value else _("No severity")
    return value or _("None")
