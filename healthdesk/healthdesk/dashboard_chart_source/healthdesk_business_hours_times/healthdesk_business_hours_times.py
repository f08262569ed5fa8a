"""Dashboard Chart Source "Healthdesk Business Hours Times": first response and resolution in business hours (median and 90th percentile) against the SLA targets, per priority. Within the
user's indicator scope (healthdesk.indicators.dashboard.scoped_filters)."""

from healthdesk.indicators.dashboard import chart_source, times_chart

get = chart_source(times_chart)
