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
English sentences; each is a :class:`~healthdesk.core.onboarding.messages.Message` whose
``template`` / ``params`` let the app translate it as a whole sentence, and so is every entry of
``Panel.problems``.

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
from healthdesk.core.onboarding.messages import Message, shown, template
from healthdesk.core.onboarding.model import OnboardingFormatError, Panel, Stage, Task, norm_title
from healthdesk.core.onboarding.reader import Node, Place, Reader, describe_node, place

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


def _place_name(path: tuple[Any, ...], list_path: tuple[Any, ...]) -> Place | None:
    """The panel's names for places of the text (:data:`~healthdesk.core.onboarding.reader.Places`):
    the list of stages, a stage, its task list, a task; None elsewhere."""
    if path == list_path:
        return place(
            template('the list of stages ("conquistas")'), template('in the list of stages ("conquistas")')
        )
    if not path:
        return place(template("the panel"), template("in the panel"))
    depth = len(list_path)
    if len(path) > depth and path[:depth] == list_path and isinstance(path[depth], int):
        stage, rest = path[depth] + 1, path[depth + 1 :]
        if not rest:
            return place(template("stage {stage}"), template("in stage {stage}"), stage=stage)
        if rest == ("tarefas",):
            return place(
                template('the task list ("tarefas") of stage {stage}'),
                template('in the task list ("tarefas") of stage {stage}'),
                stage=stage,
            )
        if len(rest) == 2 and rest[0] == "tarefas" and isinstance(rest[1], int):
            return place(
                template("task {task} of stage {stage}"),
                template("in task {task} of stage {stage}"),
                task=rest[1] + 1,
                stage=stage,
            )
    return None


def _stage_owner(number: int, title: str) -> Message:
    """The subject of a sentence about a stage: 'Stage 2' or 'Stage 2 ("Agenda")'."""
    if title.strip():
        return Message(template('Stage {stage} ("{stage_title}")'), stage=number, stage_title=shown(title))
    return Message(template("Stage {stage}"), stage=number)


def _task_owner(stage_number: int, stage_title: str, number: int, title: str) -> Message:
    """The subject of a sentence about a task: 'Stage 2 ("Agenda"), task 1 ("Agendar")', without
    the titles that are empty."""
    names = {
        "stage": stage_number,
        "stage_title": shown(stage_title),
        "task": number,
        "task_title": shown(title),
    }
    if stage_title.strip() and title.strip():
        return Message(template('Stage {stage} ("{stage_title}"), task {task} ("{task_title}")'), **names)
    if stage_title.strip():
        return Message(template('Stage {stage} ("{stage_title}"), task {task}'), **names)
    if title.strip():
        return Message(template('Stage {stage}, task {task} ("{task_title}")'), **names)
    return Message(template("Stage {stage}, task {task}"), **names)


class Builder:
    """Checks the tree a :class:`Reader` read against the panel's schema and builds the panel;
    ``notes`` collects ``(position, message)`` of what was noticed but is not an error."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.notes: list[tuple[int, Message]] = []

    def error(self, node_or_pos: Node | int, template: str, **params: Any) -> OnboardingFormatError:
        pos = node_or_pos.pos if isinstance(node_or_pos, Node) else node_or_pos
        return self.reader.error(pos, template, **params)

    def wrong(self, node: Node, template: str, **params: Any) -> OnboardingFormatError:
        """The error ``template`` about ``node``, whose ``{found}`` says what the node is."""
        return self.error(node, template, found=describe_node(node), **params)

    def members(self, node: Node, owner: Message) -> tuple[list[tuple[str, int, Node]], dict[str, Node]]:
        """The members of an object node, and its values by key; an error for any other node."""
        if node.kind != "object":
            raise self.wrong(
                node, template("{owner} must be an object in {{ }}, but it is {found}."), owner=owner
            )
        return node.value, {key: value for key, _, value in node.value}

    def unknown_keys(
        self, members: list[tuple[str, int, Node]], known: Iterable[str], owner: Message
    ) -> None:
        known = tuple(known)
        for key, key_pos, _ in members:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            line, column = self.reader.line_column(key_pos)
            if close:
                message = template(
                    'Line {line}, column {column}: {owner} has an unknown key "{key}"; it is ignored.'
                    ' Did you mean "{suggestion}"?'
                )
            else:
                message = template(
                    'Line {line}, column {column}: {owner} has an unknown key "{key}"; it is ignored.'
                )
            note = Message(
                message,
                line=line,
                column=column,
                owner=owner,
                key=shown(key, 40),
                suggestion=close[0] if close else "",
            )
            self.notes.append((key_pos, note))

    def missing(
        self,
        node: Node,
        key: str,
        owner: Message,
        members: list[tuple[str, int, Node]],
        known: Sequence[str],
        meaning: str,
    ) -> OnboardingFormatError:
        """The error for the required ``key`` missing from ``node``; ``meaning`` (a phrase
        template) says what the key holds. An unknown key of the object that looks like it is
        named as a likely misspelling."""
        unknown = [k for k, _, _ in members if k not in known]
        close = difflib.get_close_matches(key, unknown, n=1, cutoff=0.6)
        params = {"owner": owner, "key": key, "meaning": Message(meaning)}
        if close:
            return self.error(
                node,
                template('{owner} has no "{key}" ({meaning}) (found "{found_key}": check the spelling).'),
                found_key=close[0],
                **params,
            )
        return self.error(node, template('{owner} has no "{key}" ({meaning}).'), **params)

    def text(self, node: Node, key: str, owner: Message) -> str:
        if node.kind != "string":
            raise self.wrong(
                node,
                template('{owner}: "{key}" must be a text in double quotes, but it is {found}.'),
                owner=owner,
                key=key,
            )
        return node.value

    def flag(self, node: Node | None, key: str, owner: Message) -> bool:
        if node is None:
            return False
        if node.kind != "bool":
            quoted = node.kind == "string" and node.value.strip().lower() in ("true", "false")
            if quoted:
                message = template(
                    '{owner}: "{key}" must be true or false, but it is {found}. Remove the quotes.'
                )
            else:
                message = template('{owner}: "{key}" must be true or false, but it is {found}.')
            raise self.wrong(node, message, owner=owner, key=key)
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
                        root,
                        template(
                            'this looks like a single stage; put the stages inside "conquistas": [ ... ].'
                        ),
                    )
                raise self.error(root, template('the panel has no "conquistas" (the list of stages).'))
            stages_node = by_key[STAGES_KEY]
            if stages_node.kind != "array":
                raise self.wrong(
                    stages_node, template('"conquistas" must be a list of stages in [ ], but it is {found}.')
                )
            stage_nodes = stages_node.value
            preview_found: tuple[str, int] | None = None
            for key, key_pos, node in members:
                if key not in PREVIEW_ALIASES:
                    continue
                if preview_found is not None:
                    raise self.error(
                        key_pos,
                        template(
                            'the preview text is given twice, as "{first}" and as "{key}"; keep only one.'
                        ),
                        first=preview_found[0],
                        key=key,
                    )
                preview_found = (key, key_pos)
                if node.kind == "null":
                    preview = None
                elif node.kind == "string":
                    preview = node.value
                else:
                    raise self.wrong(
                        node,
                        template(
                            'the preview text "{key}" must be a text in double quotes, but it is {found}.'
                        ),
                        key=key,
                    )
            self.unknown_keys(members, (STAGES_KEY, *PREVIEW_ALIASES), Message(template("the panel")))
        else:
            raise self.wrong(
                root,
                template(
                    'expected the panel -- {{"conquistas": [ ... ]}}, a list of stages [ ... ] or '
                    '"conquistas": [ ... ] -- but found {found}.'
                ),
            )
        stages = tuple(self.stage(node, number) for number, node in enumerate(stage_nodes, 1))
        return Panel(stages, preview)

    def stage(self, node: Node, number: int) -> Stage:
        owner = _stage_owner(number, "")
        members, by_key = self.members(node, owner)
        if "descricao" not in by_key:
            raise self.missing(node, "descricao", owner, members, _STAGE_KEYS, template("the stage title"))
        title = self.text(by_key["descricao"], "descricao", owner)
        owner = _stage_owner(number, title)
        locked = self.flag(by_key.get("bloqueada"), "bloqueada", owner)
        notified = self.flag(by_key.get("notificado"), "notificado", owner)
        if "tarefas" not in by_key:
            raise self.missing(node, "tarefas", owner, members, _STAGE_KEYS, template("the list of tasks"))
        tasks_node = by_key["tarefas"]
        if tasks_node.kind != "array":
            raise self.wrong(
                tasks_node,
                template('{owner}: "tarefas" must be a list of tasks in [ ], but it is {found}.'),
                owner=owner,
            )
        self.unknown_keys(members, _STAGE_KEYS, owner)
        tasks = tuple(
            self.task(task_node, number, title, task_number)
            for task_number, task_node in enumerate(tasks_node.value, 1)
        )
        return Stage(title, locked, notified, tasks)

    def task(self, node: Node, stage_number: int, stage_title: str, number: int) -> Task:
        owner = _task_owner(stage_number, stage_title, number, "")
        members, by_key = self.members(node, owner)
        if "titulo" not in by_key:
            raise self.missing(node, "titulo", owner, members, _TASK_KEYS, template("the task title"))
        title = self.text(by_key["titulo"], "titulo", owner)
        owner = _task_owner(stage_number, stage_title, number, title)
        done = self.flag(by_key.get("efetuada"), "efetuada", owner)
        link_node = by_key.get("identificador_artigo")
        link = ""
        if link_node is not None and link_node.kind != "null":
            link = self.text(link_node, "identificador_artigo", owner)
        self.unknown_keys(members, _TASK_KEYS, owner)
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
        line, column = reader.line_column(open_pos)
        note = Message(
            template(
                'The list of stages ("conquistas") opened at line {line}, column {column} is not '
                "closed with ']': the text ends after stage {count}, so the panel was read up to "
                "there. If stages are missing, send the complete file."
            ),
            line=line,
            column=column,
            count=count,
        )
        builder.notes.append((open_pos, note))
    notes = tuple(message for _, message in sorted(builder.notes, key=lambda note: note[0]))
    return Panel(panel.stages, panel.preview, notes + panel_problems(panel))


def _earlier_same_title(first_by_title: dict[str, int], title: str, number: int) -> int | None:
    """The number of an earlier stage (or task) in ``first_by_title`` with the same title as this
    one, numbered ``number``; None when the title is new (it is then recorded)."""
    earlier = first_by_title.setdefault(norm_title(title), number)
    return earlier if earlier != number else None


def panel_problems(panel: Panel) -> tuple[Message, ...]:
    """Everything that would keep the panel from working as intended, as sentences naming the
    stage (number and title) and task (number and title): a stage count other than 5, no stages,
    empty titles, duplicate stage or task titles (progress is kept by title), stages without
    tasks, a locked first stage, and every task without a usable link (placeholder, empty, not
    http(s), or a YouTube link that is not a single video)."""
    problems: list[Message] = []
    count = len(panel.stages)
    if count == 0:
        problems.append(Message(template("The panel has no stages.")))
    elif count != EXPECTED_STAGE_COUNT:
        stage_count = (
            template("The panel has 1 stage; the home-screen panel is designed for {expected}.")
            if count == 1
            else template("The panel has {count} stages; the home-screen panel is designed for {expected}.")
        )
        problems.append(Message(stage_count, count=count, expected=EXPECTED_STAGE_COUNT))
    first_stage_by_title: dict[str, int] = {}
    for number, stage in enumerate(panel.stages, 1):
        owner = _stage_owner(number, stage.title)
        if not stage.title.strip():
            problems.append(
                Message(template('Stage {stage} has an empty title ("descricao").'), stage=number)
            )
        elif (earlier := _earlier_same_title(first_stage_by_title, stage.title, number)) is not None:
            problems.append(
                Message(
                    template("{owner} has the same title as stage {earlier}; give each stage its own title."),
                    owner=owner,
                    earlier=earlier,
                )
            )
        if number == 1 and stage.locked:
            problems.append(
                Message(
                    template(
                        "{owner} is locked, but there is no earlier stage to complete; it is shown unlocked."
                    ),
                    owner=owner,
                )
            )
        if not stage.tasks:
            problems.append(Message(template("{owner} has no tasks."), owner=owner))
        first_task_by_title: dict[str, int] = {}
        for task_number, task in enumerate(stage.tasks, 1):
            owner = _task_owner(number, stage.title, task_number, task.title)
            if not task.title.strip():
                problems.append(Message(template('{owner} has an empty title ("titulo").'), owner=owner))
            elif (earlier := _earlier_same_title(first_task_by_title, task.title, task_number)) is not None:
                problems.append(
                    Message(
                        template(
                            "{owner} has the same title as task {earlier}; give each task its own title."
                        ),
                        owner=owner,
                        earlier=earlier,
                    )
                )
            link = task.raw_link.strip()
            if not link:
                problems.append(
                    Message(
                        template(
                            '{owner} has no link; fill "identificador_artigo" with the YouTube video or '
                            "help-center article link."
                        ),
                        owner=owner,
                    )
                )
            elif task.url is None:
                problems.append(
                    Message(
                        template(
                            '{owner}: "{link}" is not a usable link; replace it with the YouTube video or '
                            "help-center article link, starting with https://."
                        ),
                        owner=owner,
                        link=shown(link),
                    )
                )
            elif task.video_id is None and is_youtube_link(link):
                problems.append(
                    Message(
                        template(
                            '{owner}: the YouTube link "{link}" does not point to a single video; use the '
                            "link of the video itself."
                        ),
                        owner=owner,
                        link=shown(link),
                    )
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
