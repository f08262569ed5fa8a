# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from healthdesk.core import grants as core
from healthdesk.utils import bold

SCOPE_FIELDS = ("clinic", "team", "reason", "ticket", "duration", "valid_from", "valid_until", "granted_by",
                "request")


class SupportAccessGrant(Document):
    """A clinic user's time-limited, revocable grant of support access to their clinic.

    Only a user of that clinic (or its reseller's multi-clinic admin) creates it; afterwards the
    only change accepted is a revocation. The status is derived from the clock (``onload`` and
    ``current_status``); enforcement never reads the stored value."""

    def current_status(self) -> str:
        status = core.grant_status(get_datetime(self.valid_from) if self.valid_from else None,
                                   get_datetime(self.valid_until) if self.valid_until else None,
                                   get_datetime(self.revoked_at) if self.revoked_at else None, now_datetime())
        return core.EXPIRED if status == core.SCHEDULED else status

    def onload(self):
        self.status = self.current_status()

    def before_insert(self):
        from healthdesk.support_access import can_grant

        user = frappe.session.user
        if not can_grant(user, self.clinic):
            frappe.throw(_("Only a user of clinic {0} can grant support access to it.").format(bold(self.clinic)),
                         frappe.PermissionError, title=_("Not allowed"))
        self.granted_by = user
        self.revoked_by = None
        self.revoked_at = None
        now = now_datetime()
        max_seconds = frappe.db.get_single_value("Healthdesk Settings", "grant_max_duration")
        try:
            end = core.grant_end(now, self.duration,
                                 get_datetime(self.valid_until) if self.valid_until else None, int(max_seconds or 0))
        except core.GrantError as error:
            messages = {
                "duration": _("Choose a Duration from the list."),
                "end_in_past": _("With Duration Custom, set Valid Until to a time in the future."),
                "too_long": _("Valid Until is beyond the maximum grant duration in Healthdesk Settings; choose an earlier end."),
            }
            frappe.throw(messages[error.code], title=_("Invalid duration"))
        self.valid_from = now
        self.valid_until = end
        self.status = core.ACTIVE
        # The team as the clinic sees it now: later members are not covered (they need a new grant).
        from healthdesk.support_access import team_snapshot

        self.set("team_members", [{"agent": user} for user in team_snapshot(self.team)])

    def validate(self):
        if self.is_new():
            self.reason = (self.reason or "").strip()
            if not self.reason:
                frappe.throw(_("Write the Reason for the access."), title=_("Missing reason"))
            if not self.team and not self.get("agents"):
                frappe.throw(_("Choose a Team or name at least one agent."), title=_("Missing grantee"))
            from healthdesk.support_access import is_support_user
            for row in self.get("agents") or []:
                if not is_support_user(row.agent):
                    frappe.throw(_("{0} is not a support agent.").format(bold(row.agent)), title=_("Invalid agent"))
            return
        self._validate_only_revocation()

    def _validate_only_revocation(self):
        before = self.get_doc_before_save()
        if before is None:
            return
        fields = set(SCOPE_FIELDS) | {"revoked_by", "revoked_at"}
        changed = core.changed_fields(before.as_dict(), self.as_dict(), fields)
        before_agents = sorted(r.agent for r in (before.get("agents") or []) + (before.get("team_members") or []))
        after_agents = sorted(r.agent for r in (self.get("agents") or []) + (self.get("team_members") or []))
        if before_agents != after_agents or not core.GrantChange(changed).allowed:
            frappe.throw(_("A grant cannot be changed or extended; revoke it and create a new grant."),
                         frappe.PermissionError, title=_("Grant is final"))
        if {"revoked_by", "revoked_at"} & changed:
            if before.revoked_at:
                frappe.throw(_("This grant is already revoked."), title=_("Grant is final"))
            if not self.flags.revocation_allowed:
                frappe.throw(_("Revoke a grant with the Revoke action."), frappe.PermissionError,
                             title=_("Not allowed"))

    def after_insert(self):
        from healthdesk.support_access import ticket_note, write_log

        write_log("Granted", self.granted_by, self.clinic, self.name,
                  query=_("Until {0}; team {1} (members when granted: {2}); agents {3}; reason: {4}").format(
                      self.valid_until, self.team or "-", ", ".join(r.agent for r in self.team_members) or "-",
                      ", ".join(r.agent for r in self.agents) or "-", self.reason))
        ticket_note(self.ticket, _("Support access granted by the clinic until {0} ({1}).").format(
            self.valid_until, self.name))

    def on_trash(self):
        frappe.throw(_("Support access grants are kept for the audit trail; revoke the grant instead."),
                     frappe.PermissionError, title=_("Not allowed"))

