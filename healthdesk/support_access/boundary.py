"""LGPD request boundary: default deny for support users.

Registered as an ``auth_hooks`` entry: Frappe 15 runs those inside ``validate_auth()``, after the
session cookie, API keys and OAuth bearer tokens have set the user, and before any method,
resource or page runs. (``before_request`` runs *before* API-key and OAuth authentication, so a
support user calling with ``Authorization: token …`` would still be Guest there.)

For a support user (see :func:`healthdesk.support_access.is_support_user`) every request must be
one healthdesk has reviewed:

- ``/api/method/<cmd>`` (also ``/api/v1``, ``/api/v2``, ``/api/v2/method/<doctype>/<method>``
  and the legacy ``cmd`` form key): ``cmd`` must be in :data:`DEFAULT_ALLOWED_METHODS` or in
  Healthdesk Settings → *Support Allowed Methods*; ``frappe.desk.query_report.*`` only for
  healthdesk's and Helpdesk's own reports; a controller method (``run_doc_method``, REST
  ``POST /api/resource/<dt>/<name>``) never on a medical or grant-protected doctype;
- ``/api/resource/<doctype>`` and ``/api/v2/document|doctype/<doctype>``: never a medical-record
  doctype or a child table of one; protected doctypes go on to the document hooks;
- any other path is a website page: it must match :data:`DEFAULT_ALLOWED_PAGES` (or a ``/…``
  row of the settings table).

Whatever passes, the arguments are checked as a class: any ``doctype``-like argument naming a
medical-record doctype (or a child table of one) is refused, and ``fields`` / ``filters`` /
``order_by`` / ``group_by`` that join a medical, grant-protected or child table of either
(``link_field.field``, ```tabX```, 4-element child filters) are refused.

A refusal raises :class:`frappe.PermissionError` with one translated sentence, and is written to
the Support Access Log once per (user, method) per hour, with a count of the calls.
"""

from __future__ import annotations

import time

import frappe
from frappe import _
from frappe.utils.caching import request_cache

from healthdesk import support_access as sa
from healthdesk.core import boundary as core

REFUSED_MESSAGE = "This action is not available to support users. Ask an administrator to review it."
SETTINGS_TABLE = "support_allowed_methods"

# Reviewed whitelisted methods a support user may call (exact names or fnmatch patterns).
DEFAULT_ALLOWED_METHODS = (
    # Frappe's own session endpoints
    "login", "logout", "ping", "version", "upload_file", "uploadfile", "web_logout",
    "frappe.auth.get_logged_user", "frappe.handler.upload_file", "frappe.handler.logout",
    "frappe.handler.web_logout",
    # controller methods: the target doctype is checked (never medical or grant-protected)
    "run_doc_method", "runserverobj", "frappe.handler.run_doc_method",
    # Helpdesk's agent UI (reviewed as an app: it reads tickets, contacts, knowledge base, its settings)
    "helpdesk.api.*", "helpdesk.helpdesk.doctype.*", "helpdesk.search.*",
    # Telephony (required by Helpdesk: call logs, click-to-call)
    "telephony.api.*", "telephony.twilio.api.*", "telephony.exotel.handler.*",
    # healthdesk's own endpoints
    "healthdesk.api.*", "healthdesk.intake.undo_triage_action", "healthdesk.intake.ticket_triage_log",
    "healthdesk.healthdesk.doctype.*",
    # Frappe's documents and lists: permission-checked, doctype and joins checked here too
    "frappe.client.get", "frappe.client.get_list", "frappe.client.get_value", "frappe.client.get_single_value",
    "frappe.client.get_count", "frappe.client.set_value", "frappe.client.insert", "frappe.client.save",
    "frappe.client.delete", "frappe.client.rename_doc", "frappe.client.validate_link",
    "frappe.client.get_time_zone",
    "frappe.desk.form.load.*", "frappe.desk.form.save.*", "frappe.desk.form.utils.*",
    "frappe.desk.form.assign_to.*", "frappe.desk.form.document_follow.*",
    "frappe.desk.reportview.get", "frappe.desk.reportview.get_list", "frappe.desk.reportview.get_count",
    "frappe.desk.reportview.export_query", "frappe.desk.reportview.get_sidebar_stats",
    "frappe.desk.reportview.delete_items", "frappe.desk.reportview.get_filter_dashboard_data",
    "frappe.desk.listview.*", "frappe.desk.search.*", "frappe.desk.link_preview.*",
    "frappe.desk.like.toggle_like", "frappe.desk.doctype.tag.tag.*",
    # desk shell: workspaces, notifications, settings of one's own lists
    "frappe.desk.desktop.*", "frappe.desk.notifications.*",
    "frappe.desk.doctype.notification_log.notification_log.*",
    "frappe.desk.doctype.notification_settings.notification_settings.*",
    "frappe.desk.doctype.route_history.route_history.*",
    "frappe.desk.doctype.list_view_settings.list_view_settings.*",
    "frappe.realtime.*", "frappe.translate.*", "frappe.apps.get_apps", "frappe.deferred_insert.deferred_insert",
    "frappe.model.workflow.get_transitions", "frappe.model.utils.user_settings.*",
    "frappe.core.doctype.user.user.get_timezones", "frappe.core.doctype.user.user.user_query",
    "frappe.core.doctype.user.user.switch_theme", "frappe.core.doctype.user.user.update_password",
    "frappe.core.doctype.user.user.test_password_strength", "frappe.sessions.get",
    "frappe.utils.change_log.get_versions", "frappe.integrations.frappe_providers.frappecloud_billing.current_site_info",
    # asked by every desk / agent page: module onboarding progress and whether telemetry is on
    # (no document data); refusing them showed agents red toasts on every ticket
    "frappe.onboarding.get_onboarding_status", "frappe.utils.telemetry.pulse.client.is_enabled",
    # search, print and e-mail: results filtered / doctype checked / files checked on insert
    "frappe.utils.global_search.*", "frappe.utils.print_format.*", "frappe.www.printview.*",
    "frappe.core.doctype.communication.email.make", "frappe.email.get_contact_list",
    # reports: only reviewed ones (see REVIEWED_REPORT_APPS)
    "frappe.desk.query_report.*",
    # healthdesk's indicators dashboard: its chart sources and number cards answer within the
    # user's indicator scope (healthdesk.indicators.scope); Frappe's dashboard page lists the
    # charts and cards the user may read and keeps the user's own layout. Frappe's generic chart
    # and card data methods (dashboard_chart.get, number_card.get_result / get_percentage_difference)
    # take a doctype inside a JSON argument and are NOT reviewed: healthdesk's charts and cards
    # are all "Custom" and do not need them.
    "healthdesk.healthdesk.dashboard_chart_source.*", "healthdesk.indicators.dashboard.*",
    "healthdesk.indicators.definitions.definitions",
    "frappe.desk.doctype.dashboard.dashboard.get_permitted_charts",
    "frappe.desk.doctype.dashboard.dashboard.get_permitted_cards",
    "frappe.desk.doctype.dashboard_chart_source.dashboard_chart_source.get_config",
    "frappe.desk.doctype.dashboard_settings.dashboard_settings.*",
)
# Apps whose script/query reports a support user may run.
REVIEWED_REPORT_APPS = frozenset({"healthdesk", "helpdesk"})
# Website pages a support user may open.
DEFAULT_ALLOWED_PAGES = (
    "/", "/app", "/app/*", "/apps", "/desk", "/desk/*", "/helpdesk", "/helpdesk/*", "/login", "/me",
    "/update-password",
    "/printview", "/private/files/*", "/files/*", "/assets/*", "/website_script.js", "/favicon.ico",
    "/robots.txt", "/message", "/support", "/support-access", "/abrir-chamado", "/onboarding",
    "/multi-clinic-requests",
    # a cooperative's pages, answered within the user's cooperative (a desk agent may also manage it)
    "/network-tickets", "/indicadores", "/product-cards",
)
# Request arguments that name a doctype.
DOCTYPE_ARGS = ("doctype", "dt", "ref_doctype", "reference_doctype", "parent_doctype", "parenttype", "parent",
                "document_type", "link_doctype", "doc_type", "reference_type", "share_doctype",
                "aggregate_on_doctype")
# Arguments Frappe turns into selected, filtered, sorted or grouped columns (joins hide there).
QUERY_ARGS = ("fields", "fieldname", "pluck", "filters", "or_filters", "order_by", "group_by", "field", "sort_by",
              "sort_order", "columns", "searchfield", "aggregate_on_field", "aggregate_function")
DOC_METHODS = frozenset({"run_doc_method", "runserverobj", "frappe.handler.run_doc_method"})


class Refused(Exception):
    """Internal: the request is refused; ``what`` is what the log names."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


# ----------------------------------------------------------------------------- entry point
def check_request() -> None:
    """``auth_hooks``: refuse a support user's unreviewed request before it runs."""
    request = getattr(frappe.local, "request", None)
    if request is None or request.method == "OPTIONS":
        return
    user = frappe.session.user
    if not sa.is_support_user(user):
        return
    try:
        _check(request)
    except Refused as refused:
        log_refusal(user, refused.what)
        frappe.throw(_("This action is not available to support users. Ask an administrator to review it."),
                     frappe.PermissionError, title=_("Not allowed"))


def _check(request) -> None:
    path = request.path or "/"
    form = frappe.local.form_dict
    main = None
    if path.startswith("/api/"):
        main = _check_api(request)
    elif form.get("cmd"):
        _check_method(core.normalize_method(form.get("cmd")))
    else:
        if not core.page_allowed(path, allowed_pages()):
            raise Refused(f"page {path}"[:140])
    _check_arguments(form, main)


def _check_api(request) -> str | None:
    """Checks the API route; returns the doctype a REST route names (the query's main doctype)."""
    from frappe.api import API_URL_MAP
    from werkzeug.exceptions import HTTPException

    method = core.method_from_path(request.path)
    if method and method not in ("run_doc_method", "login", "logout", "ping", "upload_file"):
        _check_method(core.normalize_method(method))  # the common case, without routing
        return None

    try:
        rule, arguments = API_URL_MAP.bind_to_environ(request.environ).match(return_rule=True)
    except HTTPException:
        return None  # Frappe answers 404 / 405 itself
    endpoint = rule.endpoint
    name = getattr(endpoint, "__name__", "")
    doctype = arguments.get("doctype")
    if rule.rule.endswith("/method/run_doc_method"):
        _check_method("run_doc_method")
    elif "method" in arguments and name == "handle_rpc_call":
        method = core.normalize_method(arguments["method"])
        if doctype:  # /api/v2/method/<doctype>/<method>: a controller module's function
            _check_doctype(doctype)
            _refuse_protected_controller(doctype, method)
            from frappe.modules.utils import load_doctype_module

            method = f"{load_doctype_module(doctype).__name__}.{method}"
        _check_method(method)
    elif name in ("login", "logout", "ping", "upload_file"):
        return None
    elif doctype:
        _check_doctype(doctype)
        if name == "execute_doc_method":
            _refuse_protected_controller(doctype, arguments.get("method") or frappe.local.form_dict.get("run_method"))
        return doctype
    else:
        raise Refused(f"api {request.path}"[:140])
    return None


def _check_method(method: str) -> None:
    if not core.method_allowed(method, allowed_methods()):
        raise Refused(method[:140])
    form = frappe.local.form_dict
    if method in DOC_METHODS:
        doctype = form.get("dt")
        if not doctype and form.get("docs"):
            docs = frappe.parse_json(form.get("docs"))
            doctype = docs.get("doctype") if isinstance(docs, dict) else None
        if doctype:
            _check_doctype(doctype)
            _refuse_protected_controller(doctype, form.get("method"))
    elif method.startswith("frappe.desk.query_report."):
        _check_report(form.get("report_name"), method)


def _refuse_protected_controller(doctype: str, method: str | None) -> None:
    """A controller method of a protected record runs with only a read check: never for support."""
    config = sa.get_config()
    if doctype in config.protected or doctype in config.excluded or doctype in config.children:
        raise Refused(f"{doctype}.{method or ''}"[:140])


def _check_report(report_name: str | None, method: str) -> None:
    if not report_name:
        return
    row = frappe.db.get_value("Report", report_name, ["module", "ref_doctype"], as_dict=True)
    if not row:
        return  # Frappe answers "not found"
    app = frappe.db.get_value("Module Def", row.module, "app_name") if row.module else None
    if app not in REVIEWED_REPORT_APPS:
        raise Refused(f"{method} {report_name}"[:140])
    _check_doctype(row.ref_doctype)


def _check_doctype(doctype: str | None) -> None:
    if not doctype or not isinstance(doctype, str):
        return
    config = sa.get_config()
    if doctype in config.excluded or doctype in medical_children():
        raise Refused(f"doctype {doctype}"[:140])


def _check_arguments(form, main: str | None = None) -> None:
    # A method named in an argument is a method called: link search runs ``query`` as its
    # search function (any whitelisted method with that signature).
    query = form.get("query")
    if isinstance(query, str) and "." in query and core.is_method_name(core.normalize_method(query)):
        if not core.method_allowed(query, allowed_methods()):
            raise Refused(f"query {query}"[:140])
    config = sa.get_config()
    if not config.relevant:
        return
    for key in DOCTYPE_ARGS:
        value = form.get(key)
        if not value:
            continue
        if isinstance(value, str) and value.strip()[:1] not in "[{":
            _check_doctype(value)
            if key in ("doctype", "dt", "ref_doctype") and main is None:
                main = value
        else:  # {"Doctype": [names]} (download_multi_pdf) or a list of doctypes
            for item in core.strings(value):
                _check_doctype(item)
    values = [form.get(k) for k in QUERY_ARGS if form.get(k)]
    if not values:
        return
    blocked = config.relevant - frozenset(sa.REFERENCE_FIELDS)
    text = core.query_text(*values)
    reached = core.referenced_tables(text=text) | core.filter_doctypes(form.get("filters")) \
        | core.filter_doctypes(form.get("or_filters"))
    prefixes = core.link_prefixes(text=text)
    meta = _meta(main) if prefixes else None
    if meta:
        for prefix in prefixes:
            df = meta.get_field(prefix)
            if df and df.fieldtype in ("Link", "Table", "Table MultiSelect") and df.options:
                reached.add(df.options)
    for doctype in reached:
        if doctype != main and doctype in blocked and not _is_own_child(main, doctype):
            raise Refused(f"join {doctype}"[:140])


def _is_own_child(main: str | None, child: str) -> bool:
    """A child table of the queried doctype itself is filtered with it (Frappe joins on parent)."""
    meta = _meta(main)
    return bool(meta) and child in {df.options for df in meta.get_table_fields()}


def _meta(doctype: str | None):
    """The doctype's (cached) meta, or None when there is no such doctype."""
    if not doctype or not isinstance(doctype, str):
        return None
    try:
        return frappe.get_meta(doctype)
    except frappe.DoesNotExistError:
        frappe.clear_last_message()
        return None


# ----------------------------------------------------------------------------- allowlists
@request_cache
def allowed_methods() -> tuple[str, ...]:
    return DEFAULT_ALLOWED_METHODS + tuple(r for r in _settings_rows() if not r.startswith("/"))


@request_cache
def allowed_pages() -> tuple[str, ...]:
    return DEFAULT_ALLOWED_PAGES + tuple(r for r in _settings_rows() if r.startswith("/"))


def _settings_rows() -> list[str]:
    try:
        settings = frappe.get_cached_doc(sa.SETTINGS)
    except Exception:
        frappe.clear_last_message()
        return []
    return [(row.method or "").strip() for row in settings.get(SETTINGS_TABLE) or [] if (row.method or "").strip()]


MEDICAL_CHILDREN_KEY = "healthdesk:medical_children:"


def clear_cache() -> None:
    """Forget the cached child tables of medical doctypes (settings saved, migrate)."""
    frappe.cache.delete_keys(MEDICAL_CHILDREN_KEY)


@request_cache
def medical_children() -> frozenset[str]:
    """Child tables of medical-record doctypes (they are read with the parent's rule). Cached in
    Redis under a key naming the medical list (a changed list is a new key), cleared when the
    settings are saved and on migrate, an hour at most."""
    import hashlib

    excluded = sorted(sa.get_config().excluded)
    key = MEDICAL_CHILDREN_KEY + hashlib.sha1("\n".join(excluded).encode()).hexdigest()
    children = frappe.cache.get_value(key)
    if children is None:
        children = sorted({
            r[0] for r in frappe.db.sql(
                """select options from `tabDocField` where parent in %(dts)s
                and fieldtype in ('Table', 'Table MultiSelect') and ifnull(options, '') != ''
                union select options from `tabCustom Field` where dt in %(dts)s
                and fieldtype in ('Table', 'Table MultiSelect') and ifnull(options, '') != ''""",
                {"dts": tuple(excluded) or ("",)})})
        frappe.cache.set_value(key, children, expires_in_sec=3600)
    return frozenset(children)


# ----------------------------------------------------------------------------- refusal log
def log_refusal(user: str, what: str, window_seconds: int = 3600) -> None:
    """One Support Access Log row per (user, what) per hour; later refusals add to its count."""
    key = f"healthdesk:refused:{user}:{what}:{core.window(time.time(), window_seconds)}"
    name = frappe.cache.get_value(key)
    if name and frappe.db.exists(sa.LOG, name):
        sa.bump_log_count(name)
    else:
        name = sa.write_log("Refused", user, None, action=what[:140],
                            query=_("Refused to a support user: {0}").format(what))
        frappe.cache.set_value(key, name, expires_in_sec=window_seconds + 60)
    frappe.db.commit()
