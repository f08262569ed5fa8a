"""Dashboard Chart Source "Healthdesk Support Levels": per support level: tickets, first-response median in business hours and reopen rate. Within the
user's indicator scope (healthdesk.indicators.dashboard.scoped_filters)."""

from healthdesk.indicators.dashboard import chart_source, levels_chart

get = chart_source(levels_chart)
