"""The portal indicators' tables as CSV or XLSX: the same tables the page shows (and the ones it
leaves to the export, such as a long period's days), from healthdesk.indicators.portal.summary, in
the requester's scope — decided here on the server, whatever the link asked for."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils.csvutils import to_csv
from frappe.utils.xlsxutils import make_xlsx

from healthdesk.indicators import portal
from healthdesk.indicators.filters import Filters
from healthdesk.indicators.scope import require_scope

FORMATS = ("csv", "xlsx")


class InvalidExportFormat(frappe.ValidationError):
    pass


def rows(f: Filters, data: dict) -> list[list]:
    """One sheet: whose and which period, the headline numbers, then every table under its title,
    a blank row between tables. Numbers stay numbers (None: empty cell)."""
    out: list[list] = [[_("Network indicators")], [_("Reseller"), portal.scope_label(f)],
                       [_("Period"), f.from_date.isoformat(), f.to_date.isoformat()]]
    if f.clinic:
        out.append([_("Clinic"), portal.clinic_names([f.clinic]).get(f.clinic, f.clinic)])
    if f.module:
        out.append([_("Module"), f.module])
    out += [[], [_("Indicator"), _("Value")]]
    out += [[c["label"], c["value"]] for c in data["cards"]]
    for t in data["tables"]:
        out += [[], [t["title"]], [c["label"] for c in t["columns"]]]
        out += [list(r) for r in t["rows"]]
    return out


def content(f: Filters, file_format: str) -> tuple[str, bytes | str]:
    """``(filename, content)`` of the export of ``f``'s indicators."""
    if file_format not in FORMATS:
        raise InvalidExportFormat(_("Export format: choose csv or xlsx (got {0}).").format(file_format))
    table = rows(f, portal.summary(f))
    name = f"indicadores-{f.from_date.isoformat()}-{f.to_date.isoformat()}"
    if file_format == "csv":
        return f"{name}.csv", to_csv(table)
    return f"{name}.xlsx", make_xlsx(table, _("Indicators")).getvalue()


def download(file_format: str, args: dict) -> None:
    """Answer the request with the export (``frappe.response`` download) for the current user:
    nothing for whoever has no indicators; another cooperative's reseller or clinic refused."""
    allowed = require_scope(frappe.session.user)
    f = portal.request_filters(allowed, args)
    filename, data = content(f, file_format)
    frappe.response.filename = filename
    frappe.response.filecontent = data
    frappe.response.type = "download"
