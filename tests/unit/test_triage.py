"""Unit tests for healthdesk.core.triage (classification and routing rules)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthdesk.core.triage import (
    CATEGORIES,
    CATEGORY_CONSULTANCY,
    CATEGORY_DATA_MIGRATION,
    CATEGORY_ERROR,
    CATEGORY_EXTERNAL_VENDOR,
    CATEGORY_IMPROVEMENT,
    CATEGORY_QUESTION,
    CATEGORY_TISS,
    DEFAULT_RULES,
    DEFAULT_SEVERITY,
    DEFAULT_TEAMS,
    SEVERITIES,
    TEAM_DATA_MIGRATION,
    TEAM_EXTERNAL_VENDORS,
    TEAM_PRODUCT_SUPPORT,
    Action,
    Match,
    Rule,
    TicketFacts,
    category_needs_severity,
    default_severity,
    keyword_in,
    match_rules,
    normalize,
    plan_actions,
)

# Applied per test (a global profile would leak into other test modules).
SETTINGS = settings(max_examples=150, deadline=None)


def plan(category: str, subject: str, description: str = "", module: str | None = None) -> list[Action]:
    return plan_actions(match_rules(TicketFacts(category, module, subject, description), DEFAULT_RULES))


def names(facts: TicketFacts, rules=DEFAULT_RULES) -> list[str]:
    return [m.rule.name for m in match_rules(facts, rules)]


# --------------------------------------------------------------------------- default rules


def test_tiss_ticket_gets_operator_text_and_waits_for_customer() -> None:
    actions = plan(
        CATEGORY_TISS,
        "Glosa na solicitação de autorização",
        "A operadora retornou glosa na guia SP/SADT do paciente, o que fazer?",
        module="Faturamento",
    )
    assert actions == [Action("auto_reply", "tiss"), Action("set_status", "Paused")]


def test_external_vendor_ticket_goes_to_vendor() -> None:
    actions = plan(
        CATEGORY_EXTERNAL_VENDOR,
        "RES - Interall não sincroniza",
        "Os atendimentos de ontem não aparecem no RES.",
        module="Prontuário",
    )
    assert actions == [
        Action("set_team", TEAM_EXTERNAL_VENDORS),
        Action("notify_vendor"),
        Action("mark_owner", "external_vendor"),
    ]


def test_data_migration_ticket_goes_to_migration_team() -> None:
    actions = plan(
        CATEGORY_DATA_MIGRATION, "Pacientes duplicados após a migração", "Vieram do sistema legado."
    )
    assert actions == [Action("set_team", TEAM_DATA_MIGRATION)]


def test_consultancy_is_not_covered() -> None:
    actions = plan(
        CATEGORY_CONSULTANCY, "Como montar a agenda para 3 médicos?", "Gostaria de uma orientação."
    )
    assert actions == [Action("set_severity", "Not covered")]


@pytest.mark.parametrize(
    "subject, description",
    [
        ("Sistema muito LENTO", "Desde cedo a agenda demora para abrir."),
        ("Lentidão no faturamento", "Ao gerar o lote."),
        ("lentidao no faturamento", ""),
        ("Tela travando", "O prontuário fica travando quando salvo."),
        ("Agenda", "Está demorando muito para carregar os horários."),
        ("Relatório", "o relatório está indo devagar"),
        ("A tela de exames está lenta", ""),
    ],
)
def test_slowness_reports_get_the_internet_checklist(subject: str, description: str) -> None:
    assert plan(CATEGORY_ERROR, subject, description) == [Action("auto_reply", "slowness")]


@pytest.mark.parametrize(
    "subject, module",
    [
        ("Erro ao emitir receita pela MEMED", None),
        ("memed não abre", "Agenda"),
        ("Receita não é gerada", "Prescrição"),
        ("Receita não é gerada", "prescricao"),
        ("Prescription fails", "Prescription"),
    ],
)
def test_memed_prescription_errors_go_to_product_support(subject: str, module: str | None) -> None:
    assert plan(CATEGORY_ERROR, subject, "Aparece uma mensagem de erro.", module) == [
        Action("set_team", TEAM_PRODUCT_SUPPORT)
    ]


def test_memed_keyword_and_prescription_module_merge_into_one_team() -> None:
    facts = TicketFacts(CATEGORY_ERROR, "Prescrição", "MEMED lenta", "")
    assert names(facts) == ["memed_prescription", "prescription_module", "slowness_check_internet"]
    assert plan_actions(match_rules(facts, DEFAULT_RULES)) == [
        Action("set_team", TEAM_PRODUCT_SUPPORT),
        Action("auto_reply", "slowness"),
    ]


def test_external_vendor_and_slowness_combine() -> None:
    actions = plan(CATEGORY_EXTERNAL_VENDOR, "Integração RES lenta", "")
    assert Action("set_team", TEAM_EXTERNAL_VENDORS) in actions
    assert actions[-1] == Action("auto_reply", "slowness")


@pytest.mark.parametrize("category", [CATEGORY_QUESTION, CATEGORY_ERROR, CATEGORY_IMPROVEMENT])
def test_ordinary_tickets_match_no_default_rule(category: str) -> None:
    facts = TicketFacts(
        category, "Agenda", "Como bloquear horários?", "Quero bloquear a agenda do Dr. Talento."
    )
    assert match_rules(facts, DEFAULT_RULES) == []
    assert plan_actions([]) == []


def test_default_rules_are_well_formed() -> None:
    names_ = [r.name for r in DEFAULT_RULES]
    assert len(names_) == len(set(names_))
    teams = {a.value for r in DEFAULT_RULES for a in r.actions if a.kind == "set_team"}
    assert teams <= set(DEFAULT_TEAMS)
    assert all(r.enabled and not r.stop for r in DEFAULT_RULES)


# --------------------------------------------------------------------------- keyword matching


@pytest.mark.parametrize(
    "keyword, text, expected",
    [
        ("lento", "sistema lento", True),
        ("lento", "SISTEMA LENTO!", True),
        ("lento", "Lento.", True),
        ("lento", "talento", False),
        ("lento", "lentos", False),
        ("lento", "lento_2", False),
        ("lentidão", "LENTIDAO no login", True),
        ("lentidao", "muita lentidão", True),
        ("Prescrição", "PRESCRICAO", True),
        ("memed", "erro na MeMeD hoje", True),
        ("memed", "memedx", False),
        ("nota fiscal", "emitir Nota   Fiscal", True),
        ("nota fiscal", "nota\nfiscal", True),
        ("nota fiscal", "notafiscal", False),
        ("nota fiscal", "nota e fiscal", False),
        ("nota fiscal", "nota fiscais", False),
    ],
)
def test_keyword_in(keyword: str, text: str, expected: bool) -> None:
    assert keyword_in(keyword, text) is expected


def test_keyword_is_searched_in_subject_and_description_separately() -> None:
    rule = Rule("phrase", 1, keywords=("nota fiscal",), actions=(Action("set_team", "Fiscal"),))
    assert match_rules(TicketFacts(CATEGORY_ERROR, None, "Nota fiscal", ""), [rule])
    assert match_rules(TicketFacts(CATEGORY_ERROR, None, "", "a NOTA FISCAL não sai"), [rule])
    assert not match_rules(TicketFacts(CATEGORY_ERROR, None, "Erro na nota", "fiscal não abre"), [rule])


def test_match_reports_the_keyword_as_configured() -> None:
    rule = Rule("slow", 1, keywords=("demorando", "Lentidão"), actions=(Action("auto_reply", "slowness"),))
    [match] = match_rules(TicketFacts(CATEGORY_ERROR, None, "LENTIDAO", "está demorando"), [rule])
    assert match == Match(rule, "demorando")  # first keyword of the rule that occurs
    [match] = match_rules(TicketFacts(CATEGORY_ERROR, None, "LENTIDAO", ""), [rule])
    assert match.matched_keyword == "Lentidão"


def test_rule_without_keywords_matches_with_none() -> None:
    rule = Rule("any", 1)
    assert match_rules(TicketFacts(CATEGORY_QUESTION, None, "", ""), [rule]) == [Match(rule, None)]


def test_category_and_module_conditions_are_anded() -> None:
    rule = Rule(
        "billing_errors",
        1,
        categories={CATEGORY_ERROR},
        modules={"Faturamento"},
        keywords=("lote",),
        actions=(Action("set_team", "Billing"),),
    )
    assert names(TicketFacts(CATEGORY_ERROR, "faturamento", "Lote não envia", ""), [rule]) == [
        "billing_errors"
    ]
    assert names(TicketFacts(CATEGORY_QUESTION, "Faturamento", "Lote não envia", ""), [rule]) == []
    assert names(TicketFacts(CATEGORY_ERROR, "Agenda", "Lote não envia", ""), [rule]) == []
    assert names(TicketFacts(CATEGORY_ERROR, None, "Lote não envia", ""), [rule]) == []
    assert names(TicketFacts(CATEGORY_ERROR, "Faturamento", "Guia não envia", ""), [rule]) == []


# --------------------------------------------------------------------------- ordering, stop, merge


def test_rules_run_by_priority_then_name_and_skip_disabled() -> None:
    rules = [
        Rule("zeta", 5),
        Rule("alpha", 5),
        Rule("first", 1),
        Rule("off", 0, enabled=False),
        Rule("last", 99),
    ]
    assert names(TicketFacts(CATEGORY_QUESTION, None, "x", "y"), rules) == ["first", "alpha", "zeta", "last"]


def test_stop_ends_evaluation_only_when_the_stop_rule_matches() -> None:
    rules = [
        Rule("stopper", 1, keywords=("urgente",), stop=True, actions=(Action("set_priority", "Urgent"),)),
        Rule("later", 2, actions=(Action("set_priority", "Low"),)),
    ]
    assert names(TicketFacts(CATEGORY_ERROR, None, "URGENTE: agenda fora", ""), rules) == ["stopper"]
    assert names(TicketFacts(CATEGORY_ERROR, None, "agenda fora", ""), rules) == ["later"]
    disabled = [Rule("stopper", 1, enabled=False, stop=True), Rule("later", 2)]
    assert names(TicketFacts(CATEGORY_ERROR, None, "x", ""), disabled) == ["later"]


def test_single_valued_actions_first_match_wins() -> None:
    high = Rule(
        "high",
        1,
        actions=(Action("set_team", "A"), Action("set_severity", "High"), Action("mark_owner", "vendor_a")),
    )
    low = Rule(
        "low",
        2,
        actions=(
            Action("set_team", "B"),
            Action("set_severity", "Low"),
            Action("set_status", "Paused"),
            Action("mark_owner", "vendor_b"),
            Action("set_priority", "Low"),
        ),
    )
    result = plan_actions(match_rules(TicketFacts(CATEGORY_ERROR, None, "", ""), [low, high]))
    assert result == [
        Action("set_team", "A"),
        Action("set_severity", "High"),
        Action("mark_owner", "vendor_a"),
        Action("set_status", "Paused"),
        Action("set_priority", "Low"),
    ]


def test_multi_valued_actions_keep_all_distinct_in_order() -> None:
    one = Rule("one", 1, actions=(Action("auto_reply", "tiss"), Action("notify_vendor", "res")))
    two = Rule("two", 2, actions=(Action("auto_reply", "slowness"), Action("auto_reply", "tiss")))
    three = Rule("three", 3, actions=(Action("notify_vendor", "res"), Action("notify_vendor", "memed")))
    result = plan_actions(match_rules(TicketFacts(CATEGORY_ERROR, None, "", ""), [three, two, one]))
    assert result == [
        Action("auto_reply", "tiss"),
        Action("notify_vendor", "res"),
        Action("auto_reply", "slowness"),
        Action("notify_vendor", "memed"),
    ]


# --------------------------------------------------------------------------- validation


def test_unknown_action_kind_is_rejected_by_name() -> None:
    with pytest.raises(ValueError, match="send_sms"):
        Action("send_sms", "x")


@pytest.mark.parametrize(
    "kind", ["set_team", "set_severity", "auto_reply", "set_status", "mark_owner", "set_priority"]
)
def test_actions_that_need_a_value(kind: str) -> None:
    with pytest.raises(ValueError, match=kind):
        Action(kind)
    with pytest.raises(ValueError):
        Action(kind, "  ")


def test_notify_vendor_value_is_optional_and_severity_is_checked() -> None:
    assert Action("notify_vendor").value is None
    assert Action("notify_vendor", "").value is None
    assert Action("notify_vendor", "res_interall").value == "res_interall"
    with pytest.raises(ValueError, match="Critical"):
        Action("set_severity", "Critical")


def test_rule_validation_and_coercion() -> None:
    with pytest.raises(ValueError, match="Bug"):
        Rule("bad", 1, categories={"Bug"})
    with pytest.raises(ValueError, match="keyword"):
        Rule("blank", 1, keywords=("  ",))
    with pytest.raises(ValueError):
        Rule("", 1)
    with pytest.raises(ValueError):
        Rule("raw", 1, actions=(("set_team", "A"),))  # type: ignore[arg-type]
    rule = Rule("lists", 1, categories=[CATEGORY_ERROR], modules=["Agenda"], keywords=["a"], actions=[])
    assert rule.categories == frozenset({CATEGORY_ERROR}) and isinstance(rule.keywords, tuple)
    hash(rule)


# --------------------------------------------------------------------------- severities


def test_only_errors_ask_for_severity() -> None:
    assert [c for c in CATEGORIES if category_needs_severity(c)] == [CATEGORY_ERROR]
    assert not category_needs_severity("Something else")


def test_default_severity_policy() -> None:
    assert SEVERITIES == ("High", "Medium", "Low", "Not covered")
    assert set(DEFAULT_SEVERITY) == set(CATEGORIES)
    assert default_severity(CATEGORY_CONSULTANCY) == "Not covered"
    assert default_severity(CATEGORY_ERROR) is None
    assert default_severity("unknown") is None
    for category in CATEGORIES:
        value = default_severity(category)
        assert (value is None) == category_needs_severity(category)
        assert value is None or value in SEVERITIES


# --------------------------------------------------------------------------- properties

ACCENTS = {
    "á": "a",
    "à": "a",
    "â": "a",
    "ã": "a",
    "é": "e",
    "ê": "e",
    "í": "i",
    "ó": "o",
    "ô": "o",
    "õ": "o",
    "ú": "u",
    "ü": "u",
    "ç": "c",
}
ACCENTS.update({k.upper(): v.upper() for k, v in ACCENTS.items()})


def strip_accents(text: str) -> str:
    return "".join(ACCENTS.get(c, c) for c in text)


VOCAB = [
    "lento",
    "lentidão",
    "talento",
    "travando",
    "Prescrição",
    "memed",
    "MEMED",
    "demorando",
    "devagar",
    "sistema",
    "não",
    "está",
    "muito",
    "agenda",
    "ação",
    "operação",
    "lentamente",
    "nota",
    "fiscal",
    "Glosa",
    "ÁREA",
    "çé",
    "lenta",
    "",
    " ",
    "\n",
    ".",
    ",",
    "-",
]
pt_text = st.lists(
    st.sampled_from(VOCAB) | st.text(alphabet="aãáeéiíoóõuúçAÃÉÇ lt.-\n", max_size=6), max_size=12
).map(" ".join)
TEST_RULES = (
    *DEFAULT_RULES,
    Rule("phrase", 70, keywords=("nota fiscal", "ação rápida"), actions=(Action("set_team", "Fiscal"),)),
)


def signature(facts: TicketFacts) -> list[tuple[str, str | None]]:
    return [(m.rule.name, m.matched_keyword) for m in match_rules(facts, TEST_RULES)]


@SETTINGS
@given(
    pt_text,
    pt_text,
    st.sampled_from(CATEGORIES),
    st.sampled_from([None, "Prescrição", "Agenda", "PRESCRICAO"]),
)
def test_matching_is_invariant_under_case_and_accents(subject, description, category, module) -> None:
    base = signature(TicketFacts(category, module, subject, description))
    for transform in (str.upper, str.lower, str.swapcase, str.title, strip_accents):
        variant = TicketFacts(
            category, module and transform(module), transform(subject), transform(description)
        )
        assert signature(variant) == base


@SETTINGS
@given(st.text())
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert "  " not in once and once == once.strip()


@SETTINGS
@given(pt_text)
def test_normalize_removes_case_and_accents(text: str) -> None:
    once = normalize(text)
    assert once == normalize(text.upper()) == normalize(strip_accents(text))
    assert not any(c in ACCENTS for c in once)


def test_normalize_examples() -> None:
    assert normalize("  Sistema   LENTIDÃO\n\tna  Prescrição ") == "sistema lentidao na prescricao"
    assert normalize("ﬁcha Ｍédica") == "ficha medica"


def test_seeded_team_names_are_portuguese_and_know_their_old_names() -> None:
    """Issue 12: agents and clinics read the team names as they are (an HD Team's name is its ID)."""
    from healthdesk.core.triage import LEGACY_TEAM_NAMES, team_aliases

    assert set(DEFAULT_TEAMS) == {"Suporte do produto", "Fornecedores externos", "Migração de dados"}
    assert team_aliases(TEAM_PRODUCT_SUPPORT) == {"Suporte do produto", "Product support"}
    assert set(LEGACY_TEAM_NAMES) == set(DEFAULT_TEAMS)
    assert team_aliases("Outra equipe") == {"Outra equipe"}
