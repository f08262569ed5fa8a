"""Unit tests of healthdesk.core.retraining: questions per active user against the network median,
and the ranked list of clinics that need retraining on a module."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthdesk.core.retraining import MIN_QUESTIONS, median, module_completion, module_medians, rank, rates

# Four clinics with active users, one without; two modules.
USERS = {"C1": 2, "C2": 4, "C3": 1, "C4": 5, "C5": 0}
QUESTIONS = {
    ("C1", "Agenda"): 6,   # 3.0 per user
    ("C2", "Agenda"): 4,   # 1.0
    ("C3", "Agenda"): 1,   # 1.0, one question only
    ("C4", "Agenda"): 5,   # 1.0
    ("C5", "Agenda"): 9,   # no active users
    ("C2", "Faturamento"): 3,  # 0.75; the others asked nothing: median 0
}


def test_rates_and_medians_count_clinics_that_asked_nothing():
    assert rates(USERS, QUESTIONS, "Faturamento") == {"C1": 0, "C2": Fraction(3, 4), "C3": 0, "C4": 0}
    medians = module_medians(USERS, QUESTIONS)
    # Agenda: rates 3, 1, 1, 1 -> median 1; Faturamento: 0, 0.75, 0, 0 -> 0
    assert medians == {"Agenda": Fraction(1), "Faturamento": Fraction(0)}


def test_ranking_of_the_example():
    ranked = rank(USERS, QUESTIONS, completion={("C1", "Agenda"): 40.0})
    assert [(r.clinic, r.module) for r in ranked] == [("C2", "Faturamento"), ("C1", "Agenda")]
    faturamento, agenda = ranked
    assert faturamento.ratio is None and faturamento.infinite and faturamento.network_median == 0
    assert agenda.per_user == 3 and agenda.network_median == 1 and agenda.ratio == 3
    assert agenda.completion == 40.0 and faturamento.completion is None


def test_include_all_lists_the_rest_after_and_the_clinics_without_users_last():
    ranked = rank(USERS, QUESTIONS, include_all=True)
    assert [(r.clinic, r.module, r.needs_retraining) for r in ranked] == [
        ("C2", "Faturamento", True), ("C1", "Agenda", True),
        # at the median (ratio 1): more questions first, then clinic id
        ("C4", "Agenda", False), ("C2", "Agenda", False), ("C3", "Agenda", False),
        ("C5", "Agenda", False),
    ]
    assert ranked[-1].per_user is None and ranked[-1].ratio is None and ranked[-1].network_median is None


def test_one_question_never_ranks_a_clinic():
    users = {"A": 1, "B": 10, "C": 10}
    ranked = rank(users, {("A", "M"): 1, ("B", "M"): 1})
    assert ranked == []  # A is far above the median but asked once
    assert [r.clinic for r in rank(users, {("A", "M"): 1}, min_questions=1)] == ["A"]


def test_no_clinic_with_active_users_means_no_median_and_no_ranking():
    ranked = rank({"A": 0}, {("A", "M"): 7}, include_all=True)
    assert [(r.per_user, r.network_median, r.ratio, r.needs_retraining) for r in ranked] == [(None, None, None, False)]
    assert rank({}, {("A", "M"): 7}) == []


def test_median_of_even_and_odd_counts():
    assert median([Fraction(3), Fraction(1), Fraction(2)]) == 2
    assert median([Fraction(1), Fraction(2)]) == Fraction(3, 2)
    with pytest.raises(ValueError):
        median([])
    with pytest.raises(ValueError):
        rank(USERS, QUESTIONS, min_questions=0)


def test_module_completion_counts_each_user_task_once():
    tasks = [
        ("C1", "Agenda", "u1", "t1", True), ("C1", "Agenda", "u1", "t2", False),
        ("C1", "Agenda", "u2", "t1", False), ("C1", "Agenda", "u2", "t2", False),
        ("C1", "Agenda", "u2", "t2", True),  # the same task again, done: done once
        ("C2", "Agenda", "u1", "t1", True),
    ]
    assert module_completion(tasks) == {("C1", "Agenda"): 50.0, ("C2", "Agenda"): 100.0}
    assert module_completion([]) == {}


# ---------------------------------------------------------------------------- properties

CLINICS = [f"C{i}" for i in range(8)]
MODULES = ["Agenda", "Faturamento", "Prontuário"]

networks = st.tuples(
    st.dictionaries(st.sampled_from(CLINICS), st.integers(0, 6)),
    st.dictionaries(st.tuples(st.sampled_from(CLINICS), st.sampled_from(MODULES)), st.integers(0, 12)),
    st.integers(1, 4),
)


def score(row):
    """The ranking's score as a comparable number: an infinite ratio above every finite one."""
    return float("inf") if row.infinite else float(row.ratio or 0)


@settings(max_examples=300)
@given(networks, st.booleans())
def test_ranking_invariants(network, include_all):
    users, questions, minimum = network
    ranked = rank(users, questions, min_questions=minimum, include_all=include_all)  # never divides by zero
    keys = [(r.clinic, r.module) for r in ranked]
    assert len(keys) == len(set(keys))  # each pair once
    medians = module_medians(users, questions)
    for row in ranked:
        assert row.questions == questions[(row.clinic, row.module)] > 0  # only pairs in the input
        if row.needs_retraining:
            # scope: enough questions, active users, above the median of the clinics with users
            assert row.questions >= minimum and row.active_users > 0
            assert row.per_user == Fraction(row.questions, row.active_users)
            assert row.network_median == medians[row.module]
            assert row.per_user > row.network_median
            if row.network_median:
                assert row.ratio == row.per_user / row.network_median > 1
            else:
                assert row.ratio is None and row.infinite
    if not include_all:
        assert all(r.needs_retraining for r in ranked)
    # everything that needs retraining comes first, highest score first
    flags = [r.needs_retraining for r in ranked]
    assert flags == sorted(flags, reverse=True)
    needing = [r for r in ranked if r.needs_retraining]
    assert [score(r) for r in needing] == sorted((score(r) for r in needing), reverse=True)
    # the default list is exactly the needing part of the full list, in the same order
    full = rank(users, questions, min_questions=minimum, include_all=True)
    assert [(r.clinic, r.module) for r in full if r.needs_retraining] == [
        (r.clinic, r.module) for r in rank(users, questions, min_questions=minimum)]


@settings(max_examples=300)
@given(networks)
def test_below_the_median_never_ranks_above_a_clinic_above_it(network):
    users, questions, minimum = network
    ranked = rank(users, questions, min_questions=minimum, include_all=True)
    for i, earlier in enumerate(ranked):
        for later in ranked[i + 1:]:
            if later.above_median and later.questions >= minimum:
                assert earlier.above_median or not (earlier.per_user is not None and earlier.questions >= minimum)


@settings(max_examples=200)
@given(networks)
def test_median_is_taken_over_every_clinic_with_active_users(network):
    users, questions, _minimum = network
    with_users = [c for c, n in users.items() if n > 0]
    for module, mid in module_medians(users, questions).items():
        values = sorted(Fraction(questions.get((c, module), 0), users[c]) for c in with_users)
        below = sum(1 for v in values if v < mid)
        above = sum(1 for v in values if v > mid)
        assert below <= len(values) // 2 and above <= len(values) // 2


@settings(max_examples=200)
@given(networks, st.permutations(CLINICS))
def test_ranking_does_not_depend_on_input_order(network, order):
    users, questions, minimum = network
    position = {c: i for i, c in enumerate(order)}
    shuffled_users = dict(sorted(users.items(), key=lambda kv: position[kv[0]]))
    shuffled_questions = dict(sorted(questions.items(), key=lambda kv: (position[kv[0][0]], kv[0][1])))
    assert rank(users, questions, min_questions=minimum, include_all=True) == rank(
        shuffled_users, shuffled_questions, min_questions=minimum, include_all=True)


@settings(max_examples=200)
@given(networks, st.sampled_from(CLINICS), st.sampled_from(MODULES))
def test_more_questions_never_lower_a_clinic(network, clinic, module):
    """Asking one more question about a module never moves a clinic down that module's list."""
    users, questions, minimum = network
    if users.get(clinic, 0) == 0:
        return
    before = rank(users, questions, min_questions=minimum)
    more = dict(questions)
    more[(clinic, module)] = more.get((clinic, module), 0) + 1
    after = rank(users, more, min_questions=minimum)

    def place(ranked):
        rows = [r.clinic for r in ranked if r.module == module]
        return rows.index(clinic) if clinic in rows else None

    if place(before) is not None:
        # its rate rose, the others' did not, the median can only rise: it keeps its place or climbs
        assert place(after) is not None and place(after) <= place(before)


def test_min_questions_default():
    assert MIN_QUESTIONS == 3
