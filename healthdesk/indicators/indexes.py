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
from frappe.utils.caching import request_cache

#: the index satisfaction results by agent are read through (healthdesk.satisfaction.results)
AGENT_SATISFACTION_INDEX = "hd_ind_satisfaction_agent"

# (doctype, index name, columns): the leading columns are what the indicator queries filter on
# with equality / IN / a range (the period's date for the vendor, who sees every reseller; a
# cooperative's resellers, then the period, for its manager and desk), then what they group by or
# read, so that MariaDB answers from the index alone and never reads a ticket's row (on a network
# of 500 000 tickets every row read is a random read: a month's tickets read row by row took
# seconds). InnoDB keys are at most 3 072 bytes and a Link column is 140 utf8mb4 characters
# (562 bytes): no index here holds more than five of them.
INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    # volume by day / category / module / severity / reseller, consultancy
    ("HD Ticket", "hd_ind_creation", ("creation", "reseller", "ticket_category", "system_module", "severity")),
    ("HD Ticket", "hd_ind_reseller_creation", ("reseller", "creation", "ticket_category", "system_module",
                                               "severity", "clinic")),
    # business times, levels, reopenings and priorities (times, times_overall, per_level, summary), and who
    # raised the ticket (the retraining signal's active users)
    ("HD Ticket", "hd_ind_times", ("creation", "reseller", "sla", "priority", "support_level", "reopen_count",
                                   "first_response_business_seconds", "resolution_business_seconds")),
    ("HD Ticket", "hd_ind_reseller_times", ("reseller", "creation", "sla", "priority", "support_level",
                                            "reopen_count", "first_response_business_seconds",
                                            "resolution_business_seconds", "raised_by")),
    # SLA compliance: the deadlines against the moments
    ("HD Ticket", "hd_ind_sla", ("creation", "reseller", "response_by", "first_responded_on", "resolution_by",
                                 "resolution_date", "agreement_status")),
    ("HD Ticket", "hd_ind_reseller_sla", ("reseller", "creation", "response_by", "first_responded_on",
                                          "resolution_by", "resolution_date", "agreement_status")),
    # tickets by clinic over the period (volume by clinic, the retraining signal's counts and active users)
    ("HD Ticket", "hd_ind_creation_clinic", ("creation", "clinic", "ticket_category", "system_module", "raised_by")),
    # one clinic's numbers
    ("HD Ticket", "hd_ind_clinic_creation", ("clinic", "creation")),
    # satisfaction results: the period is on the survey's date (healthdesk.satisfaction.results)
    ("HD Ticket", "hd_ind_satisfaction", ("satisfaction_asked_on", "reseller", "clinic", "system_module",
                                          "satisfaction_agent", "feedback_rating")),
    # satisfaction by agent: read in the agent's order, one group after the other (grouping the
    # period's surveys by agent in a temporary table took 1.1 s for a year of the whole network, 0.2 s so)
    ("HD Ticket", AGENT_SATISFACTION_INDEX, ("satisfaction_agent", "satisfaction_asked_on", "reseller", "clinic",
                                             "system_module", "feedback_rating")),
    # backlog and ageing: tickets not resolved, whenever they were opened
    ("HD Ticket", "hd_ind_status_category", ("status_category", "reseller", "creation")),
    # the per-agent rows kept from a ticket's assignments that count (open or closed), by whom
    # (healthdesk.indicators.assignments.sync; per_agent itself reads Ticket Agent Assignment)
    ("ToDo", "hd_ind_reference_allocated", ("reference_type", "reference_name", "status", "allocated_to")),
    # the retraining signal's active users: who logged in during the period
    ("Activity Log", "hd_ind_user_login", ("user", "operation", "status", "creation")),
)

#: indexes earlier versions added and no query needs any more: dropped by :func:`ensure_indexes`
RETIRED: tuple[tuple[str, str], ...] = (
    ("HD Ticket", "hd_ind_module_creation"),
)


def _columns(table: str, name: str) -> list[str]:
    rows = frappe.db.sql(f"show index from `{table}` where Key_name = %s", name, as_dict=True)
    return [row.Column_name for row in sorted(rows, key=lambda row: row.Seq_in_index)]


def ensure_indexes() -> list[str]:
    """Add every index of :data:`INDEXES` that is missing (its columns must exist), re-create one
    whose columns an earlier version chose differently, and drop the :data:`RETIRED` ones. Returns
    the names of the indexes added now; idempotent."""
    for doctype, name in RETIRED:
        if frappe.db.table_exists(doctype) and frappe.db.has_index(f"tab{doctype}", name):
            frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")
    return [name for doctype, name, columns in INDEXES if ensure_index(doctype, name, columns)]


def ensure_index(doctype: str, name: str, columns: tuple[str, ...]) -> bool:
    """Add the index ``name`` on ``columns`` of ``doctype``'s table when it is missing, or re-make it
    when its columns are not ``columns`` (a table or column not made yet is left for the next
    migrate). Whether it was added now."""
    table = f"tab{doctype}"
    if not frappe.db.table_exists(doctype):
        return False
    if not set(columns) <= set(frappe.db.get_table_columns(doctype)):
        return False  # a column another install step has not made yet: the next migrate adds it
    if frappe.db.has_index(table, name):
        if _columns(table, name) == list(columns):
            return False
        frappe.db.sql_ddl(f"alter table `{table}` drop index `{name}`")
    frappe.db.add_index(doctype, [f"`{c}`" for c in columns], index_name=name)
    return True


@request_cache
def has_index(doctype: str, name: str) -> bool:
    """Whether the index is there (cached for the request: a query that names an index in a hint
    must not fail on a site where a migrate has not made it yet)."""
    return bool(frappe.db.has_index(f"tab{doctype}", name))


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
