# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document


class TicketAgentAssignment(Document):
    """An agent's assignment to a ticket, with the ticket's figures the per-agent indicators read
    (healthdesk.indicators.assignments keeps the rows with SQL from ToDo and HD Ticket). Nobody
    writes one through a document — REST, desk, a server script, Administrator included: a row
    edited by hand would make the indicators say what the assignments do not."""

    def before_insert(self):
        frappe.throw(_("Ticket Agent Assignment rows are kept by healthdesk from the assignments; they cannot be created by hand."),
                     frappe.PermissionError, title=_("Not allowed"))

    def validate(self):
        if not self.is_new():
            frappe.throw(_("Ticket Agent Assignment rows are kept by healthdesk from the assignments; they cannot be changed by hand."),
                         frappe.PermissionError, title=_("Not allowed"))

    def on_trash(self):
        frappe.throw(_("Ticket Agent Assignment rows are kept by healthdesk from the assignments; they cannot be deleted by hand."),
                     frappe.PermissionError, title=_("Not allowed"))


def on_doctype_update():
    """One row per (ticket, agent) — the key :func:`healthdesk.indicators.assignments.sync`
    upserts on — and the indexes per_agent reads (healthdesk.indicators.queries): the period
    for the vendor, a cooperative's resellers then the period for its people, each followed by
    what is grouped and read, so that no row is read from the table."""
    from healthdesk.indicators.assignments import ensure_keys

    ensure_keys()
