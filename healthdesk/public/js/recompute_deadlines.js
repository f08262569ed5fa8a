// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE
// After a Business Hours Calendar or an SLA is saved: offer to recompute open tickets' deadlines.

frappe.provide("healthdesk");

healthdesk.offer_recompute = function (args) {
	frappe.call("healthdesk.api.sla.affected_open_tickets", args).then((r) => {
		const count = r.message || 0;
		if (!count) return;
		frappe.confirm(__("{0} open tickets use this. Recompute their deadlines now?", [count]), () =>
			frappe
				.call("healthdesk.api.sla.recompute_open_tickets", args)
				.then((res) =>
					frappe.show_alert({
						message: __("Deadlines of {0} tickets recomputed.", [res.message]),
						indicator: "green",
					})
				)
		);
	});
};
