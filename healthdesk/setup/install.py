"""Install, migrate and uninstall steps. Every step is idempotent: installing twice, migrating
any number of times and reinstalling after an uninstall leave the same state."""

from __future__ import annotations

import frappe
from frappe.utils.fixtures import sync_fixtures

from healthdesk.constants import ROLES
from healthdesk.intake.setup import ensure_intake_defaults
from healthdesk.onboarding.setup import ensure_onboarding_defaults
from healthdesk.setup.first_day import ensure_first_day_defaults

TICKET_TEMPLATE = "Default"
CLINIC_OPTIONS_METHOD = "healthdesk.api.clinics.ticket_clinic_options"
# Fields healthdesk adds to Helpdesk's "Default" ticket template: (fieldname, template row values)
TEMPLATE_FIELDS = (
    # Not required in the form: a customer who belongs to no clinic still opens tickets as in stock
    # Helpdesk; the server asks clinic users with several clinics to choose one and fills it in
    # for those with one (healthdesk.extends.hd_ticket).
    ("clinic", {"required": 0, "hide_from_customer": 0, "url_method": CLINIC_OPTIONS_METHOD}),
    ("clinic_to_confirm", {"required": 0, "hide_from_customer": 1, "url_method": None}),
    ("reseller", {"required": 0, "hide_from_customer": 1, "url_method": None}),
    ("severity", {"required": 0, "hide_from_customer": 0, "url_method": None}),
    ("response_due_local", {"required": 0, "hide_from_customer": 0, "url_method": None}),
    ("resolution_due_local", {"required": 0, "hide_from_customer": 0, "url_method": None}),
    ("ticket_category", {"required": 0, "hide_from_customer": 0, "url_method": None}),
    ("system_module", {"required": 0, "hide_from_customer": 0, "url_method": None}),
    ("contains_personal_data", {"required": 0, "hide_from_customer": 1, "url_method": None}),
    ("support_level", {"required": 0, "hide_from_customer": 1, "url_method": None}),
    ("support_access", {"required": 0, "hide_from_customer": 1, "url_method": None}),
    # who answers the clinic and how to reach them (virtual: healthdesk.desks.answering)
    ("answered_by_text", {"required": 0, "hide_from_customer": 0, "url_method": None}),
    ("point_of_contact", {"required": 0, "hide_from_customer": 0, "url_method": None}),
)

# The vendor's support contract: 08:30-12:00 and 13:30-18:00, Brasília time, Monday to Friday, except
# national holidays; first response within 8 / 20 / 80 business hours for High / Medium / Low.
CONTRACT_CALENDAR = "Suporte Brasil"
CONTRACT_SLA = "Suporte Brasil"
CONTRACT_WINDOWS = (("08:30:00", "12:00:00"), ("13:30:00", "18:00:00"))
WORKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
HOUR = 3600
# priority → (first response, resolution) in business seconds. Resolution targets are not in the
# contract: these defaults (5, 10 and 20 business days) are meant to be edited on the SLA. Urgent
# is Helpdesk's own priority; it gets High's targets so that every priority has a row.
CONTRACT_TARGETS = {
    "High": (8 * HOUR, 40 * HOUR),
    "Medium": (20 * HOUR, 80 * HOUR),
    "Low": (80 * HOUR, 160 * HOUR),
    "Urgent": (8 * HOUR, 40 * HOUR),
}


def before_install():
    ensure_roles()


def after_install():
    # Frappe syncs fixtures after this hook; the template needs the custom fields now.
    sync_fixtures("healthdesk")
    ensure_defaults()


def after_migrate():
    ensure_roles()
    ensure_defaults()


def ensure_defaults() -> None:
    """Every idempotent install step, in order: on install and on every migrate."""
    ensure_template_fields()
    ensure_contract_sla()
    ensure_onboarding_defaults()
    ensure_intake_defaults()
    ensure_support_access_defaults()
    ensure_ticket_actions()
    ensure_first_day_defaults()
    from healthdesk.cards.setup import ensure_ticket_form_script  # the ticket page's product cards menu
    ensure_ticket_form_script()
    from healthdesk.agent_scripts.setup import (
        ensure_agent_scripts_defaults,  # shipped scripts, the ticket's checklist
    )
    ensure_agent_scripts_defaults()


def ensure_support_access_defaults() -> None:
    """LGPD support access: Healthcare's medical-record doctypes excluded by default (once)."""
    from healthdesk.support_access import clear_config_cache, ensure_default_excluded

    ensure_default_excluded()
    clear_config_cache()


def before_uninstall():
    remove_template_fields()
    # healthdesk's scripts on the ticket page would call endpoints that are gone
    from healthdesk.agent_scripts.setup import FORM_SCRIPT as AGENT_SCRIPT_FORM
    from healthdesk.cards.setup import FORM_SCRIPT as CARDS_FORM
    from healthdesk.setup.form_scripts import remove_form_script

    for name in (TICKET_ACTIONS_SCRIPT, AGENT_SCRIPT_FORM, CARDS_FORM):
        remove_form_script(name)


TICKET_ACTIONS_SCRIPT = "Healthdesk Ticket Actions"


def ensure_ticket_actions() -> None:
    """The agent ticket page's healthdesk menu (escalate, return, history, request clinic data
    access): the HD Form Script "Healthdesk Ticket Actions" (healthdesk/setup/ticket_actions.js)."""
    from healthdesk.setup.form_scripts import ensure_form_script

    ensure_form_script(TICKET_ACTIONS_SCRIPT, "setup", "ticket_actions.js")


def ensure_roles() -> None:
    for role, desk_access in ROLES.items():
        if not frappe.db.exists("Role", role):
            frappe.get_doc(
                {"doctype": "Role", "role_name": role, "desk_access": desk_access}
            ).insert(ignore_permissions=True)


def ensure_template_fields() -> None:
    """Add clinic and reseller to Helpdesk's Default ticket template, once."""
    if not frappe.db.exists("HD Ticket Template", TICKET_TEMPLATE):
        return
    if not frappe.db.exists("Custom Field", {"dt": "HD Ticket", "fieldname": "clinic"}):
        return
    template = frappe.get_doc("HD Ticket Template", TICKET_TEMPLATE)
    present = {row.fieldname for row in template.fields}
    changed = False
    for fieldname, values in TEMPLATE_FIELDS:
        if fieldname not in present:
            template.append("fields", {"fieldname": fieldname, **values})
            changed = True
    if changed:
        template.save(ignore_permissions=True)


def remove_template_fields() -> None:
    ours = [fieldname for fieldname, _values in TEMPLATE_FIELDS]
    frappe.db.delete(
        "HD Ticket Template Field",
        {"parenttype": "HD Ticket Template", "fieldname": ["in", ours]},
    )


CLINIC_TICKET_CONDITION = "doc.clinic"  # Helpdesk SLA condition: the ticket is about a clinic


def ensure_contract_sla() -> None:
    """The contract's calendar and SLA, created once; an admin's later edits are kept.

    The SLA applies to clinic tickets only, through Helpdesk's own SLA condition (a ticket whose
    Clinic is set). Helpdesk's default SLA and every other SLA stay exactly as the admin left
    them: installing healthdesk adds, it does not take over. Making the contract SLA the default
    for every ticket is an explicit step (Healthdesk Settings, :func:`healthdesk.api.sla.make_contract_sla_default`).
    """
    if not frappe.db.exists("Business Hours Calendar", CONTRACT_CALENDAR):
        calendar = frappe.get_doc({
            "doctype": "Business Hours Calendar", "calendar_name": CONTRACT_CALENDAR,
            "timezone": "America/Sao_Paulo", "national_holidays": 1, "include_optional_holidays": 0,
            "windows": [
                {"weekday": day, "start_time": start, "end_time": end}
                for day in WORKDAYS for start, end in CONTRACT_WINDOWS
            ],
        })
        calendar.insert(ignore_permissions=True)
    if not frappe.db.get_single_value("Healthdesk Settings", "default_calendar"):
        frappe.db.set_single_value("Healthdesk Settings", "default_calendar", CONTRACT_CALENDAR)
    if frappe.db.get_single_value("Healthdesk Settings", "breach_warning_before") is None:
        frappe.db.set_single_value("Healthdesk Settings", "breach_warning_before", 3600)
    if frappe.db.exists("HD Service Level Agreement", CONTRACT_SLA):
        _remember_contract_sla()
        return
    priorities = set(frappe.get_all("HD Ticket Priority", pluck="name"))
    # Helpdesk requires a holiday list; ours are in the calendar, so any (empty) list will do.
    holiday_list = frappe.db.get_value("HD Service Holiday List", "Default") or frappe.db.get_value(
        "HD Service Holiday List", {}, "name")
    # Helpdesk insists on one default SLA: only on a site that has none does ours become it.
    has_default = bool(frappe.db.exists("HD Service Level Agreement", {"default_sla": 1}))
    sla = frappe.get_doc({
        "doctype": "HD Service Level Agreement", "service_level": CONTRACT_SLA,
        "description": "Contract SLA for clinic tickets: business hours 08:30-12:00 and 13:30-18:00 (Brasília), Mon-Fri",
        "default_sla": 0 if has_default else 1, "enabled": 1, "apply_sla_for_resolution": 1,
        "condition": CLINIC_TICKET_CONDITION if has_default else "",
        "business_hours_calendar": CONTRACT_CALENDAR, "holiday_list": holiday_list,
        "support_and_resolution": [
            {"workday": day, "start_time": CONTRACT_WINDOWS[0][0], "end_time": CONTRACT_WINDOWS[-1][1]}
            for day in WORKDAYS
        ],
        "priorities": [
            {"priority": priority, "response_time": response, "resolution_time": resolution,
             "default_priority": 1 if priority == "Medium" else 0}
            for priority, (response, resolution) in CONTRACT_TARGETS.items() if priority in priorities
        ],
    })
    sla.insert(ignore_permissions=True)
    _remember_contract_sla()


def _remember_contract_sla() -> None:
    if not frappe.db.get_single_value("Healthdesk Settings", "contract_sla"):
        frappe.db.set_single_value("Healthdesk Settings", "contract_sla", CONTRACT_SLA)
