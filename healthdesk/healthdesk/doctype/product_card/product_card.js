// Product Card desk form: the product team's status buttons. The server says which moves the user
// may make (healthdesk.api.cards.allowed_moves) and checks them again on save.
// Statuses and kinds read in the card's own words (translations with the "Product Card" context:
// a card is "Recusado", where other requests are "Recusada").
const CARD_WORDS = (value) => (value ? __(value, null, "Product Card") : "");

frappe.ui.form.on("Product Card", {
	onload() {
		[
			["Product Card", "status"],
			["Product Card", "kind"],
			["Product Card Status Change", "from_status"],
			["Product Card Status Change", "to_status"],
		].forEach(([doctype, fieldname]) => {
			const df = frappe.meta.get_docfield(doctype, fieldname);
			if (df) df.formatter = CARD_WORDS;
		});
	},
	refresh(frm) {
		if (frm.is_new()) return;
		frappe
			.call("healthdesk.api.cards.allowed_moves", { card: frm.doc.name })
			.then(({ message: moves }) => {
				(moves || []).forEach((move) => {
					frm.add_custom_button(move.label, () => ask(frm, move), __("Move to"));
				});
			});
	},
});

function ask(frm, move) {
	const labels = {
		decline_reason: __("Decline Reason"),
		released_in: __("Released In"),
		reopen_reason: __("Why is the card reopened?"),
	};
	const run = (note) =>
		frappe
			.call({
				method: "healthdesk.api.cards.move",
				args: { card: frm.doc.name, status: move.status, note: note || null },
				freeze: true,
			})
			.then(() => {
				frappe.show_alert({ message: __("Card moved to {0}.", [move.label]), indicator: "green" });
				frm.reload_doc();
			});
	if (!move.note) {
		frappe.confirm(__("Move the card to {0}?", [move.label]), () => run());
		return;
	}
	frappe.prompt(
		[{ fieldname: "note", fieldtype: "Small Text", label: labels[move.note], reqd: 1 }],
		(values) => run(values.note),
		__("Move to {0}", [move.label]),
		__("Move")
	);
}
