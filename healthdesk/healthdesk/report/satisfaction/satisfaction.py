# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE
"""Satisfaction after resolution by clinic, reseller, agent, module or month, within the reader's
scope (healthdesk.indicators.scope: the vendor sees every reseller, a cooperative's desk agent
their own). The numbers are healthdesk.satisfaction.results'."""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.indicators.filters import build
from healthdesk.indicators.scope import require_scope
from healthdesk.satisfaction.results import GROUPS, results

LABELS = {"clinic": "Clinic", "reseller": "Reseller", "agent": "Agent", "module": "Module", "month": "Month"}


def execute(filters=None):
    filters = frappe._dict(filters or {})
    by = (filters.get("group_by") or "month").lower()
    if by not in GROUPS:
        by = "month"
    f = build(require_scope(), filters.get("from_date"), filters.get("to_date"), filters.get("reseller"),
              filters.get("clinic"), filters.get("module"), default_days=90)
    columns = [
        {"fieldname": "label", "label": _(LABELS[by]), "fieldtype": "Data", "width": 220},
        {"fieldname": "asked", "label": _("Asked"), "fieldtype": "Int", "width": 90},
        {"fieldname": "answers", "label": _("Answers"), "fieldtype": "Int", "width": 90},
        {"fieldname": "response_rate", "label": _("Response Rate (%)"), "fieldtype": "Percent", "width": 140},
        {"fieldname": "average", "label": _("Average (1-5 stars)"), "fieldtype": "Float", "precision": 2, "width": 150},
        {"fieldname": "low", "label": _("Low Ratings"), "fieldtype": "Int", "width": 110},
    ]
    data = []
    for row in results(f, by):
        row = dict(row)
        row["response_rate"] = round(row["response_rate"] * 100, 1) if row["response_rate"] is not None else None
        data.append(row)
    return columns, data
