// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE

frappe.query_reports["Retraining Needs"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -89),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{ fieldname: "reseller", label: __("Reseller"), fieldtype: "Link", options: "Reseller" },
		{
			fieldname: "clinic",
			label: __("Clinic"),
			fieldtype: "Link",
			options: "Clinic",
			get_query: () => {
				const reseller = frappe.query_report.get_filter_value("reseller");
				return reseller ? { filters: { reseller } } : {};
			},
		},
		{ fieldname: "module", label: __("Module"), fieldtype: "Link", options: "System Module" },
		{ fieldname: "min_questions", label: __("Minimum Questions"), fieldtype: "Int", default: 3 },
		{ fieldname: "include_all", label: __("Show Every Clinic with Questions"), fieldtype: "Check" },
	],

	formatter(value, row, column, data, default_formatter) {
		if (column.fieldname === "ratio" && data && data.ratio_infinite) {
			return `<span title="${__("The network median is zero: the clinic asks where almost no one does.")}">—</span>`;
		}
		if (column.fieldname === "book" && data && data.clinic && data.module && data.active_users) {
			const clinic = frappe.utils.escape_html(data.clinic);
			const module = frappe.utils.escape_html(data.module);
			return `<button class="btn btn-xs btn-default hd-book-session" data-clinic="${clinic}" data-module="${module}">${__("Book a session")}</button>`;
		}
		return default_formatter(value, row, column, data);
	},

	onload(report) {
		$(report.page.wrapper).on("click", ".hd-book-session", (event) => {
			const button = $(event.currentTarget);
			healthdesk_book_session(button.attr("data-clinic"), button.attr("data-module"));
		});
	},
};

function healthdesk_book_session(clinic, module) {
	frappe.prompt(
		[
			{
				fieldname: "notes",
				label: __("Notes for the session (preferred days and times, topics)"),
				fieldtype: "Small Text",
			},
		],
		(values) => {
			frappe.call({
				method: "healthdesk.api.retraining.book_session",
				args: { clinic, module, notes: values.notes || "" },
				freeze: true,
			}).then((r) => {
				const result = r.message || {};
				if (result.booking_link) {
					window.open(result.booking_link, "_blank", "noopener");
					frappe.show_alert({ message: __("The reseller's booking page was opened."), indicator: "green" });
				} else if (result.ticket) {
					const link = `<a href="/app/hd-ticket/${encodeURIComponent(result.ticket)}">#${frappe.utils.escape_html(result.ticket)}</a>`;
					frappe.msgprint(
						result.existing
							? __("A retraining session for this clinic and module is already requested: ticket {0}.", [link])
							: __("Retraining session requested: ticket {0}.", [link]),
						__("Retraining")
					);
				}
			});
		},
		__("Book a retraining session for {0} on {1}", [clinic, module]),
		__("Book")
	);
}
