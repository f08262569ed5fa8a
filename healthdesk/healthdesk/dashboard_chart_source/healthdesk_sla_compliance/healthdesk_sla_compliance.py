"""Dashboard Chart Source "Healthdesk SLA Compliance": deadlines met, breached and still pending, for first response and resolution. Within the
user's indicator scope (healthdesk.indicators.dashboard.scoped_filters)."""

from __future__ import annotations

import frappe

from healthdesk.indicators.dashboard import compliance_chart


@frappe.whitelist()
def get(chart_name: str | None = None, chart: str | None = None, no_cache: int | None = None,
        filters: str | dict | None = None, from_date: str | None = None, to_date: str | None = None,
        timespan: str | None = None, time_interval: str | None = None, heatmap_year: str | None = None,
        refresh: int | None = None) -> dict:
    if not filters and chart_name:
        filters = frappe.db.get_value("Dashboard Chart", chart_name, "filters_json")
    return compliance_chart(filters)
