"""Onboarding panel endpoints.

Clinic users (portal): their panel's state, acknowledging newly open stages, marking a task done
and asking for a Customer Success meeting. Every call works on the current user's own panel and
progress only: there is no parameter naming another user.

Admins (desk): import a reseller's file or pasted text into a panel (a check first, then the
replacement) and export a panel, optionally with one user's progress.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, escape_html

from healthdesk.network.permissions import is_healthdesk_admin
from healthdesk.onboarding import meeting
from healthdesk.onboarding import panels as onboarding

# --------------------------------------------------------------------------------------------
# Clinic users
# --------------------------------------------------------------------------------------------


def _viewer_and_panel():
    viewer = onboarding.require_viewer()
    return viewer, frappe.get_doc(onboarding.PANEL, viewer.panel)


@frappe.whitelist()
def get_state() -> dict:
    """The current user's panel: stages in order, their tasks, progress, locks, and whether the
    "Book a meeting" step is open. Read-only."""
    viewer, doc = _viewer_and_panel()
    return onboarding.build_state(viewer, doc)


@frappe.whitelist(methods=["POST"])
def acknowledge_stages() -> list[str]:
    """Record that the user has been told about every stage open to them; returns the titles of
    those not told before (the page shows them in a banner; each also gets an in-app notification)."""
    viewer, doc = _viewer_and_panel()
    return onboarding.record_notices(viewer, doc)


@frappe.whitelist(methods=["POST"])
def mark_done(task: str, how: str = onboarding.MARKED_BY_HAND) -> dict:
    """Mark ``task`` (a task row of the user's own panel) done, watched to the end or by hand.

    Refused for tasks of another panel and of stages still locked for the user. Returns the new
    state and the titles of the stages this opened.
    """
    viewer, doc = _viewer_and_panel()
    opened = onboarding.mark_done(viewer, doc, str(task or ""), how)
    return {"state": onboarding.build_state(viewer, doc, new_stages=opened), "new_stages": opened}


@frappe.whitelist(methods=["POST"])
def request_meeting(preferred_times: str | None = None, clinic: str | None = None) -> dict:
    """The "Book a meeting" step, once every task is done: the reseller's booking link, or a
    meeting-request ticket for ``clinic`` (see :func:`healthdesk.onboarding.meeting.request_meeting`)."""
    viewer, doc = _viewer_and_panel()
    return meeting.request_meeting(viewer, doc, preferred_times, clinic)


# --------------------------------------------------------------------------------------------
# Admins
# --------------------------------------------------------------------------------------------


def _panel_for(ptype: str, panel: str):
    if frappe.session.user == "Guest":
        frappe.throw(_("Log in first."), frappe.PermissionError)
    if not panel or not frappe.db.exists(onboarding.PANEL, panel):
        frappe.throw(_("Onboarding Panel {0} does not exist.").format(frappe.bold(escape_html(str(panel or "")))),
                     frappe.DoesNotExistError)
    doc = frappe.get_doc(onboarding.PANEL, panel)
    doc.check_permission(ptype)
    return doc


def _file_text(file_url: str) -> str:
    file = frappe.db.get_value("File", {"file_url": file_url}, "name")
    if not file:
        frappe.throw(_("The attached file was not found; attach it again."), title=_("File not found"))
    file_doc = frappe.get_doc("File", file)
    if not frappe.has_permission("File", "read", file_doc):
        frappe.throw(_("You cannot read the attached file."), frappe.PermissionError)
    content = file_doc.get_content()
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError:
            frappe.throw(
                _("The file is not UTF-8 text. Save it as UTF-8 text (.txt) and attach it again."),
                title=_("The panel text cannot be read"),
            )
    return content


@frappe.whitelist(methods=["POST"])
def import_panel(panel: str, text: str | None = None, file_url: str | None = None, confirm: int = 0) -> dict:
    """Import a reseller's file (``file_url`` of an attached File) or pasted ``text`` into ``panel``.

    Without ``confirm``: reads it and returns a summary and the ``problems`` (nothing is saved).
    A text that cannot be read is refused with its line and column. With ``confirm=1``: replaces
    the panel's stages and tasks with the file's (see :func:`healthdesk.onboarding.panels.replace_content`)
    and saves it.
    """
    doc = _panel_for("write", panel)
    if file_url:
        text = _file_text(file_url)
    if not (text or "").strip():
        frappe.throw(_("Attach the reseller's file or paste its text."), title=_("Nothing to import"))
    parsed = onboarding.read_panel_text(text)
    result = onboarding.import_summary(parsed)
    result["saved"] = False
    if cint(confirm):
        onboarding.replace_content(doc, parsed)
        doc.save()
        result["saved"] = True
        result["panel_problems"] = (doc.problems or "").splitlines()
    return result


@frappe.whitelist()
def export_panel(panel: str, user: str | None = None) -> dict:
    """``panel`` in the resellers' format, for download. With ``user`` (Healthdesk Admins and
    System Managers only): that user's ``efetuada`` and ``notificado`` values."""
    doc = _panel_for("read", panel)
    if user:
        if not is_healthdesk_admin():
            frappe.throw(_("Only Healthdesk Admins can export a user's progress."), frappe.PermissionError)
        if not frappe.db.exists("User", user):
            frappe.throw(_("User {0} does not exist.").format(frappe.bold(escape_html(user))), frappe.DoesNotExistError)
    suffix = "-" + frappe.scrub(user.split("@", 1)[0]) if user else ""
    return {
        "filename": f"{frappe.scrub(doc.panel_title) or doc.name}{suffix}.json",
        "content": onboarding.export_text(doc, user or None),
    }
