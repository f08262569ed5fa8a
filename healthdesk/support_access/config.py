"""LGPD support access: its configuration (Healthdesk Settings → what is protected, what is
medical), who is a support user, and the settings' own validation and change log."""

from __future__ import annotations

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils.caching import request_cache

from healthdesk.constants import AGENT_ROLES, SETTINGS

GRANT = "Support Access Grant"


GRANT_AGENT = "Support Access Grant Agent"


LOG = "Support Access Log"


REQUEST = "Support Access Request"


# Reads a grant allows; everything else (write, create, delete, share, email, submit, …) is refused.
READ_PTYPES = frozenset({"read", "select", "print", "report", "export"})


# Doctypes that point at another record: they follow that record's rule.
REFERENCE_FIELDS = {
    "File": ("attached_to_doctype", "attached_to_name"),
    "Version": ("ref_doctype", "docname"),
    "Comment": ("reference_doctype", "reference_name"),
    "Communication": ("reference_doctype", "reference_name"),
    # the JSON of a deleted record: never readable by support when the record was protected or medical
    "Deleted Document": ("deleted_doctype", "deleted_name"),
}


# Medical-record doctypes of Frappe Health / ERPNext Healthcare, excluded by default. With the
# healthcare app installed the list is derived from its modules instead (see defaults.py); this
# hand list is the floor for sites where it is not (yet) installed.
DEFAULT_EXCLUDED = (
    "Patient", "Patient Encounter", "Patient Medical Record", "Vital Signs", "Clinical Procedure", "Lab Test",
    "Patient Assessment", "Therapy Session", "Therapy Plan", "Inpatient Record", "Inpatient Medication Order",
    "Inpatient Medication Entry", "Observation", "Diagnostic Report", "Sample Collection", "Clinical Note",
    "Medication Request", "Service Request", "Patient History Custom Document Type", "Nursing Task",
)


@dataclass
class Config:
    protected: dict[str, tuple[str, str]] = field(default_factory=dict)  # doctype → (field, points_to)
    excluded: frozenset[str] = frozenset()
    relevant: frozenset[str] = frozenset()
    # child table doctypes of protected / excluded doctypes: they follow their parent's rule
    children: frozenset[str] = frozenset()


def clear_memo() -> None:
    """Forget what this request (or test process) keeps in Frappe's request cache
    (``frappe.utils.caching.request_cache``): config, support users, grants, logged keys."""
    cache = getattr(frappe.local, "request_cache", None)
    if cache is not None:
        cache.clear()


CONFIG_CACHE_KEY = "healthdesk:support_access_config"


def get_config() -> Config:
    """The grant configuration, which every permission check of a request reads: built once and
    kept in Frappe's cache (Redis, with its per-request local copy) until it is cleared by
    :func:`clear_config_cache` — when Healthdesk Settings are saved, after every migrate and
    whenever an app is installed or removed (Healthcare's medical doctypes come and go)."""
    return _request_config()


@request_cache
def _request_config() -> Config:
    return frappe.cache.get_value(CONFIG_CACHE_KEY, generator=_load_config)


def clear_config_cache(*args, **kwargs) -> None:
    """Forget the cached configuration (also the ``after_app_install`` / ``after_app_uninstall``
    hook, hence the ignored arguments)."""
    frappe.cache.delete_value(CONFIG_CACHE_KEY)
    clear_memo()


def _load_config() -> Config:
    try:
        settings = frappe.get_cached_doc(SETTINGS)
    except (frappe.DoesNotExistError, ImportError):
        # before healthdesk's doctypes are migrated nothing can be configured yet
        frappe.clear_last_message()
        return Config()
    except Exception as error:
        if not (frappe.db.is_table_missing(error) or frappe.db.is_missing_column(error)):
            raise
        return Config()
    return _build_config(settings)


def _build_config(settings) -> Config:
    """Read Healthdesk Settings and the installed doctypes into a Config (cached by get_config)."""
    protected = {
        row.document_type: (row.clinic_field, row.field_points_to or "Clinic")
        for row in settings.get("grant_protected_doctypes") or []
        if row.document_type and row.clinic_field
    }
    from healthdesk.support_access.defaults import healthcare_doctypes

    excluded = frozenset(
        row.document_type.strip() for row in settings.get("grant_excluded_doctypes") or [] if row.document_type
    ) | healthcare_doctypes()
    protected = {dt: v for dt, v in protected.items() if dt not in excluded}
    # one query for which configured doctypes exist here (medical-record ones need not)
    installed = frappe.get_all("DocType", filters={"name": ["in", sorted(set(protected) | excluded) or [""]]},
                               pluck="name")
    children = frozenset(
        df.options for dt in installed for df in frappe.get_meta(dt).get_table_fields() if df.options)
    relevant = (frozenset(protected) | excluded | children
                | (frozenset(REFERENCE_FIELDS) if (protected or excluded) else frozenset()))
    return Config(protected, excluded, relevant, children)


def is_support_user(user: str | None = None) -> bool:
    """A Helpdesk agent (role Agent or Agent Manager, or an HD Agent record) other than
    Administrator: support staff under LGPD."""
    user = user or frappe.session.user
    if user in ("Administrator", "Guest"):
        return False
    return _is_support_user(user)


@request_cache
def _is_support_user(user: str) -> bool:
    return bool(AGENT_ROLES & set(frappe.get_roles(user))) or bool(frappe.db.exists("HD Agent", {"name": user}))


def user_teams(user: str) -> list[str]:
    return frappe.get_all("HD Team Member", filters={"parenttype": "HD Team", "user": user},
                          pluck="parent", ignore_permissions=True) if frappe.db.table_exists("HD Team Member") else []


def ensure_default_excluded() -> None:
    """Install and every migrate (called from healthdesk.setup.install): the LGPD defaults —
    medical-record list derived from the installed healthcare app, grant-protected defaults, the
    check-API token, team snapshots of older grants, no shares to support, attached files private."""
    from healthdesk.support_access.defaults import ensure_defaults

    ensure_defaults()


def validate_settings(settings) -> None:
    """Healthdesk Settings: each protected doctype's field must be a Link to Clinic or HD
    Customer (a wrong field would break every list of that doctype); a doctype cannot be both
    protected and excluded; the maximum duration is positive."""
    from healthdesk.support_access.guards import settings_guard
    from healthdesk.utils import bold

    settings_guard(settings)
    # passwords are masked by the time on_update runs: note a new token now
    token = settings.get("access_check_token") or ""
    settings.flags.healthdesk_token_changed = bool(token) and set(token) != {"*"}
    if settings.get("grant_max_duration") is not None and float(settings.grant_max_duration or 0) <= 0:
        frappe.throw(_("Maximum Grant Duration must be longer than zero."), title=_("Invalid value"))
    excluded = {r.document_type for r in settings.get("grant_excluded_doctypes") or []}
    for row in settings.get("grant_protected_doctypes") or []:
        if row.document_type in excluded:
            frappe.throw(_("{0} is listed both as protected and as a medical record; remove it from one list.")
                         .format(bold(row.document_type)), title=_("Invalid value"))
        if row.document_type in REFERENCE_FIELDS or row.document_type in (GRANT, LOG, REQUEST, "HD Ticket"):
            frappe.throw(_("{0} cannot be grant-protected.").format(bold(row.document_type)), title=_("Invalid value"))
        df = frappe.get_meta(row.document_type).get_field(row.clinic_field)
        wanted = row.field_points_to or "Clinic"
        if not df or df.fieldtype != "Link" or df.options != wanted:
            frappe.throw(_("Row {0}: Clinic Field of {1} must be a Link field to {2}.").format(
                row.idx, bold(row.document_type), wanted), title=_("Invalid value"))
    clear_memo()


LGPD_TABLES = {"grant_protected_doctypes": ("document_type", "clinic_field", "field_points_to"),
               "grant_excluded_doctypes": ("document_type",),
               "support_allowed_methods": ("method", "note")}


def settings_changes(before, after) -> list[str]:
    """What changed in the LGPD part of Healthdesk Settings, in words (no secret values)."""
    changes: list[str] = []

    def rows(doc, table, keys):
        return {tuple((r.get(k) or "") for k in keys) for r in (doc.get(table) or [])} if doc else set()

    for table, keys in LGPD_TABLES.items():
        old, new = rows(before, table, keys), rows(after, table, keys)
        label = _(after.meta.get_label(table))
        for row in sorted(new - old):
            changes.append(_("{0}: added {1}").format(label, " / ".join(v for v in row if v)))
        for row in sorted(old - new):
            changes.append(_("{0}: removed {1}").format(label, " / ".join(v for v in row if v)))
    if before is None or str(before.get("grant_max_duration") or "") != str(after.get("grant_max_duration") or ""):
        changes.append(_("Maximum Grant Duration: {0} seconds").format(after.get("grant_max_duration") or 0))
    if after.flags.get("healthdesk_token_changed"):
        changes.append(_("The check API token was replaced."))
    return changes


def settings_on_update(doc, method=None) -> None:
    """Every change of the LGPD settings is a Support Access Log event every clinic sees."""
    changes = settings_changes(doc.get_doc_before_save(), doc)
    if changes:
        from healthdesk.support_access.audit import write_log

        write_log("Settings Changed", frappe.session.user, None, action="settings", query="\n".join(changes))
    from healthdesk.support_access.boundary import clear_cache

    clear_cache()
    clear_memo()
