"""Small helpers shared by healthdesk's Frappe code."""

from __future__ import annotations

import frappe
from frappe.utils import escape_html


def bold(value: object) -> str:
    """``frappe.bold`` for values people typed: escaped first, since Frappe shows messages as HTML."""
    return frappe.bold(escape_html(str(value)))
