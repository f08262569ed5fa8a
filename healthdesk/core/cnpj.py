"""CNPJ (Brazilian company registry number) normalisation and check-digit validation.

A CNPJ has 14 characters: 12 identifying characters and 2 check digits, usually written
``12.345.678/0001-95``. Since July 2026 the Receita Federal also issues *alphanumeric* CNPJs
(Instrução Normativa RFB nº 2.229/2024): the 12 identifying characters may be ``0-9`` or ``A-Z``
and the check digits stay numeric. Both kinds use the same modulo-11 algorithm, where each
character is worth ``ord(char) - 48`` (so ``0``–``9`` are 0–9 and ``A`` is 17 … ``Z`` is 42).

The arithmetic is python-stdnum's (``stdnum.br.cnpj``, alphanumeric since 2.2). This module adds
only what healthdesk decides on top of it: which punctuation a user may type (:func:`normalize_cnpj`),
the shape (ASCII ``0-9``/``A-Z``, numeric check digits) and the repeated-character rule.
"""

from __future__ import annotations

import re

from stdnum.br import cnpj as _stdnum_cnpj

__all__ = ["check_digits", "format_cnpj", "is_valid_cnpj", "normalize_cnpj"]

_SHAPE = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
_PUNCTUATION = re.compile(r"[.\-/\s]")


def normalize_cnpj(value: str) -> str:
    """Drop the usual punctuation (dots, slash, dash, spaces) and upper-case the letters."""
    return _PUNCTUATION.sub("", value).upper()


def check_digits(base: str) -> str:
    """The two check digits of a 12-character CNPJ base (digits or upper-case letters)."""
    base = normalize_cnpj(base)
    if not re.fullmatch(r"[0-9A-Z]{12}", base):
        raise ValueError("A CNPJ base has 12 characters, digits or letters A-Z.")
    return _stdnum_cnpj.calc_check_digits(base)


def is_valid_cnpj(value: str) -> bool:
    """True for a well-formed CNPJ whose check digits match, formatted or not.

    Numbers made of one repeated character (``00.000.000/0000-00``, ``11111111111111`` …) are
    not issued, so they are refused even where the arithmetic would accept them.
    """
    cnpj = normalize_cnpj(value)
    if not _SHAPE.fullmatch(cnpj) or len(set(cnpj)) == 1:
        return False
    return _stdnum_cnpj.is_valid(cnpj)


def format_cnpj(value: str) -> str:
    """``12345678000195`` → ``12.345.678/0001-95`` (the value must already be valid)."""
    cnpj = normalize_cnpj(value)
    if not is_valid_cnpj(cnpj):
        raise ValueError("Not a valid CNPJ.")
    return _stdnum_cnpj.format(cnpj)
