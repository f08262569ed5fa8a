"""Dashboard Chart Source "Healthdesk Tickets By": tickets created in the period by category, module, severity, clinic or reseller. Within the
user's indicator scope (healthdesk.indicators.dashboard.scoped_filters)."""

from healthdesk.indicators.dashboard import chart_source, tickets_by_chart

get = chart_source(tickets_by_chart)
