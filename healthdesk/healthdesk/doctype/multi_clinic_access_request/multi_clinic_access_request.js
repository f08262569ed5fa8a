// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE

frappe.ui.form.on("Multi-Clinic Access Request", {
	refresh(frm) {
		const admin = frappe.user.has_role("Healthdesk Admin") || frappe.user.has_role("System Manager");
		if (frm.doc.docstatus === 1 && frm.doc.status === "Submitted" && admin) {
			frm.add_custom_button(__("Approve"), () => {
				frappe.confirm(
					__("Give {0} access to clinics {1}?", [frm.doc.user_email, frm.doc.requested_base_ids]),
					() => frm.call("approve").then(() => frm.reload_doc())
				);
			}).addClass("btn-primary");
			frm.add_custom_button(__("Reject"), () => {
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
					(values) => frm.call("reject", { reason: values.reason }).then(() => frm.reload_doc()),
					__("Reject request"),
					__("Reject")
				);
			});
		}
	},
});
