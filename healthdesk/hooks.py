app_name = "healthdesk"
app_title = "Healthdesk"
app_publisher = "healthdesk developers"
app_description = (
    "Frappe Helpdesk for networks of medical clinics sold through resellers: clinics and "
    "resellers, business-hours SLAs, LGPD support access, multi-clinic users"
)
app_email = "dev@healthdesk.invalid"
app_license = "agpl-3.0"

# "org/app" so Frappe's installer does not ask GitHub which organisation owns Helpdesk.
required_apps = ["frappe/helpdesk"]

# Every whitelisted method declares its argument types (Frappe validates them; newer Frappe
# refuses unannotated ones). tests/unit/test_api_conventions.py checks it on every version.
require_type_annotated_api_methods = True

# Installation
# ------------
before_install = "healthdesk.setup.install.before_install"
after_install = "healthdesk.setup.install.after_install"
after_migrate = "healthdesk.setup.install.after_migrate"
before_uninstall = "healthdesk.setup.install.before_uninstall"
# `bench run-tests --app healthdesk`: healthdesk's defaults, factories in healthdesk/test_utils.py
before_tests = "healthdesk.test_utils.before_tests"
# Another app installed or removed (e.g. Healthcare, whose doctypes are medical records): the
# cached support-access configuration is rebuilt.
after_app_install = "healthdesk.support_access.config.clear_config_cache"
after_app_uninstall = "healthdesk.support_access.config.clear_config_cache"

# Custom fields and roles, synced on install and migrate (filtered to what healthdesk owns).
fixtures = [
    {"dt": "Custom Field", "filters": [["module", "=", "Healthdesk"]]},
    {"dt": "Role", "filters": [["name", "in", ["Healthdesk Admin", "Reseller Manager"]]]},
]

# DocType classes
# ---------------
# Helpdesk's SLA computed with a business-hours calendar when the SLA names one.
override_doctype_class = {
    "HD Service Level Agreement": "healthdesk.overrides.service_level_agreement.HealthdeskServiceLevelAgreement",
}
doctype_js = {
    "HD Service Level Agreement": ["public/js/recompute_deadlines.js", "public/js/hd_service_level_agreement.js"],
    "Business Hours Calendar": "public/js/recompute_deadlines.js",
    "Healthdesk Settings": "public/js/support_access_settings.js",  # LGPD: rotate the check API token
}

# Scheduled jobs
# --------------
scheduler_events = {
    "cron": {
        "*/5 * * * *": ["healthdesk.sla.breach_warnings.send_breach_warnings"],
        "* * * * *": ["healthdesk.support_access.lifecycle.refresh_grants"],
    },
}

# Document events: every event on a Helpdesk or Frappe doctype is in healthdesk/extends/<doctype>.py
# ------------------------------------------------------------------------------------------------
doc_events = {
    # clinic (network), intake and triage, severity -> priority, the SLA chosen again
    "HD Ticket": {
        "before_insert": "healthdesk.extends.hd_ticket.before_insert",
        "before_validate": "healthdesk.extends.hd_ticket.before_validate",
        "before_save": "healthdesk.extends.hd_ticket.before_save",
        "after_insert": "healthdesk.extends.hd_ticket.after_insert",
        "on_trash": "healthdesk.extends.hd_ticket.on_trash",
    },
    "User": {"validate": "healthdesk.extends.user.validate", "on_trash": "healthdesk.extends.user.on_trash"},
    # LGPD support access: the paths around the permission hooks (healthdesk/support_access/guards.py)
    "File": {"before_insert": "healthdesk.extends.file.before_insert", "after_insert": "healthdesk.extends.file.after_insert"},
    "Comment": {"before_insert": "healthdesk.extends.comment.before_insert"},
    "Communication": {"before_insert": "healthdesk.extends.communication.before_insert"},
    "DocShare": {"validate": "healthdesk.extends.docshare.validate"},
    "ToDo": {"before_insert": "healthdesk.extends.todo.before_insert"},
    "Tag Link": {"before_insert": "healthdesk.extends.tag_link.before_insert"},
    "Document Follow": {"before_insert": "healthdesk.extends.document_follow.before_insert"},
    "HD Agent": {"validate": "healthdesk.extends.hd_agent.validate"},
    "Contact": {"validate": "healthdesk.extends.contact.validate"},
    "*": {"on_update": "healthdesk.extends.any_doctype.on_update"},
}

# LGPD request boundary: runs after session / API key / OAuth authentication, before anything
# else of the request; default deny for support users (healthdesk/support_access/boundary.py).
auth_hooks = ["healthdesk.support_access.boundary.check_request"]

# Frappe's global search filters by doctype only: drop the rows support may not read.
override_whitelisted_methods = {
    "frappe.utils.global_search.search": "healthdesk.support_access.enforcement.global_search",
    # Frappe's get_count checks no permission at all: count protected doctypes through get_list.
    "frappe.client.get_count": "healthdesk.support_access.enforcement.get_count",
    # Frappe's assigned_to group-by count builds its sub-query without permission conditions.
    "frappe.desk.listview.get_group_by_count": "healthdesk.support_access.enforcement.get_group_by_count",
}

# Permissions
# -----------
permission_query_conditions = {
    "Reseller": "healthdesk.network.permissions.reseller_query",
    "Clinic": "healthdesk.network.permissions.clinic_query",
    "Multi-Clinic Access Request": "healthdesk.network.permissions.multi_clinic_request_query",
    "Onboarding Panel": "healthdesk.network.permissions.onboarding_panel_query",
    # LGPD support access: returns None for every doctype it does not protect (HD Ticket above all)
    "*": "healthdesk.support_access.enforcement.query_conditions",
}
has_permission = {
    "Reseller": "healthdesk.network.permissions.reseller_has_permission",
    "Clinic": "healthdesk.network.permissions.clinic_has_permission",
    "Multi-Clinic Access Request": "healthdesk.network.permissions.multi_clinic_request_has_permission",
    "Onboarding Panel": "healthdesk.network.permissions.onboarding_panel_has_permission",
    "Support Access Log": "healthdesk.utils.read_only_permission",
    # LGPD support access: deny-only, early exit for unrelated doctypes
    "*": "healthdesk.support_access.enforcement.has_permission",
}
# Product cards: a cooperative sees only its own cards (healthdesk/cards/visibility.py), their
# ticket rows and status history too (Frappe lists child rows by parent with no document check).
permission_query_conditions.update({
    "Product Card": "healthdesk.cards.visibility.card_query",
    "Product Card Ticket": "healthdesk.cards.visibility.card_ticket_query",
    "Product Card Status Change": "healthdesk.cards.visibility.card_status_change_query",
})
has_permission["Product Card"] = "healthdesk.cards.visibility.card_has_permission"

# Portal
# ------
portal_menu_items = [
    {
        "title": "Multi-clinic requests",
        "route": "/multi-clinic-requests",
        "reference_doctype": "Multi-Clinic Access Request",
        "role": "Reseller Manager",
    },
    {"title": "Getting started", "route": "/onboarding"},
    {"title": "Open a ticket", "route": "/abrir-chamado"},
    {"title": "Support access", "route": "/support-access"},
    {"title": "Support", "route": "/support"},
]

# Portal: what clinic users and reseller managers meet (healthdesk/portal/)
# -----------------------------------------------------------------------
portal_menu_items.insert(0, {"title": "My tickets", "route": "/helpdesk/my-tickets"})
# A cooperative's managers follow the product cards their cooperative raised (healthdesk/cards/).
portal_menu_items.append({"title": "Product cards", "route": "/product-cards", "role": "Reseller Manager"})
# ... and their network's tickets, read only (healthdesk/portal/network_tickets.py).
portal_menu_items.append({"title": "Network tickets", "route": "/network-tickets", "role": "Reseller Manager"})
# Each person's menu offers only the pages that apply to them; titles in healthdesk's own context.
update_website_context = ["healthdesk.portal.menu.update_website_context"]
# Helpdesk offers customers every standard filter of HD Ticket: not healthdesk's internal ones.
override_whitelisted_methods["helpdesk.api.doc.get_quick_filters"] = "healthdesk.portal.quick_filters.get_quick_filters"
# Link searches of Clinic / Reseller: a clinic user gets their own clinics (and their resellers)
# instead of a 403; everyone else searches through permissions as before.
standard_queries = {
    "Clinic": "healthdesk.portal.link_search.clinic_query",
    "Reseller": "healthdesk.portal.link_search.reseller_query",
}
# healthdesk's ticket fields in the user's language in Helpdesk's UIs (healthdesk/portal/ticket_fields.py)
override_whitelisted_methods["frappe.desk.form.load.getdoctype"] = "healthdesk.portal.ticket_fields.getdoctype"
override_whitelisted_methods["helpdesk.helpdesk.doctype.hd_ticket_template.api.get_one"] = "healthdesk.portal.ticket_fields.template_get_one"
override_whitelisted_methods["helpdesk.helpdesk.doctype.hd_ticket.api.get_one"] = "healthdesk.portal.ticket_fields.ticket_get_one"

# Reseller desks: a cooperative's desk agents see and work only its clinics' tickets and what hangs
# on them (healthdesk/desks/visibility.py): deny-only document hook and list condition for every
# doctype, both returning None at once for anyone who is not acting for a cooperative.
has_permission["*"] = [has_permission["*"], "healthdesk.desks.visibility.has_permission"]
permission_query_conditions["*"] = [permission_query_conditions["*"], "healthdesk.desks.visibility.query_conditions"]
# ... and the side paths: assignments, shares, desk teams and rotations, Helpdesk's team-restriction
# settings, desk notes, public ticket attachments (healthdesk/extends/<doctype>.py)
doc_events["ToDo"]["validate"] = "healthdesk.extends.todo.validate"
doc_events["HD Team"] = {"validate": "healthdesk.extends.hd_team.validate", "on_update": "healthdesk.extends.hd_team.on_update"}
doc_events["Assignment Rule"] = {"validate": "healthdesk.extends.assignment_rule.validate"}
doc_events["HD Settings"] = {"validate": "healthdesk.extends.hd_settings.validate"}
doc_events["HD Ticket Comment"] = {"before_insert": "healthdesk.extends.hd_ticket_comment.before_insert"}
# Desk agents act for their cooperative elsewhere too (product cards: healthdesk/cards/visibility.py).
healthdesk_user_resellers = ["healthdesk.desks.config.desk_resellers"]
# Helpdesk's endpoints that read tickets or notes without a permission check, each closed
# (healthdesk/desks/helpdesk_paths.py lists what was reviewed and why the others stay).
override_whitelisted_methods.update({
    "helpdesk.helpdesk.doctype.hd_ticket.api.get_ticket_activities": "healthdesk.desks.helpdesk_paths.get_ticket_activities",
    "helpdesk.helpdesk.doctype.hd_ticket.api.merge_ticket": "healthdesk.desks.helpdesk_paths.merge_ticket",
    "helpdesk.helpdesk.doctype.hd_ticket.api.split_ticket": "healthdesk.desks.helpdesk_paths.split_ticket",
    "helpdesk.helpdesk.doctype.hd_ticket.api.show_outside_hours_banner": "healthdesk.desks.helpdesk_paths.show_outside_hours_banner",
    "helpdesk.api.saved_replies.get_rendered_saved_reply": "healthdesk.desks.helpdesk_paths.get_rendered_saved_reply",
    "helpdesk.helpdesk.doctype.hd_ticket_comment.hd_ticket_comment.get_reactions": "healthdesk.desks.helpdesk_paths.get_reactions",
    "helpdesk.helpdesk.doctype.hd_ticket_comment.hd_ticket_comment.toggle_reaction": "healthdesk.desks.helpdesk_paths.toggle_reaction",
    "helpdesk.api.doc.get_list_data": "healthdesk.desks.helpdesk_paths.get_list_data",
    "helpdesk.api.dashboard.get_dashboard_data": "healthdesk.desks.helpdesk_paths.get_dashboard_data",
    "helpdesk.api.agent_home.agent_home.get_pending_tickets": "healthdesk.desks.helpdesk_paths.get_pending_tickets",
    "helpdesk.api.search.search": "healthdesk.desks.helpdesk_paths.search",
    # support access's row filter first (healthdesk.support_access.enforcement.global_search), then the desk's
    "frappe.utils.global_search.search": "healthdesk.desks.helpdesk_paths.global_search",
})
# Indicators at scale: composite indexes on Helpdesk's and Frappe's tables (HD Ticket, ToDo) that
# the indicator queries need, added after healthdesk's own install step (custom fields synced) and
# on every migrate (healthdesk/indicators/indexes.py). Kept a flat list if another block listified it.
after_install = [*([after_install] if isinstance(after_install, str) else after_install),
                 "healthdesk.indicators.indexes.ensure_indexes"]
after_migrate = [*([after_migrate] if isinstance(after_migrate, str) else after_migrate),
                 "healthdesk.indicators.indexes.ensure_indexes"]

# Satisfaction (healthdesk/satisfaction/): when a ticket is resolved its clinic user is asked once to
# rate it (e-mail + the portal page /avaliar); the answer is Helpdesk's feedback fields; a low rating
# opens the lead's follow-up (through healthdesk/extends/hd_ticket.py's on_update).
_hd_ticket_on_update = doc_events["HD Ticket"].get("on_update") or []
doc_events["HD Ticket"]["on_update"] = [*([_hd_ticket_on_update] if isinstance(_hd_ticket_on_update, str)
                                          else _hd_ticket_on_update), "healthdesk.extends.hd_ticket.on_update"]
portal_menu_items.append({"title": "Rate the support", "route": "/avaliar"})

# Indicators dashboard (healthdesk/indicators/dashboard.py): Dashboard, charts, number cards and chart
# sources are module records synced by Frappe; the workspace's indicator definitions block is made once.
after_install = [*([after_install] if isinstance(after_install, str) else after_install),
                 "healthdesk.indicators.dashboard.ensure_definitions_block"]
after_migrate = [*([after_migrate] if isinstance(after_migrate, str) else after_migrate),
                 "healthdesk.indicators.dashboard.ensure_definitions_block"]

# Each cooperative's indicators in the portal (healthdesk/indicators/portal.py): the page
# /indicadores for a cooperative's managers, and the monthly summary e-mail to them.
portal_menu_items.append({"title": "Network indicators", "route": "/indicadores", "role": "Reseller Manager"})
scheduler_events.setdefault("monthly", []).append("healthdesk.indicators.monthly.send_monthly_summaries")

# Per-agent indicators at scale (healthdesk/indicators/assignments.py): Ticket Agent Assignment, one row
# per (ticket, agent) with an assignment that counts, kept from ToDo and HD Ticket by their doc events
# (healthdesk/extends/todo.py, hd_ticket.py, user.py), reconciled hourly and rebuilt on install; a
# ticket or user deleted takes its rows along, so they never block the deletion.
doc_events["ToDo"]["on_update"] = "healthdesk.extends.todo.on_update"
doc_events["ToDo"]["after_delete"] = "healthdesk.extends.todo.after_delete"
scheduler_events.setdefault("hourly", []).append("healthdesk.indicators.assignments.reconcile_recent")
scheduler_events.setdefault("daily", []).append("healthdesk.indicators.assignments.drop_orphans")
ignore_links_on_delete = ["Ticket Agent Assignment"]
has_permission["Ticket Agent Assignment"] = "healthdesk.utils.read_only_permission"
after_install = [*([after_install] if isinstance(after_install, str) else after_install),
                 "healthdesk.indicators.assignments.rebuild"]
