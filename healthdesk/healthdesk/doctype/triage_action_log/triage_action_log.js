// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE

frappe.ui.form.on("Triage Action Log", {
	refresh(frm) {
		if (frm.doc.undone || frm.doc.action === "notify_vendor") return;
		frm.add_custom_button(__("Undo"), () => {
			frappe.confirm(__("Undo this automatic action on ticket {0}?", [frm.doc.ticket]), () => {
				frappe.call({
					method: "healthdesk.api.intake.undo_triage_action",
					args: { log: frm.doc.name },
					callback: () => frm.reload_doc(),
				});
			});
		});
	},
});
