"""Messages of the onboarding package as whole-sentence templates, for the app to translate.

Every sentence a person may read (a format error, a problem of a panel) is a :class:`Message`: an
English ``str`` that also carries the ``template`` it was made from (the whole sentence, with
``{named}`` placeholders) and the ``params`` that fill it. A param is either data shown as it is
(a title, a key, a line number, a JSON literal) or itself a :class:`Message` (a phrase such as
"stage 2" or "in the list of stages"), so no English phrase ends up inside a translated sentence:
:meth:`Message.translate` translates the phrases first, then the sentence.

Every template is registered with :func:`template` where it is defined; :func:`templates` lists
them, for the translation files. Standard library only; nothing here imports frappe.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any


def template(text: str) -> str:
    """Mark ``text`` as a message template (an English source string to translate) and return
    it, as ``_()`` marks a string in Frappe: :func:`templates` finds every marked string."""
    return text


def templates() -> tuple[str, ...]:
    """Every template of this package: the literal strings marked with :func:`template` in its
    source files, in the order they appear (for the translation files and their tests).
    ValueError when a ``template()`` is given anything but a literal string, since the
    translation files could not list it."""
    found: list[tuple[str, int, int, str]] = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "template"
            ):
                continue
            argument = node.args[0] if len(node.args) == 1 and not node.keywords else None
            if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                raise ValueError(f"{path.name}, line {node.lineno}: template() takes one literal string.")
            found.append((path.name, node.lineno, node.col_offset, argument.value))
    return tuple(dict.fromkeys(text for *_, text in sorted(found)))


class Message(str):
    """An English sentence or phrase that knows its ``template`` and ``params``.

    It is the ``str`` ``template.format(**params)``, so it compares, prints and serialises as
    that English text; :meth:`translate` gives it in another language.
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        self = super().__new__(cls, template.format(**params))
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_message, (self.template, self.params))

    def translate(self, translate: Callable[[str], str]) -> str:
        """The message in another language: ``translate`` (such as ``frappe._``) gives the
        translated template, which is filled with the params, those that are messages translated
        the same way. A translation whose placeholders do not fit falls back to the English
        template (with the params still translated)."""
        params = {
            key: value.translate(translate) if isinstance(value, Message) else value
            for key, value in self.params.items()
        }
        try:
            return translate(self.template).format(**params)
        except (KeyError, IndexError, ValueError):
            return self.template.format(**params)


def _message(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


def shown(text: str, limit: int = 60) -> str:
    """``text`` as messages quote it: cut to ``limit`` characters, ending with "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
