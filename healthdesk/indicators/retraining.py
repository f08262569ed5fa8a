"""Retraining signal by module (issue 15, item 3): which clinics ask clearly more how-to questions
about a module per active user than the rest of the network, beside their onboarding-panel
completion for that module; and booking a retraining session for a clinic and module.

The rule (rates, medians, the order) is :mod:`healthdesk.core.retraining`; this module reads the
database. Every ticket query's WHERE is :meth:`Filters.where` and every Clinic query's reseller
condition is :meth:`Filters.scope_where`: the reseller scope is never written here.

Who is an **active user** of a clinic in the period: an enabled user whose Contact is linked to
the clinic's HD Customer (as Helpdesk matches them, see
:func:`healthdesk.onboarding.panels.clinic_users`), of an active clinic, who in the period logged
in (a successful Login in Frappe's Activity Log), or used the site (User.last_active), or raised a
ticket. A person of several clinics is an active user of each.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta

import frappe
from frappe import _, _lt
from frappe.utils import escape_html

from healthdesk.constants import CLINIC, HD_TICKET, SYSTEM_MODULE
from healthdesk.core.retraining import MIN_QUESTIONS, module_completion, rank
from healthdesk.indicators.filters import Filters
from healthdesk.indicators.scope import OutsideYourScope, require_scope

#: The ticket category of how-to questions (HD Ticket.ticket_category, custom_field.json).
QUESTION = "Question"
#: The subject of a retraining-session request before it was translated (found when open).
SOURCE_SUBJECT = "Retraining session: {0}"
MAX_NOTES = 1000

#: What each number means, for the report's help and the portal page (English sources; pt-BR rows
#: in translations/pt-BR.csv). Lazy: translated in the reader's language when shown.
RETRAINING_DEFINITIONS = {
    "questions": _lt("Questions: tickets of the category Question about the module, opened by the clinic in the period."),
    "active_users": _lt(
        "Active users: enabled users linked to the clinic who, in the period, logged in, used the system or "
        "opened a ticket. A person of several clinics counts in each."),
    "per_user": _lt("Questions per active user: the clinic's questions about the module divided by its active users."),
    "network_median": _lt(
        "Network median: the middle value of questions per active user about the module over every clinic in "
        "your scope with active users, counting zero for clinics that asked nothing about it."),
    "ratio": _lt(
        "Ratio: the clinic's questions per active user divided by the network median. 2 means twice the "
        "network's. A dash means the network median is zero: the clinic asks where almost no one does."),
    "onboarding_completion": _lt(
        "Onboarding completion: tasks of the module done by the clinic's active users over the tasks of the "
        "module in their onboarding panel times the active users (empty when the panel has no task of the module)."),
    "ranking": _lt(
        "Clinics that need retraining: clinics with active users, at least {0} questions about the module and "
        "more questions per active user than the network median, highest ratio first; on a tie, more questions "
        "first."),
}


class UnknownModule(frappe.ValidationError):
    pass


class NotesTooLong(frappe.ValidationError):
    pass


def definitions(min_questions: int = MIN_QUESTIONS) -> dict[str, str]:
    """:data:`RETRAINING_DEFINITIONS` in the current user's language."""
    texts = {key: str(text) for key, text in RETRAINING_DEFINITIONS.items()}
    texts["ranking"] = texts["ranking"].format(min_questions)
    return texts


# --------------------------------------------------------------------------------------------
# The ranking
# --------------------------------------------------------------------------------------------


def ranking(f: Filters, module: str | None = None, limit: int = 50, min_questions: int = MIN_QUESTIONS,
            include_all: bool = False) -> list[dict]:
    """The clinics that need retraining (on ``module``, or on any module), ranked; with
    ``include_all`` the other clinics and modules with questions follow. The median is the
    network's (every clinic in ``f``'s reseller scope), also when ``f`` names one clinic: then only
    that clinic's rows are returned. Rows: clinic, clinic_name, reseller, module, questions,
    active_users, per_user, network_median, ratio (None above a zero median), ratio_infinite,
    needs_retraining, onboarding_completion (percent, None without tasks of the module)."""
    network = replace(f, clinic=None, module=module or f.module)
    from healthdesk.onboarding.panels import clinic_users

    clinics = scope_clinics(network)
    people = clinic_users()
    active = active_users(network, clinics, people)
    questions = question_counts(network)
    counts = {clinic: len(users) for clinic, users in active.items()}
    ranked = rank(counts, questions, min_questions=min_questions, include_all=include_all)
    if f.clinic:
        ranked = [row for row in ranked if row.clinic == f.clinic]
    ranked = ranked[: max(int(limit or 0), 0)] if limit is not None else ranked
    completion = completion_of([(row.clinic, row.module) for row in ranked], active, people)
    names = clinic_names({row.clinic for row in ranked} - set(clinics))
    rows = []
    for row in ranked:
        info = clinics.get(row.clinic) or names.get(row.clinic) or frappe._dict()
        rows.append({
            "clinic": row.clinic,
            "clinic_name": info.get("clinic_name"),
            "reseller": info.get("reseller"),
            "module": row.module,
            "questions": row.questions,
            "active_users": row.active_users,
            "per_user": _float(row.per_user),
            "network_median": _float(row.network_median),
            "ratio": _float(row.ratio),
            "ratio_infinite": row.infinite,
            "needs_retraining": row.needs_retraining,
            "onboarding_completion": completion.get((row.clinic, row.module)),
        })
    return rows


def _float(value) -> float | None:
    return None if value is None else round(float(value), 4)


def scope_clinics(f: Filters) -> dict[str, frappe._dict]:
    """``{clinic: (clinic_name, reseller, hd_customer)}`` of the active clinics in scope."""
    condition, params = f.scope_where("c")
    rows = frappe.db.sql(
        f"""select c.name, c.clinic_name, c.reseller, c.hd_customer from `tabClinic` c
            where c.is_active = 1 and {condition}""",
        params, as_dict=True)
    return {row.name: row for row in rows}


def clinic_names(names: set[str]) -> dict[str, frappe._dict]:
    if not names:
        return {}
    rows = frappe.get_all(CLINIC, filters={"name": ["in", sorted(names)]}, fields=["name", "clinic_name", "reseller"])
    return {row.name: row for row in rows}


def question_counts(f: Filters) -> dict[tuple[str, str], int]:
    """``{(clinic, module): Question tickets}`` opened in the period within ``f``."""
    condition, params = f.where("t")
    rows = frappe.db.sql(
        f"""select t.clinic, t.system_module, count(*) from `tabHD Ticket` t
            where {condition} and t.ticket_category = %(hd_question)s
              and ifnull(t.clinic, '') != '' and ifnull(t.system_module, '') != ''
            group by t.clinic, t.system_module""",
        {**params, "hd_question": QUESTION})
    return {(clinic, module): int(count) for clinic, module, count in rows}


def active_users(f: Filters, clinics: dict[str, frappe._dict], people: dict[str, set[str]]) -> dict[str, set[str]]:
    """``{clinic: {user}}``: the active users (see the module's docstring) of every clinic in
    ``clinics`` that has any (clinics without active users are absent). ``people``: ``{user:
    {HD Customer}}`` of the enabled clinic users (healthdesk.onboarding.panels.clinic_users)."""
    by_customer = {row.hd_customer: name for name, row in clinics.items() if row.hd_customer}
    members: dict[str, set[str]] = {}
    for user, customers in people.items():
        mine = {by_customer[c] for c in customers if c in by_customer}
        if mine:
            members[user] = mine
    if not members:
        return {}
    active = active_in_period(f, sorted(members))
    result: dict[str, set[str]] = {}
    for user in active:
        for clinic in members[user]:
            result.setdefault(clinic, set()).add(user)
    return result


def active_in_period(f: Filters, users: list[str]) -> set[str]:
    """Those of ``users`` who logged in, used the site or raised a ticket within ``f``'s period."""
    start = datetime.combine(f.from_date, time.min)
    end = datetime.combine(f.to_date + timedelta(days=1), time.min)
    found: set[str] = set()
    for chunk in _chunks(users, 1000):
        params = {"users": tuple(chunk), "start": start, "end": end}
        found |= {row[0] for row in frappe.db.sql(
            """select distinct a.user from `tabActivity Log` a
               where a.user in %(users)s and a.operation = 'Login' and a.status = 'Success'
                 and a.creation >= %(start)s and a.creation < %(end)s""", params)}
        found |= {row[0] for row in frappe.db.sql(
            """select u.name from `tabUser` u
               where u.name in %(users)s and u.last_active >= %(start)s and u.last_active < %(end)s""", params)}
    # raising a ticket (any category, any module, within the scope) in the period
    condition, params = replace(f, clinic=None, module=None).where("t")
    wanted = set(users)
    found |= {row[0] for row in frappe.db.sql(
        f"select distinct t.raised_by from `tabHD Ticket` t where {condition}", params) if row[0] in wanted}
    return found


def _chunks(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def completion_of(pairs: list[tuple[str, str]], active: dict[str, set[str]],
                  people: dict[str, set[str]]) -> dict[tuple[str, str], float]:
    """Onboarding completion of each (clinic, module) in ``pairs`` over the clinic's active users:
    each user's tasks of the module in the panel they see (their reseller's, else the global one,
    as :func:`healthdesk.onboarding.panels.choose_panel` decides), done or not."""
    from healthdesk.onboarding.panels import (
        PANEL,
        PROGRESS,
        active_panels,
        choose_panel,
        stage_groups,
        task_module,
        title_key,
    )

    if not pairs:
        return {}
    panels = active_panels()
    if not panels:
        return {}
    users = sorted({user for clinic, _module in pairs for user in active.get(clinic, ())})
    # A user's panel: from the resellers of all their active clinics (in scope or not), as the
    # onboarding page chooses it.
    customers = sorted({c for user in users for c in people.get(user, ())})
    reseller_of = dict(frappe.get_all(CLINIC, filters={"hd_customer": ["in", customers], "is_active": 1},
                                      fields=["hd_customer", "reseller"], as_list=True)) if customers else {}
    panel_of = {}
    for user in users:
        resellers = [reseller_of[c] for c in people.get(user, ()) if c in reseller_of]
        _reseller, panel = choose_panel(resellers, panels) if resellers else (None, None)
        if panel:
            panel_of[user] = panel
    tasks_by_panel: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for panel in set(panel_of.values()):
        by_module: dict[str, list[tuple[str, str]]] = {}
        for stage_row, task_rows in stage_groups(frappe.get_doc(PANEL, panel)):
            for task_row in task_rows:
                by_module.setdefault(title_key(task_module(task_row, stage_row)), []).append(
                    (title_key(stage_row.stage_title), title_key(task_row.task_title)))
        tasks_by_panel[panel] = by_module
    done = set()
    for chunk in _chunks(list(panel_of), 1000):
        for row in frappe.get_all(PROGRESS, filters={"user": ["in", chunk], "done": 1},
                                  fields=["user", "panel", "stage_title", "task_title"]):
            if panel_of.get(row.user) == row.panel:
                done.add((row.user, title_key(row.stage_title), title_key(row.task_title)))
    records = []
    for clinic, module in pairs:
        for user in active.get(clinic, ()):
            panel = panel_of.get(user)
            for stage_key, task_key in tasks_by_panel.get(panel, {}).get(title_key(module), []) if panel else []:
                records.append((clinic, module, user, f"{stage_key}\x1f{task_key}",
                                (user, stage_key, task_key) in done))
    return module_completion(records)


# --------------------------------------------------------------------------------------------
# Booking a retraining session
# --------------------------------------------------------------------------------------------


def book_session(clinic: str, module: str, notes: str | None = None, user: str | None = None) -> dict:
    """Book a retraining session on ``module`` for ``clinic`` (the onboarding panel's "Book a
    meeting" flow, healthdesk.onboarding.meeting): the clinic's reseller's Customer Success booking
    link when it has one; otherwise a Consultancy ticket (not covered by the SLA) for the clinic
    and module, raised by the person booking, or their open one for the same clinic and module.

    Only for a clinic in the user's indicator scope (the vendor: any; a cooperative's manager or
    desk agent: their cooperative's), checked here on the server: :class:`OutsideYourScope`."""
    user = user or frappe.session.user
    allowed = require_scope(user)
    clinic = (clinic or "").strip()
    row = frappe.db.get_value(CLINIC, clinic, ["name", "clinic_name", "reseller", "is_active"], as_dict=True) if clinic else None
    if not row:
        frappe.throw(_("Clinic {0} does not exist: choose a clinic of the list.").format(
            frappe.bold(escape_html(clinic))), frappe.DoesNotExistError, title=_("Clinic not found"))
    if allowed is not None and row.reseller not in allowed:
        frappe.throw(_("You can book sessions only for the clinics of your cooperative."), OutsideYourScope,
                     title=_("Not your cooperative"))
    module = (module or "").strip()
    if not module or not frappe.db.exists(SYSTEM_MODULE, module):
        frappe.throw(_("Module {0} does not exist: choose a system module of the list.").format(
            frappe.bold(escape_html(module))), UnknownModule, title=_("Unknown module"))
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        frappe.throw(_("Notes: write at most {0} characters.").format(MAX_NOTES), NotesTooLong,
                     title=_("Text too long"))

    from healthdesk.onboarding.meeting import ticket_values
    from healthdesk.onboarding.panels import booking_link

    link = booking_link(row.reseller)
    if link:
        return {"booking_link": link}
    existing = open_session_request(clinic, module)
    if existing:
        return {"ticket": existing, "existing": True}
    values = ticket_values(user, clinic, row.clinic_name, notes)
    values.update({
        "subject": _("Retraining session: {0}").format(module),
        "description": session_description(row, module, notes),
        "system_module": module,
        "via_customer_portal": 0,
    })
    ticket = frappe.get_doc(values)
    # The scope was checked above; a cooperative's manager is not a member of each clinic, so the
    # ticket is inserted as the site (healthdesk's ticket rules refuse a customer's ticket for a
    # clinic they do not belong to), raised by the person booking, who follows it.
    previous = frappe.session.user
    frappe.set_user("Administrator")
    try:
        ticket.flags.ignore_permissions = True
        ticket.insert()
    finally:
        frappe.set_user(previous)
    return {"ticket": ticket.name, "existing": False}


def open_session_request(clinic: str, module: str) -> str | None:
    """The clinic's latest open (or paused) retraining-session request on ``module``, if any."""
    subjects = list({SOURCE_SUBJECT.format(module), _("Retraining session: {0}").format(module)})
    found = frappe.get_all(HD_TICKET, filters={
        "clinic": clinic, "system_module": module, "subject": ["in", subjects],
        "status_category": ["in", ["Open", "Paused"]]}, pluck="name", order_by="creation desc", limit=1)
    return found[0] if found else None


def session_description(clinic: frappe._dict, module: str, notes: str) -> str:
    parts = [
        "<p>", escape_html(_("A retraining session on module {0} was requested for the clinic from the Retraining "
                             "Needs indicators.").format(module)), "</p>",
        "<p>", escape_html(_("Clinic")), ": ", escape_html(f"{clinic.name} - {clinic.clinic_name}"), "</p>",
    ]
    if notes:
        parts += ["<p><strong>", escape_html(_("Notes")), ":</strong><br>",
                  escape_html(notes).replace("\n", "<br>"), "</p>"]
    return "".join(parts)

