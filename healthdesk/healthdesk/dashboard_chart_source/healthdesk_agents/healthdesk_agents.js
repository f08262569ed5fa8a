// Healthdesk Agents: Per agent: tickets, first-response median in business hours and reopen rate.
// The numbers are computed on the server within the user's scope (healthdesk.indicators.dashboard).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Healthdesk Agents"] = {
	method: "healthdesk.healthdesk.dashboard_chart_source.healthdesk_agents.healthdesk_agents.get",
	description: __("Per agent: tickets, first-response median in business hours and reopen rate."),
	definition_key: "per_agent",
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
