"""The network indicators as SQL aggregates over HD Ticket, one function per indicator.

Every function takes a :class:`~healthdesk.indicators.filters.Filters` (period on the ticket's
creation, the reseller scope, optional clinic and module) and builds its WHERE from
``Filters.where()`` — never its own reseller condition — and returns a list of dicts with the
stable keys named in its docstring (the dashboard's chart sources, the portal page, exports and
the monthly e-mail read them). Times are **business seconds** stored on the ticket
(healthdesk.indicators.metrics); medians and 90th percentiles are PERCENTILE_CONT's (linear
interpolation, the definition of healthdesk.core.indicators.percentile), found exactly in two
passes over an index (:func:`_exact_percentiles`) so that a year of a big network is not sorted. What each number
means, for a support lead: healthdesk.indicators.definitions.
"""

from __future__ import annotations

from dataclasses import replace
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


def _exact_percentiles(source: str, params: dict, value: str, key: str = "''") -> dict[str, dict[float, float | None]]:
    """``{key: {0.5: median, 0.9: p90}}`` of ``value`` over the rows of ``source`` (``from … where …``)
    that have it, per ``key`` expression: exact (the numbers PERCENTILE_CONT gives) in two passes
    over the index, a histogram of ten-minute buckets and then the values of the few buckets the
    percentiles fall in (healthdesk.core.indicators) — never a sort of every row."""
    bucket = f"floor({value} / {BUCKET_SECONDS})"
    histograms: dict[str, list[tuple[int, int]]] = {}
    for k, b, n in frappe.db.sql(f"select {key} as k, {bucket} as b, count(*) {source} and {value} is not null "
                                 "group by k, b", params):
        histograms.setdefault(k, []).append((int(b), int(n)))
    needed = {k: needed_buckets(h, FRACTIONS) for k, h in histograms.items()}
    wanted = sorted(set().union(*needed.values())) if needed else []
    values: dict[str, dict[int, list[float]]] = {}
    if wanted:
        for k, b, v in frappe.db.sql(f"select {key} as k, {bucket} as b, {value} {source} and {value} is not null "
                                     f"and {bucket} in %(hd_buckets)s", {**params, "hd_buckets": tuple(wanted)}):
            if int(b) in needed[k]:
                values.setdefault(k, {}).setdefault(int(b), []).append(float(v))
    return {k: percentiles_from_buckets(h, FRACTIONS, values.get(k, {})) for k, h in histograms.items()}


def _percentiles(column: str, f: Filters, extra: str = "", partition: str | None = None) -> list[dict]:
    """``[{"k": partition key ('' overall), "p50", "p90"}]`` of the HD Ticket ``column`` over the
    tickets of ``f`` (and ``extra``) that have it."""
    where, params = f.where()
    stats = _exact_percentiles(f"from {TICKET} t where {where} {extra}", params, f"t.`{column}`",
                               partition or "''")
    return [frappe._dict(k=k, p50=s[0.5], p90=s[0.9]) for k, s in stats.items()]


def times(f: Filters) -> list[dict]:
    """First response and resolution in business hours, against the SLA targets, per SLA and
    priority: ``[{"sla", "priority", "tickets", "responded", "resolved",
    "first_response_median_seconds", "first_response_p90_seconds", "response_target_seconds",
    "resolution_median_seconds", "resolution_p90_seconds", "resolution_target_seconds"}]``.
    Targets are the HD Service Level Priority rows of the ticket's SLA (None without one). Tickets
    without an SLA (e.g. "Not covered") are left out; :func:`times_overall` holds every ticket."""
    where, params = f.where()
    groups = _sql(f"""select t.sla, t.priority, count(*) as tickets,
            count(t.first_response_business_seconds) as responded,
            count(t.resolution_business_seconds) as resolved,
            max(p.response_time) as response_target_seconds,
            max(p.resolution_time) as resolution_target_seconds
        from {TICKET} t
        left join `tabHD Service Level Priority` p
            on p.parent = t.sla and p.parenttype = 'HD Service Level Agreement' and p.priority = t.priority
        where {where} and ifnull(t.sla, '') != ''
        group by t.sla, t.priority order by t.sla, t.priority""", params)
    partition = "concat(t.sla, '|', ifnull(t.priority, ''))"
    stats = {}
    for column, prefix in (("first_response_business_seconds", "first_response"),
                           ("resolution_business_seconds", "resolution")):
        for row in _percentiles(column, f, "and ifnull(t.sla, '') != ''", partition=partition):
            stats.setdefault(row.k, {})[f"{prefix}_median_seconds"] = _num(row.p50)
            stats[row.k][f"{prefix}_p90_seconds"] = _num(row.p90)
    out = []
    for g in groups:
        s = stats.get(f"{g.sla}|{g.priority or ''}", {})
        out.append({
            "sla": g.sla, "priority": g.priority, "tickets": g.tickets,
            "responded": g.responded, "resolved": g.resolved,
            "first_response_median_seconds": s.get("first_response_median_seconds"),
            "first_response_p90_seconds": s.get("first_response_p90_seconds"),
            "response_target_seconds": _num(g.response_target_seconds),
            "resolution_median_seconds": s.get("resolution_median_seconds"),
            "resolution_p90_seconds": s.get("resolution_p90_seconds"),
            "resolution_target_seconds": _num(g.resolution_target_seconds),
        })
    return out


def times_overall(f: Filters) -> list[dict]:
    """Median and p90 business seconds over every ticket of the period that has the time:
    ``[{"measure": "first_response" | "resolution", "tickets": int, "median_seconds",
    "p90_seconds"}]``."""
    out = []
    where, params = f.where()
    for column, measure in (("first_response_business_seconds", "first_response"),
                            ("resolution_business_seconds", "resolution")):
        count = frappe.db.sql(f"select count(t.`{column}`) from {TICKET} t where {where}", params)[0][0]
        stats = _percentiles(column, f) if count else []
        out.append({"measure": measure, "tickets": int(count),
                    "median_seconds": _num(stats[0].p50) if stats else None,
                    "p90_seconds": _num(stats[0].p90) if stats else None})
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
    most tickets first. ``reopened``: tickets reopened at least once."""
    where, params = f.where()
    params["hd_todo_open"] = ("Open", "Closed")
    # one row per (agent, ticket): the period's tickets first (the filters' index), then each one's
    # assignments by the ToDo index on the reference; agents are few, so read apart
    agents = dict(frappe.db.sql("select a.user, a.agent_name from `tabHD Agent` a"))
    if not agents:
        return []
    params["hd_agents"] = tuple(agents)
    assigned = f"""from (select distinct td.allocated_to as agent, t.name as ticket,
                t.first_response_business_seconds as frs, t.reopen_count as reopens
            from {TICKET} t straight_join `tabToDo` td
                on td.reference_type = 'HD Ticket' and td.reference_name = t.name
            where {where} and td.status in %(hd_todo_open)s and td.allocated_to in %(hd_agents)s) x where 1 = 1"""
    rows = frappe.db.sql(f"select x.agent, count(*), sum(ifnull(x.reopens, 0) > 0) {assigned} group by x.agent",
                         params)
    medians = _exact_percentiles(assigned, params, "x.frs", "x.agent")
    out = [{"agent": agent, "agent_name": agents.get(agent), "tickets": int(tickets),
            "first_response_median_seconds": _num(medians.get(agent, {}).get(0.5)),
            "reopened": int(reopened or 0), "reopen_rate_pct": rate(int(reopened or 0), int(tickets))}
           for agent, tickets, reopened in rows]
    return sorted(out, key=lambda r: (-r["tickets"], r["agent"]))


def per_level(f: Filters) -> list[dict]:
    """Per support level the ticket is at (HD Ticket ``support_level``: 1 first line, 2 and up
    the escalation tiers): ``[{"level": int, "tickets", "first_response_median_seconds",
    "reopened", "reopen_rate_pct"}]``, by level."""
    where, params = f.where()
    rows = _sql(f"""select ifnull(t.support_level, 1) as support_lvl, count(*) as tickets,
            sum(ifnull(t.reopen_count, 0) > 0) as reopened
        from {TICKET} t where {where} group by support_lvl order by support_lvl""", params)
    medians = {int(r.k): r.p50 for r in _percentiles("first_response_business_seconds", f,
                                                      partition="ifnull(t.support_level, 1)")}
    return [{"level": int(r.support_lvl), "tickets": int(r.tickets),
             "first_response_median_seconds": _num(medians.get(int(r.support_lvl))),
             "reopened": int(r.reopened or 0), "reopen_rate_pct": rate(int(r.reopened or 0), int(r.tickets))}
            for r in rows]


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
