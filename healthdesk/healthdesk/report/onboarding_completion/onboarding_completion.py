# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""Onboarding Completion: how much of the onboarding panel clinic users have done, by clinic,
reseller, stage or module. Healthdesk Admins and System Managers see every reseller; a Reseller
Manager sees only the resellers that list them as managers."""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.core.onboarding_completion import GROUPINGS, completion
from healthdesk.onboarding.panels import completion_records, report_scope, title_key


def execute(filters=None):
    filters = frappe._dict(filters or {})
    group_by = filters.get("group_by") or "Clinic"
    if group_by not in GROUPINGS:
        frappe.throw(_("Group By must be one of: {0}.").format(", ".join(_(g) for g in GROUPINGS)))
    records = completion_records(report_scope(), reseller=filters.get("reseller"), clinic=filters.get("clinic"))
    if filters.get("stage"):
        wanted = title_key(filters.stage)
        records = [r for r in records if wanted in title_key(r.stage)]
    if filters.get("module"):
        wanted = title_key(filters.module)
        records = [r for r in records if wanted in title_key(r.module)]
    rows = completion(records, group_by)
    columns = key_columns(group_by) + figure_columns()
    data = [key_values(group_by, row.key) | figures(row) for row in rows]
    return columns, data, None, chart(group_by, data)


def key_columns(group_by: str) -> list[dict]:
    if group_by == "Clinic":
        return [
            {"fieldname": "reseller", "label": _("Reseller"), "fieldtype": "Link", "options": "Reseller", "width": 120},
            {"fieldname": "clinic", "label": _("Clinic"), "fieldtype": "Link", "options": "Clinic", "width": 110},
            {"fieldname": "clinic_name", "label": _("Clinic Name"), "fieldtype": "Data", "width": 220},
        ]
    if group_by == "Reseller":
        return [
            {"fieldname": "reseller", "label": _("Reseller"), "fieldtype": "Link", "options": "Reseller", "width": 120},
            {"fieldname": "reseller_name", "label": _("Reseller Name"), "fieldtype": "Data", "width": 220},
        ]
    if group_by == "Stage":
        return [
            {"fieldname": "panel", "label": _("Onboarding Panel"), "fieldtype": "Link", "options": "Onboarding Panel", "width": 160},
            {"fieldname": "stage_number", "label": _("Stage No."), "fieldtype": "Int", "width": 80},
            {"fieldname": "stage", "label": _("Stage"), "fieldtype": "Data", "width": 220},
        ]
    return [{"fieldname": "module", "label": _("Module"), "fieldtype": "Data", "width": 220}]


def figure_columns() -> list[dict]:
    return [
        {"fieldname": "users", "label": _("Users"), "fieldtype": "Int", "width": 80},
        {"fieldname": "users_finished", "label": _("Users Who Finished"), "fieldtype": "Int", "width": 140},
        {"fieldname": "tasks_done", "label": _("Tasks Done"), "fieldtype": "Int", "width": 110},
        {"fieldname": "tasks_total", "label": _("Tasks"), "fieldtype": "Int", "width": 80},
        {"fieldname": "completion", "label": _("Completion (%)"), "fieldtype": "Percent", "width": 130},
    ]


def key_values(group_by: str, key: tuple) -> dict:
    if group_by == "Clinic":
        reseller, clinic = key
        return {"reseller": reseller, "clinic": clinic,
                "clinic_name": frappe.db.get_value("Clinic", clinic, "clinic_name")}
    if group_by == "Reseller":
        (reseller,) = key
        return {"reseller": reseller, "reseller_name": frappe.db.get_value("Reseller", reseller, "reseller_name")}
    if group_by == "Stage":
        panel, number, stage = key
        return {"panel": panel, "stage_number": number, "stage": stage}
    (module,) = key
    return {"module": module}


def figures(row) -> dict:
    return {"users": row.users, "users_finished": row.users_finished, "tasks_done": row.done,
            "tasks_total": row.total, "completion": row.percent}


def chart(group_by: str, data: list[dict]) -> dict | None:
    if not data:
        return None
    label_field = {"Clinic": "clinic_name", "Reseller": "reseller_name", "Stage": "stage", "Module": "module"}[group_by]
    return {
        "data": {
            "labels": [str(row.get(label_field) or "") for row in data][:30],
            "datasets": [{"name": _("Completion (%)"), "values": [row["completion"] for row in data][:30]}],
        },
        "type": "bar",
        "colors": ["#2490ef"],
    }
