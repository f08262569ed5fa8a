"""Unit tests for healthdesk.core.pii (personal-data guard).

Valid CPF/CNS numbers are generated here with an implementation written independently of the
module's (explicit loops; CNS definitive numbers are built by searching the suffix that makes the
full weighted sum divisible by 11). No real person's number appears in this file.
"""

from __future__ import annotations

import datetime as dt
import random
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from healthdesk.core.pii import (
    KINDS,
    PRIORITY,
    Finding,
    find_personal_data,
    is_valid_cns,
    is_valid_cpf,
    mask,
)

# Applied per test (a global profile would leak into other test modules).
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --------------------------------------------------------------------------- reference generators


def ref_cpf_check_digits(base: list[int]) -> list[int]:
    """Both CPF check digits for 9 base digits (loop implementation)."""
    digits = list(base)
    for length in (9, 10):
        total = 0
        weight = length + 1
        for d in digits[:length]:
            total += d * weight
            weight -= 1
        remainder = total % 11
        digits.append(0 if remainder < 2 else 11 - remainder)
    return digits[9:]


def ref_cpf_valid(digits: str) -> bool:
    if len(digits) != 11 or digits == digits[0] * 11:
        return False
    base = [int(c) for c in digits[:9]]
    return [int(c) for c in digits[9:]] == ref_cpf_check_digits(base)


def weighted_15(digits: list[int]) -> int:
    total = 0
    for position in range(len(digits)):
        total += digits[position] * (15 - position)
    return total


def ref_cns_definitive(pis: list[int]) -> str:
    """The CNS for an 11-digit PIS prefix: suffix 000+d, or 001+d when no d in 0..9 works."""
    for middle in ([0, 0, 0], [0, 0, 1]):
        for dv in range(10):
            candidate = pis + middle + [dv]
            if weighted_15(candidate) % 11 == 0:
                return "".join(str(d) for d in candidate)
    raise AssertionError("unreachable")


def ref_cns_valid(digits: str) -> bool:
    if len(digits) != 15 or not digits.isdigit():
        return False
    nums = [int(c) for c in digits]
    if digits[0] in "12":
        return digits == ref_cns_definitive(nums[:11])
    if digits[0] in "789":
        return weighted_15(nums) % 11 == 0
    return False


digit_lists = st.lists(st.integers(0, 9), min_size=9, max_size=9)


@st.composite
def valid_cpfs(draw) -> str:
    base = draw(digit_lists)
    digits = "".join(map(str, base + ref_cpf_check_digits(base)))
    assume(len(set(digits)) > 1)
    return digits


@st.composite
def valid_cnss(draw) -> str:
    if draw(st.booleans()):
        pis = [draw(st.sampled_from([1, 2]))] + draw(st.lists(st.integers(0, 9), min_size=10, max_size=10))
        return ref_cns_definitive(pis)
    head = [draw(st.sampled_from([7, 8, 9]))] + draw(st.lists(st.integers(0, 9), min_size=13, max_size=13))
    last = -weighted_15(head) % 11
    assume(last != 10)
    return "".join(map(str, head + [last]))


def mutate_one_digit(draw, digits: str) -> str:
    i = draw(st.integers(0, len(digits) - 1))
    new = draw(st.integers(0, 9).filter(lambda d: d != int(digits[i])))
    return digits[:i] + str(new) + digits[i + 1 :]


CPF_FORMATS = [
    lambda d: d,
    lambda d: f"{d[:3]}.{d[3:6]}.{d[6:9]}-{d[9:]}",
    lambda d: f"{d[:3]} {d[3:6]} {d[6:9]} {d[9:]}",
    lambda d: f"{d[:3]}.{d[3:6]}.{d[6:9]}.{d[9:]}",
    lambda d: f"{d[:9]}-{d[9:]}",
    lambda d: f"{d[:3]}.{d[3:6]}.{d[6:9]} - {d[9:]}",
    lambda d: f"{d[:3]}-{d[3:6]}-{d[6:9]}-{d[9:]}",
]
CNS_FORMATS = [
    lambda d: d,
    lambda d: f"{d[:3]} {d[3:7]} {d[7:11]} {d[11:]}",
    lambda d: f"{d[:3]}.{d[3:7]}.{d[7:11]}.{d[11:]}",
    lambda d: f"{d[:3]}-{d[3:7]}-{d[7:11]}-{d[11:]}",
]

# Filler words: no digits, no "@", no birth-date cues, no identifier labels ("guia", "senha").
WORDS = (
    "o sistema não abre a agenda da clínica paciente médico erro ao salvar faturamento TISS "
    "consulta relatório por favor verificar cadastro número do da é com para retorno exame "
    "prontuário secretária atendimento Unimed operadora convênio urgente obrigado bom dia tela "
    "informado segue abaixo print usuário acesso suporte"
).split()
filler = st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join)
LEADS = [" ", ": ", " (", "\n", ", ", " - ", "\t"]
TRAILS = [" ", ". ", ") ", ", ", "\n", "; "]


def embed(draw, value: str, leads=LEADS, trails=TRAILS) -> tuple[str, int, int]:
    prefix = draw(filler) + draw(st.sampled_from(leads))
    suffix = draw(st.sampled_from(trails)) + draw(filler)
    return prefix + value + suffix, len(prefix), len(prefix) + len(value)


def spans(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in find_personal_data(text)]


# --------------------------------------------------------------------------- reference sanity


def test_reference_generators_agree_with_known_shapes() -> None:
    rng = random.Random(20240501)
    for _ in range(200):
        base = [rng.randrange(10) for _ in range(9)]
        digits = "".join(map(str, base + ref_cpf_check_digits(base)))
        if len(set(digits)) > 1:
            assert is_valid_cpf(digits)
        pis = [rng.choice([1, 2])] + [rng.randrange(10) for _ in range(10)]
        cns = ref_cns_definitive(pis)
        assert cns[11:14] in ("000", "001") and is_valid_cns(cns)


# --------------------------------------------------------------------------- CPF


@SETTINGS
@given(valid_cpfs(), st.sampled_from(CPF_FORMATS))
def test_is_valid_cpf_accepts_generated_numbers_formatted_or_bare(digits: str, fmt) -> None:
    assert is_valid_cpf(digits)
    assert is_valid_cpf(fmt(digits))


@SETTINGS
@given(st.data(), valid_cpfs())
def test_is_valid_cpf_rejects_one_digit_mutations(data, digits: str) -> None:
    mutated = mutate_one_digit(data.draw, digits)
    assume(not ref_cpf_valid(mutated))
    assert not is_valid_cpf(mutated)


@pytest.mark.parametrize("digit", "0123456789")
def test_repeated_digit_cpfs_are_invalid_and_not_found(digit: str) -> None:
    digits = digit * 11
    assert not is_valid_cpf(digits)
    formatted = f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"
    assert find_personal_data(f"CPF {formatted}") == []
    # "99999999999" is shaped like DDD 99 + mobile: it may be a phone, never a CPF.
    assert "cpf" not in [kind for kind, _ in spans(f"CPF {digits}")]


@pytest.mark.parametrize("value", ["", "123", "1234567890", "123456789012", "abc.def.ghi-jk"])
def test_is_valid_cpf_wrong_length(value: str) -> None:
    assert not is_valid_cpf(value)


@SETTINGS
@given(st.data(), valid_cpfs(), st.sampled_from(CPF_FORMATS))
def test_cpf_found_in_portuguese_text(data, digits: str, fmt) -> None:
    text, start, end = embed(data.draw, fmt(digits))
    assert find_personal_data(text) == [Finding("cpf", start, end)]
    masked = mask(text)
    assert digits[:3] not in masked[start:end]
    assert masked[start:end].count("*") == 11
    assert masked[:start] == text[:start] and masked[end:] == text[end:]


@SETTINGS
@given(st.data(), valid_cpfs(), st.sampled_from(CPF_FORMATS))
def test_invalid_cpf_not_found(data, digits: str, fmt) -> None:
    mutated = mutate_one_digit(data.draw, digits)
    assume(not ref_cpf_valid(mutated))
    text, _, _ = embed(data.draw, fmt(mutated))
    kinds = [kind for kind, _ in spans(text)]
    assert "cpf" not in kinds
    if not fmt(mutated).isdigit():
        assert kinds == []


@SETTINGS
@given(valid_cpfs(), st.sampled_from(["1", "12", "0"]), st.booleans())
def test_cpf_inside_longer_digit_run_not_found(digits: str, extra: str, before: bool) -> None:
    run = extra + digits if before else digits + extra
    assert "cpf" not in [kind for kind, _ in spans(f"código {run} no lote")]
    dotted = f"{extra}.{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"
    assert "cpf" not in [kind for kind, _ in spans(f"valor {dotted} ok")]


def test_known_generated_cpf_examples() -> None:
    # Computed on the fly from arbitrary bases (never a real person's number).
    for base in ("123456789", "000000001", "987654321", "529982247"):
        check = ref_cpf_check_digits([int(c) for c in base])
        digits = base + "".join(map(str, check))
        formatted = f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"
        text = f"Paciente com CPF {formatted} não consegue agendar."
        assert spans(text) == [("cpf", formatted)]
        assert mask(text) == "Paciente com CPF ***.***.***-** não consegue agendar."


@pytest.mark.parametrize("digit", "123456789")
def test_repeated_digit_rule_refuses_what_stdnum_accepts(digit: str) -> None:
    # The reason for the wrapper: the arithmetic (and stdnum) accepts 111.111.111-11 ...
    from stdnum.br import cpf as stdnum_cpf

    assert stdnum_cpf.is_valid(digit * 11)
    assert not is_valid_cpf(digit * 11)
    assert not is_valid_cpf(f"{digit * 3}.{digit * 3}.{digit * 3}-{digit * 2}")


@SETTINGS
@given(valid_cpfs(), st.sampled_from(CPF_FORMATS))
def test_is_valid_cpf_accepts_what_stdnum_accepts(digits: str, fmt) -> None:
    from stdnum.br import cpf as stdnum_cpf

    assert stdnum_cpf.is_valid(digits) and is_valid_cpf(fmt(digits))


@SETTINGS
@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_is_valid_cpf_is_stdnum_minus_repeated_digits(digits: str) -> None:
    from stdnum.br import cpf as stdnum_cpf

    assert is_valid_cpf(digits) == (stdnum_cpf.is_valid(digits) and len(set(digits)) > 1)


def test_is_valid_cpf_ignores_any_non_digit() -> None:
    # Wider than stdnum, which only skips " -.": free text is read as typed.
    digits = "529982247" + "".join(map(str, ref_cpf_check_digits([5, 2, 9, 9, 8, 2, 2, 4, 7])))
    assert is_valid_cpf(f"{digits[:3]}/{digits[3:6]}/{digits[6:9]}/{digits[9:]}")
    assert is_valid_cpf(f"CPF: {digits}")


# --------------------------------------------------------------------------- CNS


@SETTINGS
@given(valid_cnss(), st.sampled_from(CNS_FORMATS))
def test_is_valid_cns_accepts_generated_numbers(digits: str, fmt) -> None:
    assert is_valid_cns(digits)
    assert is_valid_cns(fmt(digits))


@SETTINGS
@given(st.data(), valid_cnss())
def test_is_valid_cns_rejects_one_digit_mutations(data, digits: str) -> None:
    mutated = mutate_one_digit(data.draw, digits)
    assume(not ref_cns_valid(mutated))
    assert not is_valid_cns(mutated)


@SETTINGS
@given(st.lists(st.integers(0, 9), min_size=15, max_size=15))
def test_is_valid_cns_agrees_with_reference_on_random_digits(nums: list[int]) -> None:
    digits = "".join(map(str, nums))
    assert is_valid_cns(digits) == ref_cns_valid(digits)


@SETTINGS
@given(st.lists(st.integers(0, 9), min_size=15, max_size=15))
def test_is_valid_cns_is_validate_docbr(nums: list[int]) -> None:
    from validate_docbr import CNS

    digits = "".join(map(str, nums))
    assert is_valid_cns(digits) == CNS().validate(digits)


def test_cns_definitive_branch_uses_001_suffix_when_check_digit_would_be_10() -> None:
    rng = random.Random(7)
    seen_001 = seen_000 = False
    for _ in range(2000):
        pis = [rng.choice([1, 2])] + [rng.randrange(10) for _ in range(10)]
        cns = ref_cns_definitive(pis)
        assert is_valid_cns(cns)
        if cns[11:14] == "001":
            seen_001 = True
            # The same PIS with a 000 suffix can never be valid.
            assert not any(is_valid_cns(cns[:11] + "000" + str(d)) for d in range(10))
        else:
            seen_000 = True
            assert not is_valid_cns(cns[:11] + "001" + cns[14])
    assert seen_000 and seen_001


@pytest.mark.parametrize("first", "03456")
def test_cns_with_other_first_digits_is_invalid(first: str) -> None:
    for last in range(10):
        assert not is_valid_cns(first + "0" * 13 + str(last))


@SETTINGS
@given(st.data(), valid_cnss(), st.sampled_from(CNS_FORMATS))
def test_cns_found_in_portuguese_text(data, digits: str, fmt) -> None:
    text, start, end = embed(data.draw, fmt(digits))
    assert find_personal_data(text) == [Finding("cns", start, end)]
    assert mask(text)[start:end].count("*") == 15


@SETTINGS
@given(st.data(), valid_cnss(), st.sampled_from(CNS_FORMATS))
def test_invalid_cns_not_found(data, digits: str, fmt) -> None:
    mutated = mutate_one_digit(data.draw, digits)
    assume(not ref_cns_valid(mutated))
    text, _, _ = embed(data.draw, fmt(mutated))
    assert find_personal_data(text) == []


# --------------------------------------------------------------------------- phones

PHONES = [
    "(11) 98765-4321",
    "+55 11 98765-4321",
    "+55 (21) 3456-7890",
    "+5511987654321",
    "55 11 98765 4321",
    "11987654321",
    "011987654321",
    "11 98765-4321",
    "11-98765-4321",
    "11 3456-7890",
    "11 3456 7890",
    "(11)98765-4321",
    "(011) 3456-7890",
    "( 31 ) 3456.7890",
    "3456-7890",
    "98765-4321",
    "9 8765-4321",
    "8765-4321",
]


@pytest.mark.parametrize("phone", PHONES)
def test_phone_forms(phone: str) -> None:
    text = f"Favor retornar no telefone {phone} até amanhã."
    assert spans(text) == [("phone", phone)]
    masked = mask(text)
    assert not any(c.isdigit() for c in masked)
    assert len(masked) == len(text)


DDDS = [11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38]
DDDS += [41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69]
DDDS += [71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99]

PHONE_FORMATS = [
    "({ddd}) {a}-{b}",
    "+55 {ddd} {a}-{b}",
    "+55 ({ddd}) {a} {b}",
    "{ddd} {a}-{b}",
    "({ddd}){a}{b}",
    "{ddd}.{a}.{b}",
    "+55{ddd}{a}{b}",
    "{a}-{b}",
]


@st.composite
def phones(draw) -> str:
    ddd = draw(st.sampled_from(DDDS))
    if draw(st.booleans()):
        a = "9" + "".join(map(str, draw(st.lists(st.integers(0, 9), min_size=4, max_size=4))))
    else:
        a = str(draw(st.integers(2, 5))) + "".join(
            map(str, draw(st.lists(st.integers(0, 9), min_size=3, max_size=3)))
        )
    b = "".join(map(str, draw(st.lists(st.integers(0, 9), min_size=4, max_size=4))))
    fmt = draw(st.sampled_from(PHONE_FORMATS + (["{ddd}{a}{b}"] if len(a) == 5 else [])))
    if fmt == "{a}-{b}":
        assume(a[:2] not in ("19", "20"))
    return fmt.format(ddd=ddd, a=a, b=b)


@SETTINGS
@given(st.data(), phones())
def test_generated_phones_found_in_text(data, phone: str) -> None:
    text, start, end = embed(data.draw, phone, leads=[" ", ": ", "\n", ", ", " - "])
    expected_kind = "cpf" if phone.isdigit() and ref_cpf_valid(phone) else "phone"
    assert find_personal_data(text) == [Finding(expected_kind, start, end)]


@pytest.mark.parametrize(
    "text",
    [
        "o cliente ligou 2 vezes",
        "número 34567890 no cadastro",  # bare 8 digits without area code
        "código 1134567890",  # bare DDD + landline: documented as not caught
        "telefone 00 98765-4321",  # DDD 00 does not exist
        "telefone 1234-5678",  # landlines/mobiles never start with 1
        "protocolo 3456-7890",
        "chamado nº 98765-4321",
        "senha de autorização: 3456-7890",
        "guia de consulta nº 98765-4321",
        "número do protocolo 3456 7890",
        "ticket #3456-7890",
    ],
)
def test_phone_documented_non_matches(text: str) -> None:
    assert [k for k, _ in spans(text)] == []


def test_phone_with_nonexistent_area_code_still_reports_the_number() -> None:
    assert spans("telefone (20) 98765-4321") == [("phone", "98765-4321")]
    assert mask("telefone (20) 98765-4321") == "telefone (20) *****-****"


# --------------------------------------------------------------------------- e-mails


@pytest.mark.parametrize(
    "email",
    [
        "contato@clinica.com.br",
        "maria.souza+teste@gmail.com",
        "joão.silva@exemplo.com.br",
        "a_b-c@sub.dominio-x.org",
        "SUPORTE@UNIMED.COOP.BR",
        "dr.pedro123@hospital.med.br",
    ],
)
def test_emails_found(email: str) -> None:
    text = f"Enviar o relatório para <{email}>, por favor."
    assert spans(text) == [("email", email)]
    assert mask(text) == "Enviar o relatório para <***@***>, por favor."


@pytest.mark.parametrize(
    "text", ["usuario@localhost", "@equipe_suporte", "a@b", "ver item 4.3@", "x @ y.com"]
)
def test_not_emails(text: str) -> None:
    assert spans(text) == []


def test_email_wins_over_digits_inside_it() -> None:
    base = [1, 2, 3, 4, 5, 6, 7, 8, 9]
    cpf = "".join(map(str, base + ref_cpf_check_digits(base)))
    text = f"login {cpf}@clinica.com.br"
    assert spans(text) == [("email", f"{cpf}@clinica.com.br")]


# --------------------------------------------------------------------------- birth dates

CUES = [
    "Data de nascimento:",
    "data de nascimento do paciente:",
    "nascimento",
    "Nasc.",
    "Dt. Nasc.:",
    "DN:",
    "D.N.",
    "dn",
    "nascida em",
    "Nascido em",
    "idade:",
    "aniversário",
]
DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%Y-%m-%d"]
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31))


@SETTINGS
@given(st.data(), st.sampled_from(CUES), dates, st.sampled_from(DATE_FORMATS))
def test_birth_date_with_cue(data, cue: str, day: dt.date, fmt: str) -> None:
    value = day.strftime(fmt)
    text, start, end = embed(data.draw, cue + " " + value, leads=[" ", "\n", ". "])
    start += len(cue) + 1
    assert find_personal_data(text) == [Finding("birth_date", start, end)]
    assert not any(c.isdigit() for c in mask(text)[start:end])


@SETTINGS
@given(st.data(), dates, st.sampled_from(DATE_FORMATS))
def test_date_without_cue_is_not_personal(data, day: dt.date, fmt: str) -> None:
    text, _, _ = embed(data.draw, day.strftime(fmt))
    assert find_personal_data(text) == []


def test_birth_date_cue_window_and_intervening_dates() -> None:
    assert spans("O erro ocorreu em 10/11/2026 às 10:30") == []
    far = "nascimento informado no cadastro antigo da clínica, agora 01/02/1980"
    assert spans(far) == []
    assert spans("nasc 01/02/1980, erro em 10/11/2026") == [("birth_date", "01/02/1980")]
    assert spans("DN 01/02/80 e 03/04/1985; 05/06/1990") == [
        ("birth_date", "01/02/80"),
        ("birth_date", "03/04/1985"),
        ("birth_date", "05/06/1990"),
    ]
    assert spans("Data de nascimento: 31/02/1980") == []  # not a calendar date
    assert spans("renascimento 01/02/1980") == []  # cue must start a word


def test_mask_does_not_extend_birth_date_cue_to_later_dates() -> None:
    text = "nasc 01/02/80, erro em 10/11/2026"
    assert mask(text) == "nasc **/**/**, erro em 10/11/2026"


# --------------------------------------------------------------------------- false positives


@pytest.mark.parametrize(
    "text",
    [
        "Chamado #48213 aberto ontem",
        "ticket 102938 e HD-0001234",
        "base 0012",
        "bases 0000, 0012, 0034 e 1290",
        "Multi clínica para as clínicas: 0000, 0000, etc...",
        "o erro ocorreu às 10:30 e de novo às 14h45",
        "versão 15.74.1 e 2.3.4567",
        "valor R$ 1.234,56 e R$ 12.345.678,90",
        "protocolo 20240512000123",
        "protocolo ANS 41763220240512000123",
        "protocolo 2024-0001234",
        "chamado 2024-0001",
        "CEP 01310-100",
        "CNPJ 11.222.333/0001-81",
        "CID J45.0, dose 500mg 2x ao dia",
        "IP 192.168.0.1 porta 8080",
        "o erro ocorreu em 10/11/2026",
        "guia 123456789 lote 12345",
        "item 4.3. deste artigo",
        "15/03 às 8:30",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert find_personal_data(text) == []
    assert mask(text) == text


# --------------------------------------------------------------------------- properties


@st.composite
def ticket_texts(draw) -> str:
    def token(kind: str) -> str:
        if kind == "cpf":
            return draw(st.sampled_from(CPF_FORMATS))(draw(valid_cpfs()))
        if kind == "cns":
            return draw(st.sampled_from(CNS_FORMATS))(draw(valid_cnss()))
        if kind == "phone":
            return draw(phones())
        if kind == "date":
            return draw(st.sampled_from(["", "nasc. ", "DN "])) + draw(dates).strftime(
                draw(st.sampled_from(DATE_FORMATS))
            )
        if kind == "email":
            return (
                draw(st.sampled_from(["ana", "joão.p", "x1"]))
                + "@"
                + draw(st.sampled_from(["a.com", "b.com.br"]))
            )
        if kind == "number":
            return draw(st.from_regex(r"[0-9]{1,16}", fullmatch=True))
        if kind == "punct":
            return draw(st.sampled_from([".", "-", "/", "(", ")", ":", ",", "*", "+55", "@", " "]))
        return draw(st.sampled_from(WORDS))

    kinds = draw(
        st.lists(
            st.sampled_from(["cpf", "cns", "phone", "date", "email", "number", "punct", "word"]), max_size=10
        )
    )
    seps = draw(
        st.lists(
            st.sampled_from(["", " ", " ", "\n", ", ", "-", "."]), min_size=len(kinds), max_size=len(kinds)
        )
    )
    return "".join(token(k) + s for k, s in zip(kinds, seps, strict=True))


any_text = st.one_of(
    ticket_texts(), st.text(max_size=60), st.text(alphabet="0123456789 .-/()+*@", max_size=40)
)


@SETTINGS
@given(any_text)
def test_findings_are_sorted_non_overlapping_and_in_bounds(text: str) -> None:
    findings = find_personal_data(text)
    for f in findings:
        assert f.kind in KINDS
        assert 0 <= f.start < f.end <= len(text)
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start


@SETTINGS
@given(any_text)
def test_mask_is_idempotent_and_complete(text: str) -> None:
    masked = mask(text)
    assert find_personal_data(masked) == []
    assert mask(masked) == masked


@SETTINGS
@given(any_text)
def test_mask_only_touches_digits_unless_there_are_emails(text: str) -> None:
    assume("@" not in text)
    masked = mask(text)
    assert len(masked) == len(text)
    for original, new in zip(text, masked, strict=True):
        assert new == original or (original in "0123456789" and new == "*")


@SETTINGS
@given(
    st.data(), st.lists(st.sampled_from(["cpf", "cns", "phone", "email", "birth"]), min_size=1, max_size=4)
)
def test_mask_removes_every_embedded_value(data, kinds: list[str]) -> None:
    values = []
    for kind in kinds:
        if kind == "cpf":
            values.append(data.draw(st.sampled_from(CPF_FORMATS))(data.draw(valid_cpfs())))
        elif kind == "cns":
            values.append(data.draw(st.sampled_from(CNS_FORMATS))(data.draw(valid_cnss())))
        elif kind == "phone":
            values.append(data.draw(phones()))
        elif kind == "email":
            values.append("paciente.teste@exemplo.com.br")
        else:
            values.append("nascimento " + data.draw(dates).strftime("%d/%m/%Y"))
    text = " e ".join(f"{data.draw(filler)} {v} ;" for v in values)
    masked = mask(text)
    assert not any(c.isdigit() for c in masked)
    assert "exemplo" not in masked


def test_priority_order_is_documented() -> None:
    assert PRIORITY == ("email", "cpf", "cns", "birth_date", "phone")
    assert set(PRIORITY) == KINDS


# --------------------------------------------------------------------------- logging safety


@SETTINGS
@given(valid_cpfs())
def test_finding_repr_does_not_contain_the_value(digits: str) -> None:
    formatted = f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"
    text = f"CPF {formatted} e e-mail fulano.de.tal@clinica.com.br"
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == ["cpf", "email"]
    for f in findings:
        for rendered in (repr(f), str(f), repr(findings)):
            assert digits not in rendered and formatted not in rendered
            assert "fulano" not in rendered and "clinica" not in rendered
    assert repr(findings[0]) == f"Finding(kind='cpf', start={findings[0].start}, end={findings[0].end})"


def test_finding_is_frozen_and_has_no_value_field() -> None:
    f = Finding("cpf", 0, 11)
    with pytest.raises(AttributeError):
        f.kind = "email"  # type: ignore[misc]
    assert not hasattr(f, "text") and not hasattr(f, "value")


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "text",
    [
        "1" * 30000,
        "a" * 30000 + "@",
        "a." * 15000 + "@b",
        "@" + "a" * 30000,
        "a@" * 15000,
        "1." * 15000,
        "(11) " * 6000,
        "nasc " * 6000 + "01/02/1980 " * 3000,
        ("CPF 529.982.247-25 tel (11) 98765-4321 nasc. 01/02/1980 ana@x.com.br " * 500),
    ],
    ids=lambda t: repr(t[:12]),
)
def test_long_adversarial_inputs_stay_fast(text: str) -> None:
    started = time.perf_counter()
    mask(text)
    assert time.perf_counter() - started < 5.0


def test_long_local_part_is_still_masked() -> None:
    text = "x" * 70 + "@clinica.com.br"
    assert "clinica" not in mask(text)
