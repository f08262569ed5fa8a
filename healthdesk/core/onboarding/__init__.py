"""Onboarding video panel ("conquistas"): parse, check, dump and track progress.

The clinic's home screen shows a panel of guidance videos grouped by module in 5 stages
("conquistas"); when every task is done an "Agendar um Horário" button appears. A reseller sends
its own material as a txt file holding JSON in this structure (seed 000, section 5.3.1)::

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

Standard library only; nothing here imports frappe.
"""

from __future__ import annotations

import bisect
import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "EXPECTED_STAGE_COUNT",
    "PREVIEW_ALIASES",
    "PREVIEW_KEY",
    "OnboardingFormatError",
    "Panel",
    "PanelProgress",
    "Stage",
    "StageProgress",
    "Task",
    "all_done",
    "done_flags",
    "done_keys",
    "dump_panel",
    "embed_url",
    "panel_problems",
    "parse_panel",
    "progress",
    "unlocked_stages",
    "watch_url",
    "with_progress",
    "youtube_video_id",
]

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


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


class OnboardingFormatError(ValueError):
    """The panel text cannot be read; ``line`` and ``column`` (1-based) point into the original.

    ``str(error)`` is ``"Line {line}, column {column}: {detail}"``. ``template`` is ``detail``
    before its placeholders were filled with ``params`` (``str.format`` style), for translation.
    """

    def __init__(self, line: int, column: int, template: str, **params: Any) -> None:
        self.line = line
        self.column = column
        self.template = template
        self.params = params
        self.detail = template.format(**params)
        super().__init__(f"Line {line}, column {column}: {self.detail}")


# --------------------------------------------------------------------------------------------
# YouTube links
# --------------------------------------------------------------------------------------------

_VIDEO_ID_RE = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_HOSTS = frozenset({"youtube.com", "youtu.be", "youtube-nocookie.com"})
_PATH_FORMS = {
    "youtube.com": ("shorts", "embed", "live", "v"),
    "youtube-nocookie.com": ("embed", "v"),
}
_WS_IN_LINK_RE = re.compile(r"\s")


def _is_video_id(value: str) -> bool:
    return _VIDEO_ID_RE.fullmatch(value) is not None


def _youtube_host(host: str) -> str | None:
    """``"youtube.com"`` / ``"youtu.be"`` / ``"youtube-nocookie.com"`` or None (``www.``/``m.`` ok)."""
    host = host.lower().rstrip(".")
    for prefix in ("www.", "m."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    return host if host in _YOUTUBE_HOSTS else None


def _split_link(link: str) -> tuple[str, Any] | None:
    """``(absolute_url, SplitResult)`` of an http(s) link, adding ``https:`` where it is missing
    for YouTube hosts only; None when the text is not such a link."""
    text = link.strip()
    if not text or _WS_IN_LINK_RE.search(text):
        return None
    candidates = [text]
    if text.startswith("//"):
        candidates.append("https:" + text)
    elif "://" not in text:
        candidates.append("https://" + text)
    for index, candidate in enumerate(candidates):
        try:
            parts = urlsplit(candidate)
            host = parts.hostname or ""
        except ValueError:
            continue
        if parts.scheme not in ("http", "https") or "." not in host.strip("."):
            continue
        if index > 0 and _youtube_host(host) is None:
            continue  # only YouTube links may omit the scheme
        return candidate, parts
    return None


def youtube_video_id(link: str) -> str | None:
    """The 11-character video id of a YouTube link, or None.

    Recognised (with or without ``http(s)://``, ``www.`` or ``m.``, any extra query parameters
    or ``#fragment``): ``youtube.com/watch?v=ID`` (``v`` anywhere in the query, ``&amp;``
    tolerated), ``youtu.be/ID``, ``youtube.com/shorts/ID``, ``/embed/ID``, ``/live/ID``,
    ``/v/ID``, and ``youtube-nocookie.com/embed/ID`` (or ``/v/ID``). An id is exactly 11
    characters of ``[A-Za-z0-9_-]``; other hosts (``music.youtube.com`` included) give None.
    """
    split = _split_link(link.replace("&amp;", "&"))
    if split is None:
        return None
    _, parts = split
    host = _youtube_host(parts.hostname or "")
    if host is None:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    candidate: str | None = None
    if host == "youtu.be":
        if len(segments) == 1:
            candidate = segments[0]
    elif segments == ["watch"] or segments == ["watch.php"]:
        values = parse_qs(parts.query).get("v", [])
        candidate = values[0].strip() if values else None
    elif len(segments) == 2 and segments[0] in _PATH_FORMS[host]:
        candidate = segments[1]
    return candidate if candidate is not None and _is_video_id(candidate) else None


def _is_youtube_link(link: str) -> bool:
    split = _split_link(link)
    return split is not None and _youtube_host(split[1].hostname or "") is not None


def watch_url(video_id: str) -> str:
    """``https://www.youtube.com/watch?v={video_id}`` (ValueError for an invalid id)."""
    if not _is_video_id(video_id):
        raise ValueError(f"Not a YouTube video id: {video_id!r}.")
    return f"https://www.youtube.com/watch?v={video_id}"


def embed_url(video_id: str) -> str:
    """The privacy-enhanced embed address of a video, for the panel's player iframe.

    ``https://www.youtube-nocookie.com/embed/{video_id}?enablejsapi=1&rel=0`` -- ``enablejsapi``
    lets the page learn when the video ends (to mark the task done), ``rel=0`` keeps related
    videos to the same channel. ValueError for an invalid id.
    """
    if not _is_video_id(video_id):
        raise ValueError(f"Not a YouTube video id: {video_id!r}.")
    return f"https://www.youtube-nocookie.com/embed/{video_id}?enablejsapi=1&rel=0"


def _link_target(link: str) -> tuple[str | None, str | None]:
    """``(url, video_id)`` of a task link.

    ``url`` is the link itself (stripped) when it is an http(s) address with a dotted host and no
    spaces; a YouTube link written without scheme gets ``https://`` in front. Anything else
    (the placeholder "INSERIR LINK DO YOUTUBE", empty text, ``ftp:``...) gives ``(None, None)``.
    """
    split = _split_link(link)
    if split is None:
        return None, None
    return split[0], youtube_video_id(link)


# --------------------------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One video or article of a stage.

    ``url`` and ``video_id`` are derived from ``raw_link`` (the ``identificador_artigo`` text,
    kept verbatim for :func:`dump_panel`; not part of equality). Pass None to have them derived;
    a value you pass must agree with the link (ValueError otherwise). With an empty ``raw_link``
    the link is taken from ``url``, or built from ``video_id`` (``watch_url``). The easy way is
    :meth:`from_link`.
    """

    title: str
    done: bool
    url: str | None
    video_id: str | None
    raw_link: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.title, str):
            raise TypeError(f"Task title must be a str, not {type(self.title).__name__}.")
        if not isinstance(self.done, bool):
            raise TypeError(f"Task done must be a bool, not {type(self.done).__name__}.")
        if not isinstance(self.raw_link, str):
            raise TypeError(f"Task raw_link must be a str, not {type(self.raw_link).__name__}.")
        if self.video_id is not None and not _is_video_id(self.video_id):
            raise ValueError(f"Not a YouTube video id: {self.video_id!r}.")
        link = self.raw_link
        if not link:
            if self.url is not None:
                link = self.url
            elif self.video_id is not None:
                link = watch_url(self.video_id)
        url, video_id = _link_target(link)
        if self.url is not None and self.url != url:
            raise ValueError(
                f"Task url {self.url!r} does not match its link {link!r} (expected {url!r});"
                " use Task.from_link()."
            )
        if self.video_id is not None and self.video_id != video_id:
            raise ValueError(
                f"Task video_id {self.video_id!r} does not match its link {link!r}"
                f" (expected {video_id!r}); use Task.from_link()."
            )
        object.__setattr__(self, "raw_link", link)
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "video_id", video_id)

    @classmethod
    def from_link(cls, title: str, done: bool, link: str) -> Task:
        """A task whose ``url`` / ``video_id`` come from ``link`` (any text)."""
        return cls(title, done, None, None, link)

    @property
    def embed(self) -> str | None:
        """:func:`embed_url` of the video, or None for an article or a missing link."""
        return embed_url(self.video_id) if self.video_id else None


@dataclass(frozen=True)
class Stage:
    """A stage ("conquista"): ``descricao``, ``bloqueada``, ``notificado``, ``tarefas``."""

    title: str
    locked: bool
    notified: bool
    tasks: tuple[Task, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.title, str):
            raise TypeError(f"Stage title must be a str, not {type(self.title).__name__}.")
        if not isinstance(self.locked, bool) or not isinstance(self.notified, bool):
            raise TypeError("Stage locked and notified must be bools.")
        tasks = tuple(self.tasks)
        if not all(isinstance(task, Task) for task in tasks):
            raise TypeError("Stage tasks must be Task objects.")
        object.__setattr__(self, "tasks", tasks)

    @property
    def complete(self) -> bool:
        """Every task is done (vacuously true for a stage without tasks)."""
        return all(task.done for task in self.tasks)


@dataclass(frozen=True)
class Panel:
    """The whole panel. ``problems`` (not part of equality) lists what would keep it from working:
    see :func:`panel_problems`; :func:`parse_panel` also adds what it noticed while reading."""

    stages: tuple[Stage, ...]
    preview: str | None = None
    problems: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        stages = tuple(self.stages)
        if not all(isinstance(stage, Stage) for stage in stages):
            raise TypeError("Panel stages must be Stage objects.")
        if self.preview is not None and not isinstance(self.preview, str):
            raise TypeError("Panel preview must be a str or None.")
        object.__setattr__(self, "stages", stages)
        object.__setattr__(self, "problems", tuple(self.problems))


@dataclass(frozen=True)
class StageProgress:
    """Progress of one stage: ``percent`` is ``done * 100 // total`` (0 without tasks), so it is
    100 only when the stage is ``complete``; ``complete`` is true for a stage without tasks."""

    title: str
    done: int
    total: int
    percent: int
    complete: bool


@dataclass(frozen=True)
class PanelProgress:
    """Progress of the whole panel; ``complete`` (= :func:`all_done`) needs at least one task."""

    stages: tuple[StageProgress, ...]
    done: int
    total: int
    percent: int
    complete: bool


# --------------------------------------------------------------------------------------------
# Tolerant JSON reader with positions
# --------------------------------------------------------------------------------------------

_WS_RE = re.compile("[ \t\r\n\u00a0\u200b\u2028\u2029\ufeff]*")
_STRING_RUN_RE = re.compile(r'[^"\\\x00-\x1f]*')
_NUMBER_RE = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_WORD_RE = re.compile(r"[^\W\d]\w*|\d+\w*")
_LINE_BREAK_RE = re.compile(r"\r\n|\r|\n")
_SMART_QUOTES = "“”„‟‘’‚‛«»″"
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_MAX_DEPTH = 64
_BOOL_HINT_WORDS = frozenset({"sim", "nao", "não", "verdadeiro", "falso", "yes", "no"})


@dataclass(slots=True)
class _Node:
    kind: str  # "object" | "array" | "string" | "number" | "bool" | "null"
    value: Any  # object: list[(key, key_pos, _Node)]; array: list[_Node]; else the Python value
    pos: int


def _shown(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _char_name(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    return f"U+{ord(char):04X}"


def _describe_node(node: _Node) -> str:
    if node.kind == "string":
        return f'the text "{_shown(node.value, 40)}"'
    if node.kind == "number":
        return f"the number {node.value}"
    if node.kind == "bool":
        return "true" if node.value else "false"
    if node.kind == "null":
        return "null"
    if node.kind == "array":
        return "a list [...]"
    return "an object {...}"


class _Reader:
    """Recursive-descent reader of lenient JSON keeping each value's position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.size = len(text)
        self.bom = 1 if text.startswith("\ufeff") else 0
        self.line_starts = [0] + [match.end() for match in _LINE_BREAK_RE.finditer(text)]
        self.pos = self.bom
        self.notes: list[tuple[int, str]] = []
        self.open_end_path: tuple[Any, ...] | None = None  # the stage list that may stay open

    # -- positions ---------------------------------------------------------------------------

    def line_column(self, pos: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.line_starts, pos) - 1
        column = pos - self.line_starts[index] + 1
        if index == 0 and pos >= self.bom:
            column -= self.bom
        return index + 1, max(column, 1)

    def error(self, pos: int, template: str, **params: Any) -> OnboardingFormatError:
        line, column = self.line_column(pos)
        return OnboardingFormatError(line, column, template, **params)

    # The two messages are translation keys (healthdesk/translations): keep them whole.
    UNCLOSED = {
        "}": "the text ends before the '}}' that closes {where} (opened at {opened}).",
        "]": "the text ends before the ']' that closes {where} (opened at {opened}).",
    }

    def unclosed(self, closer: str, where: str, open_pos: int) -> OnboardingFormatError:
        """The text ended inside an object or list opened at ``open_pos``."""
        return self.error(self.pos, self.UNCLOSED[closer], where=where, opened=self.where(open_pos))

    def where(self, pos: int) -> str:
        line, column = self.line_column(pos)
        return f"line {line}, column {column}"

    # -- descriptions of places, for messages ---------------------------------------------------

    def _stage_path(self, path: tuple[Any, ...]) -> tuple[int, tuple[Any, ...]] | None:
        """``(stage_index, rest)`` when ``path`` is inside a stage of the stage list."""
        if self.open_end_path is None and path[:1] == (STAGES_KEY,):
            base: tuple[Any, ...] = (STAGES_KEY,)
        elif self.open_end_path is not None:
            base = self.open_end_path
        else:
            return None
        if len(path) > len(base) and path[: len(base)] == base and isinstance(path[len(base)], int):
            return path[len(base)], path[len(base) + 1 :]
        return None

    def describe(self, path: tuple[Any, ...]) -> str:
        if path == self.stage_list_path():
            return f'the list of stages ("{STAGES_KEY}")'
        if not path:
            return "the panel"
        found = self._stage_path(path)
        if found is not None:
            stage, rest = found
            if not rest:
                return f"stage {stage + 1}"
            if rest == ("tarefas",):
                return f'the task list ("tarefas") of stage {stage + 1}'
            if len(rest) == 2 and rest[0] == "tarefas" and isinstance(rest[1], int):
                return f"task {rest[1] + 1} of stage {stage + 1}"
        last = path[-1]
        if isinstance(last, int):
            parent = path[-2] if len(path) > 1 and isinstance(path[-2], str) else None
            return f'item {last + 1} of "{parent}"' if parent else f"item {last + 1}"
        return f'the value of "{last}"'

    def stage_list_path(self) -> tuple[Any, ...]:
        return self.open_end_path if self.open_end_path is not None else (STAGES_KEY,)

    # -- scanning -----------------------------------------------------------------------------

    def skip_ws(self) -> None:
        self.pos = _WS_RE.match(self.text, self.pos).end()

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < self.size else ""

    def quote_error(self, char: str, pos: int) -> OnboardingFormatError | None:
        if char == "'":
            return self.error(
                pos,
                "single quotes (') are not accepted around keys and texts; use straight double quotes (\").",
            )
        if char in _SMART_QUOTES:
            return self.error(
                pos,
                'found the typographic quote {char} where a straight double quote (") is'
                ' expected; word processors change quotes automatically, so retype it as " in a'
                " plain-text editor.",
                char=char,
            )
        return None

    def adjacent_hint(self, pos: int) -> str:
        """Hint when a text ends right before unexpected text: an unescaped quote inside it."""
        if pos > 0 and self.text[pos - 1] == '"' and self.text[pos : pos + 1] not in ("", ",", ":"):
            return ' If a text contains a double quote, write it as \\" inside the text.'
        return ""

    def parse_document(self) -> tuple[_Node, str]:
        """The root node and the shape: ``"object"``, ``"list"``, ``"fragment"`` or ``"value"``."""
        self.skip_ws()
        first = self.peek()
        if first == "":
            raise self.error(
                self.pos,
                'the text is empty; it should hold the panel, like "conquistas": [ ... ].',
            )
        if first == '"':
            start = self.pos
            self.parse_string()
            self.skip_ws()
            is_fragment = self.peek() == ":"
            self.pos = start
            if is_fragment:
                self.open_end_path = (STAGES_KEY,)
                return self.parse_object((), 1, implicit=True), "fragment"
        if first == "[":
            self.open_end_path = ()
        shape = {"{": "object", "[": "list"}.get(first, "value")
        root = self.parse_value((), 0)
        self.skip_ws()
        if self.peek() == ",":
            self.pos += 1
            self.skip_ws()
        if self.peek() != "":
            closer = {"object": "'}'", "list": "']'"}.get(shape, "value")
            raise self.error(
                self.pos,
                "unexpected text after the end of the panel; remove everything after its"
                " closing {closer}.{hint}",
                closer=closer,
                hint=self.adjacent_hint(self.pos),
            )
        return root, shape

    def parse_value(self, path: tuple[Any, ...], depth: int) -> _Node:
        self.skip_ws()
        char = self.peek()
        pos = self.pos
        if depth > _MAX_DEPTH:
            raise self.error(pos, "the panel is nested too deeply to be read.")
        if char == "{":
            return self.parse_object(path, depth + 1)
        if char == "[":
            return self.parse_array(path, depth + 1)
        if char == '"':
            return _Node("string", self.parse_string(), pos)
        if char == "":
            raise self.error(
                pos, "the text ends where a value was expected for {where}.", where=self.describe(path)
            )
        quote = self.quote_error(char, pos)
        if quote is not None:
            raise quote
        number = _NUMBER_RE.match(self.text, pos)
        if number and not _WORD_RE.match(self.text, number.end()):
            self.pos = number.end()
            literal = number.group()
            value: Any = float(literal) if any(c in literal for c in ".eE") else int(literal)
            return _Node("number", value, pos)
        word_match = _WORD_RE.match(self.text, pos)
        if word_match:
            word = word_match.group()
            literals = {"true": True, "false": False, "null": None}
            if word in literals:
                self.pos = word_match.end()
                value = literals[word]
                return _Node("null" if value is None else "bool", value, pos)
            if word.lower() in literals:
                raise self.error(pos, "write {word} in lowercase: {lower}.", word=word, lower=word.lower())
            if word.lower() in _BOOL_HINT_WORDS:
                raise self.error(
                    pos,
                    'unexpected text "{word}" for {where}; yes/no values are written true or'
                    " false, without quotes.",
                    word=word,
                    where=self.describe(path),
                )
            raise self.error(
                pos,
                'unexpected text "{word}" for {where}; texts must be written between double quotes (").',
                word=_shown(word, 30),
                where=self.describe(path),
            )
        raise self.error(
            pos,
            "unexpected character {char} where a value was expected for {where}.",
            char=_char_name(char),
            where=self.describe(path),
        )

    def parse_string(self) -> str:
        start = self.pos
        index = start + 1
        chunks: list[str] = []
        text = self.text
        while True:
            run = _STRING_RUN_RE.match(text, index)
            chunks.append(run.group())
            index = run.end()
            if index >= self.size or text[index] in "\r\n":
                raise self.error(
                    start,
                    'the text that starts here is not closed with a double quote (") on the same'
                    " line; add the closing quote (for a line break inside a text, write \\n).",
                )
            char = text[index]
            if char == '"':
                self.pos = index + 1
                return "".join(chunks)
            if char == "\t":
                chunks.append(char)
                index += 1
                continue
            if char != "\\":
                raise self.error(
                    index,
                    "the text contains the invisible control character {char}; remove it.",
                    char=_char_name(char),
                )
            escape = text[index + 1 : index + 2]
            if escape == "u":
                code = self._hex4(index)
                index += 6
                if 0xD800 <= code <= 0xDBFF and text[index : index + 2] == "\\u":
                    low = self._hex4(index)
                    if 0xDC00 <= low <= 0xDFFF:
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                chunks.append(chr(code))
            elif escape in _ESCAPES:
                chunks.append(_ESCAPES[escape])
                index += 2
            elif escape in ("", "\r", "\n"):
                raise self.error(
                    start,
                    'the text that starts here is not closed with a double quote (") on the same'
                    " line; add the closing quote (for a line break inside a text, write \\n).",
                )
            else:
                raise self.error(
                    index,
                    "invalid escape \\{char} in a text; to write a backslash, write it twice (\\\\).",
                    char=escape,
                )

    def _hex4(self, index: int) -> int:
        digits = self.text[index + 2 : index + 6]
        if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise self.error(index, "invalid escape in a text: \\u must be followed by 4 hexadecimal digits.")
        return int(digits, 16)

    def parse_object(self, path: tuple[Any, ...], depth: int, implicit: bool = False) -> _Node:
        open_pos = self.pos
        if not implicit:
            self.pos += 1
        where = self.describe(path)
        members: list[tuple[str, int, _Node]] = []
        seen: dict[str, int] = {}
        while True:
            self.skip_ws()
            char = self.peek()
            if char == "}" and not implicit:
                self.pos += 1
                break
            if char == "" and implicit and members:
                break
            if char == "":
                raise self.unclosed("}", where, open_pos)
            if char == ",":
                raise self.error(self.pos, "unexpected extra ',' in {where}; remove it.", where=where)
            if char != '"':
                quote = self.quote_error(char, self.pos)
                if quote is not None:
                    raise quote
                raise self.error(
                    self.pos,
                    "expected a key in double quotes (like \"titulo\") or '}}' in {where}.",
                    where=where,
                )
            key_pos = self.pos
            key = unicodedata.normalize("NFC", self.parse_string())
            if key in seen:
                raise self.error(
                    key_pos,
                    'the key "{key}" appears twice in {where} (first at {first}); keep only one.',
                    key=key,
                    where=where,
                    first=self.where(seen[key]),
                )
            seen[key] = key_pos
            self.skip_ws()
            if self.peek() != ":":
                raise self.error(
                    self.pos, "expected ':' after the key \"{key}\" in {where}.", key=key, where=where
                )
            self.pos += 1
            value = self.parse_value((*path, key), depth)
            members.append((key, key_pos, value))
            self.skip_ws()
            char = self.peek()
            if char == ",":
                self.pos += 1
                continue
            if char == "}" and not implicit:
                self.pos += 1
                break
            if char == "" and implicit:
                break
            if char == "":
                raise self.unclosed("}", where, open_pos)
            if implicit:
                raise self.error(
                    self.pos,
                    "expected ',' or the end of the text after the value of \"{key}\".{hint}",
                    key=key,
                    hint=self.adjacent_hint(self.pos),
                )
            raise self.error(
                self.pos,
                "expected ',' or '}}' after the value of \"{key}\" in {where}.{hint}",
                key=key,
                where=where,
                hint=self.adjacent_hint(self.pos),
            )
        return _Node("object", members, open_pos)

    def parse_array(self, path: tuple[Any, ...], depth: int) -> _Node:
        open_pos = self.pos
        self.pos += 1
        where = self.describe(path)
        may_stay_open = path == self.open_end_path
        items: list[_Node] = []
        while True:
            self.skip_ws()
            char = self.peek()
            if char == "]":
                self.pos += 1
                break
            if char == "" and may_stay_open and items:
                self._note_open_end(open_pos, len(items))
                break
            if char == "":
                raise self.unclosed("]", where, open_pos)
            if char == ",":
                raise self.error(self.pos, "unexpected extra ',' in {where}; remove it.", where=where)
            items.append(self.parse_value((*path, len(items)), depth))
            self.skip_ws()
            char = self.peek()
            if char == ",":
                self.pos += 1
                continue
            if char == "]":
                self.pos += 1
                break
            if char == "" and may_stay_open:
                self._note_open_end(open_pos, len(items))
                break
            if char == "":
                raise self.unclosed("]", where, open_pos)
            raise self.error(
                self.pos,
                "expected ',' or ']' after {item} in {where}.{hint}",
                item=self.describe((*path, len(items) - 1)),
                where=where,
                hint=self.adjacent_hint(self.pos),
            )
        return _Node("array", items, open_pos)

    def _note_open_end(self, open_pos: int, count: int) -> None:
        self.notes.append(
            (
                open_pos,
                f'The list of stages ("{STAGES_KEY}") opened at {self.where(open_pos)} is not'
                f" closed with ']': the text ends after stage {count}, so the panel was read up"
                " to there. If stages are missing, send the complete file.",
            )
        )


# --------------------------------------------------------------------------------------------
# From nodes to the data model
# --------------------------------------------------------------------------------------------


def _cap(text: str) -> str:
    """First letter upper-cased, the rest untouched (unlike ``str.capitalize``)."""
    return text[:1].upper() + text[1:]


def _stage_name(number: int, title: str) -> str:
    return f'stage {number} ("{_shown(title)}")' if title.strip() else f"stage {number}"


def _task_name(stage_number: int, stage_title: str, number: int, title: str) -> str:
    task = f'task {number} ("{_shown(title)}")' if title.strip() else f"task {number}"
    return f"{_stage_name(stage_number, stage_title)}, {task}"


class _Builder:
    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.notes = reader.notes

    def error(self, node_or_pos: _Node | int, template: str, **params: Any) -> OnboardingFormatError:
        pos = node_or_pos.pos if isinstance(node_or_pos, _Node) else node_or_pos
        return self.reader.error(pos, template, **params)

    def unknown_keys(self, members: list[tuple[str, int, _Node]], known: Iterable[str], owner: str) -> None:
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
                    f' "{_shown(key, 40)}"; it is ignored.{hint}',
                )
            )

    def missing(
        self,
        node: _Node,
        key: str,
        owner: str,
        meaning: str,
        members: list[tuple[str, int, _Node]],
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

    def text(self, node: _Node, key: str, owner: str) -> str:
        if node.kind != "string":
            raise self.error(
                node,
                '{owner}: "{key}" must be a text in double quotes, but it is {found}.',
                owner=owner,
                key=key,
                found=_describe_node(node),
            )
        return node.value

    def flag(self, node: _Node | None, key: str, owner: str) -> bool:
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
                found=_describe_node(node),
                hint=hint,
            )
        return bool(node.value)

    def build(self, root: _Node) -> Panel:
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
                    found=_describe_node(stages_node),
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
                        found=_describe_node(node),
                    )
            self.unknown_keys(members, (STAGES_KEY, *PREVIEW_ALIASES), "the panel")
        else:
            raise self.error(
                root,
                'expected the panel -- {{"conquistas": [ ... ]}}, a list of stages'
                ' [ ... ] or "conquistas": [ ... ] -- but found {found}.',
                found=_describe_node(root),
            )
        stages = tuple(self.stage(node, number) for number, node in enumerate(stage_nodes, 1))
        return Panel(stages, preview)

    def stage(self, node: _Node, number: int) -> Stage:
        if node.kind != "object":
            raise self.error(
                node,
                "Stage {number} must be an object in {{ }}, but it is {found}.",
                number=number,
                found=_describe_node(node),
            )
        members = node.value
        by_key = {key: value for key, _, value in members}
        owner = f"stage {number}"
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
                found=_describe_node(tasks_node),
            )
        self.unknown_keys(members, _STAGE_KEYS, _cap(owner))
        tasks = tuple(
            self.task(task_node, number, title, task_number)
            for task_number, task_node in enumerate(tasks_node.value, 1)
        )
        return Stage(title, locked, notified, tasks)

    def task(self, node: _Node, stage_number: int, stage_title: str, number: int) -> Task:
        owner = f"{_stage_name(stage_number, stage_title)}, task {number}"
        if node.kind != "object":
            raise self.error(
                node,
                "{owner} must be an object in {{ }}, but it is {found}.",
                owner=_cap(owner),
                found=_describe_node(node),
            )
        members = node.value
        by_key = {key: value for key, _, value in members}
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


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def parse_panel(text: str) -> Panel:
    """Read a reseller's panel text (see the module docstring for the accepted forms).

    Returns a :class:`Panel` whose ``problems`` hold what was noticed while reading (unknown keys,
    an unclosed stage list) followed by :func:`panel_problems`. Raises
    :class:`OnboardingFormatError` for anything that cannot be read.
    """
    if not isinstance(text, str):
        raise TypeError("parse_panel() needs the text as str; decode the file as UTF-8 first.")
    reader = _Reader(text)
    root, _shape = reader.parse_document()
    panel = _Builder(reader).build(root)
    notes = tuple(message for _, message in sorted(reader.notes, key=lambda note: note[0]))
    return Panel(panel.stages, panel.preview, notes + panel_problems(panel))


def _norm(title: str) -> str:
    return unicodedata.normalize("NFC", title).strip().casefold()


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
        else:
            earlier = first_stage_by_title.setdefault(_norm(stage.title), number)
            if earlier != number:
                problems.append(
                    f"{name} has the same title as stage {earlier}; give each stage its own title."
                )
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
            else:
                earlier = first_task_by_title.setdefault(_norm(task.title), task_number)
                if earlier != task_number:
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
                    f'{task_name}: "{_shown(link)}" is not a usable link; replace it with the YouTube'
                    " video or help-center article link, starting with https://."
                )
            elif task.video_id is None and _is_youtube_link(link):
                problems.append(
                    f'{task_name}: the YouTube link "{_shown(link)}" does not point to a single video;'
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


def progress(panel: Panel) -> PanelProgress:
    """Done / total tasks per stage and overall; percents are floored (100 only when complete)."""
    stages = []
    for stage in panel.stages:
        done = sum(task.done for task in stage.tasks)
        total = len(stage.tasks)
        stages.append(
            StageProgress(stage.title, done, total, done * 100 // total if total else 0, done == total)
        )
    done = sum(stage.done for stage in stages)
    total = sum(stage.total for stage in stages)
    return PanelProgress(
        tuple(stages), done, total, done * 100 // total if total else 0, total > 0 and done == total
    )


def all_done(panel: Panel) -> bool:
    """True when the panel has at least one task and every task is done: the moment the
    "Agendar um Horário" button appears."""
    tasks = [task for stage in panel.stages for task in stage.tasks]
    return bool(tasks) and all(task.done for task in tasks)


def unlocked_stages(panel: Panel, *, admin_unlock: bool = False) -> list[bool]:
    """Which stages the user may open, one bool per stage.

    Rule: a stage is open when it is not locked (``bloqueada: false``), or when every earlier
    stage is complete (all its tasks done; a stage without tasks counts as complete), or when
    ``admin_unlock`` is passed (an admin/support override opening everything). So a locked
    stage opens once the stages before it are finished; a locked first stage has nothing to wait
    for and is open (``panel_problems`` reports it).
    """
    result: list[bool] = []
    earlier_complete = True
    for stage in panel.stages:
        result.append(admin_unlock or not stage.locked or earlier_complete)
        earlier_complete = earlier_complete and stage.complete
    return result


def done_keys(panel: Panel) -> frozenset[tuple[str, str]]:
    """``(stage title, task title)`` of every done task: what the app stores per user."""
    return frozenset((stage.title, task.title) for stage in panel.stages for task in stage.tasks if task.done)


def done_flags(panel: Panel) -> tuple[tuple[bool, ...], ...]:
    """The ``efetuada`` values shaped like the panel: one tuple per stage, one bool per task."""
    return tuple(tuple(task.done for task in stage.tasks) for stage in panel.stages)


def _is_key_pair(item: object) -> bool:
    return isinstance(item, tuple) and len(item) == 2 and all(isinstance(part, str) for part in item)


def _flag_rows(rows: list[Any], shape: Sequence[int], what: str) -> list[list[bool]]:
    if len(rows) != len(shape):
        raise ValueError(f"{what}: expected {len(shape)} rows (one per stage), got {len(rows)}.")
    result = []
    for number, (row, size) in enumerate(zip(rows, shape, strict=True), 1):
        if isinstance(row, (str, bytes)) or not isinstance(row, Sequence):
            raise TypeError(f"{what}: row {number} must be a sequence of bools.")
        flags = list(row)
        if len(flags) != size or not all(isinstance(flag, bool) for flag in flags):
            raise ValueError(f"{what}: row {number} must hold {size} bools (one per task).")
        result.append(flags)
    return result


def with_progress(
    panel: Panel,
    done: Iterable[tuple[str, str]] | Sequence[Sequence[bool]],
    *,
    notified: Iterable[str] | Sequence[bool] | None = None,
) -> Panel:
    """The same panel with one user's ``efetuada`` (and optionally ``notificado``) values, e.g. to
    export "this user's panel" with :func:`dump_panel`.

    ``done`` is either an iterable of ``(stage title, task title)`` pairs of the done tasks (as
    :func:`done_keys` gives; titles match ignoring case, surrounding spaces and Unicode
    normalisation; tasks not listed become not done) or rows of bools shaped like the panel (as
    :func:`done_flags` gives). ``notified`` is None (keep the panel's values), stage titles, or one
    bool per stage. ``problems`` are carried over.
    """
    items = list(done)
    shape = [len(stage.tasks) for stage in panel.stages]
    if all(_is_key_pair(item) for item in items):
        keys = {(_norm(stage), _norm(task)) for stage, task in items}
        flags = [
            [(_norm(stage.title), _norm(task.title)) in keys for task in stage.tasks]
            for stage in panel.stages
        ]
    elif any(_is_key_pair(item) for item in items):
        raise TypeError("done: mix of (stage, task) title pairs and rows of bools.")
    else:
        flags = _flag_rows(items, shape, "done")
    if notified is None:
        notified_flags = [stage.notified for stage in panel.stages]
    else:
        marks = list(notified)
        if all(isinstance(mark, str) for mark in marks):
            titles = {_norm(mark) for mark in marks}
            notified_flags = [_norm(stage.title) in titles for stage in panel.stages]
        elif all(isinstance(mark, bool) for mark in marks):
            if len(marks) != len(panel.stages):
                raise ValueError(
                    f"notified: expected {len(panel.stages)} bools (one per stage), got {len(marks)}."
                )
            notified_flags = marks
        else:
            raise TypeError("notified: give stage titles or one bool per stage.")
    stages = tuple(
        Stage(
            stage.title,
            stage.locked,
            notified_flags[s],
            tuple(
                Task(task.title, flags[s][t], task.url, task.video_id, task.raw_link)
                for t, task in enumerate(stage.tasks)
            ),
        )
        for s, stage in enumerate(panel.stages)
    )
    return Panel(stages, panel.preview, panel.problems)
