# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from healthdesk.core import triage
from healthdesk.core.intake import split_lines
from healthdesk.intake.ticket import UnknownCategory
from healthdesk.intake.triage import InvalidTriageAction
from healthdesk.utils import bold


class TriageRule(Document):
    def validate(self):
        self.categories = "\n".join(split_lines(self.categories))
        self.modules = "\n".join(split_lines(self.modules))
        self.keywords = "\n".join(split_lines(self.keywords))
        unknown = [c for c in split_lines(self.categories) if c not in triage.CATEGORIES]
        if unknown:
            frappe.throw(
                _("Unknown category {0} in Categories. Use one per line from: {1}.").format(
                    bold(", ".join(unknown)), ", ".join(triage.CATEGORIES)),
                UnknownCategory, title=_("Unknown category"),
            )
        if not self.actions:
            frappe.throw(_("Add at least one row to Actions."), InvalidTriageAction, title=_("No actions"))
        for row in self.actions:
            self.validate_action(row)
        from healthdesk.intake.triage import rule_from_doc

        try:
            rule_from_doc(self)
        except ValueError as error:
            frappe.throw(_("This rule is not valid: {0}").format(bold(error)), InvalidTriageAction,
                         title=_("Invalid rule"))

    def validate_action(self, row):
        value = (row.value or "").strip()
        row.value = value
        if row.kind != "notify_vendor" and not value:
            frappe.throw(_("Row {0} of Actions: action {1} needs a Value.").format(row.idx, bold(row.kind)),
                         InvalidTriageAction, title=_("Missing value"))
        checks = {
            "set_team": ("HD Team", _("an HD Team")),
            "set_priority": ("HD Ticket Priority", _("an HD Ticket Priority")),
        }
        if row.kind in checks:
            doctype, what = checks[row.kind]
            if not frappe.db.exists(doctype, value):
                frappe.throw(_("Row {0} of Actions: {1} is not {2}.").format(row.idx, bold(value), what),
                             InvalidTriageAction, title=_("Invalid value"))
        if row.kind == "set_status":
            from healthdesk.intake.triage import resolve_status

            if not resolve_status(value):
                frappe.throw(_("Row {0} of Actions: {1} is neither an HD Ticket Status nor a status category.").format(
                    row.idx, bold(value)), InvalidTriageAction, title=_("Invalid value"))
        if row.kind == "set_severity" and value not in triage.SEVERITIES:
            frappe.throw(_("Row {0} of Actions: severity must be one of {1}.").format(
                row.idx, ", ".join(triage.SEVERITIES)), InvalidTriageAction, title=_("Invalid value"))
        if row.kind == "auto_reply" and value not in (triage.REPLY_TISS, triage.REPLY_SLOWNESS):
            frappe.throw(_("Row {0} of Actions: the automatic reply must be {1} or {2}.").format(
                row.idx, triage.REPLY_TISS, triage.REPLY_SLOWNESS), InvalidTriageAction, title=_("Invalid value"))
        if row.kind == "notify_vendor" and value and not frappe.utils.validate_email_address(value):
            frappe.throw(_("Row {0} of Actions: the vendor contact must be an e-mail address.").format(row.idx),
                         InvalidTriageAction, title=_("Invalid value"))

    def on_update(self):
        from healthdesk.intake.triage import clear_rules_cache

        clear_rules_cache()

    def on_trash(self):
        from healthdesk.intake.triage import clear_rules_cache

        clear_rules_cache()
