"""Dashboard Chart Source "Healthdesk Consultancy": consultancy tickets (not covered by the support contract) per period. Within the
user's indicator scope (healthdesk.indicators.dashboard.scoped_filters)."""

from healthdesk.indicators.dashboard import chart_source, consultancy_chart

get = chart_source(consultancy_chart)
