"""Tests for healthdesk.core.calendar.

Three layers:
* property tests (hypothesis) against a brute-force oracle that steps through real time one UTC
  minute at a time and decides "open or not" from the windows table itself (never from the
  module), on generated calendars: several windows a day, touching windows, windows up to
  midnight, random holidays, zones with and without DST, microsecond starts, naive and aware;
* hand-computed cases on the contract calendar (08:30-12:00, 13:30-18:00, Mon-Fri, Brasília)
  with Brazilian holidays, and DST cases in New York, Berlin and (pre-2019) São Paulo;
* validation, ``brazil_holidays`` and ``next_periods``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from healthdesk.core.calendar import (
    CONTRACT_TIMEZONE,
    CONTRACT_WINDOWS,
    BusinessCalendar,
    brazil_holidays,
    contract_calendar,
)

UTC = timezone.utc
SP = ZoneInfo("America/Sao_Paulo")
NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
H = timedelta(hours=1)
US = timedelta(microseconds=1)
MINUTE_US = 60_000_000
EPOCH_UTC = datetime(1, 1, 1, tzinfo=UTC)

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --------------------------------------------------------------------------------------------
# Brute-force oracle
# --------------------------------------------------------------------------------------------


def to_utc_us(dt: datetime, zone: ZoneInfo) -> int:
    """Microseconds since 0001-01-01 UTC. A naive dt is a wall reading in ``zone`` resolved by
    its fold the PEP 495 way (the documented contract of the module)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=zone)
    return (dt - EPOCH_UTC) // US


@dataclass(frozen=True)
class Spec:
    zone_name: str
    windows: tuple[tuple[int, tuple[tuple[time, time], ...]], ...]  # (weekday, windows)
    holidays: frozenset[date]
    anchor: date

    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar(self.zone_name, dict(self.windows), self.holidays)


class Oracle:
    """Open/closed per UTC minute from the raw table. Only for zones whose offsets are whole
    minutes and change at whole UTC hours (UTC, São Paulo, New York, Berlin in the years used),
    with minute-aligned windows, so every UTC minute is entirely open or entirely closed."""

    def __init__(self, spec: Spec) -> None:
        self.zone = ZoneInfo(spec.zone_name)
        self.table = {wd: bytearray(1440) for wd in range(7)}
        for wd, wins in spec.windows:
            for a, b in wins:
                lo = a.hour * 60 + a.minute
                hi = 1440 if b == time(0) else b.hour * 60 + b.minute
                for m in range(lo, hi):
                    self.table[wd][m] = 1
        self.holidays = spec.holidays
        self._offset = lru_cache(maxsize=None)(self._offset_minutes)
        self._day = lru_cache(maxsize=None)(self._day_info)

    def _offset_minutes(self, utc_hour: int) -> int:
        moment = EPOCH_UTC + timedelta(hours=utc_hour)
        return int(moment.astimezone(self.zone).utcoffset().total_seconds()) // 60

    def _day_info(self, ordinal: int) -> bytearray | None:
        d = date.fromordinal(ordinal)
        return None if d in self.holidays else self.table[d.weekday()]

    def open_minute(self, m: int) -> bool:
        local = m + self._offset(m // 60)
        row = self._day(local // 1440 + 1)
        return bool(row) and bool(row[local % 1440])

    def elapsed(self, u1: int, u2: int) -> int:
        total = 0
        for m in range(u1 // MINUTE_US, -(-u2 // MINUTE_US)):
            if self.open_minute(m):
                lo, hi = max(m * MINUTE_US, u1), min((m + 1) * MINUTE_US, u2)
                if lo < hi:
                    total += hi - lo
        return total

    def add(self, u: int, d: int) -> int:
        if d == 0:
            return u
        m = u // MINUTE_US
        for _ in range(400_000):
            if self.open_minute(m):
                lo, hi = max(m * MINUTE_US, u), (m + 1) * MINUTE_US
                if d <= hi - lo:
                    return lo + d
                d -= hi - lo
            m += 1
        raise AssertionError("oracle: deadline too far away for the test ranges")


# --------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------

ANCHORS = {
    "UTC": [date(2024, 2, 28), date(2025, 12, 31)],
    "America/Sao_Paulo": [date(2018, 11, 4), date(2019, 2, 16), date(2025, 6, 2)],
    "America/New_York": [date(2025, 3, 9), date(2025, 11, 2)],
    "Europe/Berlin": [date(2025, 3, 30), date(2025, 10, 26)],
}


@st.composite
def day_windows(draw) -> tuple[tuple[time, time], ...]:
    k = draw(st.integers(0, 3))
    if k == 0:
        return ()
    # bounds anywhere, but often at night, where the DST changes happen (01:00-03:00 in New
    # York and Berlin, around midnight in São Paulo)
    bound = st.one_of(st.integers(0, 1440), st.integers(0, 240), st.integers(1320, 1440))
    points = sorted(draw(st.sets(bound, min_size=2 * k, max_size=2 * k)))
    pairs = [[points[2 * i], points[2 * i + 1]] for i in range(k)]
    for i in range(1, k):  # sometimes make a window touch the previous one
        if draw(st.booleans()) and pairs[i - 1][1] < pairs[i][1]:
            pairs[i][0] = pairs[i - 1][1]

    def t(minute: int) -> time:
        return time(0) if minute == 1440 else time(minute // 60, minute % 60)

    wins = [(t(a), t(b)) for a, b in pairs]
    return tuple(draw(st.permutations(wins)))  # any order: the calendar sorts them


@st.composite
def specs(draw) -> Spec:
    zone = draw(st.sampled_from(sorted(ANCHORS)))
    table = {wd: draw(day_windows()) for wd in range(7)}
    if sum(len(w) for w in table.values()) == 0:
        table[draw(st.integers(0, 6))] = ((time(9), time(17)),)
    anchor = draw(st.sampled_from(ANCHORS[zone]))
    offsets = draw(st.sets(st.integers(-6, 12), max_size=4))
    holidays = frozenset(anchor + timedelta(days=o) for o in offsets)
    return Spec(zone, tuple(sorted(table.items())), holidays, anchor)


@st.composite
def moments(draw, spec: Spec) -> datetime:
    """A start near the spec's anchor date (DST change days are anchors), µs precision, naive
    (with either fold), aware in the calendar zone, or aware in UTC."""
    base = datetime.combine(spec.anchor, time(0))
    naive = base + timedelta(microseconds=draw(st.integers(-3 * 86_400_000_000, 3 * 86_400_000_000)))
    if draw(st.booleans()):
        naive = naive.replace(second=0, microsecond=0)  # land on window bounds now and then
    kind = draw(st.sampled_from(["naive", "zone", "utc"]))
    zone = ZoneInfo(spec.zone_name)
    if kind == "naive":
        return naive.replace(fold=draw(st.integers(0, 1)))
    aware = naive.replace(tzinfo=zone, fold=draw(st.integers(0, 1)))
    return aware if kind == "zone" else aware.astimezone(UTC)


def weekly_minutes(spec: Spec) -> int:
    return sum(
        (1440 if b == time(0) else b.hour * 60 + b.minute) - (a.hour * 60 + a.minute)
        for _, wins in spec.windows
        for a, b in wins
    )


@st.composite
def durations(draw, spec: Spec) -> timedelta:
    # up to 2.5 weekly totals (so add's whole-week jump is exercised), at most 3 days of
    # business time (so the oracle's minute stepping stays fast)
    cap = min(weekly_minutes(spec) * 5 // 2, 3 * 1440) * MINUTE_US
    weekly = weekly_minutes(spec) * MINUTE_US
    near_weeks = st.tuples(st.integers(1, 2), st.integers(-90, 90)).map(
        lambda kw: max(0, min(cap, kw[0] * weekly + kw[1] * MINUTE_US))
    )  # just around whole weeks: where the whole-week jump meets DST and holidays
    us = draw(
        st.one_of(
            st.just(0),
            st.integers(0, cap // MINUTE_US).map(lambda m: m * MINUTE_US),
            st.integers(0, cap),
            near_weeks,
        )
    )
    return timedelta(microseconds=us)


@st.composite
def cases(draw):
    spec = draw(specs())
    return spec, draw(moments(spec)), draw(durations(spec))


def utc(dt: datetime, zone: ZoneInfo) -> datetime:
    return EPOCH_UTC + timedelta(microseconds=to_utc_us(dt, zone))


def same_kind(result: datetime, start: datetime, zone: ZoneInfo) -> None:
    if start.tzinfo is None:
        assert result.tzinfo is None
    else:
        assert result.tzinfo is zone or (result.tzinfo == zone)


# --------------------------------------------------------------------------------------------
# Properties against the oracle
# --------------------------------------------------------------------------------------------


@PROPS
@given(cases())
def test_add_matches_oracle(case):
    spec, start, duration = case
    cal, oracle = spec.calendar(), Oracle(spec)
    result = cal.add(start, duration)
    same_kind(result, start, cal.zone)
    assert to_utc_us(result, cal.zone) == oracle.add(to_utc_us(start, cal.zone), duration // US)


# (zone, date of a DST change, the wall-clock hour that is skipped or repeated, in minutes)
DST_CHANGES = [
    ("America/New_York", date(2025, 3, 9), (120, 180)),  # spring forward, 02:00 -> 03:00
    ("America/New_York", date(2025, 11, 2), (60, 120)),  # fall back, 01:00-02:00 twice
    ("Europe/Berlin", date(2025, 3, 30), (120, 180)),
    ("Europe/Berlin", date(2025, 10, 26), (120, 180)),
    ("America/Sao_Paulo", date(2018, 11, 4), (0, 60)),  # midnight jumps to 01:00
    ("America/Sao_Paulo", date(2019, 2, 16), (1380, 1440)),  # 23:00-24:00 twice (Saturday)
]


@st.composite
def dst_cases(draw):
    """A calendar with a window over the changed hour of a DST date, a start in the week before
    it, and a duration just around whole weekly totals: what add's whole-week jump must get
    right when the jumped-over dates hold more or less real time than their wall total."""
    zone, day, (lo, hi) = draw(st.sampled_from(DST_CHANGES))
    table = {wd: draw(day_windows()) for wd in range(7)}
    a = draw(st.integers(max(0, lo - 90), lo + 30))
    b = draw(st.integers(max(a + 1, lo + 1), min(1440, hi + 90)))
    table[day.weekday()] = ((time(a // 60, a % 60), time(0) if b == 1440 else time(b // 60, b % 60)),)
    spec = Spec(zone, tuple(sorted(table.items())), frozenset(), day)
    start = datetime.combine(day, time(0)) - timedelta(microseconds=draw(st.integers(0, 7 * 86_400_000_000)))
    weekly = weekly_minutes(spec)
    minutes = max(0, draw(st.integers(0, 2)) * weekly + draw(st.integers(-90, 90)))
    # at most three weekly totals: a calendar open one minute a week (the window may fall in the
    # skipped DST hour) would otherwise put the deadline months away, past the oracle's range
    return spec, start, timedelta(minutes=min(minutes, 4 * 1440, 3 * weekly))


@PROPS
@given(dst_cases())
def test_add_matches_oracle_around_dst_changes(case):
    spec, start, duration = case
    cal, oracle = spec.calendar(), Oracle(spec)
    expected = oracle.add(to_utc_us(start, cal.zone), duration // US)
    assert to_utc_us(cal.add(start, duration), cal.zone) == expected
    aware = utc(start, cal.zone)
    assert to_utc_us(cal.add(aware, duration), cal.zone) == expected
    assert cal.elapsed(aware, EPOCH_UTC + timedelta(microseconds=expected)) == duration


@PROPS
@given(cases(), st.data())
def test_elapsed_matches_oracle(case, data):
    spec, start, _ = case
    end = data.draw(moments(spec))
    if (start.tzinfo is None) != (end.tzinfo is None):
        end = end.replace(tzinfo=None) if start.tzinfo is None else utc(end, ZoneInfo(spec.zone_name))
    cal, oracle = spec.calendar(), Oracle(spec)
    u1, u2 = to_utc_us(start, cal.zone), to_utc_us(end, cal.zone)
    expected = oracle.elapsed(u1, u2) if u2 > u1 else 0
    assert cal.elapsed(start, end) == timedelta(microseconds=expected)


@PROPS
@given(cases())
def test_is_open_matches_oracle(case):
    spec, moment, _ = case
    cal, oracle = spec.calendar(), Oracle(spec)
    assert cal.is_open(moment) == oracle.open_minute(to_utc_us(moment, cal.zone) // MINUTE_US)


@PROPS
@given(cases())
def test_add_then_elapsed_roundtrip_and_earliest(case):
    spec, start, duration = case
    cal = spec.calendar()
    result = cal.add(start, duration)
    assert cal.elapsed(start, result) == duration
    if duration:
        # one microsecond earlier is not enough: the result is the earliest such moment.
        # (Step back in UTC: wall-clock arithmetic would lose the fold of a naive result.)
        just_before = utc(result, cal.zone) - US
        if start.tzinfo is None:
            just_before = just_before.astimezone(cal.zone).replace(tzinfo=None)
        assert cal.elapsed(start, just_before) < duration
    else:
        assert utc(result, cal.zone) == utc(start, cal.zone)


@PROPS
@given(cases(), st.data())
def test_add_is_additive(case, data):
    spec, start, total = case
    cal = spec.calendar()
    first = timedelta(microseconds=data.draw(st.integers(0, total // US)))
    step = cal.add(start, first)  # a naive result keeps its fold, so it can be fed back
    assert utc(cal.add(step, total - first), cal.zone) == utc(cal.add(start, total), cal.zone)


@PROPS
@given(cases(), st.data())
def test_add_is_monotonic(case, data):
    spec, start, d1 = case
    cal = spec.calendar()
    d2 = data.draw(durations(spec))
    later = data.draw(moments(spec))
    lo, hi = sorted([d1, d2])
    assert utc(cal.add(start, lo), cal.zone) <= utc(cal.add(start, hi), cal.zone)
    if utc(later, cal.zone) >= utc(start, cal.zone):
        assert utc(cal.add(start, d1), cal.zone) <= utc(cal.add(later, d1), cal.zone)


@PROPS
@given(specs(), st.data())
def test_elapsed_is_additive(spec, data):
    cal = spec.calendar()
    points = sorted(utc(data.draw(moments(spec)), cal.zone) for _ in range(3))
    a, b, c = points
    assert cal.elapsed(a, c) == cal.elapsed(a, b) + cal.elapsed(b, c)
    assert cal.elapsed(c, a) == timedelta(0)


@PROPS
@given(cases())
def test_naive_and_aware_agree(case):
    spec, start, duration = case
    cal = spec.calendar()
    as_naive = utc(start, cal.zone).astimezone(cal.zone).replace(tzinfo=None)  # keeps the fold
    as_utc = utc(start, cal.zone)
    r_naive, r_aware = cal.add(as_naive, duration), cal.add(as_utc, duration)
    assert r_naive.tzinfo is None and r_aware.tzinfo == cal.zone
    assert utc(r_naive, cal.zone) == utc(r_aware, cal.zone)  # (== across zones is False in a fold)
    assert r_aware.replace(tzinfo=None) == r_naive and r_aware.fold == r_naive.fold


@PROPS
@given(cases(), st.integers(1, 6))
def test_next_periods_are_the_open_time(case, count):
    spec, start, _ = case
    cal = spec.calendar()
    periods = cal.next_periods(start, count)
    assert len(periods) == count
    prev_end = utc(start, cal.zone)
    total = timedelta(0)
    for lo, hi in periods:
        same_kind(lo, start, cal.zone)
        lo_u, hi_u = utc(lo, cal.zone), utc(hi, cal.zone)
        assert prev_end <= lo_u < hi_u
        assert cal.is_open(lo_u) and cal.is_open(hi_u - US)
        assert cal.elapsed(lo_u, hi_u) == hi_u - lo_u  # open all along
        total += hi_u - lo_u
        prev_end = hi_u
    # nothing open between start and the first period or between periods
    assert cal.elapsed(utc(start, cal.zone), prev_end) == total


@settings(max_examples=40, deadline=None)
@given(specs(), st.data())
def test_long_durations_equal_chained_short_ones(spec, data):
    """Whole-week skipping (with holidays and DST days inside the skipped weeks) agrees with
    walking: one add of n*d equals n chained adds of d."""
    cal = spec.calendar()
    start = data.draw(moments(spec))
    step = timedelta(minutes=data.draw(st.integers(1, max(1, weekly_minutes(spec) // 2))))
    n = data.draw(st.integers(2, 60))
    chained = start
    for _ in range(n):
        chained = cal.add(chained, step)
    assert utc(cal.add(start, step * n), cal.zone) == utc(chained, cal.zone)
    assert cal.elapsed(utc(start, cal.zone), utc(chained, cal.zone)) == step * n


# --------------------------------------------------------------------------------------------
# Contract calendar, hand-computed (national holidays; dates checked against a calendar)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def contract() -> BusinessCalendar:
    return contract_calendar(holidays=brazil_holidays(range(2017, 2028)))


@pytest.fixture(scope="module")
def contract_optional() -> BusinessCalendar:
    return contract_calendar(holidays=brazil_holidays(range(2017, 2028), include_optional=True))


def test_contract_shape():
    assert CONTRACT_TIMEZONE == "America/Sao_Paulo"
    cal = contract_calendar(holidays=())
    assert cal.timezone == "America/Sao_Paulo"
    assert cal.weekly_business_time == timedelta(hours=40)
    assert cal.windows == {wd: ((time(8, 30), time(12)), (time(13, 30), time(18))) for wd in range(5)}
    assert dict(CONTRACT_WINDOWS) == cal.windows
    default = contract_calendar()  # national holidays 2000-2060 by default
    assert date(2060, 12, 25) in default.holidays and date(2025, 11, 20) in default.holidays


@pytest.mark.parametrize(
    ("start", "hours", "expected", "why"),
    [
        # Tue 11:59: 1 min before lunch + 4h30 afternoon = 4h31; Wed 08:30 + 3h29 = 11:59
        (datetime(2025, 6, 3, 11, 59), 8, datetime(2025, 6, 4, 11, 59), "11:59 +8h"),
        # Tue 12:30 (lunch): clock starts 13:30; 4h30 Tue + 3h30 Wed morning = 8h exactly at
        # Wed 12:00 -> the earliest moment is 12:00, not the 13:30 reopening
        (datetime(2025, 6, 3, 12, 30), 8, datetime(2025, 6, 4, 12, 0), "lunch start, ends at 12:00"),
        # Fri 17:59: 1 min Fri; Mon 3h30 morning (3h31) + 4h29 from 13:30 = Mon 17:59
        (datetime(2025, 6, 6, 17, 59), 8, datetime(2025, 6, 9, 17, 59), "Friday 17:59"),
        # Fri 17:30 High: 0h30 Fri + 3h30 Mon morning + 4h00 from 13:30 = Mon 17:30
        (datetime(2025, 6, 6, 17, 30), 8, datetime(2025, 6, 9, 17, 30), "Friday 17:30"),
        # Mon 08:30 + 8h: the whole day, ends at 18:00 the same day (not Tue 08:30)
        (datetime(2025, 6, 2, 8, 30), 8, datetime(2025, 6, 2, 18, 0), "ends at closing"),
        # Sat: clock starts Mon 08:30; 8h -> Mon 18:00
        (datetime(2025, 6, 7, 10, 0), 8, datetime(2025, 6, 9, 18, 0), "weekend start"),
        # Thu 2025-11-20 (Zumbi / Black Awareness, national from 2024): clock starts Fri 08:30
        (datetime(2025, 11, 20, 10, 0), 8, datetime(2025, 11, 21, 18, 0), "on 20 November"),
        # Wed 11:59: 4h31 Wed, Thu 20 Nov holiday, Fri 08:30 + 3h29 = 11:59
        (datetime(2025, 11, 19, 11, 59), 8, datetime(2025, 11, 21, 11, 59), "eve of 20 November"),
        # Good Friday 2026-04-03: clock starts Mon 04-06 08:30; 8h -> Mon 18:00
        (datetime(2026, 4, 3, 10, 0), 8, datetime(2026, 4, 6, 18, 0), "on Good Friday"),
        # Wed 2025-12-31 14:00: 4h Dec 31; Jan 1 holiday; Fri Jan 2: 3h30 morning (7h30) + 0h30
        # from 13:30 = 14:00
        (datetime(2025, 12, 31, 14, 0), 8, datetime(2026, 1, 2, 14, 0), "across New Year"),
        # Carnival eve, national only: Fri 2026-02-13 15:00: 3h Fri; Mon 16 (Carnival is optional,
        # a working day here) 3h30 morning (6h30) + 1h30 from 13:30 = Mon 15:00
        (datetime(2026, 2, 13, 15, 0), 8, datetime(2026, 2, 16, 15, 0), "Carnival eve, national"),
        # Medium 20h: Mon 10:00: 2h + 4h30 = 6h30 Mon; Tue 8h (14h30); Wed 3h30 (18h) + 2h from
        # 13:30 = Wed 15:30
        (datetime(2025, 6, 2, 10, 0), 20, datetime(2025, 6, 4, 15, 30), "20h"),
        # Medium 20h over Good Friday: Thu 2026-04-02 16:00: 2h Thu; Fri holiday; Mon 8h (10h);
        # Tue 8h (18h); Wed 08:30 + 2h = 10:30
        (datetime(2026, 4, 2, 16, 0), 20, datetime(2026, 4, 8, 10, 30), "20h over Good Friday"),
        # Low 80h: Mon 2025-06-02 10:00: 6h30 Mon + Tue-Fri 32h = 38h30; next week 40h = 78h30
        # (Fri 06-13 18:00); Mon 06-16 08:30 + 1h30 = 10:00 (Corpus Christi 06-19 is optional)
        (datetime(2025, 6, 2, 10, 0), 80, datetime(2025, 6, 16, 10, 0), "80h"),
        # Low 80h over 20 November: Mon 2025-11-10 09:00: 3h + 4h30 = 7h30 Mon; Tue-Fri 32h
        # (39h30); Mon-Wed 17-19 24h (63h30); Thu 20 holiday; Fri 21 8h (71h30); Mon 24 8h
        # (79h30); Tue 25 08:30 + 0h30 = 09:00
        (datetime(2025, 11, 10, 9, 0), 80, datetime(2025, 11, 25, 9, 0), "80h over 20 November"),
    ],
)
def test_contract_hand_cases(contract, start, hours, expected, why):
    result = contract.add(start, timedelta(hours=hours))
    assert result == expected, why
    assert result.tzinfo is None
    assert contract.elapsed(start, result) == timedelta(hours=hours)


def test_carnival_with_optional_days(contract_optional):
    # Fri 2026-02-13 15:00 with optional days: Mon 16 + Tue 17 Carnival and Ash Wednesday 18 are
    # off; 3h Fri; Thu 19: 3h30 morning (6h30) + 1h30 from 13:30 = Thu 15:00
    start = datetime(2026, 2, 13, 15, 0)
    assert contract_optional.add(start, 8 * H) == datetime(2026, 2, 19, 15, 0)


def test_2023_has_no_20_november(contract):
    # 2023-11-20 was a Monday and not yet a national holiday: Fri 17-11 17:00 + 8h: 1h Fri,
    # Mon 20 3h30 + 3h30 from 13:30 = Mon 17:00
    assert contract.add(datetime(2023, 11, 17, 17, 0), 8 * H) == datetime(2023, 11, 20, 17, 0)


def test_contract_elapsed_and_is_open(contract):
    assert contract.elapsed(datetime(2025, 6, 6, 17, 30), datetime(2025, 6, 9, 17, 30)) == 8 * H
    assert contract.elapsed(datetime(2025, 11, 19, 8, 0), datetime(2025, 11, 22, 8, 0)) == 16 * H
    assert contract.elapsed(datetime(2025, 6, 3, 12, 0), datetime(2025, 6, 3, 13, 30)) == timedelta(0)
    assert contract.elapsed(datetime(2025, 6, 4), datetime(2025, 6, 3)) == timedelta(0)
    # half-open windows: 08:30 and 13:30 open, 12:00 and 18:00 closed
    assert contract.is_open(datetime(2025, 6, 3, 8, 30))
    assert not contract.is_open(datetime(2025, 6, 3, 8, 29, 59, 999999))
    assert contract.is_open(datetime(2025, 6, 3, 11, 59, 59, 999999))
    assert not contract.is_open(datetime(2025, 6, 3, 12, 0))
    assert contract.is_open(datetime(2025, 6, 3, 13, 30))
    assert not contract.is_open(datetime(2025, 6, 3, 18, 0))
    assert not contract.is_open(datetime(2025, 11, 20, 10, 0))  # holiday
    assert not contract.is_open(datetime(2025, 6, 7, 10, 0))  # Saturday


def test_microsecond_exact(contract):
    start = datetime(2025, 6, 3, 11, 59, 59, 999_999)
    assert contract.add(start, US) == datetime(2025, 6, 3, 12, 0)
    assert contract.add(start, 2 * US) == datetime(2025, 6, 3, 13, 30, 0, 1)
    assert contract.elapsed(start, datetime(2025, 6, 3, 13, 30, 0, 1)) == 2 * US


def test_zero_and_negative_duration(contract):
    lunch = datetime(2025, 6, 3, 12, 30)
    assert contract.add(lunch, timedelta(0)) is lunch  # closed, but elapsed(s, s) == 0 already
    aware = datetime(2025, 6, 3, 15, 30, tzinfo=UTC)
    assert contract.add(aware, timedelta(0)) == aware
    assert contract.add(aware, timedelta(0)).tzinfo == SP
    with pytest.raises(ValueError, match="negative"):
        contract.add(lunch, -US)


def test_aware_in_other_zone_gives_aware_in_calendar_zone(contract):
    # 14:59 UTC = 11:59 in Brasília; +8h -> Wed 11:59 -03:00
    result = contract.add(datetime(2025, 6, 3, 14, 59, tzinfo=UTC), 8 * H)
    assert result.tzinfo == SP
    assert result.replace(tzinfo=None) == datetime(2025, 6, 4, 11, 59)
    assert result == datetime(2025, 6, 4, 14, 59, tzinfo=UTC)
    naive = contract.add(datetime(2025, 6, 3, 11, 59), 8 * H)
    assert naive.tzinfo is None and naive == datetime(2025, 6, 4, 11, 59)


def test_mixing_naive_and_aware_raises(contract):
    with pytest.raises(TypeError):
        contract.elapsed(datetime(2025, 6, 3, 9), datetime(2025, 6, 3, 15, tzinfo=UTC))
    with pytest.raises(TypeError):
        contract.elapsed(datetime(2025, 6, 3, 9, tzinfo=UTC), datetime(2025, 6, 3, 15))


def test_huge_duration_is_consistent(contract):
    # ~10 years of business time through ~100 holidays: skip path == elapsed
    start = datetime(2017, 3, 1, 10, 0)
    d = timedelta(hours=20_000)
    result = contract.add(start, d)
    assert contract.elapsed(start, result) == d
    assert contract.elapsed(start, result - US) < d


# --------------------------------------------------------------------------------------------
# DST
# --------------------------------------------------------------------------------------------


def test_new_york_spring_forward_window_has_one_real_hour():
    # Sunday 2025-03-09: 02:00 EST jumps to 03:00 EDT; a 01:00-03:00 window has 1 real hour
    cal = BusinessCalendar("America/New_York", {6: [(time(1), time(3))]})
    day = (datetime(2025, 3, 9), datetime(2025, 3, 10))
    assert cal.elapsed(*day) == H
    # from 01:30 only 30 min are left that day: 1h ends next Sunday 01:30 (EDT)
    start = datetime(2025, 3, 9, 1, 30, tzinfo=NY)
    result = cal.add(start, H)
    assert result == datetime(2025, 3, 16, 1, 30, tzinfo=NY)
    assert result.utcoffset() == timedelta(hours=-4)
    assert cal.add(start, timedelta(minutes=30)) == datetime(2025, 3, 9, 7, 0, tzinfo=UTC)  # 03:00 EDT
    # naive and aware agree
    assert cal.add(datetime(2025, 3, 9, 1, 30), H) == datetime(2025, 3, 16, 1, 30)


def test_new_york_fall_back_window_has_three_real_hours():
    # Sunday 2025-11-02: 02:00 EDT falls back to 01:00 EST; 01:00-03:00 lasts 3 real hours
    cal = BusinessCalendar("America/New_York", {6: [(time(1), time(3))]})
    assert cal.elapsed(datetime(2025, 11, 2), datetime(2025, 11, 3)) == 3 * H
    start = datetime(2025, 11, 2, 1, 30)  # fold=0: the first 01:30 (EDT)
    result = cal.add(start, timedelta(minutes=45))  # 45 real minutes later: 01:15 EST
    assert result == datetime(2025, 11, 2, 1, 15) and result.fold == 1
    assert utc(result, NY) == datetime(2025, 11, 2, 6, 15, tzinfo=UTC)
    assert cal.add(result, timedelta(minutes=1)) == datetime(2025, 11, 2, 1, 16)  # fold honoured
    second = datetime(2025, 11, 2, 1, 30, fold=1)  # the second 01:30 (EST)
    assert cal.elapsed(start, second) == H
    assert cal.add(second, 90 * timedelta(minutes=1)) == datetime(2025, 11, 2, 3, 0)


def test_new_york_weekday_window_crossing_the_change_and_outside_zone_input():
    # A window 00:00-06:00 on Sundays holds 5 real hours on 2025-03-09 and 7 on 2025-11-02
    cal = BusinessCalendar("America/New_York", {6: [(time(0), time(6))]})
    assert cal.elapsed(datetime(2025, 3, 9), datetime(2025, 3, 9, 6)) == 5 * H
    assert cal.elapsed(datetime(2025, 11, 2), datetime(2025, 11, 2, 6)) == 7 * H
    # aware UTC in (Sat 23:00 EST = 04:00 UTC Sun): 5h -> 06:00 EDT, the end of the window
    result = cal.add(datetime(2025, 3, 9, 4, 0, tzinfo=UTC), 5 * H)
    assert result.tzinfo == NY and result == datetime(2025, 3, 9, 6, 0, tzinfo=NY)
    assert result.utcoffset() == timedelta(hours=-4)
    # 5h + 1 µs spills into the next Sunday
    assert cal.add(datetime(2025, 3, 9), 5 * H + US) == datetime(2025, 3, 16, 0, 0, 0, 1)


def test_berlin_fall_back_aware_result_has_fold():
    # 2025-10-26: 03:00 CEST -> 02:00 CET (01:00 UTC); Sunday window 01:00-04:00 = 4 real hours
    cal = BusinessCalendar("Europe/Berlin", {6: [(time(1), time(4))]})
    assert cal.elapsed(datetime(2025, 10, 26), datetime(2025, 10, 27)) == 4 * H
    start = datetime(2025, 10, 26, 0, 0, tzinfo=UTC)  # 02:00 CEST
    one = cal.add(start, H)  # 01:00 UTC = the second 02:00 (CET)
    assert one.tzinfo == BERLIN and one.fold == 1 and one.utcoffset() == H
    assert utc(one, BERLIN) == datetime(2025, 10, 26, 1, 0, tzinfo=UTC)
    assert cal.add(start, 2 * H) == datetime(2025, 10, 26, 3, 0, tzinfo=BERLIN)  # 03:00 CET
    # from 02:00 CEST three real hours are left (to 04:00 CET); a fourth is next Sunday 01-02
    assert cal.add(start, 3 * H) == datetime(2025, 10, 26, 4, 0, tzinfo=BERLIN)
    assert cal.add(start, 4 * H) == datetime(2025, 11, 2, 2, 0, tzinfo=BERLIN)


def test_berlin_spring_forward_office_hours_unaffected_but_real():
    # 2025-03-30 02:00 -> 03:00 CEST. Office hours Mon-Fri 09-17 are not touched; business time
    # between Friday 16:00 and Monday 10:00 is 2h whatever the weekend's length.
    cal = BusinessCalendar("Europe/Berlin", {wd: [(time(9), time(17))] for wd in range(5)})
    fri, mon = datetime(2025, 3, 28, 16, tzinfo=BERLIN), datetime(2025, 3, 31, 10, tzinfo=BERLIN)
    assert cal.elapsed(fri, mon) == 2 * H
    assert cal.add(fri, 2 * H) == mon and cal.add(fri, 2 * H).utcoffset() == 2 * H


def test_historical_sao_paulo_spring_forward_at_midnight(contract):
    # 2018-11-04 (Sunday) 00:00 -03 jumped to 01:00 -02: 00:00-00:59 did not exist.
    allday = BusinessCalendar("America/Sao_Paulo", {wd: [(time(0), time(0))] for wd in range(7)})
    assert allday.elapsed(datetime(2018, 11, 3, 12), datetime(2018, 11, 4, 12)) == 23 * H
    assert allday.add(datetime(2018, 11, 3, 23, 30), H) == datetime(2018, 11, 4, 1, 30)
    # a nonexistent naive reading follows its fold (PEP 495): fold=0 takes the old offset (-03),
    # so 00:30 is 03:30 UTC = 01:30 -02; fold=1 takes the new one (-02): 02:30 UTC = 23:30 the eve
    eve = datetime(2018, 11, 3, 23, 0)
    assert allday.elapsed(eve, datetime(2018, 11, 4, 0, 30)) == timedelta(minutes=90)
    assert allday.elapsed(eve, datetime(2018, 11, 4, 0, 30, fold=1)) == timedelta(minutes=30)
    sunday = BusinessCalendar("America/Sao_Paulo", {6: [(time(0), time(2))]})
    assert sunday.elapsed(datetime(2018, 11, 4), datetime(2018, 11, 5)) == H
    # Contract: Thu 2018-11-01 17:00 -03 + 8h: 1h Thu, Fri 02 All Souls' (national), Mon 05
    # 3h30 + 3h30 = 17:00, now in daylight time (-02)
    start = datetime(2018, 11, 1, 17, 0, tzinfo=SP)
    result = contract.add(start, 8 * H)
    assert result == datetime(2018, 11, 5, 19, 0, tzinfo=UTC)
    assert result.replace(tzinfo=None) == datetime(2018, 11, 5, 17, 0)
    assert result.utcoffset() == timedelta(hours=-2)
    assert contract.add(datetime(2018, 11, 1, 17, 0), 8 * H) == datetime(2018, 11, 5, 17, 0)


def test_historical_sao_paulo_fall_back_at_midnight():
    # 2019-02-17 00:00 -02 went back to 2019-02-16 23:00 -03: Saturday 23:00-24:00 happened twice
    sat = BusinessCalendar("America/Sao_Paulo", {5: [(time(23), time(0))]})
    assert sat.elapsed(datetime(2019, 2, 16), datetime(2019, 2, 18)) == 2 * H
    first = datetime(2019, 2, 16, 23, 30)
    later = sat.add(first, H)  # the second 23:30
    assert later == datetime(2019, 2, 16, 23, 30) and later.fold == 1
    assert sat.add(first, 90 * timedelta(minutes=1)) == datetime(2019, 2, 17, 0, 0)
    periods = sat.next_periods(datetime(2019, 2, 16, 12), 2)
    assert periods[0] == (datetime(2019, 2, 16, 23, 0), datetime(2019, 2, 17, 0, 0))
    assert periods[1] == (datetime(2019, 2, 23, 23, 0), datetime(2019, 2, 24, 0, 0))
    allday = BusinessCalendar("America/Sao_Paulo", {wd: [(time(0), time(0))] for wd in range(7)})
    assert allday.elapsed(datetime(2019, 2, 16, 12), datetime(2019, 2, 17, 12)) == 25 * H


def test_fall_back_gain_inside_skipped_week():
    # Found by hypothesis: Sunday 00:00-01:03 in New York is 63 wall minutes a week, but 66 real
    # ones on 2025-11-02 (01:00-01:03 happens twice). 66 minutes from the Saturday before must end
    # at the second 01:03 that same night, not be skipped past by the whole-week jump.
    cal = BusinessCalendar("America/New_York", {6: [(time(0), time(1, 3))]})
    result = cal.add(datetime(2025, 11, 1, 23, 59, 59, 999999), timedelta(minutes=66))
    assert result == datetime(2025, 11, 2, 1, 3) and result.fold == 1
    assert cal.add(datetime(2025, 11, 1, 12), timedelta(minutes=67)) == datetime(2025, 11, 9, 0, 1)
    assert cal.add(datetime(2025, 10, 20), timedelta(minutes=63 + 66)) == datetime(2025, 11, 2, 1, 3, fold=1)


def test_dst_skip_over_many_weeks():
    # a year of Sunday 01:00-03:00 windows in New York: 52 Sundays, one of 1h, one of 3h,
    # 50 of 2h = 104h; the week-skip must correct both change days
    cal = BusinessCalendar("America/New_York", {6: [(time(1), time(3))]})
    start = datetime(2025, 1, 1)
    assert cal.elapsed(start, datetime(2026, 1, 1)) == 104 * H
    assert cal.add(start, 104 * H) == datetime(2025, 12, 28, 3, 0)
    assert cal.add(start, 102 * H) == datetime(2025, 12, 21, 3, 0)


@pytest.mark.parametrize(
    "zone", ["America/Sao_Paulo", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe"]
)
def test_always_open_calendar_counts_real_time_over_decades(zone):
    # Open 24/7: business time is exactly real time, across every DST change of 35 years (Lord
    # Howe shifts by 30 minutes). Exercises the week skip with dozens of offset-change dates.
    tz = ZoneInfo(zone)
    cal = BusinessCalendar(zone, {wd: [(time(0), time(0))] for wd in range(7)})
    start, end = datetime(1985, 1, 1, 9, 15, tzinfo=tz), datetime(2020, 1, 1, 17, 45, tzinfo=tz)
    real = end.astimezone(UTC) - start.astimezone(UTC)
    assert cal.elapsed(start, end) == real
    assert utc(cal.add(start, real), tz) == end.astimezone(UTC)
    naive = cal.add(start.replace(tzinfo=None), real)
    assert naive == end.replace(tzinfo=None)


def test_shared_between_threads():
    from concurrent.futures import ThreadPoolExecutor

    def deadlines():
        cal = BusinessCalendar(
            "America/New_York", {wd: [(time(1), time(3)), (time(9), time(17))] for wd in range(7)}
        )
        return cal, [datetime(2000 + i % 25, 1 + i % 12, 1 + i % 28, i % 24) for i in range(600)]

    reference_cal, starts = deadlines()
    expected = [reference_cal.add(s, 50 * H) for s in starts]
    shared, _ = deadlines()
    with ThreadPoolExecutor(8) as pool:
        chunks = list(pool.map(lambda k: [shared.add(s, 50 * H) for s in starts[k::8]], range(8)))
    for k, chunk in enumerate(chunks):
        assert chunk == expected[k::8]


# --------------------------------------------------------------------------------------------
# next_periods
# --------------------------------------------------------------------------------------------


def test_next_periods_contract(contract):
    periods = contract.next_periods(datetime(2025, 11, 19, 11, 0), 4)
    assert periods == [
        (datetime(2025, 11, 19, 11, 0), datetime(2025, 11, 19, 12, 0)),  # clipped at start
        (datetime(2025, 11, 19, 13, 30), datetime(2025, 11, 19, 18, 0)),
        (datetime(2025, 11, 21, 8, 30), datetime(2025, 11, 21, 12, 0)),  # 20 Nov skipped
        (datetime(2025, 11, 21, 13, 30), datetime(2025, 11, 21, 18, 0)),
    ]
    assert contract.next_periods(datetime(2025, 11, 19, 11, 0), 0) == []
    aware = contract.next_periods(datetime(2025, 11, 19, 21, 0, tzinfo=UTC), 1)  # 18:00 local
    assert aware == [(datetime(2025, 11, 21, 8, 30, tzinfo=SP), datetime(2025, 11, 21, 12, tzinfo=SP))]
    assert aware[0][0].tzinfo == SP
    with pytest.raises(ValueError):
        contract.next_periods(datetime(2025, 11, 19), -1)


def test_next_periods_merges_touching_windows_and_splits_at_midnight():
    cal = BusinessCalendar(
        "UTC", {0: [(time(12), time(13)), (time(8), time(12)), (time(22), time(0))], 1: [(time(0), time(2))]}
    )
    assert cal.windows[0] == ((time(8), time(12)), (time(12), time(13)), (time(22), time(0)))
    assert cal.next_periods(datetime(2025, 6, 2), 3) == [
        (datetime(2025, 6, 2, 8), datetime(2025, 6, 2, 13)),
        (datetime(2025, 6, 2, 22), datetime(2025, 6, 3, 0)),
        (datetime(2025, 6, 3, 0), datetime(2025, 6, 3, 2)),
    ]
    assert cal.is_open(datetime(2025, 6, 2, 12)) and cal.is_open(datetime(2025, 6, 2, 23, 59, 59, 999999))
    assert cal.add(datetime(2025, 6, 2, 23), 2 * H) == datetime(2025, 6, 3, 1)


# --------------------------------------------------------------------------------------------
# Validation and edge cases of the constructor
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("windows", "message"),
    [
        ({0: [(time(9), time(12)), (time(11), time(14))]}, "overlap"),
        ({0: [(time(13), time(18)), (time(8), time(13, 1))]}, "overlap"),
        ({0: [(time(12), time(9))]}, "start before it ends"),
        ({0: [(time(9), time(9))]}, "start before it ends"),
        ({7: [(time(9), time(12))]}, "weekday"),
        ({-1: [(time(9), time(12))]}, "weekday"),
        ({"0": [(time(9), time(12))]}, "weekday"),
        ({True: [(time(9), time(12))]}, "weekday"),
        ({0: [(time(9), time(12), time(13))]}, "pair"),
        ({0: [("09:00", "12:00")]}, "datetime.time"),
        ({0: [(time(9, tzinfo=UTC), time(12))]}, "naive"),
        ({0: "09:00-12:00"}, "sequence"),
        ([(time(9), time(12))], "mapping"),
    ],
)
def test_invalid_windows(windows, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar("UTC", windows)


@pytest.mark.parametrize("name", ["Nowhere/City", "", "America", "../etc/passwd", "utc"])
def test_invalid_timezone(name):
    with pytest.raises(ValueError, match="timezone"):
        BusinessCalendar(name, {0: [(time(9), time(17))]})


def test_invalid_timezone_type_and_holiday_type():
    with pytest.raises(TypeError):
        BusinessCalendar(SP, {0: [(time(9), time(17))]})  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        BusinessCalendar("UTC", {0: [(time(9), time(17))]}, ["2025-01-01"])  # type: ignore[list-item]


def test_valid_edge_windows():
    cal = BusinessCalendar(
        "UTC", {0: [(time(22), time(0)), (time(0), time(1))], 3: []}, holidays=[datetime(2025, 6, 9, 15)]
    )  # datetime holiday = its date
    assert cal.weekly_business_time == 3 * H
    assert date(2025, 6, 9) in cal.holidays
    assert cal.elapsed(datetime(2025, 6, 2), datetime(2025, 6, 3)) == 3 * H
    assert cal.elapsed(datetime(2025, 6, 9), datetime(2025, 6, 10)) == timedelta(0)
    # time.max is literal: the last microsecond of the day stays closed
    late = BusinessCalendar("UTC", {0: [(time(23), time.max)]})
    assert late.weekly_business_time == H - US
    assert not late.is_open(datetime(2025, 6, 2, 23, 59, 59, 999999))
    assert "UTC" in repr(late)


def test_calendar_without_windows():
    cal = BusinessCalendar("UTC", {})
    start = datetime(2025, 6, 2)
    assert cal.add(start, timedelta(0)) is start
    with pytest.raises(ValueError, match="no business windows"):
        cal.add(start, H)
    assert cal.elapsed(start, start + 1000 * H) == timedelta(0)
    assert cal.next_periods(start, 3) == []
    assert not cal.is_open(start)


# --------------------------------------------------------------------------------------------
# brazil_holidays
# --------------------------------------------------------------------------------------------


def test_brazil_national_holidays():
    h2023, h2024 = brazil_holidays(2023), brazil_holidays([2024])
    assert date(2023, 11, 20) not in h2023  # Lei 14.759/2023: national from 2024 on
    assert date(2024, 11, 20) in h2024
    assert date(2025, 11, 20) in brazil_holidays(range(2025, 2027))
    assert date(2023, 4, 7) in h2023 and date(2026, 4, 3) in brazil_holidays(2026)  # Good Friday
    assert {
        date(2025, 1, 1),
        date(2025, 4, 21),
        date(2025, 5, 1),
        date(2025, 9, 7),
        date(2025, 10, 12),
        date(2025, 11, 2),
        date(2025, 11, 15),
        date(2025, 12, 25),
    } <= brazil_holidays(2025)
    assert all(d.year == 2025 for d in brazil_holidays(2025))


def test_brazil_optional_days():
    national, optional = brazil_holidays(2026), brazil_holidays(2026, include_optional=True)
    carnival = {date(2026, 2, 16), date(2026, 2, 17)}
    corpus_christi = date(2026, 6, 4)
    assert not carnival & national and corpus_christi not in national
    assert carnival <= optional and corpus_christi in optional
    assert national <= optional


def test_brazil_state_days():
    assert date(2025, 7, 9) not in brazil_holidays(2025)
    assert date(2025, 7, 9) in brazil_holidays(2025, subdiv="SP")  # Revolução Constitucionalista
    assert date(2025, 7, 9) in brazil_holidays(2025, subdiv="sp")
    assert date(2025, 4, 23) in brazil_holidays(2025, subdiv="RJ")  # São Jorge
    assert brazil_holidays(2025) <= brazil_holidays(2025, subdiv="RJ")


def test_brazil_invalid_uf():
    with pytest.raises(ValueError, match="XX"):
        brazil_holidays(2025, subdiv="XX")
