// Healthdesk Consultancy: Consultancy tickets (not covered by the support contract) per period.
// The numbers are computed on the server within the user's scope (healthdesk.indicators.dashboard).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Healthdesk Consultancy"] = {
	method: "healthdesk.healthdesk.dashboard_chart_source.healthdesk_consultancy.healthdesk_consultancy.get",
	description: __("Consultancy tickets (not covered by the support contract) per period."),
	definition_key: "consultancy",
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
			default: "month",
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
