// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE

// The request's own status in the list and in the form's header badge: Frappe shows "Submitted"
// for every submitted document otherwise, also after the request was approved or rejected.
frappe.listview_settings["Multi-Clinic Access Request"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		const colours = { Draft: "red", Submitted: "blue", Approved: "green", Rejected: "red" };
		if (doc.status && colours[doc.status]) {
			return [__(doc.status), colours[doc.status], "status,=," + doc.status];
		}
	},
};
