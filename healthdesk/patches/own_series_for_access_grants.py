"""Support Access Grants and Requests were named "format:SAG-{#####}" / "format:SAR-{#####}".
Frappe counts a braced "{#####}" in the series whose prefix is empty — the very series Helpdesk's
tickets (".####") count in — so every grant and request used up a ticket number (tickets 0007 and
0008 never existed). They now have series of their own ("SAG-.#####", "SAR-.#####"); this starts
each at the highest number already used, so no name is given twice."""

from __future__ import annotations

import frappe

SERIES = {"Support Access Grant": "SAG-", "Support Access Request": "SAR-"}


def execute():
    for doctype, prefix in SERIES.items():
        if not frappe.db.table_exists(doctype):
            continue
        highest = 0
        for name in frappe.get_all(doctype, filters={"name": ["like", f"{prefix}%"]}, pluck="name"):
            suffix = name[len(prefix):]
            if suffix.isdigit():
                highest = max(highest, int(suffix))
        current = frappe.db.sql("select current from `tabSeries` where name = %s", prefix)
        if not current:
            frappe.db.sql("insert into `tabSeries` (name, current) values (%s, %s)", (prefix, highest))
        elif current[0][0] < highest:
            frappe.db.sql("update `tabSeries` set current = %s where name = %s", (highest, prefix))
