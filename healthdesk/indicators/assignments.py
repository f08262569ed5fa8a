"""Ticket Agent Assignment: one row per (ticket, agent) with an assignment that counts for the
per-agent indicators (a ToDo on the ticket, open or closed, not cancelled), carrying the ticket's
figures those indicators read (creation, reseller, clinic, module, first-response business
seconds, reopenings).

Why a table of our own: per agent, a year of a big network is ~250 000 tickets; reading them
and then each one's ToDos took seconds (a join of that size, then a DISTINCT of (agent, ticket)
in a temporary table on disk). From this table the same numbers are one range of an index
(healthdesk.indicators.queries.per_agent; benchmarks/README.md).

Kept in step, set-based, by :func:`sync` from the truth (ToDo and HD Ticket):

* ToDo ``on_update`` / ``after_delete`` of an HD Ticket's assignment (Frappe's assign_to, Helpdesk's
  assignment rules and agents' own assignments all save the ToDo document);
* HD Ticket ``on_update`` when a copied field changed, ``on_trash`` (the rows go), User ``on_trash``
  (Frappe deletes a user's ToDos with SQL, so the rows go by the user);
* healthdesk's own writes that bypass document events (the business-time backfill) call it;
* :func:`reconcile_recent`, hourly, for what another app may have written with ``db.set_value``
  (that still moves ``modified``); :func:`drop_orphans`, daily, for tickets deleted with SQL; and
  :func:`rebuild` (install, the patch) for everything.

Nobody edits a row: the doctype's controller refuses inserts, changes and deletions through
documents; admins may read and export it.
"""

from __future__ import annotations

from datetime import timedelta

import frappe
from frappe.utils import now_datetime

from healthdesk.constants import HD_TICKET

DOCTYPE = "Ticket Agent Assignment"
TABLE = f"`tab{DOCTYPE}`"
#: ToDo statuses that count as an assignment (Cancelled is an assignment taken back)
COUNTED = ("Open", "Closed")
#: the ticket's fields copied to the rows (HD Ticket field -> row field)
COPIED = {
    "creation": "ticket_created",
    "reseller": "reseller",
    "clinic": "clinic",
    "system_module": "system_module",
    "first_response_business_seconds": "first_response_business_seconds",
    "reopen_count": "reopen_count",
}
CHUNK = 500
#: (index name, columns) of the table besides its (ticket, agent) key: the period (the vendor, who sees
#: every reseller) or a cooperative's resellers then the period, then what per_agent groups and reads
KEYS = (
    ("hd_taa_period", ("ticket_created", "agent", "first_response_business_seconds", "reopen_count",
                       "reseller", "clinic", "system_module")),
    ("hd_taa_reseller_period", ("reseller", "ticket_created", "agent", "first_response_business_seconds",
                                "reopen_count", "clinic", "system_module")),
)

_COLUMNS = ", ".join(COPIED.values())
_SELECT = ", ".join(f"t.`{field}`" if field != "reopen_count" else "ifnull(t.`reopen_count`, 0)" for field in COPIED)
_UPDATE = ", ".join(f"`{column}` = values(`{column}`)" for column in COPIED.values())
# the assignments that count, joined to their ticket; {where} narrows the ToDos
_UPSERT = f"""insert into {TABLE} (name, ticket, agent, {_COLUMNS}, creation, modified, owner, modified_by)
    select distinct md5(concat(t.name, '|', td.allocated_to)), t.name, td.allocated_to, {_SELECT},
        %(hd_now)s, %(hd_now)s, 'Administrator', 'Administrator'
    from `tabToDo` td straight_join `tab{HD_TICKET}` t on t.name = td.reference_name
    where td.reference_type = %(hd_ticket)s and td.status in %(hd_counted)s and ifnull(td.allocated_to, '') != ''
        and {{where}}
    on duplicate key update {_UPDATE}, modified = %(hd_now)s"""
_STALE = f"""delete a from {TABLE} a where a.ticket in %(hd_tickets)s and not exists (
    select 1 from `tabToDo` td where td.reference_type = %(hd_ticket)s and td.reference_name = a.ticket
        and td.allocated_to = a.agent and td.status in %(hd_counted)s)"""


def ensure_keys() -> None:
    """The table's unique (ticket, agent) key and :data:`KEYS` (the doctype's on_doctype_update)."""
    from healthdesk.indicators.indexes import ensure_index

    frappe.db.add_unique(DOCTYPE, ["ticket", "agent"], constraint_name="hd_taa_ticket_agent")
    for name, columns in KEYS:
        ensure_index(DOCTYPE, name, columns)


def _ready() -> bool:
    return bool(frappe.db.table_exists(DOCTYPE))


def _params(**more) -> dict:
    return {"hd_now": now_datetime(), "hd_ticket": HD_TICKET, "hd_counted": COUNTED, **more}


def sync(tickets) -> None:
    """Make the rows of ``tickets`` (names) what their ToDos and fields say: add the assignments
    that count, drop the ones that no longer do, copy the ticket's fields again."""
    names = sorted({str(name) for name in tickets if name})
    if not names or not _ready():
        return
    for start in range(0, len(names), CHUNK):
        params = _params(hd_tickets=tuple(names[start:start + CHUNK]))
        frappe.db.sql(_STALE, params)
        frappe.db.sql(_UPSERT.format(where="td.reference_name in %(hd_tickets)s"), params)


def rebuild() -> int:
    """Every row again from every ToDo of an HD Ticket (install, the patch, an admin's repair);
    returns the number of rows."""
    if not _ready():
        return 0
    frappe.db.sql(f"delete from {TABLE}")
    frappe.db.sql(_UPSERT.format(where="1 = 1"), _params())
    return frappe.db.count(DOCTYPE)


def reconcile_recent(hours: int = 2) -> None:
    """Hourly: :func:`sync` the tickets whose ToDos or own fields changed in the last ``hours``
    (overlapping runs), for writes that went around the document events."""
    if not _ready():
        return
    since = now_datetime() - timedelta(hours=hours)
    tickets = frappe.db.sql_list("select distinct reference_name from `tabToDo` where reference_type = %s "
                                 "and modified >= %s", (HD_TICKET, since))
    tickets += frappe.db.sql_list(f"select name from `tab{HD_TICKET}` where modified >= %s", since)
    sync(tickets)


def drop_orphans() -> None:
    """Daily: drop the rows of tickets deleted around their document events (a bulk SQL delete),
    which would still count for their agents."""
    if _ready():
        frappe.db.sql(f"""delete a from {TABLE} a left join `tab{HD_TICKET}` t on t.name = a.ticket
            where t.name is null""")


# ------------------------------------------------------------------------------------ doc events
def todo_changed(doc, method=None) -> None:
    """ToDo ``on_update`` and ``after_delete``: the ticket it is on (and the one it was on, should
    a ToDo be moved to another document)."""
    before = doc.get_doc_before_save() if method != "after_delete" else None
    tickets = [d.get("reference_name") for d in (doc, before)
               if d is not None and d.get("reference_type") == HD_TICKET]
    sync(tickets)


def ticket_changed(doc, method=None) -> None:
    """HD Ticket ``on_update``: copy its fields again when one of them changed (a new ticket has no
    row yet: its assignments come after it, through the ToDo events)."""
    if doc.get_doc_before_save() is None:
        return
    if any(doc.has_value_changed(field) for field in COPIED if field != "creation"):
        sync([doc.name])


def forget_ticket(ticket: str) -> None:
    """HD Ticket ``on_trash``."""
    if _ready():
        frappe.db.delete(DOCTYPE, {"ticket": ticket})


def forget_agent(user: str) -> None:
    """User ``on_trash`` (Frappe deletes the user's ToDos with SQL, without their events)."""
    if _ready():
        frappe.db.delete(DOCTYPE, {"agent": user})
