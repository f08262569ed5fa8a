// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE

frappe.ui.form.on("Business Hours Calendar", {
	refresh(frm) {
		if (frm.is_new()) {
			frm.get_field("preview").$wrapper.html("");
			return;
		}
		healthdesk_render_calendar_preview(frm);
	},
	after_save(frm) {
		healthdesk.offer_recompute({ calendar: frm.doc.name });
	},
});

function healthdesk_render_calendar_preview(frm) {
	frappe
		.call("healthdesk.healthdesk.doctype.business_hours_calendar.business_hours_calendar.preview", {
			name: frm.doc.name,
		})
		.then((r) => {
			const p = r.message;
			const esc = frappe.utils.escape_html;
			const periods = p.periods.map((x) => `<li>${esc(x.start)} – ${esc(x.end)}</li>`).join("");
			const deadlines = p.deadlines
				.map((d) => `<li>${esc(__("{0} business hours", [d.hours]))}: <b>${esc(d.deadline)}</b></li>`)
				.join("");
			frm.get_field("preview").$wrapper.html(`
				<div class="row">
					<div class="col-sm-6">
						<p class="text-muted">${esc(__("From {0} ({1}), open now: {2}", [p.start, p.timezone, p.is_open ? __("Yes") : __("No")]))}</p>
						<h6>${esc(__("Next business periods"))}</h6><ul>${periods}</ul>
					</div>
					<div class="col-sm-6">
						<h6>${esc(__("Sample deadlines from now"))}</h6><ul>${deadlines}</ul>
					</div>
				</div>`);
		});
}
