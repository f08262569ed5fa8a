// Healthdesk Support Levels: Per support level: tickets, first-response median in business hours and reopen rate.
// The numbers are computed on the server within the user's scope (healthdesk.indicators.dashboard).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Healthdesk Support Levels"] = {
	method: "healthdesk.healthdesk.dashboard_chart_source.healthdesk_support_levels.healthdesk_support_levels.get",
	description: __("Per support level: tickets, first-response median in business hours and reopen rate."),
	definition_key: "per_level",
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
