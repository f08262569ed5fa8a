"""LGPD support access: the access log (Support Access Log), notifications and ticket notes."""

from __future__ import annotations

import frappe
from frappe.utils import now_datetime
from frappe.utils.caching import request_cache

from healthdesk.support_access.config import LOG


def _request_ip() -> str | None:
    return getattr(frappe.local, "request_ip", None)


def _commit_get_request() -> None:
    request = getattr(frappe.local, "request", None)
    if request is not None and getattr(request, "method", None) == "GET":
        frappe.local.flags.commit = True


def write_log(event: str, user: str | None, clinic: str | None, grant: str | None = None,
              reference_doctype: str | None = None, reference_name: str | None = None,
              action: str | None = None, query: str | None = None) -> str:
    """The only way a Support Access Log row is written: the doctype's controller refuses every
    ``insert()`` (REST, desk, Administrator included), and this writes straight to the table."""
    doc = frappe.get_doc({
        "doctype": LOG, "event": event, "user": user, "clinic": clinic, "grant": grant,
        "access_time": now_datetime(), "reference_doctype": reference_doctype,
        "reference_name": reference_name, "action": action, "query": (query or "")[:2000] or None,
        "ip_address": _request_ip(), "occurrences": 1,
    })
    # Written straight to the table (no controller hooks to run on a log line): this runs inside
    # permission checks, on every first access of a request, so it has to be cheap.
    doc.name = frappe.generate_hash(length=12)
    doc.set_user_and_timestamp()
    doc.db_insert()
    _commit_get_request()
    return doc.name


def bump_log_count(name: str) -> None:
    """One more occurrence of an aggregated event (refusals, failed checks): the row's count,
    nothing else, changes."""
    frappe.db.sql(f"update `tab{LOG}` set `occurrences` = ifnull(`occurrences`, 1) + 1 where name = %s", name)
    _commit_get_request()


@request_cache
def _logged_this_request() -> set[tuple]:
    """What this request has logged already (one Access entry per record and action)."""
    return set()


def log_access(user: str, grant: str, clinic: str, doctype: str, name: str | None, action: str) -> None:
    """One Access entry per request per record and action."""
    logged = _logged_this_request()
    key = (user, doctype, name, action)
    if key in logged:
        return
    logged.add(key)
    write_log("Access", user, clinic, grant, doctype, name, action)


def notify(users: list[str], subject: str, message: str, document_type: str, document_name: str,
           email: bool = True) -> None:
    """Support-access news for clinic users and agents: the bell, and an e-mail."""
    from healthdesk.notifications import notify as send

    send(users, subject, document_type, document_name, message=message, email=email)


def ticket_note(ticket: str | None, text: str, author: str | None = None) -> None:
    """An agent-only note on the ticket (Helpdesk shows HD Ticket Comments to agents only) and the
    ticket's read-only Support Access field. ``author``: the agent who acted; events of the clinic
    or of the clock are the support team's (healthdesk.utils.support_team_user), never
    "Administrator"."""
    if not ticket or not frappe.db.exists("HD Ticket", ticket):
        return
    from healthdesk.utils import support_team_user

    frappe.get_doc({"doctype": "HD Ticket Comment", "reference_ticket": ticket, "content": text,
                    "commented_by": author or support_team_user()}).insert(ignore_permissions=True)
    if frappe.get_meta("HD Ticket").has_field("support_access"):
        frappe.db.set_value("HD Ticket", ticket, "support_access", frappe.utils.strip_html(text)[:140],
                            update_modified=False)
