"""Triage of new clinic tickets: rules -> automatic actions, each logged and undoable.

* ``run_triage`` (from healthdesk.intake.ticket.before_validate, on a new clinic ticket) applies
  the field actions (team, severity, priority, owner) before the ticket is saved;
* ``after_insert`` (from healthdesk.extends.hd_ticket) applies the actions that need the saved
  ticket (status, automatic reply, vendor e-mail) and writes a Triage Action Log row for each;
* ``undo_action`` / ``action_log`` serve the agents' undo (endpoints in healthdesk.api.intake).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, now_datetime, strip_html_tags

from healthdesk.core import triage
from healthdesk.core.intake import DEFAULT_REPLY_TEXTS, split_lines
from healthdesk.utils import support_sender, support_team_user

TRIAGE_RULE = "Triage Rule"
ACTION_LOG = "Triage Action Log"
# Field actions applied before the ticket is saved: action kind -> HD Ticket field.
FIELD_ACTIONS = {
    "set_team": "agent_group",
    "set_severity": "severity",
    "set_priority": "priority",
    "mark_owner": "owner_party",
}
STATUS_FIELD = "status"


class InvalidTriageAction(frappe.ValidationError):
    """A Triage Rule action row whose value the action cannot use."""


class AlreadyUndone(frappe.ValidationError):
    pass


class CannotUndo(frappe.ValidationError):
    """The action has effects outside the ticket (an e-mail sent to a vendor)."""


# --------------------------------------------------------------------------- doc events


def after_insert(doc, method=None):
    plan = doc.flags.healthdesk_triage_plan or []
    if not plan:
        return
    for entry in plan:
        if entry["kind"] in FIELD_ACTIONS:
            _log(doc.name, entry)
    for entry in plan:
        kind = entry["kind"]
        if kind == "set_status":
            _apply_status(doc, entry)
        elif kind == "auto_reply":
            _apply_auto_reply(doc, entry)
        elif kind == "notify_vendor":
            _apply_notify_vendor(doc, entry)
    _comment_plan(doc, plan)


def _comment_plan(doc, plan: list[dict]) -> None:
    """An internal comment on the ticket, visible to agents in Helpdesk, saying in sentences of the
    site's language what triage did (healthdesk.intake.triage_comment)."""
    from healthdesk.intake.triage_comment import triage_comment_html

    frappe.get_doc({
        "doctype": "HD Ticket Comment", "reference_ticket": doc.name, "commented_by": support_team_user(),
        "content": triage_comment_html(plan),
    }).insert(ignore_permissions=True)


# --------------------------------------------------------------------------- rules


def rule_from_doc(row) -> triage.Rule:
    """A core Rule from a Triage Rule document (raises ValueError when it is not valid)."""
    return triage.Rule(
        name=row.rule_name,
        priority=int(row.priority or 0),
        enabled=bool(row.enabled),
        categories=frozenset(split_lines(row.categories)),
        modules=frozenset(split_lines(row.modules)),
        keywords=split_lines(row.keywords),
        actions=tuple(triage.Action(a.kind, (a.value or "").strip() or None) for a in row.actions),
        stop=bool(row.stop),
    )


RULES_CACHE_KEY = "healthdesk:triage_rules"


def load_rules() -> list[triage.Rule]:
    """The enabled rules as core Rules, kept in Frappe's cache until a Triage Rule changes
    (every new clinic ticket reads them)."""
    return frappe.cache.get_value(RULES_CACHE_KEY, generator=_load_rules)


def clear_rules_cache(doc=None, method=None) -> None:
    frappe.cache.delete_value(RULES_CACHE_KEY)


def _load_rules() -> list[triage.Rule]:
    rules = []
    for name in frappe.get_all(TRIAGE_RULE, filters={"enabled": 1}, pluck="name"):
        try:
            rules.append(rule_from_doc(frappe.get_doc(TRIAGE_RULE, name)))
        except ValueError:
            # Saved rules are validated; one broken by a later change must not block tickets.
            frappe.log_error(title="healthdesk: invalid Triage Rule skipped", message=name)
    return rules


def run_triage(doc) -> None:
    if not frappe.db.table_exists(TRIAGE_RULE):
        return
    facts = triage.TicketFacts(
        category=doc.get("ticket_category") or "",
        module=doc.get("system_module"),
        subject=doc.get("subject") or "",
        description=strip_html_tags(doc.get("description") or ""),
    )
    matches = triage.match_rules(facts, load_rules())
    rule_of = {}
    for match in matches:
        for action in match.rule.actions:
            rule_of.setdefault(action, match.rule.name)
    plan = []
    for action in triage.plan_actions(matches):
        entry = {"rule": rule_of.get(action), "kind": action.kind, "value": action.value}
        field = FIELD_ACTIONS.get(action.kind)
        if field:
            if not _field_value_ok(action.kind, action.value):
                continue
            entry["field"] = field
            entry["previous_value"] = doc.get(field)
            doc.set(field, action.value)
        plan.append(entry)
    doc.flags.healthdesk_triage_plan = plan


def _field_value_ok(kind: str, value: str | None) -> bool:
    if kind == "set_team":
        return bool(frappe.db.exists("HD Team", value))
    if kind == "set_priority":
        return bool(frappe.db.exists("HD Ticket Priority", value))
    return True


def _log(ticket: str, entry: dict, **values) -> str:
    log = frappe.get_doc({
        "doctype": ACTION_LOG, "ticket": ticket, "rule": entry.get("rule"), "action": entry["kind"],
        "value": entry.get("value"), "field": entry.get("field"),
        "previous_value": entry.get("previous_value"), **values,
    })
    log.insert(ignore_permissions=True)
    return log.name


def resolve_status(value: str | None) -> str | None:
    """An HD Ticket Status named ``value``, or a status of the category ``value`` (core's
    STATUS_AWAITING_CUSTOMER is the category "Paused"): the status Helpdesk sets when an agent
    replies (HD Settings, Update status to) when it is of that category, else the first enabled one
    in Helpdesk's order (Helpdesk's "Replied" on a stock site)."""
    if not value:
        return None
    if frappe.db.exists("HD Ticket Status", value):
        return value
    on_reply = frappe.db.get_single_value("HD Settings", "update_status_to")
    if on_reply and frappe.db.get_value("HD Ticket Status", on_reply, ["category", "enabled"]) == (value, 1):
        return on_reply
    rows = frappe.db.sql(
        """select name from `tabHD Ticket Status` where category = %s and enabled = 1
        order by (ifnull(`order`, 0) = 0), `order`, creation limit 1""", value)
    return rows[0][0] if rows else None


def _apply_status(doc, entry: dict) -> None:
    status = resolve_status(entry["value"])
    if not status:
        return
    ticket = frappe.get_doc("HD Ticket", doc.name)
    previous = ticket.status
    ticket.status = status
    ticket.status_category = frappe.db.get_value("HD Ticket Status", status, "category")
    ticket.flags.ignore_permissions = True
    ticket.save()
    doc.status = ticket.status
    entry["value"] = status  # the comment names the status Helpdesk shows, not its category
    _log(doc.name, {**entry, "field": STATUS_FIELD, "previous_value": previous})


def reply_text(doc, key: str) -> str:
    if key == triage.REPLY_TISS and doc.get("reseller"):
        text = frappe.db.get_value("Reseller", doc.reseller, "tiss_reply_text")
        if text and text.strip():
            return text.strip()
    return DEFAULT_REPLY_TEXTS.get(key, "")


def _apply_auto_reply(doc, entry: dict) -> None:
    """The automatic answer, as the support team: shown in the ticket's thread and e-mailed to the
    clinic user. It is an "Automated Message", which Helpdesk does not count as the first
    response. Only a known clinic user gets one: an unknown sender (e-mail from anyone) does not."""
    text = reply_text(doc, entry["value"])
    if not text:
        return
    recipient = doc.raised_by if _known_clinic_user(doc) else None
    if not recipient:
        _log(doc.name, entry, note=_("No automatic reply: the sender is not a user of the ticket's clinic."))
        return
    content = "<p>" + escape_html(text).replace("\n", "<br>") + "</p>"
    sender, sender_name = support_sender()
    communication = frappe.get_doc({
        "doctype": "Communication", "communication_type": "Automated Message", "communication_medium": "Email",
        "content": content, "reference_doctype": "HD Ticket", "reference_name": doc.name,
        "sender": sender, "sender_full_name": sender_name, "user": support_team_user(),
        "recipients": recipient, "sent_or_received": "Sent", "status": "Linked", "subject": f"Re: {doc.subject}",
    })
    communication.insert(ignore_permissions=True)
    note = _("Automatic reply e-mailed to the clinic user.")
    try:
        frappe.sendmail(recipients=[recipient], sender=sender, subject=f"Re: {doc.subject}", message=content,
                        reference_doctype="HD Ticket", reference_name=doc.name, communication=communication.name)
    except frappe.OutgoingEmailError:
        frappe.clear_last_message()
        note = _("The automatic reply is on the ticket but was not e-mailed: set up an outgoing Email Account.")
    _log(doc.name, entry, communication=communication.name, note=note)


def _known_clinic_user(doc) -> bool:
    """The ticket's sender belongs to its clinic (a user of the clinic, not just any address)."""
    from email.utils import parseaddr

    from healthdesk.network.contacts import user_customers

    email = parseaddr(doc.raised_by or "")[1]
    if not (email and doc.get("clinic") and frappe.db.exists("User", email)):
        return False
    customer = frappe.db.get_value("Clinic", doc.clinic, "hd_customer")
    return bool(customer) and customer in user_customers(email)


def _apply_notify_vendor(doc, entry: dict) -> None:
    """E-mail the vendor contact named in the action's value (an e-mail address), if any."""
    recipient = (entry.get("value") or "").strip()
    note = _("No vendor contact configured on the rule: nobody was e-mailed.")
    if recipient and frappe.utils.validate_email_address(recipient):
        note = _("E-mail queued to the vendor contact.")
        try:
            if not can_send_email():
                # Frappe would queue it all the same, to fail later: say it now instead
                raise frappe.OutgoingEmailError
            _send_vendor_mail(doc, entry, recipient)
        except frappe.OutgoingEmailError:
            frappe.clear_last_message()
            note = _("The e-mail to the vendor could not be sent: set up an outgoing Email Account.")
    _log(doc.name, entry, note=note)


def _send_vendor_mail(doc, entry: dict, recipient: str) -> None:
    frappe.sendmail(
        recipients=[recipient],
        subject=_("Ticket {0} assigned to your team").format(doc.name),
        message=_("Ticket {0} ({1}) was routed to your team by triage rule {2}. Open it in the helpdesk: {3}").format(
            doc.name, escape_html(doc.subject or ""), escape_html(entry.get("rule") or ""),
            frappe.utils.get_url(f"/helpdesk/tickets/{doc.name}")),
        reference_doctype="HD Ticket", reference_name=doc.name,
    )


# --------------------------------------------------------------------------- undo


def undo_action(log: str) -> dict:
    """Undo one automatic action (the endpoint lets agents only): restore the field's previous
    value or delete the automatic reply. An e-mail already sent to a vendor cannot be unsent."""
    entry = frappe.get_doc(ACTION_LOG, log)
    if entry.undone:
        frappe.throw(_("This automatic action was already undone."), AlreadyUndone, title=_("Already undone"))
    ticket = frappe.get_doc("HD Ticket", entry.ticket)
    ticket.check_permission("write")
    if entry.action == "notify_vendor":
        frappe.throw(_("An e-mail already sent to the vendor cannot be undone."), CannotUndo, title=_("Cannot undo"))
    if entry.action == "auto_reply":
        if entry.communication and frappe.db.exists("Communication", entry.communication):
            frappe.db.set_value(ACTION_LOG, entry.name, "communication", None)
            frappe.delete_doc("Communication", entry.communication, ignore_permissions=True, force=True)
    elif entry.field:
        ticket.set(entry.field, entry.previous_value or None)
        if entry.field == STATUS_FIELD and entry.previous_value:
            ticket.status_category = frappe.db.get_value("HD Ticket Status", entry.previous_value, "category")
        ticket.save()
    frappe.db.set_value(ACTION_LOG, entry.name, {
        "undone": 1, "undone_by": frappe.session.user, "undone_on": now_datetime()})
    return {"ticket": ticket.name, "action": entry.action, "restored": entry.previous_value}


def action_log(ticket: str) -> list[dict]:
    """The automatic actions on a ticket (agents, or anyone who can read the ticket)."""
    frappe.get_doc("HD Ticket", ticket).check_permission("read")
    return frappe.get_all(
        ACTION_LOG, filters={"ticket": ticket},
        fields=["name", "rule", "action", "value", "field", "previous_value", "undone", "creation"],
        order_by="creation asc", ignore_permissions=True,
    )


def can_send_email() -> bool:
    """The site has an enabled default outgoing Email Account."""
    return bool(frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}))
