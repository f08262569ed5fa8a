"""Pure rules of the LGPD request boundary (no Frappe): which method names and page paths an
allowlist admits, which tables a list query's fields and filters reach, and the time windows
refusals and failed checks are aggregated in.

The Frappe glue (``healthdesk.support_access.boundary``) decides *who* is a support user and
*what* is medical or protected; this module only answers questions about strings."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from fnmatch import fnmatchcase

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
    for pattern in patterns:
        pattern = normalize_method(pattern)
        if not pattern:
            continue
        if pattern == name or (any(c in pattern for c in "*?[") and fnmatchcase(name, pattern)):
            return True
    return False


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


def referenced_tables(*values) -> set[str]:
    """Doctypes named as tables (```tabLab Test`.`name```) in query arguments."""
    found: set[str] = set()
    for text in (s for v in values for s in strings(v)):
        for match in _TABLE_RE.finditer(text):
            found.add((match.group(1) or match.group(2)).strip())
    return found


def link_prefixes(*values) -> set[str]:
    """The ``x`` of every ``x.y`` in query arguments: a link or table field whose target Frappe
    joins (``patient_encounter.encounter_comment``)."""
    found: set[str] = set()
    for text in (s for v in values for s in strings(v)):
        for match in _LINK_RE.finditer(text):
            if not match.group(1).startswith("tab"):
                found.add(match.group(1))
    return found


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
