"""A tolerant reader of JSON-like text that keeps where each value is.

What a person types is read as JSON with the slips people make forgiven (a UTF-8 BOM, CRLF / CR
line endings, no-break and zero-width spaces, one trailing comma before any ``]`` / ``}`` and at
the very end, a list left open at the end, see :class:`Reader`) and the others reported with the
exact line and column (1-based, in the original text: lines are split at CRLF, LF or CR; columns
count characters, a tab is one column, the BOM is not counted) as
:class:`~healthdesk.core.onboarding.model.OnboardingFormatError`. Typographic and single quotes
are not string delimiters (guessing where such a text ends could silently change it); a text
cannot span lines. The result is a tree of :class:`Node` for a builder to check against a schema.

Standard library only; nothing here imports frappe.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from healthdesk.core.onboarding.messages import Message, shown, template
from healthdesk.core.onboarding.model import OnboardingFormatError


class Place(NamedTuple):
    """How messages name a place of the document: ``where`` ("stage 2") and ``in_where``
    ("in stage 2"), each a whole phrase to translate."""

    where: Message
    in_where: Message


def place(where: str, in_where: str, **params: Any) -> Place:
    """A :class:`Place` from its two phrase templates and their params."""
    return Place(Message(where, **params), Message(in_where, **params))


#: ``places(path, list_path)``: the :class:`Place` at ``path`` for messages, or None for the
#: generic names (an item of a list, the value of a key).
Places = Callable[[tuple[Any, ...], tuple[Any, ...]], "Place | None"]

# Used in two places each.
_UNCLOSED_TEXT = template(
    'the text that starts here is not closed with a double quote (") on the same line; add the'
    " closing quote (for a line break inside a text, write \\n)."
)
_EXTRA_COMMA = template("unexpected extra ',' {in_where}; remove it.")

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
class Node:
    kind: str  # "object" | "array" | "string" | "number" | "bool" | "null"
    value: Any  # object: list[(key, key_pos, Node)]; array: list[Node]; else the Python value
    pos: int


def char_name(char: str) -> str:
    if char.isprintable() and not char.isspace():
        return f"'{char}'"
    return f"U+{ord(char):04X}"


def describe_node(node: Node) -> str:
    """What ``node`` is, for "but it is {found}": a phrase, or the JSON literal itself (true,
    false and null are JSON, not words)."""
    if node.kind == "string":
        return Message(template('the text "{text}"'), text=shown(node.value, 40))
    if node.kind == "number":
        return Message(template("the number {number}"), number=node.value)
    if node.kind == "bool":
        return "true" if node.value else "false"
    if node.kind == "null":
        return "null"
    if node.kind == "array":
        return Message(template("a list [...]"))
    return Message(template("an object {{...}}"))


class Reader:
    """Recursive-descent reader of lenient JSON keeping each value's position.

    It knows JSON, not the panel: ``places(path, list_path)`` gives the :class:`Place` that
    messages name a place of the document by (None for the generic names: an item of a list, the
    value of a key), and ``open_list_key`` is the key of the list
    that may stay open at the end of a fragment (``"key": [ ...``). In a bare list ``[ ...``
    the list itself may stay open. Such a list, when read open, is left in ``left_open`` as
    ``(position of its "[", number of items read)`` for the caller to report.
    """

    def __init__(self, text: str, *, places: Places, open_list_key: str) -> None:
        self.text = text
        self.size = len(text)
        self.bom = 1 if text.startswith("\ufeff") else 0
        self.line_starts = [0] + [match.end() for match in _LINE_BREAK_RE.finditer(text)]
        self.pos = self.bom
        self.places = places
        self.open_list_key = open_list_key
        self.open_end_path: tuple[Any, ...] | None = None  # the list that may stay open
        self.left_open: tuple[int, int] | None = None

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

    def unclosed(self, closer: str, where: Place, open_pos: int) -> OnboardingFormatError:
        """The text ended inside an object or list opened at ``open_pos``."""
        line, column = self.line_column(open_pos)
        if closer == "}":
            message = template(
                "the text ends before the '}}' that closes {where} (opened at line {open_line}, column"
                " {open_column})."
            )
        else:
            message = template(
                "the text ends before the ']' that closes {where} (opened at line {open_line}, column"
                " {open_column})."
            )
        return self.error(self.pos, message, where=where.where, open_line=line, open_column=column)

    def quote_hinted(self, pos: int, message: str, hinted: str, **params: Any) -> OnboardingFormatError:
        """The error ``message`` at ``pos``, or ``hinted`` (the same sentence, then how to write a
        double quote inside a text) when a text ends right before the unexpected text there."""
        text_before = pos > 0 and self.text[pos - 1] == '"' and self.text[pos : pos + 1] not in ("", ",", ":")
        return self.error(pos, hinted if text_before else message, **params)

    # -- descriptions of places, for messages ---------------------------------------------------

    def list_path(self) -> tuple[Any, ...]:
        """The path of the document's main list: the one that may stay open, else the one under
        ``open_list_key``."""
        return self.open_end_path if self.open_end_path is not None else (self.open_list_key,)

    def describe(self, path: tuple[Any, ...]) -> Place:
        named = self.places(path, self.list_path())
        if named is not None:
            return named
        last = path[-1]
        if isinstance(last, int):
            parent = path[-2] if len(path) > 1 and isinstance(path[-2], str) else None
            if parent:
                return place(
                    template('item {item} of "{parent}"'),
                    template('in item {item} of "{parent}"'),
                    item=last + 1,
                    parent=parent,
                )
            return place(template("item {item}"), template("in item {item}"), item=last + 1)
        return place(template('the value of "{key}"'), template('in the value of "{key}"'), key=last)

    # -- scanning -----------------------------------------------------------------------------

    def skip_ws(self) -> None:
        self.pos = _WS_RE.match(self.text, self.pos).end()

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < self.size else ""

    def quote_error(self, char: str, pos: int) -> OnboardingFormatError | None:
        if char == "'":
            return self.error(
                pos,
                template(
                    "single quotes (') are not accepted around keys and texts; use straight double "
                    'quotes (").'
                ),
            )
        if char in _SMART_QUOTES:
            return self.error(
                pos,
                template(
                    'found the typographic quote {char} where a straight double quote (") is expected; '
                    'word processors change quotes automatically, so retype it as " in a plain-text '
                    "editor."
                ),
                char=char,
            )
        return None

    def parse_document(self) -> tuple[Node, str]:
        """The root node and the shape: ``"object"``, ``"list"``, ``"fragment"`` or ``"value"``."""
        self.skip_ws()
        first = self.peek()
        if first == "":
            raise self.error(
                self.pos, template('the text is empty; it should hold the panel, like "conquistas": [ ... ].')
            )
        if first == '"':
            start = self.pos
            self.parse_string()
            self.skip_ws()
            is_fragment = self.peek() == ":"
            self.pos = start
            if is_fragment:
                self.open_end_path = (self.open_list_key,)
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
            closer = {"object": "'}'", "list": "']'"}.get(shape)
            if closer is None:
                raise self.quote_hinted(
                    self.pos,
                    template(
                        "unexpected text after the end of the panel; remove everything after its"
                        " closing value."
                    ),
                    template(
                        "unexpected text after the end of the panel; remove everything after its"
                        ' closing value. If a text contains a double quote, write it as \\" inside'
                        " the text."
                    ),
                )
            # The panel ended with "}" or "]", not a text: no hint about quotes inside texts.
            raise self.error(
                self.pos,
                template(
                    "unexpected text after the end of the panel; remove everything after its closing "
                    "{closer}."
                ),
                closer=closer,
            )
        return root, shape

    def parse_value(self, path: tuple[Any, ...], depth: int) -> Node:
        self.skip_ws()
        char = self.peek()
        pos = self.pos
        if depth > _MAX_DEPTH:
            raise self.error(pos, template("the panel is nested too deeply to be read."))
        if char == "{":
            return self.parse_object(path, depth + 1)
        if char == "[":
            return self.parse_array(path, depth + 1)
        if char == '"':
            return Node("string", self.parse_string(), pos)
        if char == "":
            raise self.error(
                pos,
                template("the text ends where a value was expected for {where}."),
                where=self.describe(path).where,
            )
        quote = self.quote_error(char, pos)
        if quote is not None:
            raise quote
        number = _NUMBER_RE.match(self.text, pos)
        if number and not _WORD_RE.match(self.text, number.end()):
            self.pos = number.end()
            literal = number.group()
            value: Any = float(literal) if any(c in literal for c in ".eE") else int(literal)
            return Node("number", value, pos)
        word_match = _WORD_RE.match(self.text, pos)
        if word_match:
            word = word_match.group()
            literals = {"true": True, "false": False, "null": None}
            if word in literals:
                self.pos = word_match.end()
                value = literals[word]
                return Node("null" if value is None else "bool", value, pos)
            if word.lower() in literals:
                raise self.error(
                    pos, template("write {word} in lowercase: {lower}."), word=word, lower=word.lower()
                )
            if word.lower() in _BOOL_HINT_WORDS:
                raise self.error(
                    pos,
                    template(
                        'unexpected text "{word}" for {where}; yes/no values are written true or '
                        "false, without quotes."
                    ),
                    word=word,
                    where=self.describe(path).where,
                )
            raise self.error(
                pos,
                template(
                    'unexpected text "{word}" for {where}; texts must be written between double quotes (").'
                ),
                word=shown(word, 30),
                where=self.describe(path).where,
            )
        raise self.error(
            pos,
            template("unexpected character {char} where a value was expected for {where}."),
            char=char_name(char),
            where=self.describe(path).where,
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
                raise self.error(start, _UNCLOSED_TEXT)
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
                    template("the text contains the invisible control character {char}; remove it."),
                    char=char_name(char),
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
                raise self.error(start, _UNCLOSED_TEXT)
            else:
                raise self.error(
                    index,
                    template(
                        "invalid escape \\{char} in a text; to write a backslash, write it twice (\\\\)."
                    ),
                    char=escape,
                )

    def _hex4(self, index: int) -> int:
        digits = self.text[index + 2 : index + 6]
        if len(digits) != 4 or any(c not in "0123456789abcdefABCDEF" for c in digits):
            raise self.error(
                index, template("invalid escape in a text: \\u must be followed by 4 hexadecimal digits.")
            )
        return int(digits, 16)

    def parse_object(self, path: tuple[Any, ...], depth: int, implicit: bool = False) -> Node:
        open_pos = self.pos
        if not implicit:
            self.pos += 1
        where = self.describe(path)
        members: list[tuple[str, int, Node]] = []
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
                raise self.error(self.pos, _EXTRA_COMMA, in_where=where.in_where)
            if char != '"':
                quote = self.quote_error(char, self.pos)
                if quote is not None:
                    raise quote
                raise self.error(
                    self.pos,
                    template("expected a key in double quotes (like \"titulo\") or '}}' {in_where}."),
                    in_where=where.in_where,
                )
            key_pos = self.pos
            key = unicodedata.normalize("NFC", self.parse_string())
            if key in seen:
                first_line, first_column = self.line_column(seen[key])
                raise self.error(
                    key_pos,
                    template(
                        'the key "{key}" appears twice {in_where} (first at line {first_line}, '
                        "column {first_column}); keep only one."
                    ),
                    key=key,
                    in_where=where.in_where,
                    first_line=first_line,
                    first_column=first_column,
                )
            seen[key] = key_pos
            self.skip_ws()
            if self.peek() != ":":
                raise self.error(
                    self.pos,
                    template("expected ':' after the key \"{key}\" {in_where}."),
                    key=key,
                    in_where=where.in_where,
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
                raise self.quote_hinted(
                    self.pos,
                    template("expected ',' or the end of the text after the value of \"{key}\"."),
                    template(
                        "expected ',' or the end of the text after the value of \"{key}\". If a text"
                        ' contains a double quote, write it as \\" inside the text.'
                    ),
                    key=key,
                )
            raise self.quote_hinted(
                self.pos,
                template("expected ',' or '}}' after the value of \"{key}\" {in_where}."),
                template(
                    "expected ',' or '}}' after the value of \"{key}\" {in_where}. If a text contains a"
                    ' double quote, write it as \\" inside the text.'
                ),
                key=key,
                in_where=where.in_where,
            )
        return Node("object", members, open_pos)

    def parse_array(self, path: tuple[Any, ...], depth: int) -> Node:
        open_pos = self.pos
        self.pos += 1
        where = self.describe(path)
        may_stay_open = path == self.open_end_path
        items: list[Node] = []
        while True:
            self.skip_ws()
            char = self.peek()
            if char == "]":
                self.pos += 1
                break
            if char == "" and may_stay_open and items:
                self.left_open = (open_pos, len(items))
                break
            if char == "":
                raise self.unclosed("]", where, open_pos)
            if char == ",":
                raise self.error(self.pos, _EXTRA_COMMA, in_where=where.in_where)
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
                self.left_open = (open_pos, len(items))
                break
            if char == "":
                raise self.unclosed("]", where, open_pos)
            raise self.quote_hinted(
                self.pos,
                template("expected ',' or ']' after {item} {in_where}."),
                template(
                    "expected ',' or ']' after {item} {in_where}. If a text contains a double quote,"
                    ' write it as \\" inside the text.'
                ),
                item=self.describe((*path, len(items) - 1)).where,
                in_where=where.in_where,
            )
        return Node("array", items, open_pos)
