// Healthdesk Settings: explicit, confirmed actions (nothing here runs on install or migrate).
frappe.ui.form.on("Healthdesk Settings", {
	refresh(frm) {
		healthdesk_show_checklist(frm);
	},
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

// The post-install checklist (healthdesk.setup.checklist): what is still unconfigured, each with a link.
function healthdesk_show_checklist(frm) {
	frappe.call({ method: "healthdesk.api.checklist.get_checklist" }).then(({ message }) => {
		if (!message) return;
		const esc = frappe.utils.escape_html;
		const rows = message.items.map((item) => {
			const mark = item.ok
				? `<span class="indicator-pill green">${esc(__("Done"))}</span>`
				: `<span class="indicator-pill orange">${esc(__("To do"))}</span>`;
			const text = item.ok ? esc(item.note || "") : esc(item.problem);
			const link = item.ok && !item.note ? "" : ` <a href="${encodeURI(item.route)}">${esc(__("Fix it"))}</a>`;
			return `<tr data-key="${esc(item.key)}"><td style="width: 7rem">${mark}</td><td><strong>${esc(item.label)}</strong>` +
				`${text ? `<div class="text-muted small">${text}${item.ok ? "" : link}</div>` : ""}</td></tr>`;
		}).join("");
		const title = message.pending
			? __("Setup checklist: {0} items to do", [message.pending])
			: __("Setup checklist: everything is configured");
		const html = `<div class="healthdesk-checklist"><p><strong>${esc(title)}</strong></p>` +
			`<table class="table table-condensed" style="margin: 0"><tbody>${rows}</tbody></table></div>`;
		frm.$wrapper.find(".healthdesk-checklist-section").remove();  // one section, also after a save
		frm.dashboard.add_section(html, __("Setup checklist"), "healthdesk-checklist-section");
		frm.dashboard.show();
	});
}
