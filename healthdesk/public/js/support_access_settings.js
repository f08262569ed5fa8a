// Healthdesk Settings → Support Access (LGPD): rotate the check API's token. The new token is
// shown once, to copy into the clinic-management system; the server logs the change.
frappe.ui.form.on("Healthdesk Settings", {
	rotate_access_check_token(frm) {
		frappe.confirm(__("Generate a new check API token? The current one stops working at once."), () => {
			frappe.call({ method: "healthdesk.api.support_access.rotate_check_token", type: "POST" }).then((r) => {
				const token = r.message && r.message.token;
				if (!token) return;
				frappe.msgprint({
					title: __("New check API token"),
					message: `<p>${frappe.utils.escape_html(r.message.message)}</p><pre>${frappe.utils.escape_html(token)}</pre>`,
				});
				frm.reload_doc();
			});
		});
	},
});
