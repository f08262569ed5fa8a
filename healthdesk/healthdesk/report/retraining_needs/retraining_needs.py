# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""Retraining Needs: the clinics that ask clearly more how-to questions about a module per active
user than their network's median, beside their onboarding completion of the module, with a
button to book a retraining session. For the desk (the vendor's support and a cooperative's desk
agents); the scope is healthdesk.indicators.scope (a cooperative's people see its clinics only,
and the median is their network's)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, escape_html

from healthdesk.core.retraining import MIN_QUESTIONS
from healthdesk.indicators import filters as indicator_filters
from healthdesk.indicators.retraining import definitions, ranking
from healthdesk.indicators.scope import require_scope

MAX_ROWS = 500
DEFAULT_DAYS = 90


def execute(filters=None):
    filters = frappe._dict(filters or {})
    allowed = require_scope()
    f = indicator_filters.build(allowed, filters.get("from_date"), filters.get("to_date"), filters.get("reseller"),
                                filters.get("clinic"), filters.get("module"), default_days=DEFAULT_DAYS)
    min_questions = max(cint(filters.get("min_questions")) or MIN_QUESTIONS, 1)
    rows = ranking(f, module=f.module, limit=MAX_ROWS, min_questions=min_questions,
                   include_all=bool(cint(filters.get("include_all"))))
    for position, row in enumerate(rows, 1):
        row["rank"] = position if row["needs_retraining"] else None
    return columns(), rows, message(min_questions), chart(rows)


def columns() -> list[dict]:
    return [
        {"fieldname": "rank", "label": _("Rank"), "fieldtype": "Int", "width": 70},
        {"fieldname": "clinic", "label": _("Clinic"), "fieldtype": "Link", "options": "Clinic", "width": 110},
        {"fieldname": "clinic_name", "label": _("Clinic Name"), "fieldtype": "Data", "width": 200},
        {"fieldname": "reseller", "label": _("Reseller"), "fieldtype": "Link", "options": "Reseller", "width": 110},
        {"fieldname": "module", "label": _("Module"), "fieldtype": "Link", "options": "System Module", "width": 130},
        {"fieldname": "questions", "label": _("Questions"), "fieldtype": "Int", "width": 95},
        {"fieldname": "active_users", "label": _("Active Users"), "fieldtype": "Int", "width": 105},
        {"fieldname": "per_user", "label": _("Questions per Active User"), "fieldtype": "Float", "precision": 2,
         "width": 120},
        {"fieldname": "network_median", "label": _("Network Median"), "fieldtype": "Float", "precision": 2,
         "width": 120},
        {"fieldname": "ratio", "label": _("Ratio to the Median"), "fieldtype": "Float", "precision": 2,
         "width": 120},
        {"fieldname": "onboarding_completion", "label": _("Onboarding Completion (%)"), "fieldtype": "Percent",
         "width": 130},
        {"fieldname": "book", "label": _("Retraining"), "fieldtype": "Data", "width": 150},
    ]


def message(min_questions: int) -> str:
    """The definitions of the numbers, shown above the table."""
    texts = definitions(min_questions)
    items = "".join(f"<li>{escape_html(texts[key])}</li>" for key in (
        "questions", "active_users", "per_user", "network_median", "ratio", "onboarding_completion"))
    return (f'<div class="hd-retraining-definitions"><p>{escape_html(texts["ranking"])}</p>'
            f'<ul class="small text-muted">{items}</ul></div>')


def chart(rows: list[dict]) -> dict | None:
    shown = [row for row in rows if row["needs_retraining"]][:15]
    if not shown:
        return None
    return {
        "data": {
            "labels": [f"{row['clinic_name'] or row['clinic']} · {row['module']}" for row in shown],
            "datasets": [
                {"name": _("Questions per Active User"), "values": [row["per_user"] for row in shown]},
                {"name": _("Network Median"), "values": [row["network_median"] for row in shown]},
            ],
        },
        "type": "bar",
        "colors": ["#e2401c", "#2490ef"],
    }
