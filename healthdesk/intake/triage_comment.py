"""The automatic triage comment on a ticket, in sentences a person reads.

``healthdesk.intake.triage._comment_plan`` used to list ``rule: kind = value`` (``tiss_operator:
set_status = Paused``), English and internal. :func:`triage_comment_html` writes one sentence per
action, translated into the site's language (the comment is stored once and read by every agent),
with values people know: the team's name, the severity and status as Helpdesk shows them.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html

from healthdesk.core import triage


def _reply_title(key: str) -> str:
    from healthdesk.core.intake import SAVED_REPLIES

    return SAVED_REPLIES.get(key, (key, ""))[0]


def action_sentence(kind: str, value: str | None) -> str:
    """One translated sentence for a triage action (whole sentences, values filled in)."""
    value = value or ""
    if kind == "set_team":
        return _("Team set to {0}.").format(value)
    if kind == "set_severity":
        return _("Severity set to {0}.").format(_(value))
    if kind == "set_status":
        return _("Status set to {0}.").format(_(value))
    if kind == "set_priority":
        return _("Priority set to {0}.").format(_(value))
    if kind == "mark_owner":
        if value == triage.OWNER_EXTERNAL_VENDOR:
            return _("Marked as a problem of the external vendor.")
        return _("Marked as owned by {0}.").format(value)
    if kind == "auto_reply":
        return _("Automatic reply sent: {0}.").format(_reply_title(value))
    if kind == "notify_vendor":
        return _("The external vendor's contact was notified by e-mail.")
    return _("Action {0} applied.").format(kind)


def triage_comment_html(plan: list[dict], lang: str | None = None) -> str:
    """The comment's HTML for ``plan`` (entries ``{"rule", "kind", "value"}``), in ``lang``
    (default: the site's language)."""
    lang = lang or frappe.db.get_single_value("System Settings", "language") or "en"
    previous = getattr(frappe.local, "lang", None)
    frappe.local.lang = lang
    try:
        items = "".join(f"<li>{escape_html(action_sentence(e['kind'], e.get('value')))}</li>" for e in plan)
        return "<p><strong>{0}</strong></p><ul>{1}</ul><p>{2}</p>".format(
            escape_html(_("Automatic triage")), items,
            escape_html(_("An agent can undo each action from the Triage Action Log.")))
    finally:
        frappe.local.lang = previous
