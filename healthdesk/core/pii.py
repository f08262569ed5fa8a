"""Personal-data guard: find and mask Brazilian personal data in free text.

Seed 001 asks that tickets carry **no personal data** in text or attachments, and LGPD applies to
everything a clinic sends. This module finds the personal data that clinic staff typically paste
into a ticket and masks it. It is deliberately conservative about *numbers* (support tickets are
full of base ids, protocol numbers, versions, prices and times) and recognises:

``email``
    A pragmatic RFC 5322 "dot-atom" address: ``local@label.label.tld`` (Unicode letters allowed,
    TLD of 2+ letters). Quoted local parts and IP-literal domains are not recognised.
``cpf``
    11 digits, bare (``12345678909``) or grouped 3-3-3-2 with ``.``/``-``/space separators
    (``123.456.789-09``, ``123 456 789 09``, ``123456789-09``...). Only when both check digits are
    valid and the number is not one digit repeated (``111.111.111-11``).
``cns``
    Cartão Nacional de Saúde, 15 digits, bare or grouped 3-4-4-4 (``898 0012 3456 7890``), valid
    per the DATASUS rule (see :func:`is_valid_cns`).
``birth_date``
    A valid calendar date ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy`` (also 2-digit years) or
    ISO ``yyyy-mm-dd`` **that is labelled as a birth date**: a cue (``nasc…`` - nascimento, nascido,
    nascida, dt. nasc. -, ``DN``/``D.N.``, ``DOB``, ``idade``, ``aniversário``) ends at most
    ``BIRTH_CUE_WINDOW`` (30) characters before the date with no other date in between. A date
    that directly continues a list of birth dates (``nasc. 01/02/1980 e 03/04/1985``) is one too.
    Unlabelled dates are *not* flagged: "o erro ocorreu em 10/11/2026" is the normal content of a
    support ticket, and flagging every date would make the guard noise that people learn to ignore.
    Dates written in words ("12 de março de 1985") are not recognised.
``phone``
    Brazilian numbers: optional country code ``+55``, optional area code (a real ANATEL DDD,
    optionally in parentheses and/or with a trunk ``0``), then a 9-digit mobile starting with 9 or
    an 8-digit number starting with 2-9, with space/``-``/``.`` separators. Caught:
    ``(11) 98765-4321``, ``+55 11 98765-4321``, ``+5511987654321``, ``11 3456-7890``,
    ``(011) 3456 7890``, ``11987654321`` (bare DDD + mobile), ``3456-7890``, ``98765-4321``.
    Deliberately *not* caught, to keep ticket/protocol numbers out: bare digit runs without an area
    code (``34567890``), a bare 10-digit DDD + landline (``1134567890``), numbers without area code
    whose first block looks like a year (``2024-0001`` is a ticket id), numbers glued to other
    digits by a single separator (``0012 3456-7890``), numbers right after an identifier label
    (``protocolo``, ``chamado``, ``senha de autorização:``, ``guia``, ``nº``, ``#``...), and foreign
    numbers. An invalid area code is ignored, not fatal: in ``(20) 98765-4321`` the subscriber
    number is still reported.

Overlaps are resolved by ``PRIORITY`` (email > cpf > cns > birth_date > phone), then longest first,
then leftmost. A :class:`Finding` never carries the matched text, so findings can be logged.

:func:`mask` replaces every digit of a numeric finding by ``*`` keeping its punctuation
(``123.456.789-09`` -> ``***.***.***-**``, ``(11) 98765-4321`` -> ``(**) *****-****``) and every
e-mail by ``***@***``. It repeats until nothing is found, so ``mask`` is idempotent and
``find_personal_data(mask(t)) == []`` for every ``t``.

No frappe. Check digits come from python-stdnum (CPF) and validate-docbr (CNS); what counts
as a number in free text, and the repeated-digit rule, are decided here.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from stdnum.br import cpf as _stdnum_cpf
from validate_docbr import CNS as _DocbrCNS

__all__ = [
    "BIRTH_CUE_WINDOW",
    "EMAIL_MASK",
    "KINDS",
    "PRIORITY",
    "Finding",
    "find_personal_data",
    "is_valid_cns",
    "is_valid_cpf",
    "mask",
]

#: Overlap priority, highest first. Also the list of kinds this module reports.
PRIORITY: tuple[str, ...] = ("email", "cpf", "cns", "birth_date", "phone")
KINDS: frozenset[str] = frozenset(PRIORITY)
_RANK = {kind: rank for rank, kind in enumerate(PRIORITY)}

#: Max characters between the end of a birth-date cue and the date it labels.
BIRTH_CUE_WINDOW = 30

#: Replacement for a whole e-mail address.
EMAIL_MASK = "***@***"


@dataclass(frozen=True, repr=False)
class Finding:
    """A piece of personal data at ``text[start:end]``.

    Holds only the kind and the span - never the value - so it is safe to log.
    """

    kind: str
    start: int
    end: int

    def __repr__(self) -> str:
        return f"Finding(kind={self.kind!r}, start={self.start}, end={self.end})"


# --------------------------------------------------------------------------- check digits


def _only_digits(value: str) -> str:
    return re.sub(r"[^0-9]", "", value)


def is_valid_cpf(value: str) -> bool:
    """True if ``value`` (formatted or bare; non-digits are ignored) is a valid CPF.

    Receita Federal rule (11 digits, two modulo-11 check digits), computed by
    ``stdnum.br.cpf``. Numbers made of a single repeated digit (``111.111.111-11``) pass that
    rule but are not issued, so they are invalid here.
    """
    digits = _only_digits(value)
    if len(digits) != 11 or len(set(digits)) == 1:
        return False
    return _stdnum_cpf.is_valid(digits)


_CNS = _DocbrCNS()


def is_valid_cns(value: str) -> bool:
    """True if ``value`` (formatted or bare; non-digits are ignored) is a valid CNS number.

    DATASUS' validation routines for the Cartão Nacional de Saúde ("Rotina de validação de números
    que iniciam com 1 ou 2" / "... com 7, 8 ou 9"), computed by ``validate_docbr.CNS``:

    * starts with 1 or 2 (definitive, derived from the PIS): take the first 11 digits ``pis``;
      ``s = sum(pis[i] * (15 - i))``; ``dv = 11 - s % 11`` with ``11 -> 0``. If ``dv == 10``,
      redo with ``s + 2`` and the number must be ``pis + "001" + dv``; otherwise it must be
      ``pis + "000" + dv``.
    * starts with 7, 8 or 9 (provisional): ``sum(d[i] * (15 - i) for all 15 digits) % 11 == 0``.
    * any other first digit is invalid.
    """
    digits = _only_digits(value)
    if len(digits) != 15:
        return False
    return _CNS.validate(digits)


# --------------------------------------------------------------------------- patterns

# Boundaries shared by numeric kinds: not inside a longer run of digits, also across "." / "-"
# ("1.123.456.789-09" is not a CPF). "*" counts as a digit so that masked text keeps the same
# neighbourhood as the original (mask stays consistent with find_personal_data).
_NUM_BEFORE = r"(?<![0-9*])(?<![0-9*][.\-])"
_NUM_AFTER = r"(?![0-9*])(?![.\-][0-9*])"
_SP = r"[ \u00a0]"
_GROUP_SEP = rf"(?:{_SP}?[.\-]{_SP}?|{_SP})?"

_CPF_RE = re.compile(
    rf"{_NUM_BEFORE}[0-9]{{3}}{_GROUP_SEP}[0-9]{{3}}{_GROUP_SEP}[0-9]{{3}}{_GROUP_SEP}[0-9]{{2}}{_NUM_AFTER}"
)
_CNS_RE = re.compile(
    rf"{_NUM_BEFORE}[0-9]{{3}}{_GROUP_SEP}[0-9]{{4}}{_GROUP_SEP}[0-9]{{4}}{_GROUP_SEP}[0-9]{{4}}{_NUM_AFTER}"
)

_ATEXT = r"[\w!#$%&'*+/=?^`{|}~-]"
# Local part bounded to RFC 5321's 64 characters (this also keeps the search linear on long runs
# of word characters); a longer local part is still caught from its last 64 characters.
_EMAIL_RE = re.compile(
    rf"{_ATEXT}(?:{_ATEXT}|\.(?={_ATEXT})){{0,63}}"
    r"@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}(?![\w-])"
)

# ANATEL area codes (DDD) in use.
_DDD = r"(?:1[1-9]|2[12478]|3[1-578]|4[1-9]|5[1345]|6[1-9]|7[134579]|8[1-9]|9[1-9])"
_PSEP = r"[ \u00a0.\-]"
_PHONE_RE = re.compile(
    r"(?<![0-9*#/])(?<![0-9*][ \u00a0.\-])"
    r"(?:"
    rf"(?P<cc>\+{_SP}?55{_PSEP}?|55{_PSEP})?"
    rf"(?:\({_SP}?0?(?P<dddp>{_DDD}){_SP}?\)|(?P<ddd>0?{_DDD}))"
    rf"{_PSEP}?"
    r")?"
    rf"(?P<num>9{_SP}?[0-9]{{4}}{_PSEP}?[0-9]{{4}}|[2-9][0-9]{{3}}{_PSEP}?[0-9]{{4}})"
    r"(?![0-9*])(?![ \u00a0.\-][0-9*])"
)
# A phone-looking number right after one of these labels is an identifier, not a phone.
_ID_LABEL_RE = re.compile(
    r"(?:(?<![^\W\d_])(?:protocolo|chamado|ticket|pedido|guia|lote|senha|vers[aã]o|id|base|"
    r"c[oó]d(?:igo)?|nr|num)(?:\s+d[aeo]s?\s+[^\W\d_]+)?|n[º°]|#)"
    r"\s*[:.\-]?\s*(?:n[º°o]\.?\s*)?$",
    re.IGNORECASE,
)
_YEARLIKE = re.compile(r"(?:19|20)[0-9]{2}")

_DATE_RE = re.compile(
    r"(?<![0-9*])(?<![0-9*][./\-])"
    r"(?:(?P<d>[0-9]{1,2})(?P<sep>[./\-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})"
    r"|(?P<iy>[0-9]{4})-(?P<im>[0-9]{2})-(?P<id>[0-9]{2}))"
    r"(?![0-9*])(?![./\-][0-9*])"
)
# Anything shaped like a date, masked or not: a cue does not reach past another date.
_DATELIKE_RE = re.compile(r"[0-9*]{1,4}[./\-][0-9*]{1,2}[./\-][0-9*]{2,4}")
_CUE_RE = re.compile(
    r"(?<![^\W\d_])(?:nasc\w*|d\.?\s?n\.?|dob|idade|anivers[aá]rio)(?![^\W\d_])",
    re.IGNORECASE,
)
_LIST_GAP_RE = re.compile(r"\s*(?:[,;/]|e|ou)?\s*", re.IGNORECASE)


# --------------------------------------------------------------------------- scanners


def _scan(
    pattern: re.Pattern[str], text: str, accept: Callable[[re.Match[str]], bool]
) -> list[tuple[int, int]]:
    """Spans of ``pattern`` in ``text`` that ``accept(match)``; retries after each rejection."""
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return spans
        if accept(m):
            spans.append(m.span())
            pos = m.end()
        else:
            pos = m.start() + 1


def _plausible_phone(m: re.Match[str], text: str) -> bool:
    head = text[max(0, m.start() - 40) : m.start()]
    if _ID_LABEL_RE.search(head):
        return False
    if m.group("cc") or m.group("dddp"):
        return True
    num = m.group("num")
    if m.group("ddd"):
        whole = m.group(0)
        if not whole.isdigit():
            return True
        # A bare digit run: only DDD + 9-digit mobile (11987654321), optionally with trunk 0.
        return len(num) == 9 and num[0] == "9"
    # No area code: the last four digits must be split off ("3456-7890", "98765 4321")...
    if num[-5] not in " \u00a0-":
        return False
    # ...and "2024-0001" is a ticket id, not a landline.
    return not (len(_only_digits(num)) == 8 and _YEARLIKE.fullmatch(num[:4]))


def _valid_date(m: re.Match[str]) -> bool:
    if m.group("iy"):
        years = [int(m.group("iy"))]
        month, day = int(m.group("im")), int(m.group("id"))
    else:
        raw = m.group("y")
        years = [int(raw)] if len(raw) == 4 else [1900 + int(raw), 2000 + int(raw)]
        month, day = int(m.group("m")), int(m.group("d"))
    for year in years:
        try:
            _dt.date(year, month, day)
        except ValueError:
            continue
        return True
    return False


def _birth_dates(text: str) -> list[tuple[int, int]]:
    dates = [m.span() for m in _DATE_RE.finditer(text) if _valid_date(m)]
    if not dates:
        return []
    cue_ends = [m.end() for m in _CUE_RE.finditer(text)]  # ascending
    found: list[tuple[int, int]] = []
    for start, end in dates:
        if found and _LIST_GAP_RE.fullmatch(text, found[-1][1], start):
            found.append((start, end))
            continue
        i = bisect.bisect_right(cue_ends, start)
        cue = cue_ends[i - 1] if i else None
        if cue is not None and cue >= start - BIRTH_CUE_WINDOW and not _DATELIKE_RE.search(text, cue, start):
            found.append((start, end))
    return found


def find_personal_data(text: str) -> list[Finding]:
    """All personal data in ``text``, sorted by start and non-overlapping (see module doc)."""
    candidates: list[Finding] = []
    if "@" in text:
        candidates += [Finding("email", s, e) for s, e in _scan(_EMAIL_RE, text, lambda m: True)]
    candidates += [Finding("cpf", s, e) for s, e in _scan(_CPF_RE, text, lambda m: is_valid_cpf(m.group()))]
    candidates += [Finding("cns", s, e) for s, e in _scan(_CNS_RE, text, lambda m: is_valid_cns(m.group()))]
    candidates += [Finding("birth_date", s, e) for s, e in _birth_dates(text)]
    candidates += [
        Finding("phone", s, e) for s, e in _scan(_PHONE_RE, text, lambda m: _plausible_phone(m, text))
    ]
    candidates.sort(key=lambda f: (_RANK[f.kind], f.start - f.end, f.start))
    kept: list[Finding] = []  # sorted by start; non-overlapping, hence also sorted by end
    starts: list[int] = []
    for cand in candidates:
        i = bisect.bisect_right(starts, cand.start)
        if i and kept[i - 1].end > cand.start:
            continue
        if i < len(kept) and kept[i].start < cand.end:
            continue
        kept.insert(i, cand)
        starts.insert(i, cand.start)
    return kept


def _masked(kind: str, value: str) -> str:
    if kind == "email":
        return EMAIL_MASK
    return re.sub(r"[0-9]", "*", value)


def mask(text: str) -> str:
    """``text`` with every finding masked: digits -> ``*`` (punctuation kept), e-mails -> ``***@***``.

    Repeats until nothing is found, so ``find_personal_data(mask(t)) == []`` and ``mask`` is
    idempotent. Terminates: every pass masks at least one digit or removes the dot of a domain.
    """
    while True:
        findings = find_personal_data(text)
        if not findings:
            return text
        parts: list[str] = []
        pos = 0
        for f in findings:
            parts.append(text[pos : f.start])
            parts.append(_masked(f.kind, text[f.start : f.end]))
            pos = f.end
        parts.append(text[pos:])
        text = "".join(parts)
