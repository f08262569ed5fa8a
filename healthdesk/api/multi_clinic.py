"""Multi-clinic access requests from the portal (Reseller Managers)."""

from __future__ import annotations

import frappe
from frappe import _

DOCTYPE = "Multi-Clinic Access Request"
LIST_FIELDS = [
    "name", "user_email", "home_base_id", "requested_base_ids", "status", "reseller",
    "rejection_reason", "creation", "approved_on", "rejected_on",
]


@frappe.whitelist(methods=["POST"])
def submit_request(text: str) -> dict:
    """Create and submit a request from the reseller's pasted three-line text.

    Permissions are the doctype's: a Reseller Manager may create and submit requests for the
    reseller they manage; validation names the offending line or base id.
    """
    if frappe.session.user == "Guest":
        frappe.throw(_("Log in to send a request."), frappe.PermissionError)
    if not (text or "").strip():
        frappe.throw(_("Paste the request in the form: the three lines Usuário, Já está cadastrado "
                       "na clínica and Multi clínica para as clínicas."), title=_("Empty request"))
    doc = frappe.get_doc({"doctype": DOCTYPE, "pasted_text": text})
    doc.insert()
    doc.submit()
    return {"name": doc.name, "status": doc.status, "reseller": doc.reseller,
            "base_ids": [row.base_id for row in doc.clinics]}


@frappe.whitelist()
def my_requests() -> list[dict]:
    """The requests the current user may read (a Reseller Manager: their reseller's), newest first."""
    if frappe.session.user == "Guest":
        frappe.throw(_("Log in to see your requests."), frappe.PermissionError)
    return frappe.get_list(DOCTYPE, fields=LIST_FIELDS, order_by="creation desc", limit_page_length=200)
