"""Public support page (no login needed): support hours, the SLA table by severity, how to open a
ticket, the reseller's point of contact when known, and the FAQ from Helpdesk's knowledge base."""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.core.sla_report import group_weekdays
from healthdesk.network.contacts import user_customers

no_cache = 1
SEVERITY_ROWS = (  # severity, what it means (the vendor's support contract)
    ("High", "The system cannot be operated, or an essential routine function cannot be run."),
    ("Medium", "Some functions fail or show errors, but the system can be operated."),
    ("Low", "Minor errors of screen or report presentation that do not affect operation."),
    ("Not covered", "Consultancy and requests that are not a problem in the system: served as a courtesy, with no deadline."),
)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def get_context(context):
    from healthdesk.sla.calendars import get_calendar

    context.no_breadcrumbs = True
    # "Support" alone is ERPNext's module ("Pós-vendas" in pt-BR): ours has its own context.
    context.title = _("Support", context="Healthdesk support page")
    settings = frappe.get_cached_doc("Healthdesk Settings")
    calendar_name = settings.default_calendar
    calendar = get_calendar(calendar_name)
    context.hours = []
    if calendar:
        for first, last, windows in group_weekdays(calendar.windows):
            days = _(WEEKDAY_NAMES[first]) if first == last else _("{0} to {1}").format(
                _(WEEKDAY_NAMES[first]), _(WEEKDAY_NAMES[last]))
            spans = [f"{a.strftime('%H:%M')}–{b.strftime('%H:%M') if b.hour or b.minute else '24:00'}"
                     for a, b in windows]
            windows_text = spans[0] if len(spans) == 1 else _("{0} and {1}").format(", ".join(spans[:-1]), spans[-1])
            context.hours.append({"days": days, "windows": windows_text})
        context.timezone = calendar.timezone
        context.national_holidays = bool(frappe.db.get_value("Business Hours Calendar", calendar_name,
                                                              "national_holidays"))
    contract = frappe.db.get_single_value("Healthdesk Settings", "contract_sla")
    sla = (contract if contract and frappe.db.get_value("HD Service Level Agreement", contract, "enabled")
           else frappe.db.get_value("HD Service Level Agreement",
                                    {"business_hours_calendar": calendar_name, "enabled": 1}, "name"))
    targets = {}
    if sla:
        for row in frappe.get_all("HD Service Level Priority", filters={"parent": sla, "parenttype":
                                  "HD Service Level Agreement"}, fields=["priority", "response_time"]):
            targets[row.priority] = row.response_time
    context.sla_rows = [
        {"severity": _(severity), "meaning": _(meaning),
         "response": _("{0} business hours").format(_hours(targets[severity])) if severity in targets
         else _("No deadline")}
        for severity, meaning in SEVERITY_ROWS
    ]
    context.contacts = _reseller_contacts()
    context.articles = frappe.get_all("HD Article", filters={"status": "Published"},
                                      fields=["name", "title"], order_by="views desc", limit=10)
    context.logged_in = frappe.session.user != "Guest"
    return context


def _hours(seconds) -> str:
    hours = float(seconds or 0) / 3600
    return f"{hours:g}"


def _reseller_contacts() -> list[dict]:
    """The support contact of the resellers of the user's clinics (none for guests)."""
    if frappe.session.user == "Guest":
        return []
    customers = list(user_customers(frappe.session.user))
    if not customers:
        return []
    resellers = frappe.get_all("Clinic", filters={"hd_customer": ["in", customers]}, pluck="reseller",
                               distinct=True)
    return frappe.get_all(
        "Reseller", filters={"name": ["in", resellers]},
        fields=["reseller_name", "support_contact_name", "support_contact_email", "support_contact_phone",
                "own_first_line"],
        order_by="reseller_name asc",
    )
