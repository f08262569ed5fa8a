// Copyright (c) 2026, healthdesk developers
// License: AGPL-3.0-or-later. See LICENSE

const HD_ONB_API = "healthdesk.api.onboarding";

frappe.ui.form.on("Onboarding Panel", {
	refresh(frm) {
		hd_onb_set_stage_options(frm);
		if (frm.is_new()) return;
		if (frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Import from file or text"), () => hd_onb_import_dialog(frm));
		}
		frm.add_custom_button(__("Panel"), () => hd_onb_export(frm, null), __("Export"));
		const admin = frappe.user.has_role("Healthdesk Admin") || frappe.user.has_role("System Manager");
		if (admin) {
			frm.add_custom_button(
				__("Panel with a user's progress"),
				() => {
					frappe.prompt(
						{ fieldname: "user", fieldtype: "Link", options: "User", label: __("User"), reqd: 1 },
						(values) => hd_onb_export(frm, values.user),
						__("Export with a user's progress"),
						__("Export")
					);
				},
				__("Export")
			);
		}
	},
	stages_remove(frm) {
		hd_onb_set_stage_options(frm);
	},
});

frappe.ui.form.on("Onboarding Stage", {
	stage_title(frm) {
		hd_onb_set_stage_options(frm);
	},
	stages_add(frm) {
		hd_onb_set_stage_options(frm);
	},
});

function hd_onb_set_stage_options(frm) {
	const titles = (frm.doc.stages || []).map((row) => row.stage_title).filter(Boolean);
	const grid = frm.fields_dict.tasks && frm.fields_dict.tasks.grid;
	if (grid) {
		grid.update_docfield_property("stage", "options", [""].concat(titles));
		grid.refresh();
	}
}

function hd_onb_export(frm, user) {
	frappe.call({
		method: `${HD_ONB_API}.export_panel`,
		args: { panel: frm.doc.name, user: user || null },
		callback(r) {
			if (!r.message) return;
			const blob = new Blob([r.message.content], { type: "application/json;charset=utf-8" });
			const link = document.createElement("a");
			link.href = URL.createObjectURL(blob);
			link.download = r.message.filename;
			document.body.appendChild(link);
			link.click();
			setTimeout(() => {
				URL.revokeObjectURL(link.href);
				link.remove();
			}, 1000);
		},
	});
}

function hd_onb_import_dialog(frm) {
	let checked = false;
	let dialog = null;
	const reset = () => {
		if (!checked || !dialog) return;
		checked = false;
		dialog.get_primary_btn().html(__("Check the text"));
		dialog.fields_dict.result.$wrapper.empty();
	};
	dialog = new frappe.ui.Dialog({
		title: __("Import from file or text"),
		size: "large",
		fields: [
			{
				fieldtype: "HTML",
				fieldname: "intro",
				options: `<p class="text-muted">${frappe.utils.escape_html(
					__(
						"Attach the reseller's .txt file or paste its text (\"conquistas\": [ ... ]). You will see what will be imported and its problems before anything changes. Done and notified values in the file are ignored: progress is kept per user."
					)
				)}</p>`,
			},
			{ fieldtype: "Attach", fieldname: "file", label: __("File"), onchange: reset },
			{ fieldtype: "Code", fieldname: "text", label: __("Or paste the text"), onchange: reset },
			{ fieldtype: "HTML", fieldname: "result", options: "" },
		],
		primary_action_label: __("Check the text"),
		primary_action(values) {
			if (!values.file && !(values.text || "").trim()) {
				frappe.msgprint(__("Attach the reseller's file or paste its text."));
				return;
			}
			frappe.call({
				method: `${HD_ONB_API}.import_panel`,
				args: {
					panel: frm.doc.name,
					text: values.text || null,
					file_url: values.file || null,
					confirm: checked ? 1 : 0,
				},
				freeze: true,
				callback(r) {
					if (!r.message) return;
					if (r.message.saved) {
						dialog.hide();
						frm.reload_doc();
						frappe.show_alert({ message: __("Stages and tasks replaced."), indicator: "green" });
						return;
					}
					hd_onb_show_result(dialog, r.message);
					checked = true;
					dialog.get_primary_btn().html(__("Replace stages and tasks"));
				},
			});
		},
	});
	dialog.show();
}

function hd_onb_show_result(dialog, result) {
	const esc = frappe.utils.escape_html;
	const stages = result.stages
		.map(
			(s, i) =>
				`<li>${i + 1}. ${esc(s.title)} — ${esc(__("{0} tasks", [s.tasks]))}${s.locked ? " · " + esc(__("Locked")) : ""}</li>`
		)
		.join("");
	const problems = result.problems.length
		? `<div class="alert alert-warning"><b>${esc(__("Problems"))}</b><ul>${result.problems
				.map((p) => `<li>${esc(p)}</li>`)
				.join("")}</ul></div>`
		: `<div class="alert alert-success">${esc(__("No problems found."))}</div>`;
	dialog.fields_dict.result.$wrapper.html(`
		<p><b>${esc(__("{0} stages and {1} tasks will replace the current ones.", [result.stage_count, result.task_count]))}</b></p>
		<ol class="list-unstyled">${stages}</ol>
		${problems}
	`);
}
