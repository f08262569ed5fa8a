"""healthdesk.core.grants: status from the clock, coverage, ends, the medical record never in scope."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core import grants as g

T0 = datetime(2026, 11, 23, 9, 0, 0)
SECOND = timedelta(seconds=1)


def test_status_boundaries_to_the_second():
    start, end = T0, T0 + timedelta(hours=1)
    assert g.grant_status(start, end, None, start) == g.ACTIVE
    assert g.grant_status(start, end, None, end - SECOND) == g.ACTIVE
    assert g.grant_status(start, end, None, end) == g.EXPIRED  # the end is exclusive
    assert g.grant_status(start, end, None, end + SECOND) == g.EXPIRED
    assert g.grant_status(start, end, None, start - SECOND) == g.SCHEDULED
    assert g.grant_status(start, end, start + SECOND, start + 2 * SECOND) == g.REVOKED
    assert g.grant_status(start, None, None, start) == g.EXPIRED


@given(st.integers(-10**6, 10**6), st.integers(1, 10**6), st.one_of(st.none(), st.integers(-10**6, 10**6)))
def test_status_is_a_function_of_the_clock(offset, length, revoked_offset):
    start = T0
    end = T0 + timedelta(seconds=length)
    now = T0 + timedelta(seconds=offset)
    revoked = None if revoked_offset is None else T0 + timedelta(seconds=revoked_offset)
    status = g.grant_status(start, end, revoked, now)
    active = revoked is None or revoked > now
    expected = (g.REVOKED if not active else g.EXPIRED if now >= end else g.SCHEDULED if now < start else g.ACTIVE)
    assert status == expected
    assert g.is_active(start, end, revoked, now) == (expected == g.ACTIVE)


def test_covers_team_or_named_agent():
    assert g.covers("a@x.example", ["L1"], "L1", [])
    assert g.covers("a@x.example", [], None, ["a@x.example"])
    assert not g.covers("a@x.example", ["L2"], "L1", ["b@x.example"])
    assert not g.covers("a@x.example", [], None, [])


@pytest.mark.parametrize("label,seconds", list(g.DURATIONS.items()))
def test_grant_end_from_choice(label, seconds):
    assert g.grant_end(T0, label, None, 7 * 86400) == T0 + timedelta(seconds=seconds)


def test_grant_end_errors():
    with pytest.raises(g.GrantError) as e:
        g.grant_end(T0, "2 weeks", None, None)
    assert e.value.code == "duration"
    with pytest.raises(g.GrantError) as e:
        g.grant_end(T0, g.CUSTOM, T0, None)
    assert e.value.code == "end_in_past"
    with pytest.raises(g.GrantError) as e:
        g.grant_end(T0, g.CUSTOM, T0 + timedelta(days=8), 7 * 86400)
    assert e.value.code == "too_long"
    with pytest.raises(g.GrantError) as e:
        g.grant_end(T0, "7 days", None, 86400)  # a choice above the maximum is refused too
    assert e.value.code == "too_long"
    assert g.grant_end(T0, g.CUSTOM, T0 + timedelta(days=7), None) == T0 + timedelta(days=7)


@given(st.integers(1, 30 * 86400), st.integers(1, 30 * 86400))
def test_custom_end_never_beyond_maximum(length, maximum):
    end = T0 + timedelta(seconds=length)
    if length > maximum:
        with pytest.raises(g.GrantError):
            g.grant_end(T0, g.CUSTOM, end, maximum)
    else:
        assert g.grant_end(T0, g.CUSTOM, end, maximum) == end


@pytest.mark.parametrize("scope", [
    "medical_record", "MEDICAL_RECORD", "Medical Record", "medical-records", "prontuario", "Prontuário",
    "PRONTUÁRIO", "prontuário eletrônico", "Prontuario_Eletronico", " prontuários ", "PEP", "emr",
    "patient_medical_record",
])
def test_medical_scopes_always_recognised(scope):
    assert g.is_medical_scope(scope)


@pytest.mark.parametrize("scope", [None, "", "clinic_data", "financeiro", "agenda", "cadastro", "medical_billing"])
def test_other_scopes(scope):
    assert not g.is_medical_scope(scope)


def test_only_revocation_is_an_allowed_change():
    before = {"clinic": "1", "valid_until": T0, "revoked_at": None}
    assert g.GrantChange(g.changed_fields(before, {**before, "revoked_at": T0}, before)).allowed
    assert not g.GrantChange(g.changed_fields(before, {**before, "valid_until": T0 + SECOND}, before)).allowed
    assert not g.GrantChange(g.changed_fields(before, {**before, "clinic": "2"}, before)).allowed
    assert g.changed_fields({"a": None}, {"a": ""}, ["a"]) == frozenset()
