// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE

frappe.query_reports["SLA Compliance"] = {
	filters: [
		{ fieldname: "from_date", label: __("From Date"), fieldtype: "Date", default: frappe.datetime.add_months(frappe.datetime.get_today(), -3) },
		{ fieldname: "to_date", label: __("To Date"), fieldtype: "Date", default: frappe.datetime.get_today() },
		{ fieldname: "severity", label: __("Severity"), fieldtype: "Select", options: ["", "High", "Medium", "Low", "Not covered"].map((value) => ({ value, label: __(value) })) },
		{ fieldname: "clinic", label: __("Clinic"), fieldtype: "Link", options: "Clinic" },
		{ fieldname: "reseller", label: __("Reseller"), fieldtype: "Link", options: "Reseller" },
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "MultiSelect",
			// values stay the English keys the report reads; people see them translated
			options: ["Month", "Severity", "Clinic", "Reseller"].map((value) => ({ value, label: __(value), description: "" })),
			default: "Month, Severity",
		},
	],
};
