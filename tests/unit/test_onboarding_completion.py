"""Unit tests of healthdesk.core.onboarding_completion: completion figures by group."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core.onboarding_completion import GROUPINGS, TaskRecord, completion


def rec(user, clinic, stage, task, done, *, reseller="R1", module=None, number=None, panel="P1"):
    return TaskRecord(user=user, reseller=reseller, clinic=clinic, panel=panel,
                      stage_number=number or (1 if stage == "Agenda" else 2), stage=stage,
                      module=module or stage, task=task, done=done)


def panel_records(user, clinics, done_tasks, **extra):
    tasks = [("Agenda", "a1"), ("Agenda", "a2"), ("Faturamento", "f1")]
    return [rec(user, clinic, stage, task, (stage, task) in done_tasks, **extra)
            for clinic in clinics for stage, task in tasks]


RECORDS = (
    panel_records("u1", ["C1"], {("Agenda", "a1"), ("Agenda", "a2")})
    + panel_records("u2", ["C1"], set())
    + panel_records("u3", ["C1", "C2"], {("Agenda", "a1"), ("Agenda", "a2"), ("Faturamento", "f1")})
)


def figures(row):
    return (row.users, row.users_finished, row.done, row.total, row.percent)


def test_by_clinic_counts_a_multi_clinic_user_in_each_clinic():
    rows = {row.key: row for row in completion(RECORDS, "Clinic")}
    assert figures(rows[("R1", "C1")]) == (3, 1, 5, 9, 55.6)
    assert figures(rows[("R1", "C2")]) == (1, 1, 3, 3, 100.0)


def test_by_reseller_counts_a_multi_clinic_user_once():
    (row,) = completion(RECORDS, "Reseller")
    assert figures(row) == (3, 1, 5, 9, 55.6)


def test_by_stage_and_module():
    by_stage = {row.key: row for row in completion(RECORDS, "Stage")}
    assert figures(by_stage[("P1", 1, "Agenda")]) == (3, 2, 4, 6, 66.7)
    assert figures(by_stage[("P1", 2, "Faturamento")]) == (3, 1, 1, 3, 33.3)
    by_module = {row.key: row for row in completion(RECORDS, "Module")}
    assert by_module.keys() == {("Agenda",), ("Faturamento",)}


def test_rows_are_sorted_and_empty_input_gives_nothing():
    keys = [row.key for row in completion(RECORDS, "Clinic")]
    assert keys == sorted(keys)
    assert completion([], "Clinic") == []


def test_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="group_by"):
        completion(RECORDS, "Colour")


records = st.lists(
    st.builds(
        TaskRecord,
        user=st.sampled_from(["u1", "u2", "u3"]),
        reseller=st.sampled_from(["R1", "R2"]),
        clinic=st.sampled_from(["C1", "C2", "C3"]),
        panel=st.sampled_from(["P1", "P2"]),
        stage_number=st.integers(1, 3),
        stage=st.sampled_from(["S1", "S2"]),
        module=st.sampled_from(["M1", "M2"]),
        task=st.sampled_from(["t1", "t2", "t3"]),
        done=st.booleans(),
    ),
    max_size=60,
)


@given(records, st.sampled_from(sorted(GROUPINGS)))
def test_figures_are_consistent(items, group_by):
    for row in completion(items, group_by):
        assert 0 <= row.done <= row.total
        assert 0 <= row.users_finished <= row.users <= row.total
        assert 0.0 <= row.percent <= 100.0
        assert (row.percent == 100.0) == (row.done == row.total)


@given(records)
def test_clinic_totals_cover_every_distinct_task_of_every_user_and_clinic(items):
    distinct = {(r.reseller, r.clinic, r.user, r.panel, r.stage, r.task) for r in items}
    assert sum(row.total for row in completion(items, "Clinic")) == len(distinct)
