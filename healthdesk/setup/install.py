"""Install, migrate and uninstall steps. Every step is idempotent: installing twice, migrating
any number of times and reinstalling after an uninstall leave the same state."""

from __future__ import annotations

import frappe
from frappe.utils.fixtures import sync_fixtures

ROLES = {"Healthdesk Admin": 1, "Reseller Manager": 0}  # role → desk access
TICKET_TEMPLATE = "Default"
CLINIC_OPTIONS_METHOD = "healthdesk.api.clinics.ticket_clinic_options"
# Fields healthdesk adds to Helpdesk's "Default" ticket template: (fieldname, template row values)
TEMPLATE_FIELDS = (
    ("clinic", {"required": 1, "hide_from_customer": 0, "url_method": CLINIC_OPTIONS_METHOD}),
    ("reseller", {"required": 0, "hide_from_customer": 1, "url_method": None}),
)


def before_install():
    ensure_roles()


def after_install():
    # Frappe syncs fixtures after this hook; the template needs the custom fields now.
    sync_fixtures("healthdesk")
    ensure_template_fields()


def after_migrate():
    ensure_roles()
    ensure_template_fields()


def before_uninstall():
    remove_template_fields()


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
