"""Backfill the indicator fields of existing tickets (healthdesk.indicators.metrics): business
times to first response and resolution, and reopenings counted from the change history. In
batches of 1,000 tickets, committing after each, so a large site is not held in one transaction;
running it again changes nothing."""

from __future__ import annotations

import frappe

from healthdesk.constants import HD_TICKET
from healthdesk.indicators.metrics import count_past_reopenings, recompute

BATCH = 1000


def execute():
    if not frappe.get_meta(HD_TICKET).has_field("first_response_business_seconds"):
        # fixtures are synced after the patches: bring this app's custom fields in now
        from frappe.utils.fixtures import sync_fixtures

        sync_fixtures("healthdesk")
        frappe.clear_cache(doctype=HD_TICKET)
    last = ""
    while True:
        names = frappe.get_all(HD_TICKET, filters={"name": (">", last)}, pluck="name",
                               order_by="name asc", limit=BATCH)
        if not names:
            break
        recompute(names)
        for name, count in count_past_reopenings(names).items():
            if count:
                frappe.db.set_value(HD_TICKET, name, "reopen_count", count, update_modified=False)
        # (set around the document events: the per-agent rows get them from the next patch's rebuild,
        # healthdesk.patches.ticket_agent_assignments)
        frappe.db.commit()  # nosemgrep: one batch at a time on a large site
        last = names[-1]
