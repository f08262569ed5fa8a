"""Unit tests of healthdesk.core.cnpj, against an independent check-digit oracle."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core.cnpj import check_digits, format_cnpj, is_valid_cnpj, normalize_cnpj

ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def oracle_digit(chars: str) -> int:
    """Receita Federal's rule written out with explicit loops: weights 2..9 from the right."""
    total = 0
    weight = 2
    for char in reversed(chars):
        total += (ord(char) - ord("0")) * weight
        weight = 2 if weight == 9 else weight + 1
    remainder = total % 11
    return 0 if remainder in (0, 1) else 11 - remainder


def oracle_cnpj(base: str) -> str:
    first = oracle_digit(base)
    second = oracle_digit(base + str(first))
    return f"{base}{first}{second}"


numeric_bases = st.text(alphabet="0123456789", min_size=12, max_size=12)
alnum_bases = st.text(alphabet=ALNUM, min_size=12, max_size=12)


@pytest.mark.parametrize(
    "cnpj",
    [
        "11.222.333/0001-81",   # the classic documentation example
        "11222333000181",
        "12.ABC.345/01DE-35",   # Receita Federal's alphanumeric example (IN RFB 2.229/2024)
        "12abc34501de35",
        " 12 ABC 345 01DE 35 ",
    ],
)
def test_known_valid(cnpj: str) -> None:
    assert is_valid_cnpj(cnpj)


@pytest.mark.parametrize(
    "cnpj",
    [
        "11.222.333/0001-82", "11222333000180", "00000000000000", "11111111111111",
        "1122233300018", "112223330001811", "12.ABC.345/01DE-3A", "", "abc",
        "11.222.333/0001-8I",
    ],
)
def test_known_invalid(cnpj: str) -> None:
    assert not is_valid_cnpj(cnpj)


@given(st.one_of(numeric_bases, alnum_bases))
def test_valid_numbers_agree_with_oracle(base: str) -> None:
    full = oracle_cnpj(base)
    assert check_digits(base) == full[12:]
    assert is_valid_cnpj(full) == (len(set(full)) > 1)


@given(st.one_of(numeric_bases, alnum_bases), st.integers(0, 13), st.integers(1, 9))
def test_changing_one_digit_breaks_it(base: str, position: int, delta: int) -> None:
    full = oracle_cnpj(base)
    if position >= 12:
        replaced = str((int(full[position]) + delta) % 10)
    else:
        replaced = ALNUM[(ALNUM.index(full[position]) + delta) % len(ALNUM)]
    mutated = full[:position] + replaced + full[position + 1:]
    # A changed check digit never validates; a changed base character validates only if the
    # oracle says the mutated base happens to produce the same check digits.
    assert is_valid_cnpj(mutated) == (oracle_cnpj(mutated[:12]) == mutated and len(set(mutated)) > 1)


@given(numeric_bases)
def test_format_round_trip(base: str) -> None:
    full = oracle_cnpj(base)
    if len(set(full)) == 1:
        return
    formatted = format_cnpj(full)
    assert formatted[2] == "." and formatted[6] == "." and formatted[10] == "/" and formatted[15] == "-"
    assert normalize_cnpj(formatted) == full


def test_format_refuses_invalid() -> None:
    with pytest.raises(ValueError):
        format_cnpj("11.222.333/0001-82")


def test_check_digits_refuses_bad_base() -> None:
    with pytest.raises(ValueError):
        check_digits("1234")


# --------------------------------------------------------------------------- the stdnum wrapper

@pytest.mark.parametrize("char", "0123456789")
def test_repeated_character_cnpjs_are_refused(char: str) -> None:
    assert not is_valid_cnpj(char * 14)
    assert not is_valid_cnpj(f"{char * 2}.{char * 3}.{char * 3}/{char * 4}-{char * 2}")


@given(st.one_of(numeric_bases, alnum_bases))
def test_agrees_with_stdnum_on_well_formed_numbers(base: str) -> None:
    from stdnum.br import cnpj as stdnum_cnpj

    full = oracle_cnpj(base)
    assert stdnum_cnpj.is_valid(full) or len(set(full)) == 1
    assert is_valid_cnpj(full) == (stdnum_cnpj.is_valid(full) and len(set(full)) > 1)
    assert check_digits(base) == stdnum_cnpj.calc_check_digits(full)


def test_alphanumeric_cnpj_examples() -> None:
    # Receita Federal's example, then bases made of letters only and of mixed case.
    assert is_valid_cnpj("12.ABC.345/01DE-35")
    assert format_cnpj("12abc34501de35") == "12.ABC.345/01DE-35"
    for base in ("ABCDEFGHIJKL", "ZZZZZZZZZZZZ", "a1b2c3d4e5f6"):
        full = oracle_cnpj(base.upper())
        assert is_valid_cnpj(full) and is_valid_cnpj(full.lower())
        assert check_digits(base) == full[12:]


@pytest.mark.parametrize(
    "value",
    [
        "12.ABC.345/01DE-3A",      # a letter where a check digit goes
        "12.ÁBC.345/01DE-35",      # not ASCII
        "１１.２２２.３３３/０００１-８１",  # full-width digits are not a CNPJ as typed
        "11.222.333/0001=81",      # '=' is not a separator
    ],
)
def test_shapes_stdnum_might_read_are_still_refused(value: str) -> None:
    assert not is_valid_cnpj(value)
