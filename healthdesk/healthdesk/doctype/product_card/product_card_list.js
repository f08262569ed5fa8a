// Product Card list: statuses and kinds in the card's own words ("Product Card" context).
const CARD_STATUS_COLORS = {
	Received: "blue",
	"Under analysis": "orange",
	Planned: "purple",
	Released: "green",
	Declined: "red",
};

frappe.listview_settings["Product Card"] = {
	add_fields: ["status", "kind"],
	get_indicator(doc) {
		return [__(doc.status, null, "Product Card"), CARD_STATUS_COLORS[doc.status] || "gray", `status,=,${doc.status}`];
	},
	formatters: {
		kind: (value) => (value ? __(value, null, "Product Card") : ""),
		status: (value) => (value ? __(value, null, "Product Card") : ""),
	},
};
