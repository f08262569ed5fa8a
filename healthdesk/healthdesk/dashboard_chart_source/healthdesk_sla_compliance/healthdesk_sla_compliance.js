// Healthdesk SLA Compliance: Deadlines met, breached and still pending, for first response and resolution.
// The numbers are computed on the server within the user's scope (healthdesk.indicators.dashboard).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Healthdesk SLA Compliance"] = {
	method: "healthdesk.healthdesk.dashboard_chart_source.healthdesk_sla_compliance.healthdesk_sla_compliance.get",
	description: __("Deadlines met, breached and still pending, for first response and resolution."),
	definition_key: "compliance",
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
