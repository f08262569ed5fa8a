# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

from __future__ import annotations

from frappe.model.document import Document


class AgentScript(Document):
    """A checklist first-line agents follow on tickets of a category (and optionally a module and a
    reseller); see healthdesk.agent_scripts."""

    def validate(self):
        from healthdesk.agent_scripts.scripts import validate_script

        validate_script(self)
