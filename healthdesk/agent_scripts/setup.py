"""Install steps of agent scripts (idempotent; run on install and every migrate from
healthdesk.setup.install.ensure_defaults).

- The shipped scripts (healthdesk.core.agent_scripts.DEFAULT_SCRIPTS) are created when missing:
  when no script has their title and no script, enabled or not, has their scope. An admin's edits,
  renames and disabled copies are never touched. (Deleting a shipped script brings it back on the
  next migrate: disable it instead.)
- The HD Form Script "Healthdesk Agent Script" shows the ticket's checklist in Helpdesk's agent
  ticket page. Its code is ours (``ticket_form.js``) and is written back on every migrate; whether
  it is enabled is the admin's choice.
"""

from __future__ import annotations

import frappe

from healthdesk.agent_scripts.scripts import SCRIPT, all_scopes
from healthdesk.core.agent_scripts import DEFAULT_SCRIPTS, Scope

FORM_SCRIPT = "Healthdesk Agent Script"


def ensure_agent_scripts_defaults() -> None:
    ensure_default_scripts()
    ensure_ticket_form()


def ensure_default_scripts() -> None:
    if not frappe.db.table_exists(SCRIPT):
        return
    scopes = {s.key for s in all_scopes()}
    for default in DEFAULT_SCRIPTS:
        if frappe.db.exists(SCRIPT, default.title) or frappe.db.exists(SCRIPT, {"title": default.title}):
            continue
        scope = Scope(default.title, default.category)
        if scope.key in scopes:
            continue
        frappe.get_doc({
            "doctype": SCRIPT, "title": default.title, "enabled": 1, "ticket_category": default.category,
            "description": default.description,
            "steps": [{"step": text, "hint": hint} for text, hint in default.steps],
        }).insert(ignore_permissions=True)
        scopes.add(scope.key)


def ensure_ticket_form() -> None:
    """The ticket page's "Script" button and checklist: the HD Form Script of ticket_form.js."""
    from healthdesk.setup.form_scripts import ensure_form_script

    ensure_form_script(FORM_SCRIPT, "agent_scripts", "ticket_form.js")


def remove_ticket_form() -> None:
    """On uninstall: the form script would call endpoints that are gone."""
    from healthdesk.setup.form_scripts import remove_form_script

    remove_form_script(FORM_SCRIPT)
