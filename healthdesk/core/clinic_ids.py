"""Parsing of clinic base ids and of the reseller's multi-clinic user request.

A clinic ("base clínica") is identified by a numeric *base id* that support reads aloud and types,
e.g. ``0012``. Base ids are strings of digits: leading zeros are significant and always kept.

Resellers send multi-clinic requests as three labelled lines (the vendor's handbook, "usuário multi clínica")::

    Usuário: maria@clinica.example
    Já está cadastrado na clínica: 0012
    Multi clínica para as clínicas: 0012, 0345, 0678

Labels are matched ignoring case, accents and extra spaces, in any order. Errors are
``ValueError`` with a message naming the offending line or token, so the desk can show it as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from healthdesk.core.text import fold

__all__ = [
    "ClinicIdError",
    "LABEL_HOME_BASE",
    "LABEL_REQUESTED",
    "LABEL_USER",
    "MultiClinicRequest",
    "is_base_id",
    "normalize_label",
    "parse_base_ids",
    "parse_request",
]

# The labels as the seed writes them (shown in messages).
LABEL_USER = "Usuário"
LABEL_HOME_BASE = "Já está cadastrado na clínica"
LABEL_REQUESTED = "Multi clínica para as clínicas"

_SEPARATORS = re.compile(r"[,;\s]+")
# Quotes users paste around a list or around single ids: straight, typographic and guillemets.
_QUOTES = "\"'“”‘’«»`"


class ClinicIdError(ValueError):
    """A ``ValueError`` that also carries a stable ``code`` and its ``params``.

    The English message is ready to show; callers that translate (the Frappe layer) map ``code``
    to a translatable template and fill it with ``params``. Codes:

    - ``not_a_base_id`` (token, line): a token that is not all digits;
    - ``missing_line`` (line): a labelled line is absent or empty;
    - ``duplicate_line`` (line): a labelled line is given twice;
    - ``one_home_base`` (line): the home-base line holds no id or several.

    ``line`` is the label of the line involved, or ``None`` outside :func:`parse_request`.
    """

    def __init__(self, code: str, message: str, **params: str | None) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def normalize_label(text: str) -> str:
    """Casefold, strip accents and collapse whitespace: ``"  Já  ESTÁ " -> "ja esta"``.

    The app-wide :func:`healthdesk.core.text.fold`, kept under this name.
    """
    return fold(text)


_LABELS = {
    normalize_label(LABEL_USER): "user_email",
    normalize_label(LABEL_HOME_BASE): "home_base_id",
    normalize_label(LABEL_REQUESTED): "base_ids",
}
_FIELD_LABEL = {field: label for label, field in
                ((LABEL_USER, "user_email"), (LABEL_HOME_BASE, "home_base_id"),
                 (LABEL_REQUESTED, "base_ids"))}


def is_base_id(token: str) -> bool:
    """True when ``token`` is a well-formed base id: one or more ASCII digits, nothing else."""
    return bool(token) and token.isascii() and token.isdigit()


def parse_base_ids(text: str) -> list[str]:
    """Split a pasted list of base ids.

    Ids are separated by commas, semicolons, whitespace or new lines; quotes around the list or
    around an id are ignored; order is kept and duplicates dropped (first occurrence wins); leading
    zeros are kept. Any token that is not all digits raises ``ValueError`` naming that token.
    An empty text gives an empty list (the caller decides whether that is an error).
    """
    ids: list[str] = []
    seen: set[str] = set()
    for raw in _SEPARATORS.split(text):
        token = raw.strip(_QUOTES)
        if not token:
            continue
        if not is_base_id(token):
            raise ClinicIdError(
                "not_a_base_id",
                f"'{token}' is not a base id: a base id has digits only, e.g. 0012.",
                token=token, line=None,
            )
        if token not in seen:
            seen.add(token)
            ids.append(token)
    return ids


@dataclass(frozen=True)
class MultiClinicRequest:
    """A parsed multi-clinic request: who, where they already are, and which clinics they want."""

    user_email: str
    home_base_id: str
    base_ids: list[str]


def parse_request(text: str) -> MultiClinicRequest:
    """Parse the reseller's three-line request.

    Each line is ``<label>: <value>``; lines with other labels and blank lines are ignored. A
    missing (or empty) line raises ``ValueError`` naming its label; a line given twice raises too,
    since it is ambiguous. The home base must be exactly one base id; the requested ids go through
    :func:`parse_base_ids`. The e-mail is returned trimmed and lower-cased but is not validated
    here (the caller validates addresses with its own rules).
    """
    found: dict[str, str] = {}
    for line in text.lstrip("\ufeff").splitlines():
        label, sep, value = line.partition(":")
        if not sep:
            continue
        field = _LABELS.get(normalize_label(label))
        if field is None:
            continue
        if field in found:
            line = _FIELD_LABEL[field]
            raise ClinicIdError("duplicate_line", f"The line '{line}' appears more than once.", line=line)
        found[field] = value.strip()

    for field in ("user_email", "home_base_id", "base_ids"):
        if not found.get(field, "").strip(_QUOTES + " "):
            line = _FIELD_LABEL[field]
            raise ClinicIdError("missing_line", f"The line '{line}' is missing or empty.", line=line)

    home = _ids_of_line(found["home_base_id"], LABEL_HOME_BASE)
    if len(home) != 1:
        raise ClinicIdError(
            "one_home_base", f"Line '{LABEL_HOME_BASE}': give exactly one base id.",
            line=LABEL_HOME_BASE,
        )
    base_ids = _ids_of_line(found["base_ids"], LABEL_REQUESTED)

    email = _unwrap(found["user_email"]).lower()
    return MultiClinicRequest(user_email=email, home_base_id=home[0], base_ids=base_ids)


_PAIRS = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "<": ">", "`": "`"}


def _unwrap(value: str) -> str:
    """Trim spaces and matching pairs of quotes or angle brackets around a value."""
    value = value.strip()
    while len(value) >= 2 and _PAIRS.get(value[0]) == value[-1]:
        value = value[1:-1].strip()
    return value


def _ids_of_line(value: str, line: str) -> list[str]:
    """:func:`parse_base_ids` on one labelled line; errors name the line as well as the token."""
    try:
        return parse_base_ids(value)
    except ClinicIdError as exc:
        token = exc.params["token"]
        raise ClinicIdError(
            exc.code, f"Line '{line}': {exc}", token=token, line=line,
        ) from None
