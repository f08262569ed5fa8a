// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE

frappe.query_reports["Onboarding Completion"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Clinic", label: __("Clinic") },
				{ value: "Reseller", label: __("Reseller") },
				{ value: "Stage", label: __("Stage") },
				{ value: "Module", label: __("Module") },
			],
			default: "Clinic",
			reqd: 1,
		},
		{ fieldname: "reseller", label: __("Reseller"), fieldtype: "Link", options: "Reseller" },
		{
			fieldname: "clinic",
			label: __("Clinic"),
			fieldtype: "Link",
			options: "Clinic",
			get_query: () => {
				const reseller = frappe.query_report.get_filter_value("reseller");
				return reseller ? { filters: { reseller } } : {};
			},
		},
		{ fieldname: "stage", label: __("Stage"), fieldtype: "Data" },
		{ fieldname: "module", label: __("Module"), fieldtype: "Data" },
	],
};
