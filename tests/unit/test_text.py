"""Unit tests of healthdesk.core.text.fold, the one text-comparison key.

Accents are stripped here with a hand-written table (independent of unicodedata), and case is
changed with str.upper/lower/swapcase/title, so the properties do not restate the implementation.
"""

from __future__ import annotations

import sys
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthdesk.core.text import fold

SETTINGS = settings(max_examples=300, deadline=None)

# Portuguese letters with their unaccented base letter, both cases.
ACCENTED = {
    "á": "a", "à": "a", "â": "a", "ã": "a", "é": "e", "ê": "e", "í": "i", "ó": "o", "ô": "o",
    "õ": "o", "ú": "u", "ü": "u", "ç": "c",
}
ACCENTED |= {k.upper(): v.upper() for k, v in ACCENTED.items()}
PT_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ" + "".join(ACCENTED) + " \t\n\u00a0-./()"


def strip_accents(text: str) -> str:
    return "".join(ACCENTED.get(ch, ch) for ch in text)


pt_text = st.text(alphabet=PT_ALPHABET, max_size=40)
any_text = st.text(max_size=40)


# --------------------------------------------------------------------------- examples

@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Prescrição", "prescricao"),
        ("PRESCRIÇÃO", "prescricao"),
        ("  Já  ESTÁ\tcadastrado\n", "ja esta cadastrado"),
        ("Prontuário Eletrônico", "prontuario eletronico"),
        ("ﬁcha Ｍédica", "ficha medica"),           # ligature, full-width letter
        ("Straße", "strasse"),                     # full case folding
        ("İstanbul", "istanbul"),                  # folding yields a combining dot, dropped
        ("a\u00a0b\u2003c", "a b c"),              # no-break and em spaces
        ("", ""),
        (" \t\n ", ""),
    ],
)
def test_examples(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_prescricao_in_every_normal_form_is_one_key() -> None:
    # The bug this module exists for: NFC and NFD spellings of one word compared unequal.
    nfc = unicodedata.normalize("NFC", "Prescrição")
    nfd = unicodedata.normalize("NFD", "Prescrição")
    assert nfc != nfd
    assert fold(nfc) == fold(nfd) == fold("Prescricao") == fold("prescrição (memed)")[:10]


# --------------------------------------------------------------------------- properties

@SETTINGS
@given(any_text)
def test_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@SETTINGS
@given(any_text)
def test_whitespace_is_collapsed(text: str) -> None:
    once = fold(text)
    assert once == once.strip() and "  " not in once
    assert not any(ch.isspace() and ch != " " for ch in once)


@SETTINGS
@given(any_text, st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]))
def test_normal_forms_fold_equal(text: str, form: str) -> None:
    assert fold(unicodedata.normalize(form, text)) == fold(text)


@SETTINGS
@given(pt_text)
def test_accent_and_case_insensitive(text: str) -> None:
    key = fold(text)
    for variant in (text.upper(), text.lower(), text.swapcase(), text.title(), strip_accents(text)):
        assert fold(variant) == key
    assert key.isascii()


@SETTINGS
@given(any_text)
def test_casefold_of_input_does_not_matter(text: str) -> None:
    assert fold(text.casefold()) == fold(text)


@SETTINGS
@given(pt_text, pt_text)
def test_concatenation_with_a_space(left: str, right: str) -> None:
    # Folding is per word: a phrase folds to its folded words joined by single spaces.
    assert fold(f"{left} {right}") == " ".join(part for part in (fold(left), fold(right)) if part)


def test_every_code_point_folds_to_a_fixed_point() -> None:
    """Idempotence for all strings, checked on the running Python's Unicode database.

    ``fold`` maps each character to a string and then collapses whitespace, so it is idempotent
    when every character it can output maps to itself. Each character is checked between two
    ``a``s, so that a mapping that adds or drops spaces at its ends shows too.
    """
    outputs: set[str] = set()
    for cp in range(sys.maxunicode + 1):
        if not 0xD800 <= cp <= 0xDFFF:
            outputs.update(fold(f"a{chr(cp)}a")[1:-1])
    moved = [hex(ord(ch)) for ch in outputs if fold(f"a{ch}a") != f"a{ch}a"]
    assert moved == []


# --------------------------------------------------------------------------- core callers

@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_core_comparisons_go_through_fold(form: str) -> None:
    from healthdesk.core import clinic_ids, triage

    assert triage.normalize is fold
    label = unicodedata.normalize(form, "  JÁ  ESTÁ cadastrado na CLÍNICA ")
    assert clinic_ids.normalize_label(label) == fold(clinic_ids.LABEL_HOME_BASE)

    # A ticket whose module arrives in either normal form matches the prescription rule.
    module = unicodedata.normalize(form, "PRESCRIÇÃO")
    facts = triage.TicketFacts(triage.CATEGORY_ERROR, module, "erro", "")
    names = [match.rule.name for match in triage.match_rules(facts, triage.DEFAULT_RULES)]
    assert "prescription_module" in names
