// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE

frappe.query_reports["Satisfaction"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -3) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "reseller", label: __("Reseller"), fieldtype: "Link", options: "Reseller" },
		{ fieldname: "clinic", label: __("Clinic"), fieldtype: "Link", options: "Clinic" },
		{ fieldname: "module", label: __("Module"), fieldtype: "Link", options: "System Module" },
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			// values stay the keys the report reads; people see them translated
			options: [
				{ value: "month", label: __("Month") },
				{ value: "clinic", label: __("Clinic") },
				{ value: "reseller", label: __("Reseller") },
				{ value: "agent", label: __("Agent") },
				{ value: "module", label: __("Module") },
			],
			default: "month",
		},
	],
};
