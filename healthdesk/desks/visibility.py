"""Who sees what at a reseller's desk: a cooperative's own support staff see and work only their
cooperative's clinics' tickets, and what hangs on them. Enforced on the server, default deny.

Who is scoped (:func:`scope`)
- A *support user* (Agent / Agent Manager, or an HD Agent) who acts for cooperatives: a member of
  a reseller's desk team (``healthdesk.desks.config.desk_resellers``) or a reseller's manager
  (the same "acts for a cooperative" rule as the product cards). They see rows of those resellers
  only. Everyone else is not touched here: the vendor's agents see everything, admins are admins,
  customers keep Helpdesk's own rules.

What a scoped user sees (one rule per doctype, :func:`own_condition`, written once as SQL; the
document hook asks the same SQL about the one row, so a list and a document never disagree)
- HD Ticket: ``reseller`` is theirs (a ticket of no clinic is nobody's: denied).
- HD Ticket Comment (internal notes): on a ticket they see, and either marked *shareable with the
  desk* or written by their own desk (a member of their desk teams, or themselves). The vendor's
  internal notes stay with the vendor.
- Clinic, Reseller, HD Customer: their cooperative's. Contact: contacts linked to their clinics'
  HD Customers (and their own contact).
- Any other doctype: every Link field to one of those doctypes must point at a row they see (an
  empty link is no one's business), every Dynamic Link pair too (Communication, File, Comment,
  ToDo, Version, View Log, Tag Link, DocShare, Notification Log …: the satellites of a ticket),
  and a child row follows its parent. This covers Ticket Escalation, Triage Action Log, SLA
  Warning, Support Access Request / Grant, Agent Script Check, HD Ticket Activity, HD Notification,
  Product Card rows, Multi-Clinic Access Request … and whatever links to a ticket tomorrow.
- Writes: only on rows they see, and never pointing a link at a row they cannot see (a ticket
  cannot be moved to another cooperative's clinic, merged into another cooperative's ticket, or a
  note added to it). New tickets: only for their cooperative's clinics. HD Team: read only.

Frappe joins ``permission_query_conditions`` of several apps with a bare " and ": Helpdesk's HD
Ticket condition (when HD Settings *restrict tickets by agent group* is on) and Frappe's File
condition have top-level ORs, so this module's condition binds only to their last disjunct there.
With the restriction off (the default) Helpdesk adds nothing for agents and the rule is exact;
with it on, :mod:`healthdesk.desks.visibility` keeps Helpdesk's other disjuncts harmless (desk
teams never hold another cooperative's ticket, never have *ignore restrictions*, desk agents are
never assigned another cooperative's ticket, team-less tickets are not shown to every agent while
desks run). Documents are exact either way: this module's document hook runs first and denies.

Shares: Frappe allows a document shared with a user even when a hook denies it, so shares of
rows a desk agent may not see are refused (:func:`docshare_validate`) and removed when someone
joins a desk (:func:`remove_foreign_shares`).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils.caching import request_cache

from healthdesk.constants import CLINIC, HD_CUSTOMER, HD_TICKET, RESELLER
from healthdesk.desks.config import desk_resellers
from healthdesk.utils import bold

COMMENT = "HD Ticket Comment"
CONTACT = "Contact"
COMMUNICATION = "Communication"
TEAM = "HD Team"
TEAM_MEMBER = "HD Team Member"
# Doctypes with a rule of their own; every other doctype is judged by its links to these.
TARGETS = (HD_TICKET, COMMENT, CLINIC, RESELLER, HD_CUSTOMER, CONTACT, COMMUNICATION)
# Reads; anything else (write, create, delete, submit, share, …) is a change.
READ_PTYPES = frozenset({"read", "select", "print", "report", "export", "email"})
# Doctypes a desk agent may read but never change: its teams decide whom the desk scopes.
READ_ONLY_FOR_DESK = frozenset({TEAM, TEAM_MEMBER, "Assignment Rule", "Assignment Rule User", "HD Settings"})
MAX_DEPTH = 2  # File → Communication → HD Ticket
# Pairs (doctype field, name field) that point at a record without being a Dynamic Link field.
REFERENCES = {
    "File": (("attached_to_doctype", "attached_to_name"),),
    "Version": (("ref_doctype", "docname"),),
    "Deleted Document": (("deleted_doctype", "deleted_name"),),
}


class NotYourDesk(frappe.PermissionError):
    """A desk agent would be given (assigned, shared) a record of another cooperative."""


class DeskTeamUnrestricted(frappe.ValidationError):
    """A desk team would have Helpdesk's *ignore restrictions*: its agents would list every ticket."""


class DeskMemberElsewhere(frappe.ValidationError):
    """A desk agent would also be in another team or assignment rotation (assigned others' tickets)."""


class ForeignAssignments(frappe.ValidationError):
    """Someone joining a desk still has open assignments of another cooperative's tickets."""


class TeamlessTicketsShown(frappe.ValidationError):
    """HD Settings would show team-less tickets to every agent while reseller desks run."""


# =============================================================================== who is scoped


def scope(user: str | None = None) -> tuple[str, ...] | None:
    """The resellers ``user`` sees, or None when this module does not restrict them (the vendor's
    agents, admins, customers, Administrator)."""
    user = user or frappe.session.user
    if not user or user in ("Administrator", "Guest"):
        return None
    from healthdesk.support_access.config import is_support_user

    if not is_support_user(user):
        return None
    return _scope(user)


@request_cache
def _scope(user: str) -> tuple[str, ...] | None:
    from healthdesk.network.clinics import managed_resellers

    resellers = set(desk_resellers(user)) | set(managed_resellers(user))
    return tuple(sorted(resellers)) if resellers else None


def is_scoped(user: str | None = None) -> bool:
    return scope(user) is not None


@request_cache
def desk_colleagues(user: str) -> tuple[str, ...]:
    """``user`` and the members of the desk teams of the resellers they act for: the notes of these
    people are the desk's own notes."""
    resellers = scope(user) or ()
    teams = frappe.get_all(RESELLER, filters={"name": ["in", list(resellers) or [""]], "own_first_line": 1,
                                              "desk_team": ["is", "set"]}, pluck="desk_team", ignore_permissions=True)
    members = frappe.get_all(TEAM_MEMBER, filters={"parenttype": TEAM, "parent": ["in", teams or [""]]},
                             pluck="user", ignore_permissions=True)
    return tuple(sorted(set(members) | {user}))


def clear_cache() -> None:
    """Forget this request's answers (teams, managers or notes changed within one request: tests)."""
    cache = getattr(frappe.local, "request_cache", None)
    if cache is not None:
        cache.clear()
    frappe.local.desk_visibility_memo = {}


# =============================================================================== the rule as SQL


def _in(values) -> str:
    return ", ".join(frappe.db.escape(v) for v in values) or "''"


def own_condition(doctype: str, ref: str, user: str, resellers: tuple[str, ...], depth: int = 0) -> str | None:
    """SQL that is true for the rows of ``doctype`` (referenced as ``ref``) ``user`` may see, or
    None when nothing about ``doctype`` concerns the desks. Fully bracketed."""
    r = _in(resellers)
    if doctype == HD_TICKET:
        return f"({ref}.`reseller` in ({r}))"
    if doctype == CLINIC:
        return f"({ref}.`reseller` in ({r}))"
    if doctype == RESELLER:
        return f"({ref}.`name` in ({r}))"
    if doctype == HD_CUSTOMER:
        return f"({ref}.`name` in ({_customers_sql(r, depth)}))"
    if doctype == CONTACT:
        a = f"`hddl{depth}`"
        return (f"({ref}.`name` in (select {a}.`parent` from `tabDynamic Link` {a} where {a}.`parenttype` = 'Contact'"
                f" and {a}.`link_doctype` = 'HD Customer' and {a}.`link_name` in ({_customers_sql(r, depth)}))"
                f" or {ref}.`user` = {frappe.db.escape(user)})")
    if doctype == COMMENT:
        shareable = (f"ifnull({ref}.`shareable_with_desk`, 0) = 1 or "
                     if frappe.get_meta(COMMENT).has_field("shareable_with_desk") else "")
        return (f"({ref}.`reference_ticket` in ({_rows_sql(HD_TICKET, user, resellers, depth)})"
                f" and ({shareable}{ref}.`commented_by` in ({_in(desk_colleagues(user))})))")
    if depth > MAX_DEPTH:
        return "(1=0)"  # deeper than any real chain: default deny
    return _generic_condition(doctype, ref, user, resellers, depth)


def _customers_sql(r: str, depth: int) -> str:
    a = f"`hdcl{depth}`"
    return f"select {a}.`hd_customer` from `tabClinic` {a} where {a}.`reseller` in ({r}) and ifnull({a}.`hd_customer`, '') != ''"


def _rows_sql(doctype: str, user: str, resellers: tuple[str, ...], depth: int) -> str:
    """A sub-query of the names of the rows of ``doctype`` ``user`` may see."""
    a = f"`hdv{depth + 1}`"
    condition = own_condition(doctype, a, user, resellers, depth + 1) or "1=1"
    return f"select {a}.`name` from `tab{doctype}` {a} where {condition}"


def _generic_condition(doctype: str, ref: str, user: str, resellers: tuple[str, ...], depth: int) -> str | None:
    links, dynamic, parents = scoped_fields(doctype)
    parts = []
    for fieldname, target in links:
        if target == doctype:
            continue  # a link to its own doctype (an e-mail's "in reply to"): the row's own rule decides
        parts.append(f"(ifnull({ref}.`{fieldname}`, '') = '' or {ref}.`{fieldname}` in "
                     f"({_rows_sql(target, user, resellers, depth)}))")
    targets = [t for t in TARGETS if not (depth and t == COMMUNICATION)]  # no Communication → Communication
    for dt_field, name_field in dynamic:
        column = f"{ref}.`{dt_field}`"
        options = [f"ifnull({column}, '') not in ({_in(TARGETS)})"]
        for target in targets:
            options.append(f"({column} = {frappe.db.escape(target)} and {ref}.`{name_field}` in "
                           f"({_rows_sql(target, user, resellers, depth)}))")
        parts.append("(" + " or ".join(options) + ")")
    if parents:
        options = [f"ifnull({ref}.`parenttype`, '') not in ({_in(parents)})"]
        for parent in parents:
            options.append(f"({ref}.`parenttype` = {frappe.db.escape(parent)} and {ref}.`parent` in "
                           f"({_rows_sql(parent, user, resellers, depth)}))")
        parts.append("(" + " or ".join(options) + ")")
    if not parts:
        return None
    return "(" + " and ".join(parts) + ")"


def scoped_fields(doctype: str) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], tuple[str, ...]]:
    """(Link fields to a target as (field, target), Dynamic Link pairs as (doctype field, name
    field), parent doctypes with a rule when ``doctype`` is a child table). Remembered per request."""
    memo = _memo("fields")
    if doctype not in memo:
        memo[doctype] = _scoped_fields(doctype)
    return memo[doctype]


def _scoped_fields(doctype: str):
    try:
        meta = frappe.get_meta(doctype)
    except (frappe.DoesNotExistError, ImportError):
        frappe.clear_last_message()
        return (), (), ()
    links = tuple((df.fieldname, df.options) for df in meta.fields
                  if df.fieldtype == "Link" and df.options in TARGETS and df.fieldname)
    dynamic = tuple((df.options, df.fieldname) for df in meta.fields
                    if df.fieldtype == "Dynamic Link" and df.options and meta.has_field(df.options))
    dynamic += tuple(pair for pair in REFERENCES.get(doctype, ()) if pair not in dynamic)
    parents: tuple[str, ...] = ()
    if meta.istable:
        parents = tuple(p for p in _parents_of(doctype) if p in TARGETS or _has_rule(p))
    return links, dynamic, parents


def _has_rule(doctype: str) -> bool:
    links, dynamic, parents = scoped_fields(doctype)
    return bool(links or dynamic or parents)


def _parents_of(child: str) -> list[str]:
    rows = frappe.db.sql(
        """select parent from `tabDocField` where options = %(c)s and fieldtype in ('Table', 'Table MultiSelect')
        union select dt from `tabCustom Field` where options = %(c)s and fieldtype in ('Table', 'Table MultiSelect')""",
        {"c": child})
    return sorted({r[0] for r in rows if r[0] and r[0] != child})


def _memo(kind: str) -> dict:
    store = getattr(frappe.local, "desk_visibility_memo", None)
    if store is None:
        store = frappe.local.desk_visibility_memo = {}
    return store.setdefault(kind, {})


def has_rule(doctype: str) -> bool:
    """Does anything about ``doctype`` concern the desks?"""
    return doctype in TARGETS or _has_rule(doctype)


# =============================================================================== one row


def row_visible(doctype: str, name: str | None, user: str | None = None) -> bool:
    """May ``user`` see the stored row ``doctype`` ``name``? True for everyone this module does not
    scope and for doctypes without a rule; a row that does not exist is not visible to a scoped
    user."""
    user = user or frappe.session.user
    resellers = scope(user)
    if resellers is None or not name:
        return True if resellers is None else False
    condition = own_condition(doctype, "`hdrow`", user, resellers) if has_rule(doctype) else None
    if condition is None:
        return True
    key = (user, doctype, str(name))
    memo = _memo("rows")
    if key not in memo:
        memo[key] = bool(frappe.db.sql(
            f"select 1 from `tab{doctype}` `hdrow` where `hdrow`.`name` = %(name)s and {condition} limit 1",
            {"name": name}))
    return memo[key]


def links_visible(doc, user: str) -> bool:
    """Every link ``doc`` is about to save (all of them on a new record, the changed ones on a
    stored one) points at a row ``user`` sees: a link is never aimed at another cooperative's row."""
    links, dynamic, _parents = scoped_fields(doc.doctype)
    stored = _stored_values(doc, [f for f, _t in links] + [f for pair in dynamic for f in pair])
    for fieldname, target in links:
        value = doc.get(fieldname)
        if value and value != stored.get(fieldname) and not row_visible(target, value, user):
            return False
    for dt_field, name_field in dynamic:
        target, value = doc.get(dt_field), doc.get(name_field)
        changed = (target, value) != (stored.get(dt_field), stored.get(name_field))
        if changed and target in TARGETS and value and not row_visible(target, value, user):
            return False
    if getattr(doc, "parenttype", None) and getattr(doc, "parent", None) and doc.meta.istable:
        return row_visible(doc.parenttype, doc.parent, user)
    return True


def _stored_values(doc, fieldnames: list[str]) -> dict:
    """The stored values of ``fieldnames`` (nothing for a new record)."""
    if not fieldnames or doc.get("__islocal") or not doc.get("name") or (hasattr(doc, "is_new") and doc.is_new()):
        return {}
    return frappe.db.get_value(doc.doctype, doc.name, fieldnames, as_dict=True) or {}


def _reseller_names(resellers) -> list[str]:
    return frappe.get_all(RESELLER, filters={"name": ["in", list(resellers)]}, pluck="reseller_name",
                          order_by="reseller_name asc", ignore_permissions=True)


def new_ticket_reseller(doc) -> str | None:
    """The reseller a ticket being created or changed will belong to: its clinic's, else its HD
    Customer's clinic's, else (new tickets) its sender's only clinic's."""
    if doc.get("clinic"):
        return frappe.db.get_value(CLINIC, doc.clinic, "reseller")
    if doc.get("customer"):
        reseller = frappe.db.get_value(CLINIC, {"hd_customer": doc.customer}, "reseller")
        if reseller:
            return reseller
    if doc.is_new():
        from healthdesk.network.ticket_clinic import sender_clinics

        clinics = sender_clinics(doc)
        if len(clinics) == 1:
            return frappe.db.get_value(CLINIC, clinics[0], "reseller")
    return None


# =============================================================================== permission hooks


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool | None:
    """Deny-only hook for every doctype ("*"): None (defer) for everyone this module does not
    scope and for doctypes that do not concern the desks; False when a scoped user may not."""
    user = user or frappe.session.user
    resellers = scope(user)
    if resellers is None:
        return None
    doctype = getattr(doc, "doctype", None)
    if not doctype:
        return None
    ptype = ptype or "read"
    if doctype in READ_ONLY_FOR_DESK:
        return None if ptype in READ_PTYPES else False
    if not has_rule(doctype):
        return None
    # a record being created (inserted, or checked before insert: no name yet)
    new = bool(doc.get("__islocal")) or not doc.get("name") or (hasattr(doc, "is_new") and doc.is_new())
    if doctype == HD_TICKET and (new or ptype not in READ_PTYPES):
        # the ticket as it will be: a clinic of theirs (a ticket of no clinic is nobody's)
        if new_ticket_reseller(doc) not in resellers:
            if new and doc.get("clinic"):
                # Frappe follows this refusal with its generic "You need the 'create' permission":
                # the desk agent reads first why, and what to do.
                frappe.msgprint(_("You work at the desk of {0}: you open tickets only for its clinics. Choose one of its clinics, or ask the vendor's support to open this one.")
                                .format(", ".join(_reseller_names(resellers))),
                                title=_("Not a clinic of your cooperative"), indicator="red")
            return False
    if not new and not row_visible(doctype, doc.name, user):
        return False
    if ptype not in READ_PTYPES or new:
        if not links_visible(doc, user):
            return False
        if doctype == COMMENT and not new and doc.get("commented_by") != user:
            return False  # a desk agent edits and deletes only their own notes
    return None


def query_conditions(user: str | None = None, doctype: str | None = None) -> str | None:
    """List condition for every doctype ("*"): None for everyone this module does not scope and for
    doctypes that do not concern the desks; else a fully bracketed condition."""
    user = user or frappe.session.user
    resellers = scope(user)
    if resellers is None or not doctype or not has_rule(doctype):
        return None
    return own_condition(doctype, f"`tab{doctype}`", user, resellers)


# =============================================================================== side paths


def visible_to(user: str, doctype: str | None, name: str | None) -> bool:
    """Would ``user`` see this record? (assignments and shares are checked with it)"""
    if not doctype or not name or scope(user) is None or not has_rule(doctype):
        return True
    return row_visible(doctype, name, user)


def todo_validate(doc, method=None) -> None:
    """An assignment of a record to a desk agent who may not see it is refused: Frappe would share
    the record with them (a share beats every permission hook) and Helpdesk lists tickets assigned
    to an agent whatever their team."""
    if doc.get("status") != "Open" or not doc.get("allocated_to"):
        return  # closing or cancelling an assignment is never refused
    if not (doc.is_new() or doc.has_value_changed("allocated_to") or doc.has_value_changed("reference_name")
            or doc.has_value_changed("status")):
        return
    if not visible_to(doc.allocated_to, doc.get("reference_type"), doc.get("reference_name")):
        frappe.throw(
            _("{0} works at another cooperative's desk and cannot be assigned this record: assign someone of the vendor's support or of this cooperative's desk.").format(
                bold(doc.allocated_to)),
            NotYourDesk, title=_("Not this desk's record"))


def docshare_validate(doc, method=None) -> None:
    """A share of a record with a desk agent who may not see it is refused; so is sharing a ticket
    (or anything hanging on one) with everyone while reseller desks run."""
    if not doc.get("share_doctype") or not has_rule(doc.share_doctype):
        return
    if doc.get("everyone") and _desks_running():
        frappe.throw(_("Tickets and clinic records cannot be shared with everyone while cooperatives run their own desks: each desk sees only its own clinics."),
                     NotYourDesk, title=_("Not allowed"))
    if doc.get("user") and not visible_to(doc.user, doc.share_doctype, doc.get("share_name")):
        frappe.throw(
            _("{0} works at another cooperative's desk and cannot be given this record.").format(bold(doc.user)),
            NotYourDesk, title=_("Not this desk's record"))


def comment_before_insert(doc, method=None) -> None:
    """A note written at a cooperative's desk belongs to the desk: it stays visible to the desk
    (shareable) even after its author leaves the team."""
    author = doc.get("commented_by") or frappe.session.user
    if frappe.get_meta(COMMENT).has_field("shareable_with_desk") and desk_resellers(author):
        doc.shareable_with_desk = 1


def _desks_running() -> bool:
    return bool(frappe.db.exists(RESELLER, {"own_first_line": 1, "desk_team": ["is", "set"]}))


def _desk_of_team(team: str | None) -> str | None:
    if not team:
        return None
    return frappe.db.get_value(RESELLER, {"desk_team": team, "own_first_line": 1}, "name")


def _members(team_doc) -> list[str]:
    return [row.user for row in team_doc.get("users") or [] if row.get("user")]


def team_validate(doc, method=None) -> None:
    """HD Team: a reseller's desk team keeps Helpdesk's restriction (no *ignore restrictions*), its
    members are in no other team, and nobody joins it with open assignments of another
    cooperative's tickets."""
    reseller = _desk_of_team(doc.name)
    if reseller:
        check_desk_team(reseller, doc)
    else:
        others = [u for u in _members(doc) if desk_resellers(u)]
        if others:
            frappe.throw(
                _("{0} works at a cooperative's desk and cannot be in team {1}: a desk agent is only in their desk's team.").format(
                    bold(others[0]), bold(doc.name)),
                DeskMemberElsewhere, title=_("Desk agent in another team"))


def check_desk_team(reseller: str, team_doc) -> None:
    """The checks on a desk team of ``reseller`` (from HD Team and from Reseller)."""
    if team_doc.get("ignore_restrictions"):
        frappe.throw(
            _("Team {0} is the desk of cooperative {1}: untick Ignore Restrictions, or its agents would see every cooperative's tickets.").format(
                bold(team_doc.name), bold(reseller)),
            DeskTeamUnrestricted, title=_("Desk team without restrictions"))
    for user in _members(team_doc):
        elsewhere = frappe.get_all(TEAM_MEMBER, filters={"parenttype": TEAM, "user": user,
                                                         "parent": ["!=", team_doc.name]},
                                   pluck="parent", ignore_permissions=True)
        if elsewhere:
            frappe.throw(
                _("{0} is also in team {1}: a desk agent is only in their desk's team. Remove them from {1} first.").format(
                    bold(user), bold(elsewhere[0])),
                DeskMemberElsewhere, title=_("Desk agent in another team"))
        rotations = other_rotations(user, team_doc.get("assignment_rule"))
        if rotations:
            frappe.throw(
                _("{0} is also in the assignment rule {1}: a desk agent is only in their desk team's rotation. Remove them from {1} first.").format(
                    bold(user), bold(rotations[0])),
                DeskMemberElsewhere, title=_("Desk agent in another rotation"))
        foreign = foreign_assignments(user, reseller)
        if foreign:
            frappe.throw(
                _("{0} still has {1} open tickets of other cooperatives assigned: reassign them before adding this person to the desk of {2}.").format(
                    bold(user), len(foreign), bold(reseller)),
                ForeignAssignments, title=_("Open assignments elsewhere"))


def team_on_update(doc, method=None) -> None:
    """Someone who joined a desk keeps no share of another cooperative's records."""
    if _desk_of_team(doc.name):
        clear_cache()
        for user in _members(doc):
            remove_foreign_shares(user)


def reseller_validate(doc, method=None) -> None:
    """A Reseller that runs its own desk: its team passes the desk team's checks."""
    if not (doc.get("own_first_line") and doc.get("desk_team")):
        return
    if frappe.db.exists(TEAM, doc.desk_team):
        check_desk_team(doc.name, frappe.get_doc(TEAM, doc.desk_team))
    check_team_restriction_settings(desks_running=True)


def reseller_on_update(doc, method=None) -> None:
    if doc.get("own_first_line") and doc.get("desk_team") and frappe.db.exists(TEAM, doc.desk_team):
        clear_cache()
        for user in _members(frappe.get_doc(TEAM, doc.desk_team)):
            remove_foreign_shares(user)


def other_rotations(user: str, own_rule: str | None) -> list[str]:
    """Enabled ticket assignment rules other than ``own_rule`` that list ``user``."""
    return [r[0] for r in frappe.db.sql(
        """select distinct r.name from `tabAssignment Rule` r join `tabAssignment Rule User` u on u.parent = r.name
        where u.parenttype = 'Assignment Rule' and u.user = %(user)s and r.document_type = 'HD Ticket'
          and r.disabled = 0 and r.name != %(own)s order by r.name""", {"user": user, "own": own_rule or ""})]


def foreign_assignments(user: str, reseller: str) -> list[str]:
    """Open assignments (ToDo) of ``user`` on tickets of other resellers (or of no clinic)."""
    return [r[0] for r in frappe.db.sql(
        """select t.name from `tabToDo` t left join `tabHD Ticket` k on k.name = t.reference_name
        where t.allocated_to = %(user)s and t.reference_type = 'HD Ticket' and t.status = 'Open'
          and ifnull(k.reseller, '') != %(reseller)s""", {"user": user, "reseller": reseller})]


def remove_foreign_shares(user: str) -> int:
    """Delete shares with ``user`` of records they may not see; returns how many."""
    removed = 0
    for share in frappe.get_all("DocShare", filters={"user": user, "share_doctype": ["in", list(TARGETS)]},
                                fields=["name", "share_doctype", "share_name"], ignore_permissions=True):
        if not visible_to(user, share.share_doctype, share.share_name):
            frappe.db.delete("DocShare", {"name": share.name})
            removed += 1
    return removed


def assignment_rule_validate(doc, method=None) -> None:
    """A desk agent is in no ticket rotation but their desk team's: another rotation would assign
    them other cooperatives' tickets (and Helpdesk lists tickets assigned to an agent)."""
    if doc.get("document_type") != HD_TICKET:
        return
    own_team = frappe.db.get_value(TEAM, {"assignment_rule": doc.name}, "name")
    for row in doc.get("users") or []:
        resellers = desk_resellers(row.user) if row.get("user") else ()
        if resellers and _desk_of_team(own_team) not in resellers:
            frappe.throw(
                _("{0} works at a cooperative's desk and cannot be in the assignment rule {1}: only their desk team's rotation assigns them tickets.").format(
                    bold(row.user), bold(doc.name)),
                DeskMemberElsewhere, title=_("Desk agent in another rotation"))


def check_team_restriction_settings(settings=None, desks_running: bool | None = None) -> None:
    """With Helpdesk's team restriction on, *do not restrict tickets without a team* would show
    every team-less ticket to every agent, desk agents too: refused while desks run."""
    if settings is None:
        settings = frappe.get_cached_doc("HD Settings") if frappe.db.exists("DocType", "HD Settings") else None
    if not settings:
        return
    if settings.get("restrict_tickets_by_agent_group") and settings.get("do_not_restrict_tickets_without_an_agent_group") \
            and (_desks_running() if desks_running is None else desks_running):
        frappe.throw(
            _("Cooperatives run their own desks: untick Do Not Restrict Tickets Without an Agent Group, or every agent, desk agents too, would see every ticket without a team."),
            TeamlessTicketsShown, title=_("Tickets without a team"))


def hd_settings_validate(doc, method=None) -> None:
    check_team_restriction_settings(doc)


def file_after_insert(doc, method=None) -> None:
    """A public file attached to a ticket, a note or an e-mail is made private while desks run:
    Frappe's File list shows public files to everyone (its condition's first disjunct), so another
    desk would list its URL."""
    if doc.get("is_private") or doc.get("is_folder") or not doc.get("attached_to_doctype"):
        return
    if doc.attached_to_doctype not in (HD_TICKET, COMMENT, COMMUNICATION) or not _desks_running():
        return
    if doc.attached_to_doctype == COMMUNICATION and frappe.db.get_value(
            COMMUNICATION, doc.attached_to_name, "reference_doctype") != HD_TICKET:
        return
    doc.is_private = 1
    doc.save(ignore_permissions=True)


# =============================================================================== Helpdesk's answers


def visible_comment_names(ticket: str, user: str | None = None) -> set[str] | None:
    """The notes of ``ticket`` ``user`` sees, or None when they see all of them."""
    user = user or frappe.session.user
    resellers = scope(user)
    if resellers is None:
        return None
    condition = own_condition(COMMENT, "`c`", user, resellers)
    return {r[0] for r in frappe.db.sql(
        f"select `c`.`name` from `tabHD Ticket Comment` `c` where `c`.`reference_ticket` = %(t)s and {condition}",
        {"t": str(ticket)})}


def filter_comments(ticket: str, comments: list | None) -> list:
    """Helpdesk's ``get_comments`` answer (a raw query: every note of the ticket) minus the notes
    the user may not see."""
    visible = visible_comment_names(ticket)
    if visible is None or not comments:
        return comments or []
    return [c for c in comments if (c.get("name") if isinstance(c, dict) else getattr(c, "name", None)) in visible]


def filter_ticket_answer(result):
    """``hd_ticket.api.get_one`` / ``get_ticket_activities``: the notes filtered."""
    if isinstance(result, dict) and result.get("comments") is not None and result.get("name"):
        result["comments"] = filter_comments(result["name"], result["comments"])
    return result
