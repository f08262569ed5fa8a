"""Conventions every healthdesk file keeps, checked by reading the source (no Frappe needed):

* every message a user can see is a whole translatable sentence with a pt-BR row: each literal
  passed to ``_()`` in Python and Jinja templates and to ``__()`` in JavaScript has a row in
  ``healthdesk/translations/pt-BR.csv``;
* a message translated with a ``context=`` has its own row for that context (Frappe looks a
  context's row up first, and without one shows the context-free row, which another app may hold
  with another meaning);
* every whitelisted method declares its argument types (``require_type_annotated_api_methods``);
  guest endpoints are rate-limited.
"""

from __future__ import annotations

import ast
import csv
import re
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "healthdesk"
PT_BR = APP / "translations" / "pt-BR.csv"
# Jinja {{ _("…") }} and JavaScript __("…") with a plain literal (no concatenation).
TEMPLATE_CALL = re.compile(r"""(?<![\w.])_\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]""")
JS_CALL = re.compile(r"""(?<![\w.])__\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*[,)]""")


def _python_files() -> list[Path]:
    return sorted(p for p in APP.rglob("*.py") if "/core/" not in str(p))


def _sources() -> set[str]:
    with PT_BR.open(encoding="utf-8", newline="") as handle:
        return {row[0] for row in csv.reader(handle) if row}


def _python_messages() -> list[tuple[str, str]]:
    found = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.append((f"{path.relative_to(APP)}:{node.lineno}", node.args[0].value))
    return found


def _unescape(text: str) -> str:
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") if "\\" in text else text


def _page_messages() -> list[tuple[str, str]]:
    found = []
    for path in sorted(list(APP.rglob("*.html")) + list(APP.rglob("*.js"))):
        text = path.read_text(encoding="utf-8")
        for match in JS_CALL.finditer(text):
            found.append((str(path.relative_to(APP)), _unescape(match.group(1) or match.group(2))))
        if path.suffix == ".html":
            for match in TEMPLATE_CALL.finditer(text):
                found.append((str(path.relative_to(APP)), _unescape(match.group(1))))
    return found


def test_every_translatable_message_has_a_pt_br_row():
    sources = _sources()
    missing = sorted({f"{where}: {text}" for where, text in _python_messages() + _page_messages() if text not in sources})
    assert not missing, "messages without a pt-BR row in healthdesk/translations/pt-BR.csv:\n" + "\n".join(missing)


def _constants() -> dict[str, str]:
    """Module-level string constants of the app, by name (what a ``context=`` may name)."""
    found: dict[str, str] = {}
    for path in sorted(APP.rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    and isinstance(node.value.value, str)):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = node.value.value
    return found


def _context_messages() -> list[tuple[str, str, str]]:
    """``(where, message, context)`` of every ``_("literal", context=...)`` in Python."""
    constants = _constants()
    found = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            for keyword in node.keywords:
                if keyword.arg != "context":
                    continue
                value = keyword.value
                context = value.value if isinstance(value, ast.Constant) else constants.get(getattr(value, "id", ""))
                assert context is not None, f"{path.relative_to(APP)}:{node.lineno}: context not found"
                found.append((f"{path.relative_to(APP)}:{node.lineno}", node.args[0].value, context))
    return found


def test_every_message_with_a_context_has_its_context_row():
    with PT_BR.open(encoding="utf-8", newline="") as handle:
        rows = {(row[0], row[2]) for row in csv.reader(handle) if len(row) > 2 and row[2]}
    messages = _context_messages()
    assert len(messages) >= 4  # the check cannot pass by finding nothing
    missing = sorted({f"{where}: {text} [{context}]" for where, text, context in messages
                      if (text, context) not in rows})
    assert not missing, "messages without a pt-BR row for their context:\n" + "\n".join(missing)


def test_the_scan_finds_messages():
    # the check above cannot pass by finding nothing
    assert len(_python_messages()) > 300 and len(_page_messages()) > 50


def _whitelisted() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and any("whitelist" in ast.unparse(d) for d in node.decorator_list):
                found.append((f"{path.relative_to(APP)}:{node.name}", node))
    return found


def test_whitelisted_methods_declare_their_argument_types():
    unannotated = []
    for where, node in _whitelisted():
        args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
        unannotated += [f"{where}({a.arg})" for a in args if a.annotation is None and a.arg not in ("self", "cls")]
    assert len(_whitelisted()) > 20
    assert not unannotated, unannotated


@pytest.mark.parametrize("where,node", [(w, n) for w, n in _whitelisted()
                                         if any("allow_guest=True" in ast.unparse(d) for d in n.decorator_list)])
def test_guest_endpoints_are_rate_limited(where, node):
    assert any("rate_limit" in ast.unparse(d) for d in node.decorator_list), where


def test_every_onboarding_panel_message_has_a_pt_br_row():
    # The panel reader's problems are whole-sentence templates (core stays free of Frappe);
    # the glue translates them with these rows.
    from healthdesk.core.onboarding.messages import templates

    sources = _sources()
    assert len(templates()) > 50
    assert [t for t in templates() if t not in sources] == []
