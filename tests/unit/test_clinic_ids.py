"""Unit tests of healthdesk.core.clinic_ids: base-id lists and the multi-clinic request."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core.clinic_ids import (
    LABEL_HOME_BASE,
    LABEL_REQUESTED,
    LABEL_USER,
    ClinicIdError,
    MultiClinicRequest,
    is_base_id,
    normalize_label,
    parse_base_ids,
    parse_request,
)

SEED_REQUEST = (
    "Usuário: maria@clinica.example\n"
    "Já está cadastrado na clínica: 0012\n"
    "Multi clínica para as clínicas: 0012, 0345, 0678\n"
)

base_ids = st.text(alphabet="0123456789", min_size=1, max_size=8)
separators = st.sampled_from([",", ";", " ", "\n", ", ", " ; ", "\t", "\r\n", ",\n"])


# --- parse_base_ids --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0012, 0345, 0678", ["0012", "0345", "0678"]),
        ("0012;0345;0678", ["0012", "0345", "0678"]),
        ("0012 0345\n0678", ["0012", "0345", "0678"]),
        ('"0012, 0345"', ["0012", "0345"]),
        ("“0012”, ‘0345’", ["0012", "0345"]),
        ("0678, 0012, 0678, 0012", ["0678", "0012"]),
        ("  ,, ;  ", []),
        ("", []),
        ("000", ["000"]),
        ("7", ["7"]),
    ],
)
def test_parse_base_ids_examples(text: str, expected: list[str]) -> None:
    assert parse_base_ids(text) == expected


@pytest.mark.parametrize("bad", ["etc...", "12a", "A12", "0012-3", "١٢", "１２", "0x12", "-1"])
def test_parse_base_ids_names_the_bad_token(bad: str) -> None:
    with pytest.raises(ClinicIdError) as info:
        parse_base_ids(f"0012, {bad}, 0345")
    assert bad in str(info.value)
    assert info.value.code == "not_a_base_id"
    assert info.value.params["token"] == bad
    assert isinstance(info.value, ValueError)


def test_seed_placeholder_list_is_refused_naming_etc() -> None:
    # The seed's own template line: "0000, 0000, etc..." is not a list of ids.
    with pytest.raises(ValueError, match="etc"):
        parse_base_ids('"0000, 0000, etc..."')


@given(st.lists(base_ids, min_size=0, max_size=12), st.data())
def test_parse_base_ids_round_trip_keeps_order_and_drops_duplicates(
    ids: list[str], data: st.DataObject
) -> None:
    parts: list[str] = []
    for token in ids:
        quote = data.draw(st.sampled_from(["", '"', "'", "“"]))
        closing = {"“": "”"}.get(quote, quote)
        parts.append(f"{quote}{token}{closing}")
        parts.append(data.draw(separators))
    text = "".join(parts)
    expected = list(dict.fromkeys(ids))
    assert parse_base_ids(text) == expected


@given(st.lists(base_ids, min_size=1, max_size=10))
def test_leading_zeros_are_kept_exactly(ids: list[str]) -> None:
    for got in parse_base_ids(", ".join(ids)):
        assert got in ids


@given(st.text(max_size=40))
def test_parse_base_ids_never_returns_a_non_digit_token(text: str) -> None:
    try:
        result = parse_base_ids(text)
    except ClinicIdError as exc:
        assert exc.params["token"] in text
    else:
        assert all(is_base_id(t) for t in result)
        assert len(result) == len(set(result))


def test_is_base_id() -> None:
    assert is_base_id("0000")
    assert not is_base_id("")
    assert not is_base_id("١٢")  # Arabic-Indic digits are digits to Python, not to us
    assert not is_base_id(" 12")


# --- parse_request ---------------------------------------------------------------------------

def test_seed_request_verbatim() -> None:
    assert parse_request(SEED_REQUEST) == MultiClinicRequest(
        user_email="maria@clinica.example", home_base_id="0012",
        base_ids=["0012", "0345", "0678"],
    )


def test_labels_ignore_case_accents_spaces_and_order() -> None:
    text = (
        "  MULTI   CLINICA PARA AS CLINICAS :0345;0678\r\n"
        "\n"
        "usuario:   Maria@Clinica.Example  \r\n"
        "ja esta   cadastrado na CLÍNICA:   0012\r\n"
        "Observação: qualquer coisa\n"
    )
    assert parse_request(text) == MultiClinicRequest(
        user_email="maria@clinica.example", home_base_id="0012", base_ids=["0345", "0678"]
    )


def test_bom_and_values_with_colons() -> None:
    text = "\ufeffUsuário: <maria@clinica.example>\nJá está cadastrado na clínica: 0012\n" \
           "Multi clínica para as clínicas: 0345"
    assert parse_request(text).user_email == "maria@clinica.example"


@pytest.mark.parametrize("missing", [LABEL_USER, LABEL_HOME_BASE, LABEL_REQUESTED])
def test_missing_line_is_named(missing: str) -> None:
    lines = [line for line in SEED_REQUEST.splitlines() if not line.startswith(missing)]
    with pytest.raises(ClinicIdError) as info:
        parse_request("\n".join(lines))
    assert missing in str(info.value)
    assert info.value.code == "missing_line"
    assert info.value.params["line"] == missing


@pytest.mark.parametrize("empty", [LABEL_USER, LABEL_HOME_BASE, LABEL_REQUESTED])
def test_empty_line_is_named(empty: str) -> None:
    lines = [f"{empty}:   " if line.startswith(empty) else line
             for line in SEED_REQUEST.splitlines()]
    with pytest.raises(ValueError, match=empty):
        parse_request("\n".join(lines))


def test_duplicate_line_is_refused() -> None:
    with pytest.raises(ClinicIdError) as info:
        parse_request(SEED_REQUEST + "Usuário: outra@clinica.example\n")
    assert info.value.code == "duplicate_line"
    assert LABEL_USER in str(info.value)


def test_home_base_must_be_one_id() -> None:
    with pytest.raises(ClinicIdError) as info:
        parse_request(SEED_REQUEST.replace(": 0012\n", ": 0012, 0013\n", 1))
    assert info.value.code == "one_home_base"
    assert LABEL_HOME_BASE in str(info.value)


def test_bad_token_names_line_and_token() -> None:
    with pytest.raises(ClinicIdError) as info:
        parse_request(SEED_REQUEST.replace("0678", "06x8"))
    message = str(info.value)
    assert "06x8" in message and LABEL_REQUESTED in message
    assert info.value.params == {"token": "06x8", "line": LABEL_REQUESTED}


def test_empty_text() -> None:
    with pytest.raises(ValueError, match=LABEL_USER):
        parse_request("")


@given(
    st.emails(),
    base_ids,
    st.lists(base_ids, min_size=1, max_size=6),
    st.permutations([0, 1, 2]),
)
def test_request_round_trip(email: str, home: str, ids: list[str], order: list[int]) -> None:
    lines = [
        f"Usuário: {email}",
        f"Já está cadastrado na clínica: {home}",
        f"Multi clínica para as clínicas: {', '.join(ids)}",
    ]
    parsed = parse_request("\n".join(lines[i] for i in order))
    assert parsed.user_email == email.strip().lower()
    assert parsed.home_base_id == home
    assert parsed.base_ids == list(dict.fromkeys(ids))


@given(st.text(alphabet="aáàâãeéêiíoóôõuúçAÁÇ ", max_size=30))
def test_normalize_label_is_idempotent_and_accentless(text: str) -> None:
    once = normalize_label(text)
    assert normalize_label(once) == once
    assert once.isascii()
