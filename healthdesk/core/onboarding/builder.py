"""The onboarding panel's file format ("conquistas"): read, check and write it.

A reseller sends its own panel material as a txt file holding JSON in this structure (seed 000, section 5.3.1)::

    "conquistas": [
      {
        "descricao": "Processos para Cooperados Unimed XPTO",   -> Stage.title
        "bloqueada": false,                                      -> Stage.locked
        "notificado": true,                                      -> Stage.notified
        "tarefas": [                                             -> Stage.tasks
          {"titulo": "Autorização de guia – Teleconsulta",       -> Task.title
           "efetuada": true,                                     -> Task.done
           "identificador_artigo": "INSERIR LINK DO YOUTUBE"},   -> Task.raw_link (url, video_id)
          ...
        ]
      },

Reading rules of :func:`parse_panel` (the text is what a reseller really sends, so it is lenient
about form and strict about content):

* Three shapes are accepted: a full object ``{"conquistas": [...]}``, a bare list of stages
  ``[...]``, and the fragment exactly as the handbook prints it -- ``"conquistas": [ ... ]``
  with no outer braces (more ``"key": value`` members may follow, separated by commas).
* **Unclosed stage list.** The handbook's example is cut after its first stage: it ends with
  ``},`` and never closes the ``[`` of ``"conquistas"``. In the two brace-less shapes (fragment
  and bare list) a stage list that is still open at the end of the text is read as ending there,
  provided at least one complete stage was read; ``Panel.problems`` then says so (a file cut
  in the middle of a stage, or a full ``{...}`` object left open, is still an error).
* A UTF-8 BOM, CRLF / CR line endings, no-break and zero-width spaces between values, and one
  trailing comma before any ``]`` / ``}`` and at the very end are tolerated.
* Typographic ("smart") quotes ``“ ” „ ‘ ’`` and single quotes are NOT read as string
  delimiters: word processors insert them, and guessing where such a text ends is ambiguous when
  the titles themselves contain typographic quotes, so a wrong guess would silently change a title
  or a link. They are reported with their exact line and column and how to fix them. Inside a
  normal ``"..."`` text they are ordinary characters (``"Clique em “Salvar”"`` is fine).
* A text value cannot span lines (write ``\\n``); tabs inside texts are accepted.
* Keys are case-sensitive. ``bloqueada``, ``notificado`` and ``efetuada`` default to ``false``
  when absent; a missing ``identificador_artigo`` (or ``null``) is an empty link. ``descricao``,
  ``titulo`` and ``tarefas`` are required. Unknown keys are ignored and listed in
  ``Panel.problems``. A key given twice in the same object is an error.
* The optional preview text ("texto complementar para ficar na prévia") is the top-level key
  ``"previa"``; ``"prévia"``, ``"texto_previa"``, ``"texto_complementar"`` and ``"preview"`` are
  accepted as aliases. :func:`dump_panel` writes ``"previa"``.

Every syntax or content error raises :class:`OnboardingFormatError` (a ``ValueError``) whose
``line`` / ``column`` are 1-based and refer to the original text: lines are split at CRLF, LF or
CR; columns count characters (a tab is one column, the BOM is not counted). Messages are plain
English sentences for the app to translate; ``template`` / ``params`` carry the unfilled form.

This module is the schema: it turns what :mod:`~healthdesk.core.onboarding.reader` read into the
:mod:`~healthdesk.core.onboarding.model` and back (:func:`dump_panel`), and says what is wrong
with a panel (:func:`panel_problems`). Standard library only; nothing here imports frappe.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from healthdesk.core.onboarding.links import is_youtube_link
from healthdesk.core.onboarding.model import OnboardingFormatError, Panel, Stage, Task, norm_title
from healthdesk.core.onboarding.reader import Node, Reader, describe_node, shown

#: The home-screen panel is designed for exactly this many stages (a different count is a problem,
#: not an error).
EXPECTED_STAGE_COUNT = 5
#: Key written by :func:`dump_panel` for the preview text.
PREVIEW_KEY = "previa"
#: Keys accepted for the preview text, at the top level of the panel.
PREVIEW_ALIASES = ("previa", "prévia", "texto_previa", "texto_complementar", "preview")

STAGES_KEY = "conquistas"
_STAGE_KEYS = ("descricao", "bloqueada", "notificado", "tarefas")
_TASK_KEYS = ("titulo", "efetuada", "identificador_artigo")


def _place_name(path: tuple[Any, ...], list_path: tuple[Any, ...]) -> str | None:
    """The panel's names for places of the text (:data:`~healthdesk.core.onboarding.reader.Places`):
    the list of stages, a stage, its task list, a task; None elsewhere."""
    if path == list_path:
        return f'the list of stages ("{STAGES_KEY}")'
    if not path:
        return "the panel"
    depth = len(list_path)
    if len(path) > depth and path[:depth] == list_path and isinstance(path[depth], int):
        stage, rest = path[depth], path[depth + 1 :]
        if not rest:
            return f"stage {stage + 1}"
        if rest == ("tarefas",):
            return f'the task list ("tarefas") of stage {stage + 1}'
        if len(rest) == 2 and rest[0] == "tarefas" and isinstance(rest[1], int):
            return f"task {rest[1] + 1} of stage {stage + 1}"
    return None


def _cap(text: str) -> str:
    """First letter upper-cased, the rest untouched (unlike ``str.capitalize``)."""
    return text[:1].upper() + text[1:]


def _stage_name(number: int, title: str) -> str:
    return f'stage {number} ("{shown(title)}")' if title.strip() else f"stage {number}"


def _task_name(stage_number: int, stage_title: str, number: int, title: str) -> str:
    task = f'task {number} ("{shown(title)}")' if title.strip() else f"task {number}"
    return f"{_stage_name(stage_number, stage_title)}, {task}"


class Builder:
    """Checks the tree a :class:`Reader` read against the panel's schema and builds the panel;
    ``notes`` collects ``(position, message)`` of what was noticed but is not an error."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.notes: list[tuple[int, str]] = []

    def error(self, node_or_pos: Node | int, template: str, **params: Any) -> OnboardingFormatError:
        pos = node_or_pos.pos if isinstance(node_or_pos, Node) else node_or_pos
        return self.reader.error(pos, template, **params)

    def members(self, node: Node, owner: str) -> tuple[list[tuple[str, int, Node]], dict[str, Node]]:
        """The members of an object node, and its values by key; an error for any other node."""
        if node.kind != "object":
            raise self.error(
                node,
                "{owner} must be an object in {{ }}, but it is {found}.",
                owner=owner,
                found=describe_node(node),
            )
        return node.value, {key: value for key, _, value in node.value}

    def unknown_keys(self, members: list[tuple[str, int, Node]], known: Iterable[str], owner: str) -> None:
        known = tuple(known)
        for key, key_pos, _ in members:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            hint = f' Did you mean "{close[0]}"?' if close else ""
            self.notes.append(
                (
                    key_pos,
                    f"{_cap(self.reader.where(key_pos))}: {owner} has an unknown key"
                    f' "{shown(key, 40)}"; it is ignored.{hint}',
                )
            )

    def missing(
        self,
        node: Node,
        key: str,
        owner: str,
        meaning: str,
        members: list[tuple[str, int, Node]],
        known: Sequence[str],
    ) -> OnboardingFormatError:
        unknown = [k for k, _, _ in members if k not in known]
        close = difflib.get_close_matches(key, unknown, n=1, cutoff=0.6)
        hint = f' (found "{close[0]}": check the spelling)' if close else ""
        return self.error(
            node,
            '{owner} has no "{key}" ({meaning}){hint}.',
            owner=owner,
            key=key,
            meaning=meaning,
            hint=hint,
        )

    def text(self, node: Node, key: str, owner: str) -> str:
        if node.kind != "string":
            raise self.error(
                node,
                '{owner}: "{key}" must be a text in double quotes, but it is {found}.',
                owner=owner,
                key=key,
                found=describe_node(node),
            )
        return node.value

    def flag(self, node: Node | None, key: str, owner: str) -> bool:
        if node is None:
            return False
        if node.kind != "bool":
            hint = ""
            if node.kind == "string" and node.value.strip().lower() in ("true", "false"):
                hint = " Remove the quotes."
            raise self.error(
                node,
                '{owner}: "{key}" must be true or false, but it is {found}.{hint}',
                owner=_cap(owner),
                key=key,
                found=describe_node(node),
                hint=hint,
            )
        return bool(node.value)

    def build(self, root: Node) -> Panel:
        preview: str | None = None
        if root.kind == "array":
            stage_nodes = root.value
        elif root.kind == "object":
            members = root.value
            by_key = {key: node for key, _, node in members}
            if STAGES_KEY not in by_key:
                if "descricao" in by_key or "tarefas" in by_key:
                    raise self.error(
                        root, 'this looks like a single stage; put the stages inside "conquistas": [ ... ].'
                    )
                raise self.error(root, 'the panel has no "conquistas" (the list of stages).')
            stages_node = by_key[STAGES_KEY]
            if stages_node.kind != "array":
                raise self.error(
                    stages_node,
                    '"conquistas" must be a list of stages in [ ], but it is {found}.',
                    found=describe_node(stages_node),
                )
            stage_nodes = stages_node.value
            preview_found: tuple[str, int] | None = None
            for key, key_pos, node in members:
                if key not in PREVIEW_ALIASES:
                    continue
                if preview_found is not None:
                    raise self.reader.error(
                        key_pos,
                        'the preview text is given twice, as "{first}" and as "{key}"; keep only one.',
                        first=preview_found[0],
                        key=key,
                    )
                preview_found = (key, key_pos)
                if node.kind == "null":
                    preview = None
                elif node.kind == "string":
                    preview = node.value
                else:
                    raise self.error(
                        node,
                        'the preview text "{key}" must be a text in double quotes, but it is {found}.',
                        key=key,
                        found=describe_node(node),
                    )
            self.unknown_keys(members, (STAGES_KEY, *PREVIEW_ALIASES), "the panel")
        else:
            raise self.error(
                root,
                'expected the panel -- {{"conquistas": [ ... ]}}, a list of stages'
                ' [ ... ] or "conquistas": [ ... ] -- but found {found}.',
                found=describe_node(root),
            )
        stages = tuple(self.stage(node, number) for number, node in enumerate(stage_nodes, 1))
        return Panel(stages, preview)

    def stage(self, node: Node, number: int) -> Stage:
        owner = f"stage {number}"
        members, by_key = self.members(node, _cap(owner))
        if "descricao" not in by_key:
            raise self.missing(node, "descricao", _cap(owner), "the stage title", members, _STAGE_KEYS)
        title = self.text(by_key["descricao"], "descricao", _cap(owner))
        owner = _stage_name(number, title)
        locked = self.flag(by_key.get("bloqueada"), "bloqueada", owner)
        notified = self.flag(by_key.get("notificado"), "notificado", owner)
        if "tarefas" not in by_key:
            raise self.missing(node, "tarefas", _cap(owner), "the list of tasks", members, _STAGE_KEYS)
        tasks_node = by_key["tarefas"]
        if tasks_node.kind != "array":
            raise self.error(
                tasks_node,
                '{owner}: "tarefas" must be a list of tasks in [ ], but it is {found}.',
                owner=_cap(owner),
                found=describe_node(tasks_node),
            )
        self.unknown_keys(members, _STAGE_KEYS, _cap(owner))
        tasks = tuple(
            self.task(task_node, number, title, task_number)
            for task_number, task_node in enumerate(tasks_node.value, 1)
        )
        return Stage(title, locked, notified, tasks)

    def task(self, node: Node, stage_number: int, stage_title: str, number: int) -> Task:
        owner = f"{_stage_name(stage_number, stage_title)}, task {number}"
        members, by_key = self.members(node, _cap(owner))
        if "titulo" not in by_key:
            raise self.missing(node, "titulo", _cap(owner), "the task title", members, _TASK_KEYS)
        title = self.text(by_key["titulo"], "titulo", _cap(owner))
        owner = _task_name(stage_number, stage_title, number, title)
        done = self.flag(by_key.get("efetuada"), "efetuada", owner)
        link_node = by_key.get("identificador_artigo")
        link = ""
        if link_node is not None and link_node.kind != "null":
            link = self.text(link_node, "identificador_artigo", _cap(owner))
        self.unknown_keys(members, _TASK_KEYS, _cap(owner))
        return Task.from_link(title, done, link)


def parse_panel(text: str) -> Panel:
    """Read a reseller's panel text (see the module docstring for the accepted forms).

    Returns a :class:`Panel` whose ``problems`` hold what was noticed while reading (unknown keys,
    an unclosed stage list) followed by :func:`panel_problems`. Raises
    :class:`OnboardingFormatError` for anything that cannot be read.
    """
    if not isinstance(text, str):
        raise TypeError("parse_panel() needs the text as str; decode the file as UTF-8 first.")
    reader = Reader(text, places=_place_name, open_list_key=STAGES_KEY)
    root, _shape = reader.parse_document()
    builder = Builder(reader)
    panel = builder.build(root)
    if reader.left_open is not None:
        open_pos, count = reader.left_open
        builder.notes.append(
            (
                open_pos,
                f'The list of stages ("{STAGES_KEY}") opened at {reader.where(open_pos)} is not'
                f" closed with ']': the text ends after stage {count}, so the panel was read up"
                " to there. If stages are missing, send the complete file.",
            )
        )
    notes = tuple(message for _, message in sorted(builder.notes, key=lambda note: note[0]))
    return Panel(panel.stages, panel.preview, notes + panel_problems(panel))


def _earlier_same_title(first_by_title: dict[str, int], title: str, number: int) -> int | None:
    """The number of an earlier stage (or task) in ``first_by_title`` with the same title as this
    one, numbered ``number``; None when the title is new (it is then recorded)."""
    earlier = first_by_title.setdefault(norm_title(title), number)
    return earlier if earlier != number else None


def panel_problems(panel: Panel) -> tuple[str, ...]:
    """Everything that would keep the panel from working as intended, as sentences naming the
    stage (number and title) and task (number and title): a stage count other than 5, no stages,
    empty titles, duplicate stage or task titles (progress is kept by title), stages without
    tasks, a locked first stage, and every task without a usable link (placeholder, empty, not
    http(s), or a YouTube link that is not a single video)."""
    problems: list[str] = []
    count = len(panel.stages)
    if count == 0:
        problems.append("The panel has no stages.")
    elif count != EXPECTED_STAGE_COUNT:
        problems.append(
            f"The panel has {count} stage{'s' if count != 1 else ''}; the home-screen panel is"
            f" designed for {EXPECTED_STAGE_COUNT}."
        )
    first_stage_by_title: dict[str, int] = {}
    for number, stage in enumerate(panel.stages, 1):
        name = _cap(_stage_name(number, stage.title))
        if not stage.title.strip():
            problems.append(f'Stage {number} has an empty title ("descricao").')
        elif (earlier := _earlier_same_title(first_stage_by_title, stage.title, number)) is not None:
            problems.append(f"{name} has the same title as stage {earlier}; give each stage its own title.")
        if number == 1 and stage.locked:
            problems.append(
                f"{name} is locked, but there is no earlier stage to complete; it is shown unlocked."
            )
        if not stage.tasks:
            problems.append(f"{name} has no tasks.")
        first_task_by_title: dict[str, int] = {}
        for task_number, task in enumerate(stage.tasks, 1):
            task_name = _cap(_task_name(number, stage.title, task_number, task.title))
            if not task.title.strip():
                problems.append(f'{task_name} has an empty title ("titulo").')
            elif (earlier := _earlier_same_title(first_task_by_title, task.title, task_number)) is not None:
                problems.append(
                    f"{task_name} has the same title as task {earlier}; give each task its own title."
                )
            link = task.raw_link.strip()
            if not link:
                problems.append(
                    f'{task_name} has no link; fill "identificador_artigo" with the YouTube video or'
                    " help-center article link."
                )
            elif task.url is None:
                problems.append(
                    f'{task_name}: "{shown(link)}" is not a usable link; replace it with the YouTube'
                    " video or help-center article link, starting with https://."
                )
            elif task.video_id is None and is_youtube_link(link):
                problems.append(
                    f'{task_name}: the YouTube link "{shown(link)}" does not point to a single video;'
                    " use the link of the video itself."
                )
    return tuple(problems)


def dump_panel(panel: Panel) -> str:
    """The panel as JSON ``{"conquistas": [...]}`` (``ensure_ascii=False``, ``indent=2``, ending
    with a newline) with the seed's keys and the preview under ``"previa"`` when set; links are
    written as received (``raw_link``). ``parse_panel(dump_panel(p)) == p`` for every panel."""
    data: dict[str, Any] = {
        STAGES_KEY: [
            {
                "descricao": stage.title,
                "bloqueada": stage.locked,
                "notificado": stage.notified,
                "tarefas": [
                    {"titulo": task.title, "efetuada": task.done, "identificador_artigo": task.raw_link}
                    for task in stage.tasks
                ],
            }
            for stage in panel.stages
        ]
    }
    if panel.preview is not None:
        data[PREVIEW_KEY] = panel.preview
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
