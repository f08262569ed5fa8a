"""healthdesk's ticket fields in Helpdesk's agent and customer UIs, in the user's language.

Helpdesk v1.25.1 translates its own interface strings (``helpdesk.api.general.get_translations``
feeds its ``__()``), but it renders field labels and Select values as they come from the server:
``field.label`` of ``frappe.desk.form.load.getdoctype`` (agent ticket page), of the ticket
template (``hd_ticket_template.api.get_one``: new-ticket page) and of the ticket
(``hd_ticket.api.get_one``: customer ticket page), and ``options.split("\\n")`` for Select fields.
So a pt-BR user read "Clinic", "Severity", "Response due", "High", "Error".

These wrappers (hook ``override_whitelisted_methods``) call Helpdesk's / Frappe's method and
translate, in the answer only, the labels, descriptions and placeholders of healthdesk's own
HD Ticket fields; customers (who never edit them on the ticket page) also get our Select values
translated. Agents' values stay the stored English keys, and their Select fields get translated
labels through ``url_method`` (``healthdesk.api.ticket_fields``), which
Helpdesk's ticket template supports: the stored value stays "High", the person sees "Alta".
Helpdesk's own fields (Ticket type, Priority, Team …) are Helpdesk's and stay as Helpdesk shows them.
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.constants import HD_TICKET as TICKET

# Select fields whose values a customer reads on the ticket page.
VALUE_FIELDS = ("severity", "ticket_category")
OPTION_METHODS = {
    "severity": "healthdesk.api.ticket_fields.severity_options",
    "ticket_category": "healthdesk.api.ticket_fields.category_options",
}


def our_fields() -> frozenset[str]:
    """Fieldnames of healthdesk's custom fields on HD Ticket."""
    return frozenset(frappe.get_all("Custom Field", filters={"dt": TICKET, "module": "Healthdesk"},
                                    pluck="fieldname"))


def _translating() -> bool:
    return (getattr(frappe.local, "lang", None) or "en") != "en"


def translate_field(field: dict, ours: frozenset[str]) -> dict:
    """A copy of ``field`` (a DocField-like dict) with label, description and placeholder
    translated when it is one of ours."""
    if field.get("fieldname") not in ours:
        return field
    field = dict(field)
    for key in ("label", "description", "placeholder"):
        if field.get(key):
            field[key] = _(field[key])
    return field


def choices(fieldname: str) -> list[dict[str, str]]:
    """A Select field's options as ``{label, value}``: the stored value, the label translated
    (served by ``healthdesk.api.ticket_fields`` as the ticket template's ``url_method``)."""
    field = frappe.get_meta(TICKET).get_field(fieldname)
    values = [v for v in (field.options or "").split("\n") if v] if field else []
    return [{"label": _(v), "value": v} for v in values]


def ensure_option_methods() -> None:
    """Install step: the Default template's severity and category rows take their choices from
    ``healthdesk.api.ticket_fields`` (set once, when the row has none)."""
    for fieldname, method in OPTION_METHODS.items():
        rows = frappe.get_all("HD Ticket Template Field",
                              filters={"parent": "Default", "parenttype": "HD Ticket Template", "fieldname": fieldname},
                              fields=["name", "url_method"])
        for row in rows:
            if not row.url_method:
                frappe.db.set_value("HD Ticket Template Field", row.name, "url_method", method)


# --- wrappers of Helpdesk's and Frappe's endpoints ----------------------------------------------------

@frappe.whitelist()
def template_get_one(name: str):
    from helpdesk.helpdesk.doctype.hd_ticket_template.api import get_one

    result = get_one(name)
    if _translating() and isinstance(result, dict) and result.get("fields"):
        ours = our_fields()
        result["fields"] = [translate_field(f, ours) for f in result["fields"]]
    return result


@frappe.whitelist()
def ticket_get_one(name: str, is_customer_portal: bool = False):
    from helpdesk.helpdesk.doctype.hd_ticket.api import get_one
    from helpdesk.utils import is_agent

    from healthdesk.desks.answering import fill
    from healthdesk.desks.visibility import filter_ticket_answer

    # Helpdesk reads every internal note of the ticket with a raw query: a cooperative's desk gets
    # only the notes it may see (healthdesk.desks.visibility); the clinic reads who answers it
    # and how to reach them (healthdesk.desks.answering).
    result = fill(filter_ticket_answer(get_one(name, is_customer_portal)))
    if not _translating() or not isinstance(result, dict):
        return result
    ours = our_fields()
    if isinstance(result.get("template"), dict) and result["template"].get("fields"):
        result["template"]["fields"] = [translate_field(f, ours) for f in result["template"]["fields"]]
    if result.get("fields"):
        result["fields"] = [translate_field(f, ours) for f in result["fields"]]
    if not is_agent():
        for fieldname in VALUE_FIELDS:
            if result.get(fieldname):
                result[fieldname] = _(result[fieldname])
    return result


@frappe.whitelist()
def getdoctype(doctype: str, with_parent: bool = False, cached_timestamp: str | None = None):
    """Frappe's meta for a form; for HD Ticket, healthdesk's labels in the user's language (the
    desk translates labels itself, Helpdesk's agent UI does not)."""
    from frappe.desk.form.load import getdoctype as frappe_getdoctype

    out = frappe_getdoctype(doctype, with_parent, cached_timestamp)
    docs = frappe.response.get("docs") or []
    if out or doctype != TICKET or not _translating() or not docs:
        return out
    ours = our_fields()
    translated = []
    for doc in docs:
        if getattr(doc, "name", None) == TICKET or (isinstance(doc, dict) and doc.get("name") == TICKET):
            as_dict = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
            as_dict["fields"] = [translate_field(f, ours) for f in as_dict.get("fields") or []]
            doc = as_dict
        translated.append(doc)
    frappe.response["docs"] = translated
