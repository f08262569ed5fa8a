"""Helpdesk's endpoints that read tickets (or what hangs on them) without asking Frappe's
permissions, each closed (hook ``override_whitelisted_methods``; the dotted paths stay Helpdesk's).

Reviewed in Helpdesk v1.25.1 (``helpdesk/api/*.py``, ``helpdesk/helpdesk/doctype/hd_ticket/api.py``,
``hd_ticket_comment.py``): every whitelisted method a support user may call (the request boundary
allows ``helpdesk.api.*`` and ``helpdesk.helpdesk.doctype.*``) that reads with ``frappe.db`` /
``frappe.qb`` / ``get_all`` / ``get_doc``:

========================================================  =============================================
``hd_ticket.api.get_one``                                  notes: every note of the ticket (raw query);
                                                           filtered (healthdesk.portal.ticket_fields)
``hd_ticket.api.get_ticket_activities``                    the same notes: filtered here
``hd_ticket.api.merge_ticket``                             copied any ticket's notes, e-mails and files
                                                           into another: write permission on both
``hd_ticket.api.split_ticket``                             moved any ticket's e-mails: write permission
``hd_ticket.api.show_outside_hours_banner``                rendered any ticket: read permission
``api.saved_replies.get_rendered_saved_reply``             rendered any ticket's fields: read permission
``hd_ticket_comment.get_reactions`` / ``toggle_reaction``  any note: read permission on the note
``api.doc.get_list_data`` (group-by view)                  labels read with ``frappe.db.get_value`` of a
                                                           doctype and field the caller names: read
                                                           through ``frappe.get_list``
``api.dashboard.get_dashboard_data``                       counts every ticket (team / ``_assign like``):
                                                           refused at a cooperative's desk
``api.agent_home.agent_home.get_pending_tickets``          its total counts ``_assign like %user%`` raw
                                                           (another agent whose address contains yours):
                                                           counted through ``frappe.get_list``
``api.search.search``                                      full-text index filtered by ticket only: notes
                                                           dropped per note
``frappe.utils.global_search.search``                      filtered by doctype only (Frappe): per row
========================================================  =============================================

Left as they are, and why: the other agent-home charts and lists count ``JSON_SEARCH(_assign,
'one', user)`` (the agent's own assignments: never another cooperative's, healthdesk.desks.visibility
refuses those assignments); ``get_ticket_contact``, ``get_recent_similar_tickets``,
``get_ticket_assignees`` check read permission on the ticket first; ``get_navigation_tickets`` and
``api.contact.search_contacts`` list through ``frappe.get_list``; ``api.search.get_filter_options``
aggregates only tickets ``frappe.get_list`` returns; ``api.onboarding.get_first_ticket`` only says
whether a ticket number exists (numbers are sequential); the methods of HD Ticket run through
``run_doc_method``, which checks the document.
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.desks.visibility import filter_ticket_answer, is_scoped, row_visible, scope

TICKET = "HD Ticket"
COMMENT = "HD Ticket Comment"


class DashboardNotForDesks(frappe.PermissionError):
    """Helpdesk's dashboard counts every cooperative's tickets."""


# --------------------------------------------------------------------------- the ticket page


@frappe.whitelist()
def get_ticket_activities(ticket: str):
    from helpdesk.helpdesk.doctype.hd_ticket.api import get_ticket_activities as helpdesk_activities

    result = helpdesk_activities(ticket)
    if isinstance(result, dict):
        result["name"] = ticket
        filter_ticket_answer(result)
        result.pop("name", None)
    return result


@frappe.whitelist()
def merge_ticket(source: str, target: str):
    from helpdesk.helpdesk.doctype.hd_ticket.api import merge_ticket as helpdesk_merge

    for name in (source, target):
        if frappe.db.exists(TICKET, name):
            frappe.has_permission(TICKET, "write", name, throw=True)
    return helpdesk_merge(source, target)


@frappe.whitelist()
def split_ticket(subject: str, communication_id: str):
    from helpdesk.helpdesk.doctype.hd_ticket.api import split_ticket as helpdesk_split

    ticket = frappe.db.get_value("Communication", communication_id, "reference_name")
    frappe.has_permission(TICKET, "write", ticket or "", throw=True)
    return helpdesk_split(subject, communication_id)


@frappe.whitelist()
def show_outside_hours_banner(ticket_name: str):
    from helpdesk.helpdesk.doctype.hd_ticket.api import show_outside_hours_banner as helpdesk_banner

    frappe.has_permission(TICKET, "read", ticket_name, throw=True)
    if not frappe.db.get_value(TICKET, ticket_name, "response_by"):
        # Helpdesk's banner announces the response deadline and fails on a ticket without one
        # (a "Not covered" ticket, or one the reseller's desk holds): nothing to announce
        return {"show": False}
    return helpdesk_banner(ticket_name)


@frappe.whitelist()
def get_rendered_saved_reply(ticket_id: str, saved_reply_id: str | None = None):
    from helpdesk.api.saved_replies import get_rendered_saved_reply as helpdesk_render

    frappe.has_permission(TICKET, "read", ticket_id, throw=True)
    return helpdesk_render(ticket_id, saved_reply_id)


@frappe.whitelist()
def get_reactions(comment: str):
    from helpdesk.helpdesk.doctype.hd_ticket_comment.hd_ticket_comment import (
        get_reactions as helpdesk_reactions,
    )

    if frappe.db.exists(COMMENT, comment):
        frappe.has_permission(COMMENT, "read", comment, throw=True)
    return helpdesk_reactions(comment)


@frappe.whitelist()
def toggle_reaction(comment: str, emoji: str):
    from helpdesk.helpdesk.doctype.hd_ticket_comment.hd_ticket_comment import (
        toggle_reaction as helpdesk_toggle,
    )

    if frappe.db.exists(COMMENT, comment):
        frappe.has_permission(COMMENT, "read", comment, throw=True)
    return helpdesk_toggle(comment, emoji)


# --------------------------------------------------------------------------- lists and counts


@frappe.whitelist()
def get_list_data(doctype: str, filters: dict = {}, default_filters: dict = {},  # noqa: B006 (Helpdesk's signature)
                  order_by: str = "modified desc", page_length: int = 20, columns: list = [],  # noqa: B006
                  rows: list = [], show_customer_portal_fields: bool = False,  # noqa: B006
                  view: dict | None = None, is_default: bool = False) -> dict:
    """Helpdesk's list data; a group-by view's labels read through ``frappe.get_list`` (Helpdesk
    reads them with ``frappe.db.get_value`` of any doctype and field the request names, for values
    of the listed rows: a row whose subject is another ticket's number showed that ticket)."""
    from helpdesk.api.doc import get_list_data as helpdesk_list_data

    view = frappe.parse_json(view) if isinstance(view, str) else view
    grouped = bool(view and view.get("view_type") == "group_by" and view.get("group_by_field"))
    if not grouped:
        return helpdesk_list_data(doctype, filters, default_filters, order_by, page_length, columns, rows,
                                  show_customer_portal_fields, view, is_default)
    plain = dict(view, view_type="list")
    result = helpdesk_list_data(doctype, filters, default_filters, order_by, page_length, columns, rows,
                                show_customer_portal_fields, plain, is_default)
    result["view_type"] = view.get("view_type")
    result["group_by_field"] = _group_by_field(doctype, view, result, order_by)
    return result


def _group_by_field(doctype: str, view: dict, result: dict, order_by: str | None):
    fieldname = view.get("group_by_field")
    meta = frappe.get_meta(doctype)
    df = meta.get_field(fieldname)
    label = df.label if df else fieldname
    fieldtype = df.fieldtype if df else "Data"
    if fieldtype == "Select":
        options = [o for o in (df.options or "").split("\n")]
    else:
        data = result.get("data") or []
        values = sorted({row.get(fieldname) for row in data if row.get(fieldname)})
        labels = _labels(view.get("label_doc") or doctype, view.get("label_field") or fieldname, values)
        options = [{"label": labels.get(v), "value": v} for v in values]
        if any(not row.get(fieldname) for row in data):
            options.append({"label": "", "value": ""})
        reverse = bool(order_by and f"{fieldname} desc" in order_by)
        options.sort(key=lambda o: o.get("label") or "", reverse=reverse)
        general = [o for o in options if o.get("label") == "General"]
        options = general + [o for o in options if o.get("label") != "General"]
    return {"label": label, "name": fieldname, "type": fieldtype, "options": options}


def _labels(label_doc: str, label_field: str, values: list) -> dict:
    """Labels of the rows named ``values`` of ``label_doc``, read as the user may read them."""
    if not values:
        return {}
    try:
        meta = frappe.get_meta(label_doc)
    except frappe.DoesNotExistError:
        frappe.clear_last_message()
        return {}
    if label_field != "name" and not meta.get_field(label_field):
        return {}
    try:
        rows = frappe.get_list(label_doc, filters={"name": ["in", values]}, fields=["name", label_field],
                               limit_page_length=len(values))
    except frappe.PermissionError:
        frappe.clear_last_message()
        return {}
    return {row.name: row.get(label_field) for row in rows}


@frappe.whitelist()
def get_dashboard_data(dashboard_type: str, filters: dict | None = None):
    """Helpdesk's dashboard counts every ticket of a team or agent with raw queries: not at a
    cooperative's desk (its agents follow their tickets in the lists and the agent home)."""
    from helpdesk.api.dashboard import get_dashboard_data as helpdesk_dashboard

    if is_scoped():
        frappe.throw(_("Helpdesk's dashboard counts the tickets of every cooperative, so it is not available at a cooperative's desk."),
                     DashboardNotForDesks, title=_("Not available"))
    return helpdesk_dashboard(dashboard_type, filters)


# Helpdesk v1.25.1's filters of each agent-home list (helpdesk.api.agent_home.agent_home), counted
# through frappe.get_list at a desk (Helpdesk counts them with a raw query).
PENDING_FILTERS = {
    "upcoming_sla": [["sla", "is", "set"], ["agreement_status", "in", ["First Response Due", "Resolution Due"]],
                     ["status_category", "=", "Open"]],
    "new_tickets": [["status_category", "=", "Open"]],
    "pending": [["status_category", "=", "Open"], ["last_customer_response", "is", "set"]],
}


@frappe.whitelist()
def get_pending_tickets(ticket_type: str = "upcoming_sla"):
    from frappe.utils import add_months, today
    from helpdesk.api.agent_home.agent_home import get_pending_tickets as helpdesk_pending

    result = helpdesk_pending(ticket_type)
    if is_scoped() and isinstance(result, dict) and ticket_type in PENDING_FILTERS:
        user = frappe.session.user
        filters = [*PENDING_FILTERS[ticket_type], ["_assign", "like", f"%{user}%"],
                   ["creation", "between", [add_months(today(), -6), today()]]]
        if ticket_type == "new_tickets":
            mine = frappe.get_all("ToDo", filters={"reference_type": TICKET, "allocated_to": user, "status": "Open",
                                                   "creation": [">=", frappe.utils.add_to_date(None, days=-7)]},
                                  pluck="reference_name", distinct=True)
            filters.append(["name", "in", mine or [""]])
        rows = frappe.get_list(TICKET, filters=filters, fields=["name", "_assign"], limit_page_length=0)
        result["total_pending_tickets"] = sum(1 for r in rows if user in (frappe.parse_json(r._assign or "[]") or []))
    return result


# --------------------------------------------------------------------------- search


@frappe.whitelist()
def search(query: str, filters: str | None = None, limit: int = 20, title_only: bool = False):
    """Helpdesk's full-text search, whose index filters by ticket only: at a desk, each hit (a
    ticket, a note, an e-mail) is kept only when the user may see it."""
    from helpdesk.api.search import search as helpdesk_search

    return filter_hits(helpdesk_search(query, filters, limit, title_only))


def filter_hits(result):
    """Search hits (a list, or a dict holding one under ``results``) minus the rows a desk agent
    may not see; unchanged for everyone else."""
    if not is_scoped():
        return result
    if isinstance(result, dict) and isinstance(result.get("results"), list):
        kept = [hit for hit in result["results"] if _hit_visible(hit)]
        dropped = len(result["results"]) - len(kept)
        result["results"] = kept
        if dropped and isinstance(result.get("total"), int):
            result["total"] = max(result["total"] - dropped, 0)
        return result
    if isinstance(result, list):
        return [hit for hit in result if _hit_visible(hit)]
    return result


def _hit_visible(hit) -> bool:
    doctype = hit.get("doctype") if isinstance(hit, dict) else getattr(hit, "doctype", None)
    name = hit.get("name") if isinstance(hit, dict) else getattr(hit, "name", None)
    if not doctype or not name:
        return False  # a hit that does not say what it is: not shown at a desk
    return row_visible(doctype, name)


@frappe.whitelist()
def global_search(text: str, start: int = 0, limit: int = 20, doctype: str = ""):
    """Frappe's global search (the awesome bar), support access's row filter first, then, at a
    desk, only rows of the desk's cooperative (Frappe filters global search by doctype only)."""
    from healthdesk.support_access.enforcement import global_search as support_global_search

    results = support_global_search(text, start=start, limit=limit, doctype=doctype)
    if scope() is None:
        return results
    return [r for r in results if row_visible(r.doctype, r.name)]
