"""The clinic users' new-ticket form (/abrir-chamado): options, personal-data check, creation
(endpoints in healthdesk.api.intake).

``create_ticket`` takes a multipart POST (fields + files), checks everything before creating
anything, then creates the HD Ticket through Helpdesk's own ``new`` (so every doc event runs:
clinic membership, category/module checks, default severity, personal-data flag, triage) and
attaches the files. It all happens in one request: when anything fails Frappe rolls the whole
request back, so nothing is half-created.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html

from healthdesk.constants import SEVERITY_PRIORITIES as USER_SEVERITIES
from healthdesk.core import pii, triage
from healthdesk.core.intake import (
    ALLOWED_EXTENSIONS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    check_attachments,
)
from healthdesk.utils import bold

MAX_CHECK_CHARS = 50_000
SUBJECT_MAX = 140


def _require_login() -> str:
    user = frappe.session.user
    if user == "Guest":
        frappe.throw(_("Log in to open a ticket."), frappe.PermissionError, title=_("Login required"))
    return user


def check_personal_data(text: str | None = None) -> dict:
    """Kinds and positions of the personal data in ``text`` and a masked version (never logged)."""
    _require_login()
    text = text or ""
    if len(text) > MAX_CHECK_CHARS:
        frappe.throw(_("The text is too long to check (more than {0} characters).").format(MAX_CHECK_CHARS),
                     title=_("Text too long"))
    findings = pii.find_personal_data(text)
    return {
        "count": len(findings),
        "findings": [{"kind": f.kind, "start": f.start, "end": f.end} for f in findings],
        "masked": pii.mask(text) if findings else text,
    }


def user_clinics() -> list[dict]:
    from healthdesk.api.clinics import ticket_clinic_options

    return ticket_clinic_options()


def last_clinic(user: str, allowed: list[str]) -> str | None:
    """The clinic of the user's latest ticket, when still one of theirs."""
    if not allowed:
        return None
    rows = frappe.get_all("HD Ticket", filters={"raised_by": user, "clinic": ["in", allowed]},
                          fields=["clinic"], order_by="creation desc", limit=1)
    return rows[0].clinic if rows else None


def form_options() -> dict:
    """What the form offers: the user's clinics (last used first choice), categories, modules."""
    user = _require_login()
    clinics = user_clinics()
    return {
        "clinics": clinics,
        "last_clinic": last_clinic(user, [c["value"] for c in clinics]),
        "categories": [{"value": c, "label": _(c)} for c in triage.CATEGORIES],
        "modules": enabled_modules(),
        "severities": list(USER_SEVERITIES),
        "allowed_extensions": sorted(ALLOWED_EXTENSIONS),
        "max_attachment_mb": MAX_ATTACHMENT_BYTES // (1024 * 1024),
        "max_attachments": MAX_ATTACHMENTS,
    }


def enabled_modules() -> list[str]:
    return frappe.get_all("System Module", filters={"enabled": 1}, pluck="name",
                          order_by="sort_order asc, module_name asc")


def compose_description(what_did: str, expected: str, happened: str) -> str:
    """The guided answers as HTML, every answer escaped."""
    parts = []
    for label, value in ((_("What did you do?"), what_did), (_("What did you expect to happen?"), expected),
                         (_("What happened?"), happened)):
        value = (value or "").strip()
        if value:
            parts.append(f"<p><strong>{escape_html(label)}</strong></p><p>{escape_html(value).replace(chr(10), '<br>')}</p>")
    return "".join(parts)


def _uploaded_files() -> list:
    request = getattr(frappe, "request", None)
    if not request or not getattr(request, "files", None):
        return []
    return [f for f in request.files.getlist("attachments") if f and f.filename]


def _attachment_error(problem) -> str:
    name = bold(problem.filename)
    if problem.code == "type":
        return _("File {0} cannot be attached: only {1} files are accepted.").format(
            name, ", ".join(sorted(ALLOWED_EXTENSIONS)))
    if problem.code == "size":
        return _("File {0} is larger than {1} MB: attach a smaller file or a shorter video.").format(
            name, MAX_ATTACHMENT_BYTES // (1024 * 1024))
    if problem.code == "empty":
        return _("File {0} is empty.").format(name)
    return _("Attach at most {0} files to a ticket.").format(MAX_ATTACHMENTS)


def create_ticket(clinic: str | None = None, category: str | None = None, module: str | None = None,
                  severity: str | None = None, subject: str | None = None, what_did: str | None = None,
                  expected: str | None = None, happened: str | None = None) -> dict:
    user = _require_login()
    clinic, category, module = (clinic or "").strip(), (category or "").strip(), (module or "").strip()
    subject = " ".join((subject or "").split())
    allowed = [c["value"] for c in user_clinics()]
    if not clinic:
        frappe.throw(_("Choose the clinic this ticket is about in the Clinic field."), title=_("Clinic required"))
    if clinic not in allowed:
        frappe.throw(
            _("You do not belong to clinic {0}: choose one of your own clinics in the Clinic field.").format(bold(clinic)),
            frappe.PermissionError, title=_("Not your clinic"))
    if category not in triage.CATEGORIES:
        frappe.throw(_("Unknown category {0}. Choose one of: {1}.").format(
            bold(category), ", ".join(_(c) for c in triage.CATEGORIES)), title=_("Unknown category"))
    if not module or module not in enabled_modules():
        frappe.throw(_("Unknown system module {0}. Choose one of the modules listed in the System Module field.").format(
            bold(module)), title=_("Unknown system module"))
    if triage.category_needs_severity(category):
        if severity not in USER_SEVERITIES:
            frappe.throw(_("Choose the Severity of the error: High, Medium or Low."), title=_("Severity required"))
    else:
        severity = None  # the server gives the category's default
    if not subject:
        frappe.throw(_("Write a Subject that sums up your question or problem."), title=_("Subject required"))
    if len(subject) > SUBJECT_MAX:
        frappe.throw(_("The Subject is too long: use at most {0} characters.").format(SUBJECT_MAX),
                     title=_("Subject too long"))
    if not (happened or "").strip():
        frappe.throw(_("Describe what happened in the field What happened?"), title=_("Description required"))

    files = _uploaded_files()
    contents = []
    for upload in files:
        content = upload.stream.read(MAX_ATTACHMENT_BYTES + 1)
        contents.append((upload.filename, content))
    problems = check_attachments((name, len(content)) for name, content in contents)
    if problems:
        frappe.throw("<br>".join(_attachment_error(p) for p in problems), title=_("Attachment refused"))

    from helpdesk.helpdesk.doctype.hd_ticket.api import new

    values = {"subject": subject, "description": compose_description(what_did, expected, happened),
              "clinic": clinic, "ticket_category": category, "system_module": module, "raised_by": user}
    if severity:
        values["severity"] = severity
    # As Helpdesk's own new-ticket page does: upload first, then hand the files to ``new``, which
    # puts them on the ticket's first message (where Helpdesk's agent and customer views show
    # attachments) and on the ticket.
    uploaded = [
        frappe.get_doc({"doctype": "File", "file_name": filename, "content": content, "is_private": 1})
        .insert(ignore_permissions=True).name
        for filename, content in contents
    ]
    ticket = new(values, attachments=[{"name": name} for name in uploaded])
    return {"name": ticket.name, "contains_personal_data": bool(ticket.contains_personal_data),
            "url": f"/helpdesk/my-tickets/{ticket.name}"}
