// Status from the clock, as the server computes it: the stored value may lag the scheduler.
frappe.listview_settings["Support Access Grant"] = {
	add_fields: ["valid_until", "revoked_at", "status"],
	get_indicator(doc) {
		if (doc.revoked_at) return [__("Revoked"), "red", "status,=,Revoked"];
		if (!doc.valid_until || frappe.datetime.str_to_obj(doc.valid_until) <= new Date())
			return [__("Expired"), "gray", "status,=,Expired"];
		return [__("Active"), "green", "status,=,Active"];
	},
};
