"""Onboarding panel glue: which panel a clinic user sees, their progress, stage notices, and
import / export in the resellers' format. The rules live in :mod:`healthdesk.core.onboarding`
(parsing, dumping, progress, the locking rule); this module only moves data between the
database and those pure functions.

Storage:

- **Onboarding Panel** holds the stages (child table *Onboarding Stage*, in order) and the tasks
  (child table *Onboarding Task*, in order, each naming its stage by title). ``reseller`` empty
  means the global default panel; one active panel per reseller and one active global panel.
- **Onboarding Progress**: one row per user and task done (stage title + task title, as the
  core keys progress), with when and how (watched to the end or marked by hand).
- **Onboarding Stage Notice**: one row per user and stage the user was told is open
  (``notificado``), so the notice happens once.

Which panel a user sees: the active panel of the reseller of their active clinics (Contact →
HD Customer → Clinic → Reseller); when their clinics belong to several resellers with a panel,
the reseller whose ID sorts first wins; when none has a panel, the active global panel.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import escape_html, now_datetime

from healthdesk.core.onboarding import (
    OnboardingFormatError,
    Panel,
    Stage,
    Task,
    all_done,
    dump_panel,
    panel_problems,
    parse_panel,
    progress,
    unlocked_stages,
    with_progress,
)
from healthdesk.core.onboarding.model import norm_title
from healthdesk.network.contacts import user_customers

PANEL = "Onboarding Panel"
PROGRESS = "Onboarding Progress"
NOTICE = "Onboarding Stage Notice"
WATCHED = "Watched"
MARKED_BY_HAND = "Marked by hand"
HOW_VALUES = (WATCHED, MARKED_BY_HAND)
PAGE_ROUTE = "/onboarding"
MAX_IMPORT_CHARS = 1_000_000


# Refusals, told apart by type (their text is translated).
class PanelTextUnreadable(frappe.ValidationError):
    """A reseller's panel text that does not parse (the message gives the line and column)."""


class PanelTextTooLong(frappe.ValidationError):
    pass


class ActivePanelExists(frappe.ValidationError):
    """A second active panel for a reseller, or a second active global panel."""


class DuplicateTitle(frappe.ValidationError):
    """Two stages, or two tasks of a stage, with the same title (progress is kept by title)."""


class UnknownStage(frappe.ValidationError):
    """A task naming a stage the panel does not have."""


# --------------------------------------------------------------------------------------------
# Keys
# --------------------------------------------------------------------------------------------


def title_key(title: str | None) -> str:
    """How titles are compared when matching rows: the same key as the panel reader
    (healthdesk.core.onboarding.norm_title)."""
    return norm_title(title or "")


# --------------------------------------------------------------------------------------------
# Panel documents ↔ core panels
# --------------------------------------------------------------------------------------------


def stage_groups(doc) -> list[tuple[object, list[object]]]:
    """``[(stage row, [task rows])]`` in order; tasks follow their table order within a stage."""
    groups = [(stage, []) for stage in doc.get("stages") or []]
    by_title = {}
    for stage, tasks in groups:
        by_title.setdefault(title_key(stage.stage_title), tasks)
    for task in doc.get("tasks") or []:
        bucket = by_title.get(title_key(task.stage))
        if bucket is not None:
            bucket.append(task)
    return groups


def core_panel(doc) -> Panel:
    """The panel as the core sees it, with nothing done and nothing notified."""
    stages = []
    for stage_row, task_rows in stage_groups(doc):
        tasks = tuple(Task.from_link(row.task_title or "", False, row.link or "") for row in task_rows)
        stages.append(Stage(stage_row.stage_title or "", bool(stage_row.locked), False, tasks))
    return Panel(tuple(stages), doc.get("preview") or None)


def problems_of(doc) -> tuple[str, ...]:
    """The panel's problems as whole sentences in the user's language."""
    return tuple(problem.translate(_) for problem in panel_problems(core_panel(doc)))


def done_pairs(user: str, panel: str) -> list[tuple[str, str]]:
    rows = frappe.get_all(
        PROGRESS, filters={"user": user, "panel": panel, "done": 1}, fields=["stage_title", "task_title"]
    )
    return [(row.stage_title, row.task_title) for row in rows]


def noticed_stages(user: str, panel: str) -> list[str]:
    return frappe.get_all(NOTICE, filters={"user": user, "panel": panel}, pluck="stage_title")


def user_panel(doc, user: str) -> Panel:
    """The panel with ``user``'s done tasks and notified stages (what an export of their panel holds)."""
    return with_progress(core_panel(doc), done_pairs(user, doc.name), notified=noticed_stages(user, doc.name))


def export_text(doc, user: str | None = None) -> str:
    """The panel in the resellers' format; with ``user``, their own ``efetuada`` / ``notificado``."""
    return dump_panel(user_panel(doc, user) if user else core_panel(doc))


# --------------------------------------------------------------------------------------------
# Who sees which panel
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """A clinic user and the panel they see."""

    user: str
    clinics: tuple  # active clinics (frappe._dict name, clinic_name, reseller), by base id
    reseller: str | None  # the reseller whose panel (and booking link) applies
    panel: str | None


def active_panels() -> dict[str | None, str]:
    """``{reseller or None: panel name}`` of the active panels (the oldest wins a tie)."""
    panels: dict[str | None, str] = {}
    for row in frappe.get_all(PANEL, filters={"is_active": 1}, fields=["name", "reseller"], order_by="creation asc"):
        panels.setdefault(row.reseller or None, row.name)
    return panels


def choose_panel(resellers: Iterable[str], panels: dict[str | None, str]) -> tuple[str | None, str | None]:
    """``(reseller, panel)`` for a user whose clinics belong to ``resellers``.

    The first reseller by ID that has an active panel; otherwise the global panel, with the first
    reseller by ID (for its booking link). Deterministic for multi-reseller users.
    """
    ordered = sorted({r for r in resellers if r})
    for reseller in ordered:
        if reseller in panels:
            return reseller, panels[reseller]
    return (ordered[0] if ordered else None), panels.get(None)


def user_clinics(user: str) -> list:
    customers = list(user_customers(user))
    if not customers:
        return []
    return frappe.get_all(
        "Clinic",
        filters={"hd_customer": ["in", customers], "is_active": 1},
        fields=["name", "clinic_name", "reseller"],
        order_by="name asc",
    )


def viewer_for(user: str) -> Viewer:
    clinics = user_clinics(user) if user and user != "Guest" else []
    reseller, panel = choose_panel((c.reseller for c in clinics), active_panels()) if clinics else (None, None)
    return Viewer(user, tuple(clinics), reseller, panel)


def require_viewer() -> Viewer:
    """The current user as a clinic user with a panel, or a message saying why not."""
    user = frappe.session.user
    if user == "Guest":
        frappe.throw(_("Log in to see your onboarding panel."), frappe.PermissionError, title=_("Not logged in"))
    viewer = viewer_for(user)
    if not viewer.clinics:
        frappe.throw(no_clinic_message(), frappe.PermissionError, title=_("No clinic"))
    if not viewer.panel:
        frappe.throw(no_panel_message(), title=_("No onboarding panel"))
    return viewer


def no_clinic_message() -> str:
    return _(
        "Your user is not linked to any active clinic, so there is no onboarding panel for you. "
        "Ask your reseller's support to link your user to your clinic."
    )


def no_panel_message() -> str:
    return _("There is no onboarding panel for your clinic yet. Ask your reseller's support.")


# --------------------------------------------------------------------------------------------
# A user's state
# --------------------------------------------------------------------------------------------


def task_module(task_row, stage_row) -> str:
    """The module a task teaches: its own, else its stage's, else the stage title (the handbook's
    stages are grouped by module)."""
    return (task_row.module or stage_row.module or stage_row.stage_title or "").strip()


def build_state(viewer: Viewer, doc, new_stages: Iterable[str] = ()) -> dict:
    """Everything the panel page shows, for ``viewer`` (texts already in the user's language)."""
    panel = user_panel(doc, viewer.user)
    groups = stage_groups(doc)
    opened = unlocked_stages(panel)
    overall = progress(panel)
    how_by_task = {
        (title_key(row.stage_title), title_key(row.task_title)): row
        for row in frappe.get_all(
            PROGRESS,
            filters={"user": viewer.user, "panel": doc.name, "done": 1},
            fields=["stage_title", "task_title", "how", "done_on"],
        )
    }
    stages = []
    for index, ((stage_row, task_rows), stage, stage_progress) in enumerate(
        zip(groups, panel.stages, overall.stages, strict=True)
    ):
        lock_reason = None
        if not opened[index]:
            waiting = next(s for s in panel.stages[:index] if not s.complete)
            lock_reason = _("Finish the stage {0} to open this one.").format(f"“{waiting.title}”")
        tasks = []
        for task_row, task in zip(task_rows, stage.tasks, strict=True):
            record = how_by_task.get((title_key(stage.title), title_key(task.title)))
            tasks.append(
                {
                    "key": task_row.name,
                    "title": task.title,
                    "module": task_module(task_row, stage_row),
                    "done": task.done,
                    "how": record.how if record and task.done else None,
                    "kind": "video" if task.video_id else ("article" if task.url else "missing"),
                    "url": task.url,
                    "video_id": task.video_id,
                    "embed": task.embed,
                }
            )
        stages.append(
            {
                "key": stage_row.name,
                "number": index + 1,
                "title": stage.title,
                "module": (stage_row.module or "").strip(),
                "open": opened[index],
                "lock_reason": lock_reason,
                "done": stage_progress.done,
                "total": stage_progress.total,
                "percent": stage_progress.percent,
                "complete": stage_progress.complete,
                "tasks": tasks,
            }
        )
    return {
        "panel": doc.name,
        "panel_title": doc.panel_title,
        "preview": doc.preview or "",
        "stages": stages,
        "done": overall.done,
        "total": overall.total,
        "percent": overall.percent,
        "complete": all_done(panel),
        "new_stages": list(new_stages),
        "unnoticed": unnoticed_stages(viewer, doc, panel),
        "booking_link": booking_link(viewer.reseller),
        "clinics": [{"name": c.name, "label": f"{c.name} - {c.clinic_name}"} for c in viewer.clinics],
    }


def booking_link(reseller: str | None) -> str | None:
    """The reseller's Customer Success booking link, when it is an http(s) address."""
    link = (frappe.db.get_value("Reseller", reseller, "cs_booking_link") or "").strip() if reseller else ""
    return link if link.lower().startswith(("https://", "http://")) else None


# --------------------------------------------------------------------------------------------
# Marking tasks done
# --------------------------------------------------------------------------------------------


def find_task(doc, task: str):
    """``(stage index, task index, stage row, task row)`` of the task row named ``task``, or None."""
    for index, (stage_row, task_rows) in enumerate(stage_groups(doc)):
        for position, row in enumerate(task_rows):
            if row.name == task:
                return index, position, stage_row, row
    return None


def mark_done(viewer: Viewer, doc, task: str, how: str) -> list[str]:
    """Record that ``viewer`` did ``task`` (a task row of their panel); returns the titles of the
    stages this opened (notified now). Denies tasks of other panels and of locked stages."""
    if how not in HOW_VALUES:
        frappe.throw(_("Unknown way of completing a task: {0}.").format(escape_html(str(how))))
    found = find_task(doc, task)
    if not found:
        frappe.throw(
            _("This task is not in your onboarding panel."), frappe.PermissionError, title=_("Not your panel")
        )
    index, position, stage_row, task_row = found
    panel = user_panel(doc, viewer.user)
    if not unlocked_stages(panel)[index]:
        frappe.throw(
            _("The stage {0} is locked: finish the earlier stages first.").format(
                frappe.bold(escape_html(stage_row.stage_title))
            ),
            frappe.PermissionError,
            title=_("Stage locked"),
        )
    if panel.stages[index].tasks[position].done:
        return []
    name = frappe.db.get_value(PROGRESS, {"user": viewer.user, "panel": doc.name, "stage_title": stage_row.stage_title,
                                           "task_title": task_row.task_title})
    if name:
        frappe.db.set_value(PROGRESS, name, {"done": 1, "done_on": now_datetime(), "how": how})
    else:
        record = frappe.get_doc(
            {
                "doctype": PROGRESS,
                "user": viewer.user,
                "panel": doc.name,
                "stage_title": stage_row.stage_title,
                "task_title": task_row.task_title,
                "done": 1,
                "done_on": now_datetime(),
                "how": how,
            }
        )
        try:
            record.insert(ignore_permissions=True)
        except frappe.DuplicateEntryError:
            pass  # a second click raced the first: already recorded
    return record_notices(viewer, doc)


# --------------------------------------------------------------------------------------------
# Stage notices ("notificado")
# --------------------------------------------------------------------------------------------


def unnoticed_stages(viewer: Viewer, doc, panel: Panel | None = None) -> list[str]:
    """Titles of the open stages the user was not told about yet (read-only)."""
    panel = panel or user_panel(doc, viewer.user)
    return [
        stage.title
        for stage, is_open in zip(panel.stages, unlocked_stages(panel), strict=True)
        if is_open and not stage.notified
    ]


def record_notices(viewer: Viewer, doc) -> list[str]:
    """Tell the user, once, about each open stage they were not told about: a Notification Log
    (in-app, linking to the page) and a notice row. Returns the stage titles notified now."""
    titles = unnoticed_stages(viewer, doc)
    notified = []
    for title in titles:
        if frappe.db.exists(NOTICE, {"user": viewer.user, "panel": doc.name, "stage_title": title}):
            continue
        notice = frappe.get_doc(
            {
                "doctype": NOTICE,
                "user": viewer.user,
                "panel": doc.name,
                "stage_title": title,
                "notified_on": now_datetime(),
            }
        )
        try:
            notice.insert(ignore_permissions=True)
        except frappe.DuplicateEntryError:
            continue
        notified.append(title)
        notify(viewer.user, doc.name, title)
    return notified


def notify(user: str, panel: str, stage_title: str) -> None:
    from healthdesk.notifications import notify as send

    send([user], _("New onboarding stage open: {0}").format(frappe.bold(escape_html(stage_title))), PANEL, panel,
         link=PAGE_ROUTE, from_user="Administrator", only_if_enabled=True)


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


def format_error_message(error: OnboardingFormatError) -> str:
    """The parser's error in the user's language, with its line and column (HTML-escaped)."""
    detail = error.detail.translate(_)  # the sentence and the phrases in it, each whole
    return _("Line {0}, column {1}: {2}").format(error.line, error.column, escape_html(detail))


def read_panel_text(text: str) -> Panel:
    """Parse a reseller's text, turning a format error into a message an admin can act on."""
    if len(text) > MAX_IMPORT_CHARS:
        frappe.throw(
            _("The text is too long ({0} characters); an onboarding panel fits in {1}.").format(
                len(text), MAX_IMPORT_CHARS
            ),
            PanelTextTooLong,
            title=_("Text too long"),
        )
    try:
        return parse_panel(text)
    except OnboardingFormatError as error:
        frappe.throw(format_error_message(error), PanelTextUnreadable, title=_("The panel text cannot be read"))


def import_summary(panel: Panel) -> dict:
    return {
        "stages": [
            {"title": stage.title, "locked": stage.locked, "tasks": len(stage.tasks),
             "videos": sum(1 for task in stage.tasks if task.video_id)}
            for stage in panel.stages
        ],
        "stage_count": len(panel.stages),
        "task_count": sum(len(stage.tasks) for stage in panel.stages),
        "has_preview": panel.preview is not None,
        "problems": [problem.translate(_) for problem in panel.problems],
    }


def replace_content(doc, panel: Panel) -> None:
    """Replace the stages and tasks of ``doc`` with those of ``panel`` (``efetuada`` and
    ``notificado`` of the file are per-user state and are not imported). Modules typed in the desk
    are kept for stages and tasks whose titles stay; progress is kept by title, so users keep what
    they did in stages and tasks that keep their titles. The preview text is replaced only when
    the file has one."""
    stage_modules = {title_key(row.stage_title): row.module for row in doc.get("stages") or []}
    task_modules = {(title_key(row.stage), title_key(row.task_title)): row.module for row in doc.get("tasks") or []}
    doc.set("stages", [])
    doc.set("tasks", [])
    for stage in panel.stages:
        doc.append(
            "stages",
            {"stage_title": stage.title, "locked": int(stage.locked), "module": stage_modules.get(title_key(stage.title))},
        )
        for task in stage.tasks:
            doc.append(
                "tasks",
                {
                    "stage": stage.title,
                    "task_title": task.title,
                    "link": task.raw_link,
                    "module": task_modules.get((title_key(stage.title), title_key(task.title))),
                },
            )
    if panel.preview is not None:
        doc.preview = panel.preview


# --------------------------------------------------------------------------------------------
# Housekeeping
# --------------------------------------------------------------------------------------------


def rename_titles(panel: str, stage_renames: list[tuple[str, str]], task_renames: list[tuple[str, str, str]]) -> None:
    """Keep progress and notices when an admin renames a stage or task in the desk.

    ``stage_renames``: (old, new) stage titles; ``task_renames``: (stage title after the stage
    renames, old task title, new task title). Two steps through placeholders, so swapping two
    titles works.
    """
    for doctype in (PROGRESS, NOTICE):
        steps = [(old, f"__renaming__{frappe.generate_hash(length=12)}", new) for old, new in stage_renames]
        for old, temp, _new in steps:
            frappe.db.set_value(doctype, {"panel": panel, "stage_title": old}, "stage_title", temp, update_modified=False)
        for _old, temp, new in steps:
            frappe.db.set_value(doctype, {"panel": panel, "stage_title": temp}, "stage_title", new, update_modified=False)
    steps = [(stage, old, f"__renaming__{frappe.generate_hash(length=12)}", new) for stage, old, new in task_renames]
    for stage, old, temp, _new in steps:
        frappe.db.set_value(PROGRESS, {"panel": panel, "stage_title": stage, "task_title": old}, "task_title", temp,
                            update_modified=False)
    for stage, _old, temp, new in steps:
        frappe.db.set_value(PROGRESS, {"panel": panel, "stage_title": stage, "task_title": temp}, "task_title", new,
                            update_modified=False)


def delete_panel_records(panel: str) -> None:
    frappe.db.delete(PROGRESS, {"panel": panel})
    frappe.db.delete(NOTICE, {"panel": panel})


def delete_user_records(doc, method=None) -> None:
    """``on_trash`` of User: a deleted user's onboarding progress and notices go with them."""
    frappe.db.delete(PROGRESS, {"user": doc.name})
    frappe.db.delete(NOTICE, {"user": doc.name})


# --------------------------------------------------------------------------------------------
# Completion figures (the Onboarding Completion report)
# --------------------------------------------------------------------------------------------


def report_scope(user: str | None = None) -> list[str] | None:
    """None when ``user`` sees every reseller's figures; otherwise the resellers they manage."""
    from healthdesk.network.clinics import managed_resellers
    from healthdesk.network.permissions import ADMIN_ROLES, RESELLER_MANAGER

    user = user or frappe.session.user
    roles = set(frappe.get_roles(user))
    if user == "Administrator" or ADMIN_ROLES & roles:
        return None
    if RESELLER_MANAGER in roles:
        return managed_resellers(user)
    return []


def clinic_users() -> dict[str, set[str]]:
    """``{user: {HD Customer, ...}}`` for every enabled user linked to a clinic's HD Customer,
    matched as Helpdesk matches a user to their Contact (contact name or e-mail)."""
    rows = frappe.db.sql(
        """
        select c.name as contact, c.email_id, dl.link_name as customer
        from `tabDynamic Link` dl join `tabContact` c on c.name = dl.parent
        where dl.parenttype = 'Contact' and dl.parentfield = 'links' and dl.link_doctype = 'HD Customer'
        """,
        as_dict=True,
    )
    candidates: dict[str, set[str]] = {}
    for row in rows:
        for user in {row.contact, row.email_id}:
            if user:
                candidates.setdefault(user, set()).add(row.customer)
    if not candidates:
        return {}
    enabled = set(frappe.get_all("User", filters={"name": ["in", list(candidates)], "enabled": 1}, pluck="name"))
    return {user: customers for user, customers in candidates.items() if user in enabled}


def completion_records(resellers: list[str] | None, reseller: str | None = None, clinic: str | None = None):
    """One :class:`~healthdesk.core.onboarding_completion.TaskRecord` per clinic user, clinic and
    task of the panel the user sees, for active clinics of ``resellers`` (None: all), optionally
    narrowed to one ``reseller`` or ``clinic``."""
    from healthdesk.core.onboarding_completion import TaskRecord

    if resellers is not None and not resellers:
        return []
    clinics_by_customer = {
        row.hd_customer: row
        for row in frappe.get_all(
            "Clinic", filters={"is_active": 1, "hd_customer": ["is", "set"]},
            fields=["name", "clinic_name", "reseller", "hd_customer"],
        )
    }
    users = {}
    for user, customers in clinic_users().items():
        rows = sorted((clinics_by_customer[c] for c in customers if c in clinics_by_customer), key=lambda r: r.name)
        if rows:
            users[user] = rows
    panels = active_panels()
    docs: dict[str, tuple] = {}
    done: dict[tuple[str, str], list[tuple[str, str]]] = {}
    if panels:
        for row in frappe.get_all(
            PROGRESS, filters={"done": 1, "panel": ["in", list(panels.values())]},
            fields=["user", "panel", "stage_title", "task_title"],
        ):
            done.setdefault((row.user, row.panel), []).append((row.stage_title, row.task_title))
    records = []
    for user, rows in users.items():
        _reseller, panel_name = choose_panel((r.reseller for r in rows), panels)
        if not panel_name:
            continue
        shown = [
            r for r in rows
            if (resellers is None or r.reseller in resellers)
            and (not reseller or r.reseller == reseller)
            and (not clinic or r.name == clinic)
        ]
        if not shown:
            continue
        if panel_name not in docs:
            doc = frappe.get_doc(PANEL, panel_name)
            docs[panel_name] = (stage_groups(doc), core_panel(doc))
        groups, base = docs[panel_name]
        panel = with_progress(base, done.get((user, panel_name), []))
        for clinic_row in shown:
            for number, ((stage_row, task_rows), stage) in enumerate(zip(groups, panel.stages, strict=True), 1):
                for task_row, task in zip(task_rows, stage.tasks, strict=True):
                    records.append(
                        TaskRecord(
                            user=user, reseller=clinic_row.reseller, clinic=clinic_row.name, panel=panel_name,
                            stage_number=number, stage=stage.title, module=task_module(task_row, stage_row),
                            task=task.title, done=task.done,
                        )
                    )
    return records
