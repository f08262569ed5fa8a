"""LGPD support access: enforcement. Deny-only permission hooks for every doctype ("*") and the
overrides of Frappe methods that would count or search around them.

- ``has_permission``: on a protected doctype a support user may only read/print/report/export a
  record while an active grant for its clinic covers them (checked against the clock on every
  request, never against the stored status); any write/create/delete/share/email is refused.
  Medical-record doctypes are refused always. File, Version, Comment and Communication follow the
  record they reference.
- ``permission_query_conditions``: the same rule as an SQL condition for lists, reports, exports,
  counts and link search. It returns None for every doctype it does not protect (HD Ticket above
  all: Frappe joins conditions with " and " without brackets).
"""

from __future__ import annotations

import json

import frappe
from frappe import _
from frappe.utils import now_datetime
from frappe.utils.caching import request_cache

from healthdesk.support_access.audit import _logged_this_request, log_access, write_log
from healthdesk.support_access.config import (
    GRANT,
    GRANT_AGENT,
    READ_PTYPES,
    REFERENCE_FIELDS,
    Config,
    get_config,
    is_support_user,
)


@request_cache
def active_grants(user: str) -> dict[str, str]:
    """Clinic → an active grant covering ``user`` now, computed from the clock (once per request)."""
    now = now_datetime()
    # The agents named on the grant and the team's members *when the clinic granted it* (rows of
    # the same child table, parentfield "team_members"): joining a team later opens nothing.
    rows = frappe.db.sql(
        f"""select g.name, g.clinic from `tab{GRANT}` g
        where g.docstatus < 2 and g.revoked_at is null
          and g.valid_from <= %(now)s and g.valid_until > %(now)s
          and exists (select 1 from `tab{GRANT_AGENT}` a
               where a.parent = g.name and a.parenttype = %(grant)s and a.agent = %(user)s)
        order by g.valid_until desc""",
        {"now": now, "user": user, "grant": GRANT}, as_dict=True)
    result: dict[str, str] = {}
    for row in rows:
        result.setdefault(row.clinic, row.name)
    return result


@request_cache
def _customer_to_clinic() -> dict[str, str]:
    return {c.hd_customer: c.name for c in frappe.get_all(
        "Clinic", fields=["name", "hd_customer"], filters={"hd_customer": ["is", "set"]}, ignore_permissions=True)}


def _clinic_of(value: str | None, points_to: str) -> str | None:
    if not value:
        return None
    return _customer_to_clinic().get(value) if points_to == "HD Customer" else value


def _granted_values(user: str, points_to: str) -> list[str]:
    clinics = list(active_grants(user))
    if points_to == "HD Customer":
        back = {clinic: customer for customer, clinic in _customer_to_clinic().items()}
        return [back[c] for c in clinics if c in back]
    return clinics


def _restricted(doctype: str | None, user: str | None) -> tuple[Config, str] | None:
    """(config, user) when the grant rules apply to ``doctype`` for ``user``, else None: the
    early exit both hooks take for every unrelated doctype and every non-support user."""
    if not doctype:
        return None
    config = get_config()
    if doctype not in config.relevant:
        return None
    user = user or frappe.session.user
    if not is_support_user(user):
        return None
    return config, user


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool | None:
    """Deny-only hook for every doctype ("*"); returns None (defer) for anything unrelated."""
    doctype = getattr(doc, "doctype", None)
    restricted = _restricted(doctype, user)
    if restricted is None:
        return None
    config, user = restricted
    ptype = ptype or "read"
    if doctype in config.excluded:
        return False
    if doctype in config.protected:
        target_doctype, target_name, clinic_value = doctype, doc.name, doc.get(config.protected[doctype][0])
    else:
        dt_field, name_field = _reference_fields(doctype, config)
        target_doctype, target_name = doc.get(dt_field), doc.get(name_field)
        if target_doctype in config.excluded:
            return False
        if target_doctype not in config.protected:
            return None
        if not target_name:
            return False
        clinic_value = frappe.db.get_value(target_doctype, target_name, config.protected[target_doctype][0])
    if ptype not in READ_PTYPES:
        return False
    clinic = _clinic_of(clinic_value, config.protected[target_doctype][1])
    grant = active_grants(user).get(clinic) if clinic else None
    if not grant:
        return False
    if not _role_allows(doc, ptype, user):
        return None  # Frappe refuses it on role permissions: not an access, nothing to log
    action = ptype if doctype == target_doctype else f"{ptype} {doctype}"
    log_access(user, grant, clinic, target_doctype, target_name, action)
    return None


def _role_allows(doc, ptype: str, user: str) -> bool:
    """Whether the user's role permissions allow ``ptype`` on ``doc`` (controller hooks run before
    them in Frappe: an access is only logged when it will really happen)."""
    from frappe.permissions import get_role_permissions

    if getattr(doc, "parenttype", None) and frappe.get_meta(doc.doctype).istable:
        return True  # a child row is read through its parent, whose check logs
    if doc.doctype == "File":
        return True  # File has its own rule (owner / attached document)
    perms = get_role_permissions(frappe.get_meta(doc.doctype), user=user,
                                 is_owner=(doc.get("owner") or "").lower() == user.lower())
    return bool(perms.get(ptype) or perms.get("if_owner", {}).get(ptype))


def _reference_fields(doctype: str, config: Config) -> tuple[str, str]:
    """(doctype field, name field) of a document that points at another: File/Version/Comment/
    Communication by their reference fields, a child table row by parenttype/parent."""
    if doctype in REFERENCE_FIELDS:
        return REFERENCE_FIELDS[doctype]
    return ("parenttype", "parent")


def _in(values: list[str]) -> str:
    return ", ".join(frappe.db.escape(v) for v in values)


def query_conditions(user: str | None = None, doctype: str | None = None) -> str | None:
    """Wildcard list condition: None for every doctype it does not protect; else a fully
    bracketed condition (Frappe joins conditions with " and " and no brackets)."""
    restricted = _restricted(doctype, user)
    if restricted is None:
        return None
    config, user = restricted
    if doctype in config.excluded:
        return "(1=0)"
    if doctype in config.protected:
        fieldname, points_to = config.protected[doctype]
        values = _granted_values(user, points_to)
        if not values:
            return "(1=0)"
        _log_query(user, doctype)
        return f"(`tab{doctype}`.`{fieldname}` in ({_in(values)}))"
    dt_field, name_field = _reference_fields(doctype, config)
    blocked = sorted(config.excluded | set(config.protected))
    column = f"`tab{doctype}`.`{dt_field}`"
    parts = [f"ifnull({column}, '') not in ({_in(blocked)})"]
    for target, (fieldname, points_to) in sorted(config.protected.items()):
        values = _granted_values(user, points_to)
        if values and frappe.db.table_exists(target):
            parts.append(
                f"({column} = {frappe.db.escape(target)} and `tab{doctype}`.`{name_field}` in "
                f"(select `name` from `tab{target}` where `{fieldname}` in ({_in(values)})))")
    return "(" + " or ".join(parts) + ")"


@frappe.whitelist()
def global_search(text: str, start: int = 0, limit: int = 20, doctype: str = ""):
    """Frappe's global search (awesome bar), minus the rows a support user may not read: Frappe
    itself filters global search by doctype only, never by row."""
    from frappe.utils.global_search import search

    results = search(text, start=start, limit=limit, doctype=doctype)
    user = frappe.session.user
    config = get_config()
    if not config.relevant or not is_support_user(user):
        return results
    return [r for r in results if r.doctype not in config.relevant
            or frappe.has_permission(r.doctype, "read", r.name, user=user)]


def file_after_insert(doc, method=None) -> None:
    """A file attached to a protected or medical-record document is made private (Frappe moves it
    to private/files): a public file is readable by anyone who knows its URL, which no permission
    hook can stop."""
    config = get_config()
    if not doc.is_private and doc.attached_to_doctype and (
            doc.attached_to_doctype in config.protected or doc.attached_to_doctype in config.excluded):
        doc.is_private = 1
        doc.save(ignore_permissions=True)


@frappe.whitelist()
def get_count(doctype: str, filters: str | dict | list | None = None, debug: bool = False, cache: bool = False) -> int:
    """``frappe.client.get_count`` through ``frappe.get_list`` for every doctype and every user:
    Frappe's own counts with ``frappe.db.count`` and checks nothing, so anyone could probe any
    table's fields through ``like`` filters (another clinic's grant reasons, a note's text)."""
    from frappe.utils import get_safe_filters

    rows = frappe.get_list(doctype, filters=get_safe_filters(filters), fields=["count(*) as total"],
                           limit_page_length=1, order_by=None)
    return int(rows[0].total) if rows else 0


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
    """``frappe.desk.listview.get_group_by_count`` whose ``assigned_to`` branch counts only records
    the user may list (Frappe's builds its sub-query without permission conditions, an oracle on
    any table's fields); every other field already goes through ``frappe.get_list``."""
    from frappe.desk.listview import get_group_by_count as frappe_group_by_count

    if field != "assigned_to":
        return frappe_group_by_count(doctype, current_filters, field)
    filters = frappe.parse_json(current_filters)
    records = frappe.get_list(doctype, filters=filters, fields=[f"`tab{doctype}`.`name`"], run=0,
                              limit_page_length=0, order_by=None, distinct=True)
    return frappe.db.sql(
        f"""select t.allocated_to as name, count(*) as count
        from `tabToDo` t join `tabUser` u on u.name = t.allocated_to
        where t.status != 'Cancelled' and u.user_type = 'System User' and t.reference_type = %(doctype)s
          and t.reference_name in (select name from ({records}) permitted)
        group by t.allocated_to order by count desc limit 50""",
        {"doctype": doctype}, as_dict=True)


def reference_before_insert(doc, method=None) -> None:
    """A support user never adds a comment, file or e-mail to a protected or medical-record
    document: Frappe inserts comments (``add_comment``) and attachments with ignore_permissions
    once the reader may read the document, so the refusal has to be here."""
    user = frappe.session.user
    dt_field, _name_field = REFERENCE_FIELDS[doc.doctype]
    target = doc.get(dt_field)
    if not target or not is_support_user(user):
        return
    config = get_config()
    if target in config.protected or target in config.excluded:
        frappe.throw(_("Support access is read-only: you cannot add to this {0}.").format(_(target)),
                     frappe.PermissionError, title=_("Not allowed"))


def _log_query(user: str, doctype: str) -> None:
    logged = _logged_this_request()
    key = (user, doctype, None, "list")
    if key in logged:
        return
    logged.add(key)
    form = frappe.local.form_dict if hasattr(frappe.local, "form_dict") else {}
    details = {k: form.get(k) for k in ("cmd", "filters", "or_filters", "txt", "fields") if form.get(k)}
    grants = active_grants(user)
    write_log("Access", user, None, ", ".join(sorted(set(grants.values())))[:140] if len(grants) == 1 else None,
              doctype, None, "list", json.dumps(details, default=str, ensure_ascii=False)
              + " | clinics: " + ", ".join(sorted(grants)))
