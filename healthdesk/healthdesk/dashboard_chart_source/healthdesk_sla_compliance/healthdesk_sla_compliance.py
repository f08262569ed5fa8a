"""Dashboard Chart Source "Healthdesk SLA Compliance": deadlines met, breached and still pending, for first response and resolution. Within the
user's indicator scope (healthdesk.indicators.dashboard.scoped_filters)."""

from healthdesk.indicators.dashboard import chart_source, compliance_chart

get = chart_source(compliance_chart)
