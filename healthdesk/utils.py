"""Small helpers shared by healthdesk's Frappe code."""

from __future__ import annotations

import frappe
from frappe.utils import escape_html


def read_only_permission(doc, ptype=None, user=None, debug=False):
    """``has_permission`` hook of a doctype whose rows only healthdesk writes (Support Access Log,
    Ticket Agent Assignment): nobody writes, deletes, renames or shares one through the permission
    system; reading is left to the role permissions."""
    from healthdesk.support_access.config import READ_PTYPES

    return None if ptype in READ_PTYPES else False


def bold(value: object) -> str:
    """``frappe.bold`` for values people typed: escaped first, since Frappe shows messages as HTML."""
    return frappe.bold(escape_html(str(value)))


# The author of what healthdesk does by itself (automatic replies, triage notes): a disabled
# system user named after the support team, so Helpdesk shows "Equipe de suporte" instead of the
# clinic user who happened to trigger it, or "Administrator". It cannot log in.
SUPPORT_TEAM_USER = "support-team@healthdesk.invalid"


def support_team_user() -> str:
    """The support team's automatic author, created (disabled) when missing."""
    if not frappe.db.exists("User", SUPPORT_TEAM_USER):
        lang = frappe.db.get_single_value("System Settings", "language") or "en"
        user = frappe.get_doc({
            "doctype": "User", "email": SUPPORT_TEAM_USER, "first_name": frappe._("Support team", lang=lang),
            "enabled": 0, "user_type": "System User", "send_welcome_email": 0,
        })
        user.flags.ignore_permissions = True
        user.flags.no_welcome_mail = True
        # Frappe tells whoever is working that a new system user "has no roles": this one has none
        # on purpose, and the person whose ticket or booking created it should not read about it.
        muted = frappe.flags.mute_messages
        frappe.flags.mute_messages = True
        try:
            user.insert()
        finally:
            frappe.flags.mute_messages = muted
    return SUPPORT_TEAM_USER


def support_sender() -> tuple[str, str]:
    """(e-mail, name) automatic messages are sent as: the default outgoing Email Account's address
    when there is one, else the support team user's."""
    email = frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}, "email_id")
    user = support_team_user()
    return email or user, frappe.db.get_value("User", user, "full_name") or user
