"""Helpdesk saved replies (HD Saved Reply) for the seeds' procedures: a default set and one per reseller."""

from __future__ import annotations

import frappe


def _reply_html(text: str) -> str:
    from frappe.utils import escape_html

    return "<p>" + escape_html(text).replace("\n", "<br>") + "</p>"


def ensure_saved_replies(reseller: str | None = None) -> None:
    """Helpdesk saved replies (HD Saved Reply, scope Global) for TISS, slowness and migration:
    one default set, and one set per reseller titled "[code] ...", whose TISS reply carries the
    reseller's own text. Missing replies are created; a reseller's TISS reply follows its text."""
    from healthdesk.core.intake import SAVED_REPLIES, saved_reply_title

    if not frappe.db.table_exists("HD Saved Reply"):
        return
    targets = [(None, None)]
    filters = {"name": reseller} if reseller else {}
    targets += [(r.short_code, r.tiss_reply_text) for r in frappe.get_all(
        "Reseller", filters=filters, fields=["name", "short_code", "tiss_reply_text"])]
    if reseller:
        targets = targets[1:]
    for code, tiss_text in targets:
        for key, (title, text) in SAVED_REPLIES.items():
            if key == "tiss" and tiss_text and tiss_text.strip():
                text = tiss_text.strip()
            full_title = saved_reply_title(title, code)
            existing = frappe.db.get_value("HD Saved Reply", {"title": full_title}, "name")
            if not existing:
                frappe.get_doc({"doctype": "HD Saved Reply", "title": full_title, "scope": "Global",
                                "message": _reply_html(text)}).insert(ignore_permissions=True)
            elif key == "tiss" and code:
                frappe.db.set_value("HD Saved Reply", existing, "message", _reply_html(text))


def reseller_saved_replies(reseller: str) -> None:
    """After a Reseller is saved: its saved replies exist and its TISS reply carries its current text."""
    ensure_saved_replies(reseller)


def delete_reseller_saved_replies(short_code: str | None) -> None:
    """When a Reseller is deleted: its "[code] ..." saved replies go with it."""
    if short_code and frappe.db.table_exists("HD Saved Reply"):
        frappe.db.delete("HD Saved Reply", {"title": ["like", f"[{short_code}] %"]})
