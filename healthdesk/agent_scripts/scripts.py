"""Agent scripts on tickets: the script that applies to a ticket, its checklist with the ticket's
ticks, and ticking / unticking a step (agents, through healthdesk.api.agent_scripts).

Every first-line agent, of the vendor's desk or of a reseller's, follows the same script: the one
that applies to the ticket (healthdesk.core.agent_scripts.select_script), whoever opens it. A tick
keeps the step's number and text as they were, so editing the script never loses it; a script
with ticks cannot be deleted (its ticks link to it): disable it instead.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import get_datetime, get_fullname, now_datetime

from healthdesk.core.agent_scripts import Scope, Step, Tick, checklist, clashes, select_script
from healthdesk.utils import bold

SCRIPT = "Agent Script"
STEP = "Agent Script Step"
CHECK = "Agent Script Check"


class StepsRequired(frappe.ValidationError):
    """An Agent Script without steps."""


class ScriptClash(frappe.ValidationError):
    """Two enabled Agent Scripts with the same category, module and reseller."""


class NoScript(frappe.ValidationError):
    """A tick on a ticket no agent script applies to."""


class StepNotInScript(frappe.ValidationError):
    """A tick for a step that is not in the script that applies to the ticket."""


# --------------------------------------------------------------------------- which script


def all_scopes() -> list[Scope]:
    rows = frappe.get_all(SCRIPT, fields=["name", "ticket_category", "system_module", "reseller", "enabled"])
    return [Scope(r.name, r.ticket_category, r.system_module, r.reseller, bool(r.enabled)) for r in rows]


def script_for(category: str | None, module: str | None = None, reseller: str | None = None) -> str | None:
    """The name of the Agent Script that applies to a ticket of this category, module and reseller."""
    if not category:
        return None
    chosen = select_script(all_scopes(), category, module, reseller)
    return chosen.name if chosen else None


def script_for_ticket(ticket) -> str | None:
    """The Agent Script that applies to ``ticket`` (an HD Ticket document or dict) now."""
    return script_for(ticket.get("ticket_category"), ticket.get("system_module"), ticket.get("reseller"))


def validate_script(doc) -> None:
    """The Agent Script form's checks: steps present (text trimmed), no enabled twin."""
    for row in doc.steps:
        row.step = (row.step or "").strip()
        row.hint = (row.hint or "").strip()
    doc.set("steps", [row for row in doc.steps if row.step])
    for idx, row in enumerate(doc.steps, start=1):
        row.idx = idx
    if not doc.steps:
        frappe.throw(_("Add at least one step to the Steps table: the agent ticks them on the ticket."),
                     StepsRequired, title=_("Steps required"))
    mine = Scope(doc.name or doc.title, doc.ticket_category, doc.system_module, doc.reseller, bool(doc.enabled))
    twins = clashes(mine, [s for s in all_scopes() if s.name != doc.name])
    if twins:
        frappe.throw(
            _("The enabled agent script {0} already applies to the same Ticket Category, System Module and Reseller. "
              "Disable one of them, or set a different System Module or Reseller on this one.").format(bold(twins[0])),
            ScriptClash, title=_("Script already exists"))


# --------------------------------------------------------------------------- the ticket's checklist


def _ticket(name: str, ptype: str):
    doc = frappe.get_doc("HD Ticket", name)
    doc.check_permission(ptype)
    return doc


def _steps(script: str | None) -> list[Step]:
    if not script:
        return []
    rows = frappe.get_all(STEP, filters={"parent": script, "parenttype": SCRIPT, "parentfield": "steps"},
                          fields=["name", "idx", "step", "hint"], order_by="idx asc")
    return [Step(r.name, r.idx, r.step, r.hint or "") for r in rows]


def _ticks(ticket: str) -> list[Tick]:
    rows = frappe.get_all(CHECK, filters={"ticket": ticket},
                          fields=["script", "step", "step_number", "step_text", "checked_by", "checked_on"],
                          order_by="checked_on asc")
    return [Tick(r.script, r.step, r.step_number or 0, r.step_text or "", r.checked_by or "", r.checked_on)
            for r in rows]


def _moment(value) -> str:
    """A moment as a person reads it: the site's date format and hours:minutes."""
    if not value:
        return ""
    moment = get_datetime(value)
    return f"{frappe.utils.formatdate(moment.date())} {moment.strftime('%H:%M')}"


def _tick_view(tick: Tick) -> dict:
    return {"script": tick.script, "step": tick.step, "number": tick.number, "text": tick.text,
            "by": tick.by, "by_name": get_fullname(tick.by) if tick.by else "",
            "on": str(tick.on or ""), "on_display": _moment(tick.on)}


def ticket_checklist(ticket: str) -> dict:
    """The script that applies to ``ticket``, its steps with their ticks, and the ticket's ticks on
    steps no longer in it (``earlier``). Needs read permission on the ticket."""
    doc = _ticket(ticket, "read")
    name = script_for_ticket(doc)
    result = checklist(name, _steps(name), _ticks(doc.name))
    script = None
    if name:
        values = frappe.db.get_value(SCRIPT, name, ["title", "description", "ticket_category", "system_module",
                                                    "reseller"], as_dict=True)
        script = {"name": name, "title": values.title or name, "description": values.description or "",
                  "ticket_category": values.ticket_category, "system_module": values.system_module,
                  "reseller": values.reseller}
    steps = []
    for step, tick in result.rows:
        view = {"step": step.id, "number": step.number, "text": step.text, "hint": step.hint,
                "checked": tick is not None, "tick": _tick_view(tick) if tick else None}
        if tick and tick.text != step.text:
            view["text_when_ticked"] = tick.text
        steps.append(view)
    return {"ticket": doc.name, "script": script, "steps": steps, "done": result.done, "total": result.total,
            "earlier": [_tick_view(t) for t in result.earlier]}


def _applicable_step(doc, script: str, step: str):
    """The step row ``step`` of ``script``, which must be the script that applies to the ticket."""
    applies = script_for_ticket(doc)
    if not applies:
        frappe.throw(_("No agent script applies to this ticket: set its Category, or ask an admin to write a script for it."),
                     NoScript, title=_("No agent script"))
    row = None
    if script == applies:
        row = frappe.db.get_value(STEP, {"name": step, "parent": script, "parenttype": SCRIPT,
                                         "parentfield": "steps"}, ["name", "idx", "step"], as_dict=True)
    if not row:
        frappe.throw(_("This step is not in the agent script of this ticket ({0}). Reload the ticket and tick a step of that script.")
                     .format(bold(applies)), StepNotInScript, title=_("Step not in this script"))
    return row


def tick(ticket: str, script: str, step: str) -> dict:
    """Tick ``step`` of ``script`` on ``ticket`` (write permission on the ticket), recording who and
    when; ticking a ticked step changes nothing. Returns the ticket's checklist."""
    doc = _ticket(ticket, "write")
    row = _applicable_step(doc, script, step)
    key = {"ticket": doc.name, "script": script, "step": row.name}
    if not frappe.db.exists(CHECK, key):
        try:
            frappe.get_doc({"doctype": CHECK, **key, "step_number": row.idx, "step_text": row.step,
                            "checked_by": frappe.session.user, "checked_on": now_datetime()}
                           ).insert(ignore_permissions=True)
        except frappe.UniqueValidationError:
            # another agent ticked it a moment ago (the unique index): theirs stands
            frappe.clear_last_message()
    return ticket_checklist(doc.name)


def untick(ticket: str, script: str, step: str) -> dict:
    """Take the tick off ``step`` of ``script`` on ``ticket`` (write permission on the ticket).
    Returns the ticket's checklist."""
    doc = _ticket(ticket, "write")
    row = _applicable_step(doc, script, step)
    frappe.db.delete(CHECK, {"ticket": doc.name, "script": script, "step": row.name})
    return ticket_checklist(doc.name)


def forget_ticket(ticket: str) -> None:
    """A deleted ticket's ticks go with it (nothing to do before the first migrate made the table)."""
    if frappe.db.table_exists(CHECK):
        frappe.db.delete(CHECK, {"ticket": ticket})
