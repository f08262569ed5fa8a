// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE
// Offer to recompute open tickets' deadlines when an SLA changes (recompute_deadlines.js).
// With a Business Hours Calendar, Helpdesk's own Working Hours and Holiday List are not used: the
// calendar's windows, time zone and holidays are. They are hidden then (they stay filled, as
// Helpdesk requires them) and the form says why; the Urgent row is explained.

frappe.ui.form.on("HD Service Level Agreement", {
	refresh(frm) {
		healthdesk_sla_calendar_hints(frm);
	},
	business_hours_calendar(frm) {
		healthdesk_sla_calendar_hints(frm);
	},
	after_save(frm) {
		healthdesk.offer_recompute({ sla: frm.doc.name });
	},
});

function healthdesk_sla_calendar_hints(frm) {
	const calendar = frm.doc.business_hours_calendar;
	const filled = (frm.doc.support_and_resolution || []).length > 0 && !!frm.doc.holiday_list;
	// Hidden only while filled: Helpdesk requires both, and a hidden empty field could not be fixed.
	const hide = !!calendar && filled;
	frm.toggle_display(["support_and_resolution_section_break", "support_and_resolution", "holiday_list"], !hide);
	frm.set_intro("");
	const lines = [];
	if (calendar) {
		lines.push(
			__("Deadlines of this SLA follow the Business Hours Calendar {0}: its opening hours, time zone and holidays. Helpdesk's Working Hours and Holiday List of this form are not used, so they are hidden.", [
				`<a href="/app/business-hours-calendar/${encodeURIComponent(calendar)}">${frappe.utils.escape_html(calendar)}</a>`,
			])
		);
	}
	const severities = ["High", "Medium", "Low"];
	const unused = (frm.doc.priorities || []).map((row) => row.priority).filter((p) => p && !severities.includes(p));
	if (unused.length) {
		lines.push(
			__("Severities High, Medium and Low use the rows of the same name. {0}: no severity uses it; it keeps deadlines for tickets given that Helpdesk priority by hand.", [
				unused.map((p) => frappe.utils.escape_html(__(p))).join(", "),
			])
		);
	}
	if (lines.length) {
		frm.set_intro(lines.map((line) => `<div>${line}</div>`).join(""), "blue");
	}
}
