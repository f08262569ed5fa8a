// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE
// Offer to recompute open tickets' deadlines when an SLA changes.

frappe.ui.form.on("HD Service Level Agreement", {
	after_save(frm) {
		frappe.call("healthdesk.api.sla.affected_open_tickets", { sla: frm.doc.name }).then((r) => {
			const count = r.message || 0;
			if (!count) return;
			frappe.confirm(
				__("{0} open tickets use this. Recompute their deadlines now?", [count]),
				() =>
					frappe
						.call("healthdesk.api.sla.recompute_open_tickets", { sla: frm.doc.name })
						.then((res) =>
							frappe.show_alert({ message: __("Deadlines of {0} tickets recomputed.", [res.message]), indicator: "green" })
						)
			);
		});
	},
});
