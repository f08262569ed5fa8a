"""The database indexes the indicators need to stay fast on a big network (issue 15, item 6).

Found with EXPLAIN on the benchmark's network (2 000 clinics, 500 000 tickets with their
communications and assignments: benchmarks/indicators_data.py, benchmarks/indicators.py).

HD Ticket, ToDo and Communication are Helpdesk's and Frappe's doctypes, not healthdesk's: their
controllers' ``on_doctype_update`` is not ours to extend. So :func:`ensure_indexes` adds these
indexes with ``frappe.db.add_index`` (``ALTER TABLE ... ADD INDEX IF NOT EXISTS``, by name, so
running it again changes nothing), called from hooks.py on ``after_install`` (after
healthdesk's own install step has synced the custom fields the indexes cover) and on every
``after_migrate`` (a Helpdesk upgrade that rebuilds a table gets them back). healthdesk's own
doctypes declare theirs in their controller's ``on_doctype_update``.

Frappe keeps indexes it did not create: its schema sync drops only the single-column index of a
field whose "Index" box was cleared, and these are all composite, with names of their own.
"""

from __future__ import annotations

import frappe

# (doctype, index name, columns): the leading columns are what the indicator queries filter on
# with equality / IN (the reseller scope, a clinic, a module, the status category), then the
# period's date, then what they group by or read, so MariaDB answers from the index alone.
INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # the period alone (the vendor sees every reseller): creation range, grouped by day / category / module
    ("HD Ticket", "hd_ind_creation", ("creation", "reseller", "ticket_category", "system_module", "severity")),
    # the business times, levels and reopenings (times, times_overall, per_level, summary), read from
    # the index alone: without it every ticket of the period is a random read of its row (vendor,
    # 30 days, 500 000 tickets: times 9.2 s -> 0.6 s, per_level 5.9 s -> 0.09 s, summary 14 s -> 0.19 s)
    ("HD Ticket", "hd_ind_times", ("creation", "reseller", "sla", "priority", "support_level", "reopen_count",
                                   "first_response_business_seconds", "resolution_business_seconds")),
    # SLA compliance: deadlines against the moments (compliance 3.0 s -> 0.04 s, same data)
    ("HD Ticket", "hd_ind_sla", ("creation", "reseller", "response_by", "first_responded_on", "resolution_by",
                                 "resolution_date", "agreement_status")),
    # tickets by clinic over the period (volume_by clinic, the retraining signal's counts)
    ("HD Ticket", "hd_ind_creation_clinic", ("creation", "clinic", "ticket_category", "system_module")),
    # satisfaction results: the period is on the survey's date (healthdesk.satisfaction.results)
    ("HD Ticket", "hd_ind_satisfaction", ("satisfaction_asked_on", "reseller", "clinic", "system_module",
                                          "satisfaction_agent", "feedback_rating")),
    # one cooperative's numbers: its resellers, then the period
    ("HD Ticket", "hd_ind_reseller_creation", ("reseller", "creation")),
    # one clinic's numbers, and the retraining signal's clinic x module counts
    ("HD Ticket", "hd_ind_clinic_creation", ("clinic", "creation")),
    ("HD Ticket", "hd_ind_module_creation", ("system_module", "creation")),
    # backlog and ageing: tickets not resolved, whenever they were opened
    ("HD Ticket", "hd_ind_status_category", ("status_category", "reseller", "creation")),
    # per-agent numbers: a ticket's assignment
    ("ToDo", "hd_ind_reference_allocated", ("reference_type", "reference_name", "allocated_to")),
)


def ensure_indexes() -> list[str]:
    """Add every index of :data:`INDEXES` that is missing (its columns must exist). Returns the
    names of the indexes added now; idempotent."""
    added = []
    for doctype, name, columns in INDEXES:
        table = f"tab{doctype}"
        if not frappe.db.table_exists(doctype):
            continue
        existing = set(frappe.db.get_table_columns(doctype))
        if not set(columns) <= existing:
            continue  # a column another install step has not made yet: the next migrate adds it
        if frappe.db.has_index(table, name):
            continue
        frappe.db.add_index(doctype, [f"`{c}`" for c in columns], index_name=name)
        added.append(name)
    return added


def drop_indexes() -> list[str]:
    """Remove healthdesk's indicator indexes (the benchmark's "without" column; not used by the
    app). Returns the names dropped."""
    dropped = []
    for doctype, name, _columns in INDEXES:
        table = f"tab{doctype}"
        if frappe.db.table_exists(doctype) and frappe.db.has_index(table, name):
            frappe.db.sql_ddl(f"alter table `{table}` drop index `{name}`")
            dropped.append(name)
    return dropped
