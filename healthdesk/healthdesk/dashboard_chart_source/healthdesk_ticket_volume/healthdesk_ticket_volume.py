"""Dashboard Chart Source "Healthdesk Ticket Volume": tickets created per day, week or month. Within the
user's indicator scope (healthdesk.indicators.dashboard.scoped_filters)."""

from healthdesk.indicators.dashboard import chart_source, volume_chart

get = chart_source(volume_chart)
