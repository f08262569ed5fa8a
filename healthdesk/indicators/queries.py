"""The network indicators as SQL aggregates over HD Ticket, one function per indicator.

Every function takes a :class:`~healthdesk.indicators.filters.Filters` (period on the ticket's
creation, the reseller scope, optional clinic and module) and builds its WHERE from
``Filters.where()`` — never its own reseller condition — and returns a list of dicts with the
stable keys named in its docstring (the dashboard's chart sources, the portal page, exports and
the monthly e-mail read them). Times are **business seconds** stored on the ticket
(healthdesk.indicators.metrics); medians and 90th percentiles are PERCENTILE_CONT's (linear
interpolation, the definition of healthdesk.core.indicators.percentile), found exactly in two
passes over an index (:func:`_spreads`) so that a year of a big network is not sorted. What each number
means, for a support lead: healthdesk.indicators.definitions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date

import frappe
from frappe import _
from frappe.utils import now_datetime

from healthdesk.constants import CONSULTANCY, NOT_COVERED
from healthdesk.core.indicators import (
    AGEING_BUCKETS,
    PERIODS,
    ageing_case_sql,
    fold_by_period,
    needed_buckets,
    percentiles_from_buckets,
    rate,
    sorted_counts,
)
from healthdesk.indicators.filters import Filters

TICKET = "`tabHD Ticket`"
ASSIGNMENTS = "`tabTicket Agent Assignment`"
# dimension -> HD Ticket column (the keys volume_by accepts)
DIMENSIONS = {
    "category": "ticket_category",
    "module": "system_module",
    "severity": "severity",
    "clinic": "clinic",
    "reseller": "reseller",
    "priority": "priority",
}
OPEN_CATEGORIES = ("Open", "Paused")


class UnknownIndicatorOption(frappe.ValidationError):
    pass


def _sql(query: str, params: dict) -> list[dict]:
    return frappe.db.sql(query, params, as_dict=True)


def _check(value: str, allowed, field: str) -> str:
    if value not in allowed:
        raise UnknownIndicatorOption(_("{0} must be one of: {1}.").format(field, ", ".join(allowed)))
    return value


# ------------------------------------------------------------------------------------ volume
def volume(f: Filters, period: str = "day") -> list[dict]:
    """Tickets created per period: ``[{"period": "2026-11-29" | "2026-W48" | "2026-11",
    "tickets": int}]``, every period of the range in order (empty ones as 0)."""
    _check(period, PERIODS, "period")
    where, params = f.where()
    rows = frappe.db.sql(f"select date(t.creation) as day, count(*) as n from {TICKET} t where {where} "
                         "group by date(t.creation)", params)
    return fold_by_period(rows, f.from_date, f.to_date, period)


def volume_by(f: Filters, dimension: str = "category", limit: int | None = None) -> list[dict]:
    """Tickets created in the period by ``dimension`` (category, module, severity, clinic,
    reseller, priority): ``[{"key": str ("" when not set), "tickets": int}]``, most first. With
    ``limit``, the largest ``limit`` keys."""
    column = DIMENSIONS[_check(dimension, DIMENSIONS, "dimension")]
    where, params = f.where()
    rows = frappe.db.sql(f"select t.`{column}`, count(*) from {TICKET} t where {where} group by t.`{column}`",
                         params)
    out = sorted_counts(rows)
    return out[:limit] if limit else out


def consultancy(f: Filters, period: str = "month") -> list[dict]:
    """Consultancy tickets (severity "Not covered" or category "Consultancy": outside the support
    contract) created per period: ``[{"period": str, "tickets": int}]``."""
    _check(period, PERIODS, "period")
    where, params = f.where()
    params.update(not_covered=NOT_COVERED, consultancy=CONSULTANCY)
    rows = frappe.db.sql(f"select date(t.creation), count(*) from {TICKET} t where {where} "
                         "and (t.severity = %(not_covered)s or t.ticket_category = %(consultancy)s) "
                         "group by date(t.creation)", params)
    return fold_by_period(rows, f.from_date, f.to_date, period)


# ------------------------------------------------------------------------------------ times
#: the width, in seconds, of the first pass's buckets (healthdesk.core.indicators.needed_buckets):
#: ten minutes keeps the histogram to a few thousand rows and the second pass to a few hundred values
BUCKET_SECONDS = 600
FRACTIONS = (0.5, 0.9)


@dataclass
class Spread:
    """What :func:`_spreads` found for one value and one group: ``rows`` (every row of the group),
    ``measured`` (rows with the value), the ``median`` and ``p90`` (None when none has it) and
    ``totals``: the sums of the extra aggregates over the group's rows."""

    rows: int = 0
    measured: int = 0
    median: float | None = None
    p90: float | None = None
    totals: list = field(default_factory=list)


def _spreads(source: str, params: dict, values: dict[str, str], keys: tuple[str, ...] = (),
             extra: tuple[str, ...] = ()) -> dict[str, dict[tuple, Spread]]:
    """``{value name: {group key: Spread}}`` for each SQL ``values`` expression over the rows of
    ``source`` (``from … where …``), per group (``keys`` expressions; ``()`` for one group). The
    median and p90 are exact (the numbers PERCENTILE_CONT gives) without a sort of every row: one
    pass per value makes a histogram of ten-minute buckets (and, in the first one, counts the rows
    and sums the ``extra`` aggregates, e.g. ``sum(t.reopen_count > 0)``), then one pass reads the
    values of only the few buckets the percentiles fall in (healthdesk.core.indicators)."""
    width = len(keys)
    select_keys = "".join(f"{k} as k{i}, " for i, k in enumerate(keys))
    group_keys = "".join(f"k{i}, " for i in range(width))
    out: dict[str, dict[tuple, Spread]] = {}
    histograms: dict[tuple[str, tuple], list[tuple[int, int]]] = {}
    for position, (name, value) in enumerate(values.items()):
        sums = "".join(f", {agg}" for agg in extra) if position == 0 else ""
        groups = out.setdefault(name, {})
        for row in frappe.db.sql(f"select {select_keys}floor({value} / {BUCKET_SECONDS}) as b, count(*){sums} "
                                 f"{source} group by {group_keys}b", params):
            key, bucket, count, more = tuple(row[:width]), row[width], int(row[width + 1]), row[width + 2:]
            spread = groups.setdefault(key, Spread(totals=[0] * len(more)))
            spread.rows += count
            spread.totals = [total + (x or 0) for total, x in zip(spread.totals, more)]
            if bucket is not None:
                spread.measured += count
                histograms.setdefault((name, key), []).append((int(bucket), count))
    needed = {nk: needed_buckets(h, FRACTIONS) for nk, h in histograms.items()}
    wanted: dict[str, set[int]] = {}
    for (name, _key), buckets in needed.items():
        wanted.setdefault(name, set()).update(buckets)
    names = [name for name in values if wanted.get(name)]
    found: dict[tuple[str, tuple], dict[int, list[float]]] = {}
    if names:
        conditions = " or ".join(f"floor({values[name]} / {BUCKET_SECONDS}) in %(hd_b{i})s"
                                 for i, name in enumerate(names))
        bucket_params = {f"hd_b{i}": tuple(sorted(wanted[name])) for i, name in enumerate(names)}
        for row in frappe.db.sql(f"select {select_keys}{', '.join(values.values())} {source} and ({conditions})",
                                 {**params, **bucket_params}):
            key = tuple(row[:width])
            for name, value in zip(values, row[width:]):
                if value is None:
                    continue
                bucket = math.floor(value / BUCKET_SECONDS)
                if bucket in needed.get((name, key), ()):
                    found.setdefault((name, key), {}).setdefault(bucket, []).append(float(value))
    for (name, key), histogram in histograms.items():
        result = percentiles_from_buckets(histogram, FRACTIONS, found.get((name, key), {}))
        out[name][key].median, out[name][key].p90 = result[0.5], result[0.9]
    return out


def _ticket_spreads(f: Filters, values: dict[str, str], keys: tuple[str, ...] = (), condition: str = "",
                    extra: tuple[str, ...] = ()) -> dict[str, dict[tuple, Spread]]:
    """:func:`_spreads` over the HD Tickets of ``f`` (and ``condition``)."""
    where, params = f.where()
    return _spreads(f"from {TICKET} t where {where} {condition}", params, values, keys, extra)


TIMES = {"first_response": "t.`first_response_business_seconds`", "resolution": "t.`resolution_business_seconds`"}


def times(f: Filters) -> list[dict]:
    """First response and resolution in business hours, against the SLA targets, per SLA and
    priority: ``[{"sla", "priority", "tickets", "responded", "resolved",
    "first_response_median_seconds", "first_response_p90_seconds", "response_target_seconds",
    "resolution_median_seconds", "resolution_p90_seconds", "resolution_target_seconds"}]``.
    Targets are the HD Service Level Priority rows of the ticket's SLA (None without one). Tickets
    without an SLA (e.g. "Not covered") are left out; :func:`times_overall` holds every ticket."""
    stats = _ticket_spreads(f, TIMES, ("t.sla", "t.priority"), "and ifnull(t.sla, '') != ''")
    groups = sorted(stats["first_response"], key=lambda k: (k[0], k[1] or ""))
    targets = {}
    if groups:
        targets = {(r.parent, r.priority): r for r in frappe.db.sql(
            """select parent, priority, max(response_time) as response, max(resolution_time) as resolution
               from `tabHD Service Level Priority` where parenttype = 'HD Service Level Agreement'
               and parent in %(slas)s group by parent, priority""", {"slas": tuple({k[0] for k in groups})},
            as_dict=True)}
    out = []
    for key in groups:
        response, resolution = stats["first_response"][key], stats["resolution"][key]
        target = targets.get(key) or frappe._dict()
        out.append({
            "sla": key[0], "priority": key[1], "tickets": response.rows,
            "responded": response.measured, "resolved": resolution.measured,
            "first_response_median_seconds": _num(response.median),
            "first_response_p90_seconds": _num(response.p90),
            "response_target_seconds": _num(target.get("response")),
            "resolution_median_seconds": _num(resolution.median),
            "resolution_p90_seconds": _num(resolution.p90),
            "resolution_target_seconds": _num(target.get("resolution")),
        })
    return out


def times_overall(f: Filters) -> list[dict]:
    """Median and p90 business seconds over every ticket of the period that has the time:
    ``[{"measure": "first_response" | "resolution", "tickets": int, "median_seconds",
    "p90_seconds"}]``."""
    stats = _ticket_spreads(f, TIMES)
    out = []
    for measure in TIMES:
        spread = stats[measure].get(()) or Spread()
        out.append({"measure": measure, "tickets": spread.measured,
                    "median_seconds": _num(spread.median), "p90_seconds": _num(spread.p90)})
    return out


def compliance(f: Filters) -> list[dict]:
    """SLA compliance of the period's tickets that have a deadline (Helpdesk's ``response_by`` /
    ``resolution_by``; "Not covered" tickets have none): one row ``{"with_response_target",
    "response_met", "response_breached", "response_pending", "response_compliance_pct",
    "with_resolution_target", "resolution_met", "resolution_breached", "resolution_pending",
    "resolution_compliance_pct", "failed"}``. Met: answered (resolved) on or before the deadline;
    breached: after it, or not yet and the deadline has passed; pending: neither. Compliance % =
    met / (met + breached). ``failed``: tickets whose Helpdesk SLA status is Failed."""
    where, params = f.where()
    params["now"] = now_datetime()
    row = _sql(f"""select
            count(t.response_by) as with_response_target,
            sum(t.response_by is not null and t.first_responded_on is not null
                and t.first_responded_on <= t.response_by) as response_met,
            sum(t.response_by is not null and (t.first_responded_on > t.response_by
                or (t.first_responded_on is null and t.response_by < %(now)s))) as response_breached,
            count(t.resolution_by) as with_resolution_target,
            sum(t.resolution_by is not null and t.resolution_date is not null
                and t.resolution_date <= t.resolution_by) as resolution_met,
            sum(t.resolution_by is not null and (t.resolution_date > t.resolution_by
                or (t.resolution_date is null and t.resolution_by < %(now)s))) as resolution_breached,
            sum(t.agreement_status = 'Failed') as failed
        from {TICKET} t where {where}""", params)[0]
    out = {k: int(v or 0) for k, v in row.items()}
    for kind in ("response", "resolution"):
        met, breached = out[f"{kind}_met"], out[f"{kind}_breached"]
        out[f"{kind}_pending"] = out[f"with_{kind}_target"] - met - breached
        out[f"{kind}_compliance_pct"] = rate(met, met + breached)
    return [out]


# ------------------------------------------------------------------------------------ backlog
def _open_now(f: Filters) -> Filters:
    """Backlog is what is open now among tickets created up to the period's end, whatever their
    creation date: the same filters (scope, clinic, module) without the period's start."""
    return replace(f, from_date=date(2000, 1, 1))


def backlog(f: Filters) -> list[dict]:
    """Tickets open now (status category Open or Paused) created up to the period's end, by
    status category: ``[{"status_category": "Open" | "Paused", "tickets": int}]`` (both rows,
    0 when none) — their sum is the backlog."""
    where, params = _open_now(f).where()
    params["open"] = OPEN_CATEGORIES
    counts = dict(frappe.db.sql(f"select t.status_category, count(*) from {TICKET} t where {where} "
                                "and t.status_category in %(open)s group by t.status_category", params))
    return [{"status_category": c, "tickets": int(counts.get(c, 0))} for c in OPEN_CATEGORIES]


def ageing(f: Filters) -> list[dict]:
    """The backlog (see :func:`backlog`) by age in **calendar days** since creation, today
    included as day 0: ``[{"bucket": "0-1" | "2-3" | "4-7" | "8-15" | "16-30" | "31+",
    "tickets": int}]``, every bucket in order."""
    where, params = _open_now(f).where()
    params.update(open=OPEN_CATEGORIES, today=now_datetime().date())
    case = ageing_case_sql("datediff(%(today)s, t.creation)")
    counts = dict(frappe.db.sql(f"select {case} as bucket, count(*) from {TICKET} t where {where} "
                                "and t.status_category in %(open)s group by bucket", params))
    return [{"bucket": key, "tickets": int(counts.get(key, 0))} for _f, _l, key in AGEING_BUCKETS]


# ------------------------------------------------------------------------------------ people
def per_agent(f: Filters) -> list[dict]:
    """Per agent (the HD Agents a ticket of the period is or was assigned to: its ToDos, open or
    closed, not cancelled; a ticket with two agents counts for each): ``[{"agent": user,
    "agent_name", "tickets", "first_response_median_seconds", "reopened", "reopen_rate_pct"}]``,
    most tickets first. ``reopened``: tickets reopened at least once. Read from Ticket Agent
    Assignment (healthdesk.indicators.assignments: one row per ticket and agent, with the ticket's
    figures), the same filters on its copy of the ticket's creation, reseller, clinic and module."""
    agents = dict(frappe.db.sql("select a.user, a.agent_name from `tabHD Agent` a"))
    if not agents:
        return []
    where, params = f.where("a", "ticket_created")
    params["hd_agents"] = tuple(agents)
    source = f"from {ASSIGNMENTS} a where {where} and a.agent in %(hd_agents)s"
    stats = _spreads(source, params, {"frs": "a.first_response_business_seconds"}, ("a.agent",),
                     ("sum(a.reopen_count > 0)",))["frs"]
    out = []
    for (agent,), spread in stats.items():
        reopened = int(spread.totals[0])
        out.append({"agent": agent, "agent_name": agents.get(agent), "tickets": spread.rows,
                    "first_response_median_seconds": _num(spread.median),
                    "reopened": reopened, "reopen_rate_pct": rate(reopened, spread.rows)})
    return sorted(out, key=lambda r: (-r["tickets"], r["agent"]))


def per_level(f: Filters) -> list[dict]:
    """Per support level the ticket is at (HD Ticket ``support_level``: 1 first line, 2 and up
    the escalation tiers): ``[{"level": int, "tickets", "first_response_median_seconds",
    "reopened", "reopen_rate_pct"}]``, by level."""
    stats = _ticket_spreads(f, {"frs": TIMES["first_response"]}, ("ifnull(t.support_level, 1)",),
                            extra=("sum(ifnull(t.reopen_count, 0) > 0)",))["frs"]
    out = []
    for (level,), spread in sorted(stats.items()):
        reopened = int(spread.totals[0])
        out.append({"level": int(level), "tickets": spread.rows,
                    "first_response_median_seconds": _num(spread.median),
                    "reopened": reopened, "reopen_rate_pct": rate(reopened, spread.rows)})
    return out


# ------------------------------------------------------------------------------------ cards
def summary(f: Filters) -> list[dict]:
    """The dashboard's number cards in one row: ``{"tickets", "open_backlog",
    "response_compliance_pct", "first_response_median_seconds", "consultancy"}``."""
    where, params = f.where()
    params.update(not_covered=NOT_COVERED, consultancy=CONSULTANCY)
    tickets, consult = frappe.db.sql(f"""select count(*),
            ifnull(sum(t.severity = %(not_covered)s or t.ticket_category = %(consultancy)s), 0)
        from {TICKET} t where {where}""", params)[0]
    overall = {r["measure"]: r for r in times_overall(f)}
    return [{
        "tickets": int(tickets),
        "open_backlog": sum(r["tickets"] for r in backlog(f)),
        "response_compliance_pct": compliance(f)[0]["response_compliance_pct"],
        "first_response_median_seconds": overall["first_response"]["median_seconds"],
        "consultancy": int(consult or 0),
    }]


def _num(value):
    """A SQL number as int when whole, float otherwise (None stays None)."""
    if value is None:
        return None
    value = float(value)
    return int(value) if value.is_integer() else value
