// Healthdesk Business Hours Times: First response and resolution in business hours (median and 90th percentile) against the SLA targets, per priority.
// The numbers are computed on the server within the user's scope (healthdesk.indicators.dashboard).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Healthdesk Business Hours Times"] = {
	method: "healthdesk.healthdesk.dashboard_chart_source.healthdesk_business_hours_times.healthdesk_business_hours_times.get",
	description: __("First response and resolution in business hours (median and 90th percentile) against the SLA targets, per priority."),
	definition_key: "times",
	filters: [
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
