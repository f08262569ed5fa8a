"""LGPD support access: enforcement of grants, the access log and grant lifecycle.

Who is who
- *Support user*: a Helpdesk agent (role Agent or Agent Manager, or an HD Agent record), other
  than Administrator. A support user cannot also hold System Manager or Healthdesk Admin
  (separation of duties, :mod:`healthdesk.support_access.guards`); every request of a support
  user passes the default-deny boundary (:mod:`healthdesk.support_access.boundary`).
- *Admin*: System Manager / Healthdesk Admin who is not an agent: not restricted by grants (they
  operate the system; their access is governed by role permissions). Administrator bypasses every
  hook in Frappe anyway.
- *Clinic user*: a website user whose Contact links to the clinic's HD Customer, or the reseller's
  multi-clinic admin. Only they can grant (and revoke); admins can revoke too.

Enforcement (deny-only hooks, wildcard "*")
- ``has_permission``: on a protected doctype a support user may only read/print/report/export a
  record while an active grant for its clinic covers them (checked against the clock on every
  request, never against the stored status); any write/create/delete/share/email is refused.
  Medical-record doctypes are refused always. File, Version, Comment and Communication follow the
  record they reference.
- ``permission_query_conditions``: the same rule as an SQL condition for lists, reports, exports,
  counts and link search. It returns None for every doctype it does not protect (HD Ticket above
  all: Frappe joins conditions with " and " without brackets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import now_datetime

from healthdesk.core import grants as core

GRANT = "Support Access Grant"
GRANT_AGENT = "Support Access Grant Agent"
LOG = "Support Access Log"
REQUEST = "Support Access Request"
SETTINGS = "Healthdesk Settings"
SUPPORT_ROLES = frozenset({"Agent", "Agent Manager"})
ADMIN_ROLES = frozenset({"System Manager", "Healthdesk Admin"})
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


# ----------------------------------------------------------------------------- per request memo
def _memo() -> dict:
    memo = getattr(frappe.local, "healthdesk_access", None)
    if memo is None:
        memo = frappe.local.healthdesk_access = {}
    return memo


def clear_memo() -> None:
    """Forget what this request (or test process) memoised: config, roles, grants, logged keys."""
    frappe.local.healthdesk_access = {}


CONFIG_CACHE_KEY = "healthdesk:support_access_config"


def get_config() -> Config:
    """The grant configuration, which every permission check of a request reads: built once and
    kept in Frappe's cache (Redis, with its per-request local copy) until it is cleared by
    :func:`clear_config_cache` — when Healthdesk Settings are saved, after every migrate and
    whenever an app is installed or removed (Healthcare's medical doctypes come and go)."""
    memo = _memo()
    config = memo.get("config")
    if config is None:
        config = memo["config"] = frappe.cache.get_value(CONFIG_CACHE_KEY, generator=_load_config)
    return config


def clear_config_cache(*args, **kwargs) -> None:
    """Forget the cached configuration (also the ``after_app_install`` / ``after_app_uninstall``
    hook, hence the ignored arguments)."""
    frappe.cache.delete_value(CONFIG_CACHE_KEY)
    _memo().pop("config", None)


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
    user = user or frappe.session.user
    if user in ("Administrator", "Guest"):
        return False
    cache = _memo().setdefault("support", {})
    if user not in cache:
        cache[user] = bool(SUPPORT_ROLES & set(frappe.get_roles(user))) or bool(
            frappe.db.exists("HD Agent", {"name": user}))
    return cache[user]


def user_teams(user: str) -> list[str]:
    return frappe.get_all("HD Team Member", filters={"parenttype": "HD Team", "user": user},
                          pluck="parent", ignore_permissions=True) if frappe.db.table_exists("HD Team Member") else []


def active_grants(user: str) -> dict[str, str]:
    """Clinic → an active grant covering ``user`` now, computed from the clock (memo per request)."""
    cache = _memo().setdefault("grants", {})
    if user in cache:
        return cache[user]
    now = now_datetime()
    # The agents named on the grant and the team's members *when the clinic granted it* (rows of
    # the same child table, parentfield "team_members"): joining a team later opens nothing.
    rows = frappe.db.sql(
        f"""select g.name, g.clinic from `tab{GRANT}` g
        where g.docstatus < 2 and g.revoked_at is null
          and g.valid_from <= %(now)s and g.valid_until > %(now)s
          and exists (select 1 from `tab{GRANT_AGENT}` a
               where a.parent = g.name and a.parenttype = %(grant)s and a.agent = %(user)s)
        order by g.valid_until desc""",
        {"now": now, "user": user, "grant": GRANT}, as_dict=True)
    result: dict[str, str] = {}
    for row in rows:
        result.setdefault(row.clinic, row.name)
    cache[user] = result
    return result


def _customer_to_clinic() -> dict[str, str]:
    memo = _memo()
    if "customers" not in memo:
        memo["customers"] = {c.hd_customer: c.name for c in frappe.get_all(
            "Clinic", fields=["name", "hd_customer"], filters={"hd_customer": ["is", "set"]}, ignore_permissions=True)}
    return memo["customers"]


def _clinic_of(value: str | None, points_to: str) -> str | None:
    if not value:
        return None
    return _customer_to_clinic().get(value) if points_to == "HD Customer" else value


def _granted_values(user: str, points_to: str) -> list[str]:
    clinics = list(active_grants(user))
    if points_to == "HD Customer":
        back = {clinic: customer for customer, clinic in _customer_to_clinic().items()}
        return [back[c] for c in clinics if c in back]
    return clinics


# ----------------------------------------------------------------------------- has_permission
def _restricted(doctype: str | None, user: str | None) -> tuple[Config, str] | None:
    """(config, user) when the grant rules apply to ``doctype`` for ``user``, else None: the
    early exit both hooks take for every unrelated doctype and every non-support user."""
    if not doctype:
        return None
    config = get_config()
    if doctype not in config.relevant:
        return None
    user = user or frappe.session.user
    if not is_support_user(user):
        return None
    return config, user


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool | None:
    """Deny-only hook for every doctype ("*"); returns None (defer) for anything unrelated."""
    doctype = getattr(doc, "doctype", None)
    restricted = _restricted(doctype, user)
    if restricted is None:
        return None
    config, user = restricted
    ptype = ptype or "read"
    if doctype in config.excluded:
        return False
    if doctype in config.protected:
        target_doctype, target_name, clinic_value = doctype, doc.name, doc.get(config.protected[doctype][0])
    else:
        dt_field, name_field = _reference_fields(doctype, config)
        target_doctype, target_name = doc.get(dt_field), doc.get(name_field)
        if target_doctype in config.excluded:
            return False
        if target_doctype not in config.protected:
            return None
        if not target_name:
            return False
        clinic_value = frappe.db.get_value(target_doctype, target_name, config.protected[target_doctype][0])
    if ptype not in READ_PTYPES:
        return False
    clinic = _clinic_of(clinic_value, config.protected[target_doctype][1])
    grant = active_grants(user).get(clinic) if clinic else None
    if not grant:
        return False
    if not _role_allows(doc, ptype, user):
        return None  # Frappe refuses it on role permissions: not an access, nothing to log
    action = ptype if doctype == target_doctype else f"{ptype} {doctype}"
    log_access(user, grant, clinic, target_doctype, target_name, action)
    return None


def _role_allows(doc, ptype: str, user: str) -> bool:
    """Whether the user's role permissions allow ``ptype`` on ``doc`` (controller hooks run before
    them in Frappe: an access is only logged when it will really happen)."""
    from frappe.permissions import get_role_permissions

    if getattr(doc, "parenttype", None) and frappe.get_meta(doc.doctype).istable:
        return True  # a child row is read through its parent, whose check logs
    if doc.doctype == "File":
        return True  # File has its own rule (owner / attached document)
    perms = get_role_permissions(frappe.get_meta(doc.doctype), user=user,
                                 is_owner=(doc.get("owner") or "").lower() == user.lower())
    return bool(perms.get(ptype) or perms.get("if_owner", {}).get(ptype))


def _reference_fields(doctype: str, config: Config) -> tuple[str, str]:
    """(doctype field, name field) of a document that points at another: File/Version/Comment/
    Communication by their reference fields, a child table row by parenttype/parent."""
    if doctype in REFERENCE_FIELDS:
        return REFERENCE_FIELDS[doctype]
    return ("parenttype", "parent")


# ----------------------------------------------------------------------------- list conditions
def _in(values: list[str]) -> str:
    return ", ".join(frappe.db.escape(v) for v in values)


def query_conditions(user: str | None = None, doctype: str | None = None) -> str | None:
    """Wildcard list condition: None for every doctype it does not protect; else a fully
    bracketed condition (Frappe joins conditions with " and " and no brackets)."""
    restricted = _restricted(doctype, user)
    if restricted is None:
        return None
    config, user = restricted
    if doctype in config.excluded:
        return "(1=0)"
    if doctype in config.protected:
        fieldname, points_to = config.protected[doctype]
        values = _granted_values(user, points_to)
        if not values:
            return "(1=0)"
        _log_query(user, doctype)
        return f"(`tab{doctype}`.`{fieldname}` in ({_in(values)}))"
    dt_field, name_field = _reference_fields(doctype, config)
    blocked = sorted(config.excluded | set(config.protected))
    column = f"`tab{doctype}`.`{dt_field}`"
    parts = [f"ifnull({column}, '') not in ({_in(blocked)})"]
    for target, (fieldname, points_to) in sorted(config.protected.items()):
        values = _granted_values(user, points_to)
        if values and frappe.db.table_exists(target):
            parts.append(
                f"({column} = {frappe.db.escape(target)} and `tab{doctype}`.`{name_field}` in "
                f"(select `name` from `tab{target}` where `{fieldname}` in ({_in(values)})))")
    return "(" + " or ".join(parts) + ")"


# ----------------------------------------------------------------------------- access log
def _request_ip() -> str | None:
    return getattr(frappe.local, "request_ip", None)


def _commit_get_request() -> None:
    request = getattr(frappe.local, "request", None)
    if request is not None and getattr(request, "method", None) == "GET":
        frappe.local.flags.commit = True


def write_log(event: str, user: str | None, clinic: str | None, grant: str | None = None,
              reference_doctype: str | None = None, reference_name: str | None = None,
              action: str | None = None, query: str | None = None) -> str:
    """The only way a Support Access Log row is written: the doctype's controller refuses every
    ``insert()`` (REST, desk, Administrator included), and this writes straight to the table."""
    doc = frappe.get_doc({
        "doctype": LOG, "event": event, "user": user, "clinic": clinic, "grant": grant,
        "access_time": now_datetime(), "reference_doctype": reference_doctype,
        "reference_name": reference_name, "action": action, "query": (query or "")[:2000] or None,
        "ip_address": _request_ip(), "occurrences": 1,
    })
    # Written straight to the table (no controller hooks to run on a log line): this runs inside
    # permission checks, on every first access of a request, so it has to be cheap.
    doc.name = frappe.generate_hash(length=12)
    doc.set_user_and_timestamp()
    doc.db_insert()
    _commit_get_request()
    return doc.name


def bump_log_count(name: str) -> None:
    """One more occurrence of an aggregated event (refusals, failed checks): the row's count,
    nothing else, changes."""
    frappe.db.sql(f"update `tab{LOG}` set `occurrences` = ifnull(`occurrences`, 1) + 1 where name = %s", name)
    _commit_get_request()


def log_access(user: str, grant: str, clinic: str, doctype: str, name: str | None, action: str) -> None:
    """One Access entry per request per record and action."""
    logged = _memo().setdefault("logged", set())
    key = (user, doctype, name, action)
    if key in logged:
        return
    logged.add(key)
    write_log("Access", user, clinic, grant, doctype, name, action)


def _log_query(user: str, doctype: str) -> None:
    logged = _memo().setdefault("logged", set())
    key = (user, doctype, None, "list")
    if key in logged:
        return
    logged.add(key)
    form = frappe.local.form_dict if hasattr(frappe.local, "form_dict") else {}
    details = {k: form.get(k) for k in ("cmd", "filters", "or_filters", "txt", "fields") if form.get(k)}
    grants = active_grants(user)
    write_log("Access", user, None, ", ".join(sorted(set(grants.values())))[:140] if len(grants) == 1 else None,
              doctype, None, "list", json.dumps(details, default=str, ensure_ascii=False)
              + " | clinics: " + ", ".join(sorted(grants)))


# ----------------------------------------------------------------------------- people
def clinic_users(clinic: str) -> list[str]:
    """Users who may grant for ``clinic``: its clinic users and its reseller's multi-clinic admin."""
    customer, reseller = frappe.db.get_value("Clinic", clinic, ["hd_customer", "reseller"]) or (None, None)
    users: list[str] = []
    if customer:
        users = [r[0] for r in frappe.db.sql(
            """select distinct c.user from `tabContact` c join `tabDynamic Link` l
            on l.parent = c.name and l.parenttype = 'Contact' and l.parentfield = 'links'
            where l.link_doctype = 'HD Customer' and l.link_name = %s and ifnull(c.user, '') != ''""",
            customer)]
    admin = frappe.db.get_value("Reseller", reseller, "multi_clinic_admin") if reseller else None
    if admin and admin not in users:
        users.append(admin)
    return [u for u in users if frappe.db.get_value("User", u, "enabled") and not is_support_user(u)]


def can_grant(user: str, clinic: str | None) -> bool:
    if not clinic or user in ("Guest", "Administrator") or is_support_user(user):
        return False
    customer, reseller = frappe.db.get_value("Clinic", clinic, ["hd_customer", "reseller"]) or (None, None)
    if customer:
        from healthdesk.contacts import user_customers
        if customer in user_customers(user):
            return True
    return bool(reseller) and frappe.db.get_value("Reseller", reseller, "multi_clinic_admin") == user


def grantable_clinics(user: str) -> list[str]:
    """Clinics ``user`` may grant support access to."""
    if user in ("Guest", "Administrator") or is_support_user(user):
        return []
    from healthdesk.contacts import user_customers
    customers = list(user_customers(user))
    clinics = set(frappe.get_all("Clinic", filters={"hd_customer": ["in", customers or ["\x00"]]}, pluck="name",
                                 ignore_permissions=True))
    resellers = frappe.get_all("Reseller", filters={"multi_clinic_admin": user}, pluck="name", ignore_permissions=True)
    if resellers:
        clinics |= set(frappe.get_all("Clinic", filters={"reseller": ["in", resellers]}, pluck="name",
                                      ignore_permissions=True))
    return sorted(clinics)


def is_admin(user: str) -> bool:
    return user == "Administrator" or (bool(ADMIN_ROLES & set(frappe.get_roles(user))) and not is_support_user(user))


def grant_agents(grant) -> list[str]:
    """Who the grant covers: the agents it names and its team's members when it was granted."""
    agents = [row.agent for row in grant.get("agents") or []] + [row.agent for row in grant.get("team_members") or []]
    return list(dict.fromkeys(a for a in agents if a))


def team_snapshot(team: str | None) -> list[str]:
    """The support users in ``team`` now (stored on a grant when the clinic approves it)."""
    if not team:
        return []
    return [u for u in dict.fromkeys(frappe.get_all("HD Team Member", filters={"parenttype": "HD Team", "parent": team},
                                                    pluck="user", ignore_permissions=True)) if u and is_support_user(u)]


# ----------------------------------------------------------------------------- notifications
def notify(users: list[str], subject: str, message: str, document_type: str, document_name: str,
           email: bool = True) -> None:
    for user in users:
        frappe.get_doc({
            "doctype": "Notification Log", "for_user": user, "type": "Alert", "subject": subject,
            "email_content": message, "document_type": document_type, "document_name": document_name,
            "from_user": frappe.session.user if frappe.session.user != "Guest" else "Administrator",
        }).insert(ignore_permissions=True)
    if email and users and frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
        frappe.sendmail(recipients=users, subject=subject, message=message, delayed=True,
                        reference_doctype=document_type, reference_name=document_name)


def ticket_note(ticket: str | None, text: str, author: str | None = None) -> None:
    """An agent-only note on the ticket (Helpdesk shows HD Ticket Comments to agents only) and the
    ticket's read-only Support Access field. ``author``: the agent who acted; events of the clinic
    or of the clock are the support team's (healthdesk.utils.support_team_user), never
    "Administrator"."""
    if not ticket or not frappe.db.exists("HD Ticket", ticket):
        return
    from healthdesk.utils import support_team_user

    frappe.get_doc({"doctype": "HD Ticket Comment", "reference_ticket": ticket, "content": text,
                    "commented_by": author or support_team_user()}).insert(ignore_permissions=True)
    if frappe.get_meta("HD Ticket").has_field("support_access"):
        frappe.db.set_value("HD Ticket", ticket, "support_access", frappe.utils.strip_html(text)[:140],
                            update_modified=False)


# ----------------------------------------------------------------------------- scheduler
def refresh_grants() -> None:
    """Every few minutes: store the derived status, log and notify expiries, warn agents an hour
    before the end. Enforcement never reads the stored status."""
    now = now_datetime()
    hour = frappe.utils.add_to_date(now, hours=1)
    for row in frappe.get_all(GRANT, filters={"status": "Active"},
                              fields=["name", "valid_from", "valid_until", "revoked_at", "expiry_notified",
                                      "warning_sent"]):
        status = core.grant_status(row.valid_from, row.valid_until, row.revoked_at, now)
        grant = frappe.get_doc(GRANT, row.name)
        if status == core.EXPIRED:
            frappe.db.set_value(GRANT, row.name, {"status": core.EXPIRED, "expiry_notified": 1}, update_modified=False)
            if not row.expiry_notified:
                write_log("Expired", None, grant.clinic, grant.name)
                subject = _("Support access to {0} has expired").format(grant.clinic_name or grant.clinic)
                notify(clinic_users(grant.clinic), subject,
                       _("The support access you granted ended at {0}.").format(grant.valid_until), GRANT, grant.name)
                ticket_note(grant.ticket, _("Support access {0} expired.").format(grant.name))
        elif status == core.REVOKED:
            frappe.db.set_value(GRANT, row.name, "status", core.REVOKED, update_modified=False)
        elif status == core.ACTIVE and not row.warning_sent and row.valid_until <= hour:
            frappe.db.set_value(GRANT, row.name, "warning_sent", 1, update_modified=False)
            subject = _("Support access to {0} ends within an hour").format(grant.clinic_name or grant.clinic)
            notify(grant_agents(grant), subject,
                   _("Your access under grant {0} ends at {1}.").format(grant.name, grant.valid_until),
                   GRANT, grant.name)
    # shares to support users opening protected or medical records are removed (Frappe would let a
    # share bypass the permission hooks)
    from healthdesk.support_access.guards import remove_support_shares

    remove_support_shares()
    frappe.db.commit()


# ----------------------------------------------------------------------------- install
def ensure_default_excluded() -> None:
    """Install and every migrate (called from healthdesk.setup.install): the LGPD defaults —
    medical-record list derived from the installed healthcare app, grant-protected defaults, the
    check-API token, team snapshots of older grants, no shares to support, attached files private."""
    from healthdesk.support_access.defaults import ensure_defaults

    ensure_defaults()


# ----------------------------------------------------------------------------- search and files
@frappe.whitelist()
def global_search(text: str, start: int = 0, limit: int = 20, doctype: str = ""):
    """Frappe's global search (awesome bar), minus the rows a support user may not read: Frappe
    itself filters global search by doctype only, never by row."""
    from frappe.utils.global_search import search

    results = search(text, start=start, limit=limit, doctype=doctype)
    user = frappe.session.user
    config = get_config()
    if not config.relevant or not is_support_user(user):
        return results
    return [r for r in results if r.doctype not in config.relevant
            or frappe.has_permission(r.doctype, "read", r.name, user=user)]


def file_after_insert(doc, method=None) -> None:
    """A file attached to a protected or medical-record document is made private (Frappe moves it
    to private/files): a public file is readable by anyone who knows its URL, which no permission
    hook can stop."""
    config = get_config()
    if not doc.is_private and doc.attached_to_doctype and (
            doc.attached_to_doctype in config.protected or doc.attached_to_doctype in config.excluded):
        doc.is_private = 1
        doc.save(ignore_permissions=True)


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug: bool = False, cache: bool = False) -> int:
    """``frappe.client.get_count`` through ``frappe.get_list`` for every doctype and every user:
    Frappe's own counts with ``frappe.db.count`` and checks nothing, so anyone could probe any
    table's fields through ``like`` filters (another clinic's grant reasons, a note's text)."""
    from frappe.utils import get_safe_filters

    rows = frappe.get_list(doctype, filters=get_safe_filters(filters), fields=["count(*) as total"],
                           limit_page_length=1, order_by=None)
    return int(rows[0].total) if rows else 0


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
    """``frappe.desk.listview.get_group_by_count`` whose ``assigned_to`` branch counts only records
    the user may list (Frappe's builds its sub-query without permission conditions, an oracle on
    any table's fields); every other field already goes through ``frappe.get_list``."""
    from frappe.desk.listview import get_group_by_count as frappe_group_by_count

    if field != "assigned_to":
        return frappe_group_by_count(doctype, current_filters, field)
    filters = frappe.parse_json(current_filters)
    records = frappe.get_list(doctype, filters=filters, fields=[f"`tab{doctype}`.`name`"], run=0,
                              limit_page_length=0, order_by=None, distinct=True)
    return frappe.db.sql(
        f"""select t.allocated_to as name, count(*) as count
        from `tabToDo` t join `tabUser` u on u.name = t.allocated_to
        where t.status != 'Cancelled' and u.user_type = 'System User' and t.reference_type = %(doctype)s
          and t.reference_name in (select name from ({records}) permitted)
        group by t.allocated_to order by count desc limit 50""",
        {"doctype": doctype}, as_dict=True)


def reference_before_insert(doc, method=None) -> None:
    """A support user never adds a comment, file or e-mail to a protected or medical-record
    document: Frappe inserts comments (``add_comment``) and attachments with ignore_permissions
    once the reader may read the document, so the refusal has to be here."""
    user = frappe.session.user
    dt_field, _name_field = REFERENCE_FIELDS[doc.doctype]
    target = doc.get(dt_field)
    if not target or not is_support_user(user):
        return
    config = get_config()
    if target in config.protected or target in config.excluded:
        frappe.throw(_("Support access is read-only: you cannot add to this {0}.").format(_(target)),
                     frappe.PermissionError, title=_("Not allowed"))


def validate_settings(settings) -> None:
    """Healthdesk Settings: each protected doctype's field must be a Link to Clinic or HD
    Customer (a wrong field would break every list of that doctype); a doctype cannot be both
    protected and excluded; the maximum duration is positive."""
    from healthdesk.utils import bold

    from healthdesk.support_access.guards import settings_guard

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


# ----------------------------------------------------------------------------- settings changes
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
        write_log("Settings Changed", frappe.session.user, None, action="settings", query="\n".join(changes))
    from healthdesk.support_access.boundary import clear_cache

    clear_cache()
    clear_memo()
