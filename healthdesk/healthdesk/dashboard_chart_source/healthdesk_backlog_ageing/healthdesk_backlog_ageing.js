// Healthdesk Backlog Ageing: Tickets open now by calendar days since they were opened.
// The numbers are computed on the server within the user's scope (healthdesk.indicators.dashboard).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Healthdesk Backlog Ageing"] = {
	method: "healthdesk.healthdesk.dashboard_chart_source.healthdesk_backlog_ageing.healthdesk_backlog_ageing.get",
	description: __("Tickets open now by calendar days since they were opened."),
	definition_key: "ageing",
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
