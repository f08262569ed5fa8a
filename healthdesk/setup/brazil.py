"""One step that makes a site right for a Brazilian clinic network:

    bench --site SITE execute healthdesk.setup.brazil.configure_site

System Settings: time zone America/Sao_Paulo (a skipped setup wizard leaves Asia/Kolkata, which
moves every deadline by 8.5 hours), language pt-BR, dates dd/mm/yyyy, times HH:mm, numbers
1.234,56, weeks starting on Sunday (as Brazilian calendars print them), country Brazil, currency
BRL; with ERPNext, its Global Defaults' country and currency when they are still empty.

Idempotent: it changes only what differs, prints each change (``field: old → new``) and returns
them; run twice, the second run prints that nothing changed. It does not touch users' own
language, the scheduler or e-mail (see the README's first-run section).
"""

from __future__ import annotations

import frappe

SYSTEM_SETTINGS = {
    "time_zone": "America/Sao_Paulo",
    "language": "pt-BR",
    "date_format": "dd/mm/yyyy",
    "time_format": "HH:mm",
    "number_format": "#.###,##",
    "first_day_of_the_week": "Sunday",
    "country": "Brazil",
    "currency": "BRL",
}
# ERPNext's defaults: set only when empty (a company may already depend on them).
GLOBAL_DEFAULTS = {"country": "Brazil", "default_currency": "BRL"}


def wanted_system_settings() -> dict[str, str]:
    """What configure_site sets, leaving out links to records this site does not have."""
    wanted = dict(SYSTEM_SETTINGS)
    for field, doctype in (("language", "Language"), ("country", "Country"), ("currency", "Currency")):
        if not frappe.db.exists(doctype, wanted[field]):
            wanted.pop(field)
    return wanted


def configure_site(quiet: bool = False) -> dict[str, tuple]:
    """Set the site's System Settings for Brazil; returns ``{field: (old, new)}`` of what changed."""
    changes: dict[str, tuple] = {}
    settings = frappe.get_single("System Settings")
    for field, value in wanted_system_settings().items():
        old = settings.get(field)
        if (old or "") != value:
            settings.set(field, value)
            changes[f"System Settings.{field}"] = (old, value)
    if changes:
        settings.flags.ignore_permissions = True
        settings.save()
    if "erpnext" in frappe.get_installed_apps() and frappe.db.exists("DocType", "Global Defaults"):
        defaults = frappe.get_single("Global Defaults")
        changed = False
        for field, value in GLOBAL_DEFAULTS.items():
            if defaults.meta.has_field(field) and not defaults.get(field):
                if field == "default_currency" and not frappe.db.exists("Currency", value):
                    continue
                changes[f"Global Defaults.{field}"] = (None, value)
                defaults.set(field, value)
                changed = True
        if changed:
            defaults.flags.ignore_permissions = True
            defaults.save()
    frappe.db.commit()
    if changes:
        frappe.clear_cache()
    if not quiet:
        _report(changes)
    return changes


def _report(changes: dict[str, tuple]) -> None:
    if not changes:
        print("healthdesk: the site is already set for Brazil; nothing changed.")
    for field, (old, new) in changes.items():
        print(f"healthdesk: {field}: {old or '(empty)'} -> {new}")
    if "System Settings.time_zone" in changes and frappe.db.count("HD Ticket"):
        print("healthdesk: the time zone changed on a site with tickets: their stored times stay as "
              "they were; recompute open tickets' deadlines from the SLA form.")
    if not frappe.utils.cint(frappe.db.get_single_value("System Settings", "enable_scheduler")):
        print(f"healthdesk: the scheduler is disabled: bench --site {frappe.local.site} enable-scheduler")
