// Healthdesk Tickets By: Tickets created in the period by category, module, severity, clinic or reseller.
// The numbers are computed on the server within the user's scope (healthdesk.indicators.dashboard).
frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Healthdesk Tickets By"] = {
	method: "healthdesk.healthdesk.dashboard_chart_source.healthdesk_tickets_by.healthdesk_tickets_by.get",
	description: __("Tickets created in the period by category, module, severity, clinic or reseller."),
	definition_key: "volume_by",
	filters: [
		{
			fieldname: "dimension",
			label: __("Group by"),
			fieldtype: "Select",
			options: [
				{ value: "category", label: __("Category") },
				{ value: "module", label: __("Module") },
				{ value: "severity", label: __("Severity") },
				{ value: "clinic", label: __("Clinic") },
				{ value: "reseller", label: __("Reseller") },
			],
			default: "category",
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
