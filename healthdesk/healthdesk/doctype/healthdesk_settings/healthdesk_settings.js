// Healthdesk Settings: explicit, confirmed actions (nothing here runs on install or migrate).
frappe.ui.form.on("Healthdesk Settings", {
	make_contract_sla_default(frm) {
		frappe.call({
			method: "healthdesk.api.sla.contract_sla_default_preview",
		}).then(({ message }) => {
			const lines = [
				__("The contract SLA {0} becomes Helpdesk's default SLA and applies to every ticket, not only to clinic tickets.", [frappe.utils.escape_html(message.sla)]),
			];
			if (message.default) {
				lines.push(__("The current default SLA {0} stops being the default.", [frappe.utils.escape_html(message.default)]));
			}
			if (message.catch_all.length) {
				lines.push(__("These enabled SLAs have no condition and would still catch every ticket first, so they will be disabled: {0}.", [message.catch_all.map(frappe.utils.escape_html).join(", ")]));
			}
			lines.push(__("Do you want to continue?"));
			frappe.confirm(lines.map((line) => `<p>${line}</p>`).join(""), () => {
				frappe.call({
					method: "healthdesk.api.sla.make_contract_sla_default",
					args: { confirm: 1 },
					freeze: true,
				}).then(({ message: result }) => {
					frappe.show_alert({ message: __("The contract SLA {0} is now the default SLA.", [frappe.utils.escape_html(result.sla)]), indicator: "green" });
					frm.reload_doc();
				});
			});
		});
	},
});
