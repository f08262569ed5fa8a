"""CNPJ (Brazilian company registry number) normalisation and check-digit validation.

A CNPJ has 14 characters: 12 identifying characters and 2 check digits, usually written
``12.345.678/0001-95``. Since July 2026 the Receita Federal also issues *alphanumeric* CNPJs
(Instrução Normativa RFB nº 2.229/2024): the 12 identifying characters may be ``0-9`` or ``A-Z``
and the check digits stay numeric. Both kinds use the same modulo-11 algorithm, where each
character is worth ``ord(char) - 48`` (so ``0``–``9`` are 0–9 and ``A`` is 17 … ``Z`` is 42).
"""

from __future__ import annotations

import re

__all__ = ["check_digits", "format_cnpj", "is_valid_cnpj", "normalize_cnpj"]

_WEIGHTS_1 = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_WEIGHTS_2 = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_SHAPE = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
_PUNCTUATION = re.compile(r"[.\-/\s]")


def normalize_cnpj(value: str) -> str:
    """Drop the usual punctuation (dots, slash, dash, spaces) and upper-case the letters."""
    return _PUNCTUATION.sub("", value).upper()


def _digit(weights: tuple[int, ...], chars: str) -> int:
    remainder = sum(w * (ord(c) - 48) for w, c in zip(weights, chars, strict=True)) % 11
    return 0 if remainder < 2 else 11 - remainder


def check_digits(base: str) -> str:
    """The two check digits of a 12-character CNPJ base (digits or upper-case letters)."""
    base = normalize_cnpj(base)
    if not re.fullmatch(r"[0-9A-Z]{12}", base):
        raise ValueError("A CNPJ base has 12 characters, digits or letters A-Z.")
    first = _digit(_WEIGHTS_1, base)
    second = _digit(_WEIGHTS_2, base + str(first))
    return f"{first}{second}"


def is_valid_cnpj(value: str) -> bool:
    """True for a well-formed CNPJ whose check digits match, formatted or not.

    Numbers made of one repeated digit (``00.000.000/0000-00`` …) pass the arithmetic but are
    not issued, so they are refused.
    """
    cnpj = normalize_cnpj(value)
    if not _SHAPE.fullmatch(cnpj) or len(set(cnpj)) == 1:
        return False
    return check_digits(cnpj[:12]) == cnpj[12:]


def format_cnpj(value: str) -> str:
    """``12345678000195`` → ``12.345.678/0001-95`` (the value must already be valid)."""
    cnpj = normalize_cnpj(value)
    if not is_valid_cnpj(cnpj):
        raise ValueError("Not a valid CNPJ.")
    return f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}"
