"""Agent scripts: per ticket category (and optionally system module and reseller), a short
checklist first-line agents see on the ticket in Helpdesk's agent UI and tick as they go.

- ``scripts.py``: which script applies to a ticket (the matching is pure, in
  ``healthdesk.core.agent_scripts``), the ticket's checklist, tick / untick, the Agent Script
  form's checks.
- ``setup.py``: the shipped scripts (created when missing, never overwritten) and the HD Form
  Script "Healthdesk Agent Script" (``ticket_form.js``) that shows the checklist on the ticket.
- Endpoints: ``healthdesk.api.agent_scripts`` (agents only).
- Doctypes: Agent Script (+ Agent Script Step), Agent Script Check (the ticks on a ticket).
"""
