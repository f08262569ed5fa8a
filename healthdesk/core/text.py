"""The one way healthdesk compares human-written text: :func:`fold`.

Labels in pasted requests, triage keywords and system modules, onboarding stage and task titles
are typed by people on different keyboards and copied between systems that store Unicode in
different normal forms ("Prescrição" arrives precomposed - NFC - from one and as ``c`` + U+0327,
``a`` + U+0303 - NFD - from another). Wherever two such texts are compared, both sides go through
:func:`fold` and the results are compared with ``==`` (or searched, for keywords).

Document numbers and codes (CNPJ, base ids, short codes, method names) are not text: they have
their own normalisers next to their rules.

No frappe.
"""

from __future__ import annotations

import unicodedata

__all__ = ["fold"]


def fold(text: str) -> str:
    """The comparison key of ``text``: case, accents, compatibility forms and spacing removed.

    1. Unicode's compatibility caseless matching key (The Unicode Standard, section 3.13, D146:
       ``NFKD(casefold(NFKD(casefold(NFD(text)))))``): NFC and NFD spellings become one,
       ligatures and full-width letters become plain letters (``ﬁ`` -> ``fi``, ``Ｍ`` -> ``M``),
       case is folded in full (``ß`` -> ``ss``) and accented letters end up as letter + combining
       mark;
    2. every combining mark (nonzero canonical combining class) dropped: ``ã`` -> ``a``,
       ``ç`` -> ``c``, ``İ`` -> ``i``;
    3. whitespace runs (any Unicode space, tab or line break) become one space, none at the ends.

    ``fold("  Sistema   LENTIDÃO\\n na Prescrição ") == "sistema lentidao na prescricao"``.

    Idempotent (``fold(fold(t)) == fold(t)``; the unit tests check every code point). Lossy, so
    only for comparing, never for display or storage. Not a transliteration: letters without a
    decomposition stay (``ø``, ``æ``, ``ł``).
    """
    caseless = unicodedata.normalize("NFD", text).casefold()
    caseless = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", caseless).casefold())
    without_marks = "".join(ch for ch in caseless if not unicodedata.combining(ch))
    return " ".join(without_marks.split())
