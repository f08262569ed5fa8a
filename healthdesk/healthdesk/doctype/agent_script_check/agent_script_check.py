# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

import frappe
from frappe.model.document import Document


class AgentScriptCheck(Document):
    """A step an agent ticked on a ticket, with the step's number and text at that moment (see
    healthdesk.agent_scripts); made and removed only through healthdesk.api.agent_scripts."""


def on_doctype_update():
    # a step is ticked once per ticket, whichever agent or worker tries
    frappe.db.add_unique("Agent Script Check", ["ticket", "script", "step"], constraint_name="unique_ticket_script_step")
