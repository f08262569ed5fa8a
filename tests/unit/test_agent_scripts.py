"""healthdesk.core.agent_scripts: which script applies to a ticket, the checklist of ticks, the
shipped scripts."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthdesk.core.agent_scripts import (
    DEFAULT_SCRIPTS,
    Scope,
    Step,
    Tick,
    applies_to,
    checklist,
    clashes,
    select_script,
    specificity,
)
from healthdesk.core.triage import CATEGORIES

SETTINGS = settings(max_examples=200, deadline=None)
DOCTYPES = Path(__file__).resolve().parents[2] / "healthdesk" / "healthdesk" / "doctype"

CAT, MOD, RES = "Error", "Agenda", "UNIMED-A"


def all_levels(enabled=True):
    """One script at each level of specificity for (CAT, MOD, RES)."""
    return [
        Scope("a-category", CAT, enabled=enabled),
        Scope("b-reseller", CAT, reseller=RES, enabled=enabled),
        Scope("c-module", CAT, module=MOD, enabled=enabled),
        Scope("d-both", CAT, module=MOD, reseller=RES, enabled=enabled),
    ]


# --------------------------------------------------------------------------- specificity order


def test_specificity_order():
    a, b, c, d = all_levels()
    assert [specificity(s) for s in (a, b, c, d)] == [0, 1, 2, 3]


@pytest.mark.parametrize("present", [combo for n in range(1, 5) for combo in itertools.combinations(range(4), n)])
def test_most_specific_wins_for_every_subset(present):
    """Every subset of the four levels, in every order: the most specific present one applies."""
    scripts = [all_levels()[i] for i in present]
    expected = scripts[-1].name  # all_levels() is ordered least to most specific
    for order in itertools.permutations(scripts):
        assert select_script(order, CAT, MOD, RES).name == expected


@pytest.mark.parametrize("module,reseller,expected", [
    (MOD, RES, "d-both"),
    (MOD, None, "c-module"),
    (MOD, "OTHER", "c-module"),
    (None, RES, "b-reseller"),
    ("Outro", RES, "b-reseller"),
    (None, None, "a-category"),
    ("Outro", "OTHER", "a-category"),
])
def test_ticket_without_or_with_other_module_or_reseller(module, reseller, expected):
    assert select_script(all_levels(), CAT, module, reseller).name == expected


def test_a_scoped_script_never_applies_outside_its_scope():
    only_both = [Scope("d-both", CAT, module=MOD, reseller=RES)]
    assert select_script(only_both, CAT, MOD, None) is None
    assert select_script(only_both, CAT, None, RES) is None
    assert select_script(only_both, CAT, "Outro", RES) is None
    assert select_script(only_both, CAT, MOD, "OTHER") is None
    assert select_script(only_both, CAT, MOD, RES).name == "d-both"


def test_category_must_match_and_be_set():
    scripts = all_levels()
    assert select_script(scripts, "Question", MOD, RES) is None
    assert select_script(scripts, None, MOD, RES) is None
    assert select_script(scripts, "", MOD, RES) is None
    assert select_script(scripts, "  ", MOD, RES) is None
    assert select_script([], CAT, MOD, RES) is None


def test_disabled_scripts_are_skipped_and_the_next_level_applies():
    a, b, c, d = all_levels()
    disabled_d = Scope(d.name, CAT, module=MOD, reseller=RES, enabled=False)
    assert select_script([a, b, c, disabled_d], CAT, MOD, RES).name == "c-module"
    assert select_script(all_levels(enabled=False), CAT, MOD, RES) is None
    # applies_to looks at the scope only, enabled or not
    assert applies_to(disabled_d, CAT, MOD, RES)


def test_empty_strings_are_unset():
    scope = Scope("x", CAT, module="", reseller="  ")
    assert scope.module is None and scope.reseller is None and specificity(scope) == 0
    assert select_script([scope], CAT, "", "") == scope
    assert select_script([Scope("m", CAT, module=MOD)], CAT, "", None) is None


def test_ties_break_by_name_whatever_the_order():
    twins = [Scope("zeta", CAT, module=MOD), Scope("alfa", CAT, module=MOD), Scope("meio", CAT, module=MOD)]
    for order in itertools.permutations(twins):
        assert select_script(order, CAT, MOD, RES).name == "alfa"


def test_clashes_are_enabled_scripts_of_the_same_scope():
    mine = Scope("mine", CAT, module=MOD)
    others = [Scope("same", CAT, module=MOD), Scope("same-off", CAT, module=MOD, enabled=False),
              Scope("wider", CAT), Scope("narrower", CAT, module=MOD, reseller=RES),
              Scope("other-cat", "Question", module=MOD), Scope("mine", CAT, module=MOD)]
    assert clashes(mine, others) == ["same"]
    assert clashes(Scope("mine", CAT, module=MOD, enabled=False), others) == []
    assert clashes(Scope("new", CAT, module="", reseller=None), [Scope("old", CAT)]) == ["old"]


# --------------------------------------------------------------------------- properties

names = st.text(alphabet="abcdefgh", min_size=1, max_size=4)
opt = st.one_of(st.none(), st.just(""), st.sampled_from(["M1", "M2"]))
opt_res = st.one_of(st.none(), st.just(""), st.sampled_from(["R1", "R2"]))
scopes = st.builds(Scope, name=names, category=st.sampled_from(["Error", "Question"]), module=opt,
                   reseller=opt_res, enabled=st.booleans())


@SETTINGS
@given(st.lists(scopes, max_size=12), st.sampled_from(["Error", "Question", None]), opt, opt_res)
def test_selection_matches_brute_force(scripts, category, module, reseller):
    chosen = select_script(scripts, category, module, reseller)
    fitting = [s for s in scripts if s.enabled and category and s.category == category
               and (not s.module or s.module == (module or None))
               and (not s.reseller or s.reseller == (reseller or None))]
    if not fitting:
        assert chosen is None
        return
    assert chosen in fitting
    best = max(specificity(s) for s in fitting)
    assert specificity(chosen) == best
    assert chosen.name == min(s.name for s in fitting if specificity(s) == best)
    # the order the database returns the scripts in never matters
    assert select_script(list(reversed(scripts)), category, module, reseller) == chosen


@SETTINGS
@given(st.lists(scopes, max_size=10), st.sampled_from(["Error", "Question"]), opt, opt_res)
def test_adding_a_disabled_script_changes_nothing(scripts, category, module, reseller):
    extra = Scope("0-first", category, module=module, reseller=reseller, enabled=False)
    assert select_script(scripts + [extra], category, module, reseller) == select_script(
        scripts, category, module, reseller)


# --------------------------------------------------------------------------- checklist


def steps(*texts):
    return [Step(id=f"row{i}", number=i, text=t) for i, t in enumerate(texts, start=1)]


def test_checklist_pairs_steps_and_ticks():
    ticks = [Tick("S", "row2", 2, "Dois", by="a@x", on="t1")]
    result = checklist("S", reversed(steps("Um", "Dois", "Três")), ticks)
    assert [(s.text, t) for s, t in result.rows] == [("Um", None), ("Dois", ticks[0]), ("Três", None)]
    assert (result.done, result.total, result.earlier) == (1, 3, ())


def test_ticks_survive_edits_reorders_and_removals():
    ticks = [Tick("S", "row1", 1, "Um (texto antigo)"), Tick("S", "row3", 3, "Três"),
             Tick("S", "gone", 2, "Passo removido"), Tick("Outro", "row1", 1, "De outro roteiro")]
    # the admin reordered (row3 first), edited row1's text and removed "gone"
    now = [Step("row3", 1, "Três"), Step("row1", 2, "Um, reescrito"), Step("row9", 3, "Novo")]
    result = checklist("S", now, ticks)
    assert [(s.id, t and t.text) for s, t in result.rows] == [
        ("row3", "Três"), ("row1", "Um (texto antigo)"), ("row9", None)]
    assert [t.text for t in result.earlier] == ["De outro roteiro", "Passo removido"]
    assert (result.done, result.total) == (2, 3)


def test_no_script_puts_every_tick_apart():
    ticks = [Tick("S", "row1", 1, "Um")]
    result = checklist(None, [], ticks)
    assert result.rows == () and result.earlier == tuple(ticks) and result.done == result.total == 0


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(["S", "T"]), st.sampled_from(["r1", "r2", "r3", "r4"])),
                unique=True, max_size=8),
       st.lists(st.sampled_from(["r1", "r2", "r3", "r5"]), unique=True, max_size=4))
def test_checklist_loses_no_tick(tick_keys, step_ids):
    ticks = [Tick(script, step, i, f"t{i}") for i, (script, step) in enumerate(tick_keys)]
    current = [Step(sid, n, f"s{n}") for n, sid in enumerate(step_ids)]
    result = checklist("S", current, ticks)
    shown = [t for _s, t in result.rows if t is not None] + list(result.earlier)
    assert sorted(shown, key=repr) == sorted(ticks, key=repr)
    assert result.total == len(step_ids)


# --------------------------------------------------------------------------- shipped scripts and doctype


def test_default_scripts_are_valid_and_do_not_clash():
    assert len(DEFAULT_SCRIPTS) >= 3
    assert len({s.title for s in DEFAULT_SCRIPTS}) == len(DEFAULT_SCRIPTS)
    scopes_ = [Scope(s.title, s.category) for s in DEFAULT_SCRIPTS]
    for scope in scopes_:
        assert scope.category in CATEGORIES
        assert clashes(scope, scopes_) == []
    for script in DEFAULT_SCRIPTS:
        assert script.steps and all(text.strip() for text, _hint in script.steps)
        assert len(script.title) <= 140


def test_default_scripts_cover_the_handbook_procedures():
    by_category = {s.category: s for s in DEFAULT_SCRIPTS}
    error = " ".join(t for t, _h in by_category["Error"].steps).lower()
    assert "lentidão" in error and "internet" in error and "central de ajuda" in error
    tiss = " ".join(t for t, _h in by_category["TISS / operator"].steps).lower()
    assert "operadora" in tiss and "texto padrão" in tiss
    migration = " ".join(t for t, _h in by_category["Data migration"].steps).lower()
    assert "canal de migração" in migration


def test_the_doctype_offers_exactly_the_triage_categories():
    meta = json.loads((DOCTYPES / "agent_script" / "agent_script.json").read_text(encoding="utf-8"))
    category = next(f for f in meta["fields"] if f["fieldname"] == "ticket_category")
    assert [o for o in category["options"].split("\n") if o] == list(CATEGORIES)
