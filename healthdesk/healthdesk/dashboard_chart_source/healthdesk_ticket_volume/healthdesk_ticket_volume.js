// Healthdesk Ticket Volume: Tickets created per day, week or month.
// The numbers are computed on the server within the user's scope (healthdesk.indicators.dashboard).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Healthdesk Ticket Volume"] = {
	method: "healthdesk.healthdesk.dashboard_chart_source.healthdesk_ticket_volume.healthdesk_ticket_volume.get",
	description: __("Tickets created per day, week or month."),
	definition_key: "volume",
	filters: [
		{
			fieldname: "period",
			label: __("Period"),
			fieldtype: "Select",
			options: [
				{ value: "day", label: __("Day") },
				{ value: "week", label: __("Week") },
				{ value: "month", label: __("Month") },
			],
			default: "day",
		},
		...healthdesk_indicator_filters(),
	],
};

function healthdesk_indicator_filters() {
	return [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date" },
		{ fieldname: "reseller", label: __("Reseller"), fieldtype: "Link", options: "Reseller" },
		{ fieldname: "clinic", label: __("Clinic"), fieldtype: "Link", options: "Clinic" },
		{ fieldname: "module", label: __("Module"), fieldtype: "Link", options: "System Module" },
	];
}
