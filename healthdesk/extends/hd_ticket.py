"""Every doc event healthdesk runs on Helpdesk's HD Ticket, in the order it runs them.

``before_validate`` runs after Helpdesk's own, which has filled the contact and, when the contact
has exactly one HD Customer, the customer: the clinic (healthdesk.network.ticket_clinic), then
intake (healthdesk.intake.ticket: category, module, default severity, personal data, triage),
then severity -> priority, then Helpdesk's own SLA choice again when the clinic changed. Every
entrance — Helpdesk's customer and agent pages, the REST API, e-mail and ``/abrir-chamado`` —
goes through it, so the same rules hold on each.

healthdesk only acts on *clinic tickets*: a ticket that is not about a clinic (no Clinic, and a
sender who belongs to none) is left exactly as Helpdesk made it.
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.constants import SEVERITY_PRIORITIES
from healthdesk.desks import handover, routing
from healthdesk.desks.clocks import set_desk_deadlines
from healthdesk.indicators import assignments as indicator_assignments
from healthdesk.indicators import metrics as indicator_metrics
from healthdesk.intake import ticket as intake
from healthdesk.intake import triage
from healthdesk.network.ticket_clinic import clinic_from_sender, enforce_clinic_membership, sync_clinic_fields


def before_insert(doc, method=None):
    # Before Helpdesk's own before_validate: from v1.28 it refuses a portal ticket whose contact
    # has several customers and none chosen, so the customer must follow the clinic already.
    sync_clinic_fields(doc)
    clinic_from_sender(doc)


# Fields only healthdesk's own code writes: the level and the desk holding the ticket through the
# escalation menu (which records the reason and the business time), the access state through the
# support-access flow.
INTERNAL_FIELDS = ("support_level", "support_access", "support_desk", "desk_ticket", "vendor_received_at",
                   "vendor_returned_at")


def guard_internal_fields(doc) -> None:
    if doc.is_new() or doc.flags.healthdesk_internal_change:
        return
    for fieldname in INTERNAL_FIELDS:
        if doc.meta.has_field(fieldname) and doc.has_value_changed(fieldname):
            frappe.throw(
                _("Support Level and Support Access are kept by healthdesk: change the level with the ticket's Level menu (Escalate or Return); support access changes from the clinic's Support access page."),
                frappe.ValidationError, title=_("Field not editable"))


def before_validate(doc, method=None):
    guard_internal_fields(doc)
    clinic_before = doc.get("clinic")
    sync_clinic_fields(doc)
    clinic_from_sender(doc)
    enforce_clinic_membership(doc)
    intake.before_validate(doc)
    intake.sync_severity_and_priority(doc)
    if doc.is_new() and not doc.get("support_level"):
        doc.support_level = 1  # Helpdesk's pages send every template field, empty ones as ""
    routing.route_new_ticket(doc)  # a desk reseller's clinic ticket goes to its desk (after triage)
    routing.check_team(doc)
    handover.keep_first_responses(doc)
    if not doc.is_new() and doc.get("desk_ticket") and doc.has_value_changed("severity"):
        set_desk_deadlines(doc)
    if doc.get("clinic") != clinic_before:
        # Helpdesk chose the SLA in its own before_validate, before this hook changed the clinic:
        # choose again with Helpdesk's own rule now that the SLA condition sees the clinic.
        doc.set_sla()


def before_save(doc, method=None):
    # Helpdesk's SLA gives a new ticket its default priority in before_save, after
    # before_validate: a ticket without a severity takes the severity of that priority.
    if not doc.severity and doc.priority in SEVERITY_PRIORITIES:
        doc.severity = doc.priority
    # indicators: business times and reopenings kept on the ticket, after Helpdesk's SLA has set
    # first_responded_on and resolution_date (healthdesk/indicators/metrics.py)
    indicator_metrics.before_save(doc)


def after_insert(doc, method=None):
    triage.after_insert(doc)


def on_trash(doc, method=None):
    # what healthdesk keeps on the ticket goes with it: the agent script's ticks
    from healthdesk.agent_scripts.scripts import forget_ticket

    forget_ticket(doc.name)
    # the per-agent indicator rows (Frappe deletes the ToDos with SQL)
    indicator_assignments.forget_ticket(doc.name)


def on_update(doc, method=None):
    # satisfaction: ask the clinic user once when resolved; a low answer opens the lead's follow-up
    from healthdesk.satisfaction import survey

    survey.on_ticket_update(doc)
    # indicators: the per-agent rows copy the ticket's clinic, module and times
    indicator_assignments.ticket_changed(doc, method)
