"""Business-hours calendar for SLA deadlines (pure Python, no frappe).

The model
---------
A :class:`BusinessCalendar` is an IANA time zone, a weekly table of opening *windows* and a set of
holiday dates. ``windows`` maps a weekday (Monday = 0 … Sunday = 6) to any number of
non-overlapping ``(start, end)`` pairs of naive :class:`datetime.time` values, read as
**wall-clock times in the calendar's zone**. Every window is **half-open**, ``[start, end)``: a
moment at ``start`` is open, a moment at ``end`` is closed. An ``end`` of ``time(0, 0)`` means
24:00 (the end of that day), so ``(time(0), time(0))`` is a whole day; ``time.max`` is taken
literally (the window closes at 23:59:59.999999, leaving the last microsecond of the day closed).
Touching windows (``08:00-12:00`` and ``12:00-13:00``) are allowed and behave as one. A holiday
date has no business time at all.

A real moment is *open* when its local wall-clock reading (date and time in the calendar's zone)
falls inside a window of that date's weekday and the date is not a holiday. **Business time is
real elapsed time** spent open: on a spring-forward day where 02:00 jumps to 03:00, a window
01:00-03:00 holds one real hour; on a fall-back day where 01:00-02:00 happens twice, a window
01:00-03:00 holds three. For zones without transitions in the period (America/Sao_Paulo since
2019) this is simply the wall-clock length of the windows.

Inputs and outputs
------------------
* Naive datetimes are wall-clock readings in the calendar's zone and results are naive in it.
  A naive reading that is ambiguous (fall-back) or does not exist (spring-forward gap) is
  resolved by its ``fold`` attribute exactly as :mod:`zoneinfo` does (PEP 495): ``fold=0``
  (the default) takes the offset in force *before* the transition, ``fold=1`` the one after.
  So an ambiguous 01:30 is its first occurrence by default, and a nonexistent 02:30 (gap
  02:00->03:00) is read as 03:30. Naive results in an ambiguous hour carry ``fold=1`` for the
  second occurrence, so they round-trip.
* Aware datetimes (any tzinfo) give aware results converted to the calendar's zone.
* Mixing a naive and an aware datetime in :meth:`BusinessCalendar.elapsed` raises ``TypeError``.
* Everything is exact to the microsecond (integer microseconds internally).

``add(start, d)`` returns the *earliest* moment ``m`` with ``elapsed(start, m) == d``: a deadline
whose last business minute ends at 12:00 is 12:00, not the 13:30 reopening. ``add(start, 0)`` is
``start`` itself, even when the calendar is closed at ``start``.

Cost
----
Per weekday the merged windows and the weekly total are precomputed. ``add`` first skips whole
weeks arithmetically, then whole days by per-weekday prefix sums; holidays inside the skipped
dates are subtracted with :func:`bisect` on a sorted list with prefix sums, and dates holding a
UTC-offset change are corrected one by one. What is left to walk is about a day of windows, so
an 80-hour deadline costs about what an 8-hour one does (a few µs). ``elapsed`` sums whole dates
the same way.

The open pieces of each date (its windows as UTC instants) are computed once and cached, a few
hundred bytes a date, so a long-lived calendar keeps one entry per date it has been asked about.
A calendar is immutable from the outside and safe to share between threads.

Assumptions (true of every transition in tzdata): the local date never goes backwards except by a
jump that lands exactly on local midnight (Sao Paulo, until 2019, went back from 00:00 to 23:00);
the UTC offset changes at most once an hour; a date whose offset at midnight equals the next
date's has no change inside it. Dates near ``date.min``/``date.max`` are not supported.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from datetime import timezone as _fixed_timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "CONTRACT_TIMEZONE",
    "CONTRACT_WINDOWS",
    "BusinessCalendar",
    "brazil_holidays",
    "contract_calendar",
]

_ONE_US = timedelta(microseconds=1)
_ZERO = timedelta(0)
_SECOND = 1_000_000
_HOUR = 3_600 * _SECOND
_DAY = 86_400 * _SECOND
_EPOCH = datetime(1, 1, 1)  # ordinal 1, a Monday
_EPOCH_UTC = datetime(1, 1, 1, tzinfo=_fixed_timezone.utc)
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SCAN_CHUNK = 400  # days per lazily scanned block when looking for UTC-offset changes

_Piece = tuple[int, int]  # [start, end) in UTC microseconds since 0001-01-01T00:00Z
# Per-date cache entry: (UTC offset in µs when constant over the whole date else None,
#                        open pieces of that date in UTC µs, their total length in µs)
_DayInfo = tuple["int | None", tuple[_Piece, ...], int]


def _time_us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _SECOND + t.microsecond


class BusinessCalendar:
    """Weekly business windows in an IANA zone, minus holidays. See the module docstring.

    :param timezone: IANA zone name, e.g. ``"America/Sao_Paulo"``.
    :param windows: weekday (Monday = 0) -> ``(start, end)`` wall-clock windows, any order;
        weekdays left out are closed. ``end == time(0, 0)`` means midnight at the end of the day.
    :param holidays: dates without business time.
    :raises ValueError: unknown zone, weekday outside 0..6, a window that is not a pair of naive
        ``time`` values, ``start >= end`` or overlapping windows on one weekday.
    """

    __slots__ = (
        "_name",
        "_zone",
        "_windows",
        "_wall",
        "_wall_total",
        "_fit",
        "_weekly",
        "_holiday_set",
        "_holiday_ords",
        "_holiday_prefix",
        "_days",
        "_shift_days",
        "_scan_lo",
        "_scan_hi",
        "_scan_lock",
    )

    def __init__(
        self,
        timezone: str,
        windows: Mapping[int, Sequence[tuple[time, time]]],
        holidays: Iterable[date] = (),
    ) -> None:
        if not isinstance(timezone, str):
            raise TypeError(f"timezone must be an IANA zone name (str), got {timezone!r}")
        try:
            self._zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
            raise ValueError(f"unknown IANA timezone {timezone!r}") from exc
        self._name = timezone

        if not isinstance(windows, Mapping):
            raise ValueError("windows must be a mapping weekday (Monday=0) -> [(start, end), ...]")
        table: dict[int, tuple[tuple[time, time], ...]] = {}
        wall: list[tuple[_Piece, ...]] = [()] * 7
        for weekday, day_windows in windows.items():
            if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
                raise ValueError(f"weekday must be an int from 0 (Monday) to 6 (Sunday), got {weekday!r}")
            table[weekday], wall[weekday] = self._check_day(weekday, day_windows)
        self._windows = table
        self._wall = tuple(wall)  # merged windows as µs since local midnight, per weekday
        self._wall_total = tuple(sum(b - a for a, b in day) for day in self._wall)
        self._weekly = sum(self._wall_total)
        doubled = self._wall_total * 2
        # fit[wd][i]: wall business time of the i dates starting on weekday wd (i = 0..7)
        self._fit = tuple(tuple(sum(doubled[wd : wd + i]) for i in range(8)) for wd in range(7))

        ords: set[int] = set()
        for h in holidays:
            if not isinstance(h, date):
                raise TypeError(f"holidays must be dates, got {h!r}")
            ords.add(h.toordinal())
        self._holiday_set = frozenset(ords)
        self._holiday_ords = sorted(ords)
        prefix = [0]
        for o in self._holiday_ords:
            prefix.append(prefix[-1] + self._wall_total[(o + 6) % 7])
        self._holiday_prefix = prefix

        self._days: dict[int, _DayInfo] = {}
        self._shift_days: list[int] = []  # sorted ordinals of dates holding an offset change
        self._scan_lo = self._scan_hi = 0  # ordinals [lo, hi) already searched for those dates
        self._scan_lock = threading.Lock()

    @staticmethod
    def _check_day(
        weekday: int, day_windows: Sequence[tuple[time, time]]
    ) -> tuple[tuple[tuple[time, time], ...], tuple[_Piece, ...]]:
        name = _WEEKDAY_NAMES[weekday]
        if isinstance(day_windows, (str, bytes)) or not isinstance(day_windows, Iterable):
            raise ValueError(f"{name}: windows must be a sequence of (start, end) pairs")
        rows: list[tuple[int, int, time, time]] = []
        for window in day_windows:
            try:
                start, end = window
            except (TypeError, ValueError):
                raise ValueError(f"{name}: a window must be a (start, end) pair, got {window!r}") from None
            if not isinstance(start, time) or not isinstance(end, time):
                raise ValueError(f"{name}: window bounds must be datetime.time values, got {window!r}")
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError(f"{name}: window bounds must be naive wall-clock times, got {window!r}")
            a = _time_us(start)
            b = _DAY if end == time(0) else _time_us(end)
            if a >= b:
                raise ValueError(
                    f"{name}: window {start.isoformat()}-{end.isoformat()} must start before it ends "
                    "(use time(0, 0) as the end for midnight)"
                )
            rows.append((a, b, start, end))
        rows.sort(key=lambda r: (r[0], r[1]))
        merged: list[list[int]] = []
        for i, (a, b, start, end) in enumerate(rows):
            if i and a < rows[i - 1][1]:
                p = rows[i - 1]
                raise ValueError(
                    f"{name}: windows {p[2].isoformat()}-{p[3].isoformat()} and "
                    f"{start.isoformat()}-{end.isoformat()} overlap"
                )
            if merged and merged[-1][1] == a:
                merged[-1][1] = b
            else:
                merged.append([a, b])
        return tuple((r[2], r[3]) for r in rows), tuple((a, b) for a, b in merged)

    # ------------------------------------------------------------------ public properties

    @property
    def timezone(self) -> str:
        """The IANA zone name."""
        return self._name

    @property
    def zone(self) -> ZoneInfo:
        """The calendar's zone as a :class:`zoneinfo.ZoneInfo`."""
        return self._zone

    @property
    def windows(self) -> dict[int, tuple[tuple[time, time], ...]]:
        """The validated windows per weekday, sorted by start (as given, not merged)."""
        return dict(self._windows)

    @property
    def holidays(self) -> frozenset[date]:
        """The holiday dates."""
        return frozenset(date.fromordinal(o) for o in self._holiday_ords)

    @property
    def weekly_business_time(self) -> timedelta:
        """Wall-clock business time of a week without holidays or offset changes."""
        return timedelta(microseconds=self._weekly)

    def __repr__(self) -> str:
        return (
            f"BusinessCalendar({self._name!r}, weekly={self.weekly_business_time}, "
            f"holidays={len(self._holiday_ords)})"
        )

    # ------------------------------------------------------------------ public API

    def add(self, start: datetime, duration: timedelta) -> datetime:
        """The earliest moment ``m`` with ``elapsed(start, m) == duration``.

        ``duration`` zero returns ``start`` (converted to the calendar's zone when aware).
        :raises ValueError: negative duration, or positive duration on a calendar without windows.
        """
        if duration < _ZERO:
            raise ValueError(f"duration must not be negative, got {duration}")
        rem = duration // _ONE_US
        days = self._days
        if start.tzinfo is None:  # _locate inlined for the common case (naive, one offset that date)
            u = (start - _EPOCH) // _ONE_US
            o = u // _DAY + 1
            info = days.get(o) or self._day(o)
            off = info[0]
            if off is None:
                u, o, aware = self._locate(start)
                info = days.get(o) or self._day(o)
            else:
                u -= off
                aware = False
        else:
            u, o, aware = self._locate(start)
            info = days.get(o) or self._day(o)
        if rem == 0:
            return start.astimezone(self._zone) if aware else start
        if self._weekly == 0:
            raise ValueError("the calendar has no business windows: no deadline can be reached")
        v = self._find(u, o, info, rem)
        info = days[v[1]]
        if not aware and info[0] is not None:
            return _EPOCH + _ONE_US * (v[0] + info[0])
        return self._out(v[0], info, aware)

    def _find(self, u: int, o: int, info: _DayInfo, rem: int) -> tuple[int, int]:
        """(UTC µs, local date ordinal) of the deadline ``rem`` µs of business time after ``u``."""
        for s, e in info[1]:
            if e > u:
                if s < u:
                    s = u
                if rem <= e - s:
                    return s + rem, o
                rem -= e - s
        o += 1
        if rem > self._weekly:
            o, rem = self._skip(o, rem)
        days = self._days
        while True:
            info = days.get(o) or self._day(o)
            if rem <= info[2]:
                for s, e in info[1]:
                    if rem <= e - s:
                        return s + rem, o
                    rem -= e - s
            rem -= info[2]
            o += 1

    def elapsed(self, start: datetime, end: datetime) -> timedelta:
        """Business time between ``start`` and ``end``; zero when ``end <= start``.

        :raises TypeError: one argument naive and the other aware.
        """
        if _is_aware(start) != _is_aware(end):
            raise TypeError("elapsed() needs two naive or two aware datetimes, not a mix")
        u1, o1, _ = self._locate(start)
        u2, o2, _ = self._locate(end)
        if u2 <= u1:
            return _ZERO
        if o1 == o2:
            return timedelta(microseconds=_overlap(self._day_info(o1)[1], u1, u2))
        if o2 < o1:  # cannot happen under the module's monotonic-date assumption; stay exact anyway
            total = sum(_overlap(self._day_info(o)[1], u1, u2) for o in range(o2 - 1, o1 + 2))
            return timedelta(microseconds=total)
        total = _overlap(self._day_info(o1)[1], u1, u2) + _overlap(self._day_info(o2)[1], u1, u2)
        if o2 > o1 + 1:
            total += self._whole_days(o1 + 1, o2)
        return timedelta(microseconds=total)

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` is business time (windows are half-open: start in, end out)."""
        u, o, _ = self._locate(moment)
        return any(s <= u < e for s, e in self._day_info(o)[1])

    def next_periods(self, start: datetime, count: int) -> list[tuple[datetime, datetime]]:
        """The next ``count`` open intervals ``[from, to)`` from ``start`` on, the first clipped at
        ``start`` (so it begins at ``start`` when the calendar is open then).

        Touching windows come back as one interval; intervals are always split at local midnight.
        Naive/aware like ``start``. Empty when ``count`` is 0 or the calendar has no windows.
        """
        if count < 0:
            raise ValueError(f"count must not be negative, got {count}")
        u, o, aware = self._locate(start)
        out: list[tuple[datetime, datetime]] = []
        if self._weekly == 0:
            return out
        while len(out) < count:
            info = self._day_info(o)
            for s, e in info[1]:
                if e > u:
                    out.append((self._out(max(s, u), info, aware), self._out(e, info, aware)))
                    if len(out) == count:
                        break
            o += 1
        return out

    # ------------------------------------------------------------------ internals

    def _locate(self, dt: datetime) -> tuple[int, int, bool]:
        """(UTC µs, ordinal of the local date of that instant, whether dt is aware)."""
        if dt.tzinfo is not None and dt.utcoffset() is not None:
            # (not dt.astimezone(zone) for the date: it returns dt unchanged, a gap reading
            # included, when dt is already in the zone; going through UTC gives the real date)
            u = (dt - _EPOCH_UTC) // _ONE_US
            return u, (_EPOCH_UTC + _ONE_US * u).astimezone(self._zone).toordinal(), True
        naive = dt if dt.tzinfo is None else dt.replace(tzinfo=None)
        wall = (naive - _EPOCH) // _ONE_US
        o = wall // _DAY + 1
        info = self._days.get(o) or self._day(o)
        if info[0] is not None:
            return wall - info[0], o, False
        # the date holds an offset change: let zoneinfo resolve the reading with its fold
        u = (naive.replace(tzinfo=self._zone) - _EPOCH_UTC) // _ONE_US
        return u, (_EPOCH_UTC + _ONE_US * u).astimezone(self._zone).toordinal(), False

    def _out(self, u: int, info: _DayInfo, aware: bool) -> datetime:
        if not aware and info[0] is not None:
            return _EPOCH + _ONE_US * (u + info[0])
        local = (_EPOCH_UTC + _ONE_US * u).astimezone(self._zone)
        return local if aware else local.replace(tzinfo=None)

    def _day_info(self, o: int) -> _DayInfo:
        return self._days.get(o) or self._day(o)

    def _midnight_offset(self, o: int) -> int:
        return datetime.fromordinal(o).replace(tzinfo=self._zone).utcoffset() // _ONE_US  # type: ignore[operator]

    def _offset_at(self, u: int) -> int:
        return (_EPOCH_UTC + _ONE_US * u).astimezone(self._zone).utcoffset() // _ONE_US  # type: ignore[operator]

    def _day(self, o: int) -> _DayInfo:
        """Compute (and cache) the open pieces of local date ``o`` in UTC µs."""
        wall0 = (o - 1) * _DAY
        windows = () if o in self._holiday_set else self._wall[(o + 6) % 7]
        off0 = self._midnight_offset(o)
        if off0 == self._midnight_offset(o + 1):
            # one offset over the whole date (a date-local transition would change it)
            pieces = tuple((wall0 + a - off0, wall0 + b - off0) for a, b in windows)
            info: _DayInfo = (off0, pieces, sum(b - a for a, b in windows))
        else:
            pieces = self._shifted_pieces(wall0, windows)
            info = (None, pieces, sum(e - s for s, e in pieces))
        self._days[o] = info
        return info

    def _shifted_pieces(self, wall0: int, windows: tuple[_Piece, ...]) -> tuple[_Piece, ...]:
        """Open pieces of a date with an offset change: split the real time line around the date
        into spans of constant offset, and keep, per span, the instants whose reading is in a
        window (a fall-back may give a window two pieces)."""
        lo, hi = wall0 - _DAY, wall0 + 2 * _DAY  # |offset| < 24 h: holds every reading of the date
        cuts = [lo]
        t, off = lo, self._offset_at(lo)
        while t < hi:
            nxt = min(t + _HOUR, hi)
            if self._offset_at(nxt) != off:  # a transition in (t, nxt]: bisect it to the µs
                a, b = t, nxt
                while b - a > 1:
                    mid = (a + b) // 2
                    if self._offset_at(mid) == off:
                        a = mid
                    else:
                        b = mid
                cuts.append(b)
                off = self._offset_at(b)
            t = nxt
        cuts.append(hi)
        found: list[list[int]] = []
        for i in range(len(cuts) - 1):
            span_lo, span_hi = cuts[i], cuts[i + 1]
            off = self._offset_at(span_lo)
            for a, b in windows:
                s, e = max(span_lo, wall0 + a - off), min(span_hi, wall0 + b - off)
                if s < e:
                    found.append([s, e])
        found.sort()
        merged: list[list[int]] = []
        for s, e in found:
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        return tuple((s, e) for s, e in merged)

    def _skip(self, o: int, rem: int) -> tuple[int, int]:
        """Jump over the whole dates from ``o`` that surely end before the deadline: whole weeks
        by the weekly total, then whole days by the weekday prefix sums; what holidays and offset
        changes took away from those dates may call for another jump. Returns the date to walk
        from and the business µs still due there (always > 0)."""
        weekly, fit = self._weekly, self._fit
        while True:
            weeks = (rem - 1) // weekly  # leaves 0 < part <= weekly
            row = fit[(o + 6) % 7]
            extra = bisect_left(row, rem - weeks * weekly) - 1  # most days whose wall total < part
            n = 7 * weeks + extra
            while n > 0:
                lost = self._lost(o, o + n)
                got = (n // 7) * weekly + row[n % 7] - lost
                if got < rem:
                    break
                # a fall-back date gave the dates more real time than their wall total: jump less
                n -= 7
            if n <= 0:
                return o, rem
            rem -= got
            o += n
            if not lost:
                return o, rem

    def _whole_days(self, a: int, b: int) -> int:
        """Business µs in the whole local dates ``[a, b)`` (ordinals), without walking them."""
        weeks, extra = divmod(b - a, 7)
        return weeks * self._weekly + self._fit[(a + 6) % 7][extra] - self._lost(a, b)

    def _lost(self, a: int, b: int) -> int:
        """Wall business time of the dates ``[a, b)`` that is not real business time: whole
        holidays (prefix sums + bisect), and the difference on dates holding an offset change."""
        ords = self._holiday_ords
        i, j = bisect_left(ords, a), bisect_left(ords, b)
        lost = self._holiday_prefix[j] - self._holiday_prefix[i] if i != j else 0
        if a < self._scan_lo or b > self._scan_hi:
            self._scan(a, b)
        shifts = self._shift_days
        if shifts:
            for k in range(bisect_left(shifts, a), bisect_left(shifts, b)):
                o = shifts[k]
                if o not in self._holiday_set:
                    lost += self._wall_total[(o + 6) % 7] - self._day_info(o)[2]
        return lost

    def _scan(self, a: int, b: int) -> None:
        """Extend the scanned ordinals [_scan_lo, _scan_hi) over [a, b), in blocks of
        _SCAN_CHUNK days, recording the dates whose UTC offset at midnight differs from the next
        date's (the dates holding an offset change). Under a lock, so threads may share a
        calendar: the list is replaced before the bounds that publish it move."""
        with self._scan_lock:
            lo, hi = self._scan_lo, self._scan_hi
            if lo <= a and b <= hi:
                return
            if lo == hi:  # nothing scanned yet
                lo = hi = a - a % _SCAN_CHUNK
            found: list[int] = []
            while a < lo:
                lo -= _SCAN_CHUNK
                found += self._scan_block(lo)
            while b > hi:
                found += self._scan_block(hi)
                hi += _SCAN_CHUNK
            self._shift_days = sorted(set(self._shift_days).union(found))
            self._scan_lo, self._scan_hi = lo, hi

    def _scan_block(self, first: int) -> list[int]:
        offsets = [self._midnight_offset(o) for o in range(first, first + _SCAN_CHUNK + 1)]
        return [first + i for i in range(_SCAN_CHUNK) if offsets[i] != offsets[i + 1]]


def _is_aware(dt: datetime) -> bool:
    return dt.tzinfo is not None and dt.utcoffset() is not None


def _overlap(pieces: tuple[_Piece, ...], lo: int, hi: int) -> int:
    total = 0
    for s, e in pieces:
        s, e = max(s, lo), min(e, hi)
        if s < e:
            total += e - s
    return total


# ---------------------------------------------------------------------- Brazil and the contract


def brazil_holidays(
    years: Iterable[int] | int,
    subdiv: str | None = None,
    include_optional: bool = False,
) -> set[date]:
    """Brazilian holidays from the ``holidays`` package.

    Public (national) days always — including Good Friday and, from 2024, 20 November (Zumbi and
    Black Awareness Day, Lei 14.759/2023); the state's days too with ``subdiv`` (a UF such as
    ``"SP"`` or ``"RJ"``, any case); Carnival, Ash Wednesday, Corpus Christi, Public Servant's Day,
    Christmas and New Year's Eve only with ``include_optional`` ("pontos facultativos"; the model
    has no half days, so e.g. Ash Wednesday, off until 14:00, counts as a whole holiday).

    :raises ValueError: ``subdiv`` is not a subdivision the package knows for Brazil.
    """
    import holidays as _holidays  # local import: only this helper needs the package
    from holidays.constants import OPTIONAL, PUBLIC
    from holidays.countries.brazil import Brazil

    year_list = [years] if isinstance(years, int) else list(years)
    code = None
    if subdiv is not None:
        code = subdiv.strip().upper()
        if code not in Brazil.subdivisions:
            ufs = ", ".join(Brazil.subdivisions)
            raise ValueError(f"unknown Brazilian state (UF) {subdiv!r}; expected one of {ufs}")
    categories = (PUBLIC, OPTIONAL) if include_optional else (PUBLIC,)
    # holidays.Brazil(...) is the same entity as country_holidays("BR", ...)
    found = _holidays.country_holidays("BR", subdiv=code, years=year_list, categories=categories)
    return set(found.keys())


CONTRACT_TIMEZONE = "America/Sao_Paulo"
"""Brasília time, the zone of the support contract."""

CONTRACT_WINDOWS: Mapping[int, tuple[tuple[time, time], ...]] = {
    weekday: ((time(8, 30), time(12, 0)), (time(13, 30), time(18, 0))) for weekday in range(5)
}
"""Contract support hours: 08:30-12:00 and 13:30-18:00, Monday to Friday (8 h a day, 40 h a week)."""


def contract_calendar(
    holidays: Iterable[date] | None = None, years: Iterable[int] | None = None
) -> BusinessCalendar:
    """The support contract's calendar: :data:`CONTRACT_WINDOWS` in :data:`CONTRACT_TIMEZONE`.

    ``holidays`` defaults to the Brazilian national holidays of ``years`` (default 2000-2060);
    dates outside the years given count as ordinary days.
    """
    if holidays is None:
        holidays = brazil_holidays(range(2000, 2061) if years is None else years)
    return BusinessCalendar(CONTRACT_TIMEZONE, CONTRACT_WINDOWS, holidays)
