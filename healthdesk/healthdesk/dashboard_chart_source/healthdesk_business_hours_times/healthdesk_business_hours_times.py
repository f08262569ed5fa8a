"""Dashboard Chart Source "Healthdesk Business Hours Times": first response and resolution in business hours (median and 90th percentile) against the SLA targets, per priority. Within the
user's indicator scope (healthdesk.indicators.dashboard.scoped_filters)."""

from __future__ import annotations

import frappe

from healthdesk.indicators.dashboard import times_chart


@frappe.whitelist()
def get(chart_name: str | None = None, chart: str | None = None, no_cache: int | None = None,
        filters: str | dict | None = None, from_date: str | None = None, to_date: str | None = None,
        timespan: str | None = None, time_interval: str | None = None, heatmap_year: str | None = None,
        refresh: int | None = None) -> dict:
    if not filters and chart_name:
        filters = frappe.db.get_value("Dashboard Chart", chart_name, "filters_json")
    return times_chart(filters)
