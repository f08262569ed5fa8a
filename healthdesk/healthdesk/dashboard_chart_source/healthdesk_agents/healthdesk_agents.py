"""Dashboard Chart Source "Healthdesk Agents": per agent: tickets, first-response median in business hours and reopen rate. Within the
user's indicator scope (healthdesk.indicators.dashboard.scoped_filters)."""

from healthdesk.indicators.dashboard import agents_chart, chart_source

get = chart_source(agents_chart)
