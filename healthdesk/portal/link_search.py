"""Link searches of Clinic and Reseller (hook ``standard_queries``).

Helpdesk's customer ticket list renders a Link quick filter for every Link field of HD Ticket,
and each one asks ``frappe.desk.search.search_link`` for options on mount. A clinic user has no
role that may read Clinic or Reseller, so stock Frappe answers 403 (two red toasts on every
visit). With these queries a customer gets the clinics their Contact is linked to, and those
clinics' resellers — name and title only, nothing else — and never another clinic's row.
Everyone who may read the doctype (agents, admins, reseller managers) searches as before,
through ``frappe.get_list``, so healthdesk's row scoping (``healthdesk.network.permissions``) applies.
"""

from __future__ import annotations

import frappe

from healthdesk.network.contacts import user_customers

TITLE = {"Clinic": "clinic_name", "Reseller": "reseller_name"}


def customer_clinics(user: str) -> list[str]:
    """The clinics whose HD Customer ``user``'s Contact is linked to."""
    customers = list(user_customers(user)) if user and user != "Guest" else []
    if not customers:
        return []
    return frappe.get_all("Clinic", filters={"hd_customer": ["in", customers]}, pluck="name")


def customer_resellers(user: str) -> list[str]:
    clinics = customer_clinics(user)
    if not clinics:
        return []
    return sorted(set(frappe.get_all("Clinic", filters={"name": ["in", clinics]}, pluck="reseller")) - {None, ""})


def _search(doctype: str, txt: str, start, page_len, filters, allowed: list[str] | None):
    title = TITLE[doctype]
    conditions = _as_list(doctype, filters)
    if allowed is not None:
        if not allowed:
            return []
        conditions.append([doctype, "name", "in", allowed])
    or_filters = []
    if txt:
        or_filters = [[doctype, "name", "like", f"%{txt}%"], [doctype, title, "like", f"%{txt}%"]]
    getter = frappe.get_list if allowed is None else frappe.get_all
    return getter(
        doctype, filters=conditions, or_filters=or_filters, fields=["name", title],
        order_by=f"{title} asc", limit_start=int(start or 0), limit_page_length=int(page_len or 20),
        as_list=True,
    )


def _as_list(doctype: str, filters) -> list:
    if not filters:
        return []
    if isinstance(filters, str):
        filters = frappe.parse_json(filters)
    if isinstance(filters, dict):
        return [[doctype, key, *(value if isinstance(value, list | tuple) else ["=", value])]
                for key, value in filters.items()]
    return list(filters)


def _scope(doctype: str, user: str) -> list[str] | None:
    """None: search through permissions as Frappe would; a list: only these rows (customers)."""
    if frappe.has_permission(doctype, "read", user=user):
        return None
    return customer_clinics(user) if doctype == "Clinic" else customer_resellers(user)


@frappe.whitelist()
def clinic_query(doctype: str, txt: str, searchfield: str, start: int, page_len: int,
                 filters: str | dict | list | None = None, **kwargs):
    return _search("Clinic", txt, start, page_len, filters, _scope("Clinic", frappe.session.user))


@frappe.whitelist()
def reseller_query(doctype: str, txt: str, searchfield: str, start: int, page_len: int,
                   filters: str | dict | list | None = None, **kwargs):
    return _search("Reseller", txt, start, page_len, filters, _scope("Reseller", frappe.session.user))
