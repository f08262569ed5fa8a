"""Dashboard Chart Source "Healthdesk Backlog Ageing": tickets open now by calendar days since they were opened. Within the
user's indicator scope (healthdesk.indicators.dashboard.scoped_filters)."""

from healthdesk.indicators.dashboard import ageing_chart, chart_source

get = chart_source(ageing_chart)
