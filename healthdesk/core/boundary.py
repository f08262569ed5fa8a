"""Pure rules of the LGPD request boundary (no Frappe): which method names and page paths an
allowlist admits, which tables a list query's fields and filters reach, and the time windows
refusals and failed checks are aggregated in.

The Frappe glue (``healthdesk.support_access.boundary``) decides *who* is a support user and
*what* is medical or protected; this module only answers questions about strings."""

from __future__ import annotations

import json
import re
import fnmatch
from collections.abc import Iterable
from fnmatch import fnmatchcase
from functools import lru_cache

# A whitelisted method's dotted path (Frappe resolves nothing else); anything with other
# characters is not a method name an allowlist can admit.
_METHOD_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
# ```tabLab Test``` (quoted: any name) or ``tabToDo`` (unquoted: SQL allows no blanks there)
_TABLE_RE = re.compile(r"`tab([^`]+)`|\btab([A-Za-z0-9_]+)")
_LINK_RE = re.compile(r"(?<![A-Za-z0-9_`.])`?([a-z_][a-z0-9_]*)`?\.`?([a-z_][a-z0-9_]*)`?")


def normalize_method(name: str | None) -> str:
    """The method name as Frappe resolves it: surrounding blanks and slashes dropped."""
    return (name or "").strip().strip("/").strip()


def is_method_name(name: str) -> bool:
    return bool(_METHOD_RE.match(name))


def method_allowed(name: str, patterns: Iterable[str]) -> bool:
    """``name`` is admitted when it equals a pattern or matches it as an fnmatch pattern
    (``helpdesk.api.*``). A malformed name is never admitted."""
    name = normalize_method(name)
    if not is_method_name(name):
        return False
    exact, wildcard = _compiled(tuple(patterns))
    return name in exact or bool(wildcard and wildcard.match(name))


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> tuple[frozenset[str], re.Pattern | None]:
    """The allowlist as a set of exact names and one regular expression for the patterns (the
    boundary checks every request of a support user: no loop over the list each time)."""
    exact, wild = set(), []
    for pattern in patterns:
        pattern = normalize_method(pattern)
        if not pattern:
            continue
        if any(c in pattern for c in "*?["):
            wild.append(fnmatch.translate(pattern))
        else:
            exact.add(pattern)
    return frozenset(exact), (re.compile("|".join(f"(?:{w})" for w in wild)) if wild else None)


_METHOD_PATH_RE = re.compile(r"^/api/(?:v1/|v2/)?method/([^/]+)/?$")


def method_from_path(path: str) -> str | None:
    """The method of the common ``/api/[v1/|v2/]method/<dotted.name>`` path, without routing."""
    match = _METHOD_PATH_RE.match(path or "")
    return match.group(1) if match else None


def page_allowed(path: str, patterns: Iterable[str]) -> bool:
    """A website path (``/app/hd-ticket``) against page patterns (``/app``, ``/app/*``)."""
    path = "/" + (path or "").strip().strip("/")
    for pattern in patterns:
        pattern = "/" + pattern.strip().strip("/")
        if pattern == path or fnmatchcase(path, pattern):
            return True
    return False


def strings(value) -> list[str]:
    """Every string inside a request argument that may be JSON (fields, filters, order_by)."""
    if value is None:
        return []
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in "[{":
            try:
                return strings(json.loads(text))
            except ValueError:
                return [value]
        return [value]
    if isinstance(value, dict):
        out: list[str] = []
        for key, item in value.items():
            out += strings(key) + strings(item)
        return out
    if isinstance(value, list | tuple):
        out = []
        for item in value:
            out += strings(item)
        return out
    return []


def query_text(*values) -> str:
    """Every string of the query arguments, parsed once, one per line."""
    return "\n".join(s for v in values for s in strings(v))


def referenced_tables(*values, text: str | None = None) -> set[str]:
    """Doctypes named as tables (```tabLab Test`.`name```) in query arguments."""
    text = query_text(*values) if text is None else text
    if "tab" not in text:
        return set()
    return {(m.group(1) or m.group(2)).strip() for m in _TABLE_RE.finditer(text)}


def link_prefixes(*values, text: str | None = None) -> set[str]:
    """The ``x`` of every ``x.y`` in query arguments: a link or table field whose target Frappe
    joins (``patient_encounter.encounter_comment``)."""
    text = query_text(*values) if text is None else text
    if "." not in text:
        return set()
    return {m.group(1) for m in _LINK_RE.finditer(text) if not m.group(1).startswith("tab")}


def filter_doctypes(filters) -> set[str]:
    """Doctypes named as the first element of 4-element filters (``[doctype, field, op, value]``):
    Frappe joins those as child tables."""
    if isinstance(filters, str):
        try:
            filters = json.loads(filters)
        except ValueError:
            return set()
    found: set[str] = set()
    if isinstance(filters, list | tuple):
        for item in filters:
            if isinstance(item, list | tuple) and len(item) >= 4 and isinstance(item[0], str):
                found.add(item[0])
    return found


def window(epoch_seconds: float, seconds: int = 3600) -> int:
    """The aggregation window a moment falls in (refusals: one row per user and method per hour)."""
    if seconds <= 0:
        raise ValueError("window must be positive")
    return int(epoch_seconds // seconds)
