"""Network indicators endpoints. The work (and the scope) is in healthdesk.indicators."""

from __future__ import annotations

import frappe

from healthdesk.indicators import export as indicator_export


@frappe.whitelist(methods=["GET"])
def export(file_format: str = "csv", from_date: str | None = None, to_date: str | None = None,
           reseller: str | None = None, clinic: str | None = None, module: str | None = None) -> None:
    """The portal's indicator tables as a CSV or XLSX download, in the caller's scope."""
    indicator_export.download(file_format, {"from_date": from_date, "to_date": to_date, "reseller": reseller,
                                            "clinic": clinic, "module": module})
