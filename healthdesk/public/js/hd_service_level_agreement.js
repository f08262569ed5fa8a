// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE
// Offer to recompute open tickets' deadlines when an SLA changes (recompute_deadlines.js).

frappe.ui.form.on("HD Service Level Agreement", {
	after_save(frm) {
		healthdesk.offer_recompute({ sla: frm.doc.name });
	},
});
