"""How long each network indicator takes on a big network (issue 15, item 6; goal ≤ 1 s each).

Run on the benchmark site filled by ``benchmarks/indicators_data.py`` (the site must carry
``healthdesk_benchmark_site: 1``; with ``--compare-indexes`` this script drops and re-adds
healthdesk's indicator indexes, so it refuses any other site):

    cd ~/frappe-bench/sites && ../env/bin/python /path/to/healthdesk/benchmarks/indicators.py SITE
    ... --runs 7 --compare-indexes --url http://127.0.0.1:8795   # the portal page over HTTP too

What it times, each as the vendor (every reseller) and as one cooperative's manager (the reseller
with the most tickets: the worst manager), over the last 30 days and the last 12 months:

- every indicator function of ``healthdesk.indicators.queries`` (each period / dimension variant),
- ``healthdesk.satisfaction.results.results(f, by)`` for every grouping,
- ``healthdesk.indicators.retraining.ranking(f, module, limit)`` for the busiest module,
- the desk dashboard "Healthdesk": every Dashboard Chart and Number Card on it, through Frappe's own
  endpoints (``dashboard_chart.get`` with ``refresh=1`` so Frappe's chart cache is not what is timed,
  a Custom chart's source method, ``number_card.get_result`` or a Custom card's method), one row per
  chart / card and one for the whole dashboard (all of them one after the other),
- the portal page ``/indicadores`` for the manager: with ``--url``, an HTTP GET against the served
  site after logging in as the manager; otherwise rendered in-process.

Parts that do not exist on the site yet are skipped and listed. Each case: one warm-up run, then
``--runs`` timed runs, with Frappe's per-request caches (``request_cache``, ``frappe.db``'s value
cache, the local document cache) cleared before each; median and 95th percentile (nearest rank)
in milliseconds; rows = how many rows (or chart points) came back. ``--compare-indexes`` first
times every case without healthdesk's indicator indexes (healthdesk.indicators.indexes, Frappe's
and Helpdesk's own indexes stay), then with them, and prints the ratio without / with.
"""

from __future__ import annotations

import argparse
import inspect
import json
import math
import os
import statistics
import sys
import time
from datetime import timedelta

import frappe

GOAL_MS = 1000.0
CONFIG_KEY = "healthdesk_benchmark_site"
DASHBOARD = "Healthdesk Indicators"


def fresh_request() -> None:
    """What a new request starts with: no per-request memo, no cached values or documents."""
    if hasattr(frappe.local, "request_cache"):
        frappe.local.request_cache.clear()
    frappe.db.value_cache = {}
    frappe.local.document_cache = {}
    frappe.local.role_permissions = {}
    frappe.local.new_doc_templates = {}


def count_rows(result) -> int:
    if result is None:
        return 0
    if isinstance(result, dict):
        if "datasets" in result:  # a chart
            return len(result.get("labels") or [])
        for key in ("rows", "data", "result"):
            if isinstance(result.get(key), list):
                return len(result[key])
        return 1
    if isinstance(result, list | tuple):
        return len(result)
    if isinstance(result, str):
        return 1
    return 1


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


class Case:
    def __init__(self, name: str, scope: str, period: str, fn, user: str = "Administrator"):
        self.name, self.scope, self.period, self.fn, self.user = name, scope, period, fn, user

    def time(self, runs: int) -> dict:
        frappe.set_user(self.user)
        try:
            fresh_request()
            result = self.fn()  # warm-up
            took = []
            for _ in range(runs):
                fresh_request()
                t0 = time.perf_counter()
                result = self.fn()
                took.append((time.perf_counter() - t0) * 1000)
            return {"median": statistics.median(took), "p95": p95(took), "rows": count_rows(result), "error": None}
        except Exception as e:  # a case that fails is reported, the others still run
            frappe.db.rollback()
            return {"median": None, "p95": None, "rows": 0, "error": f"{type(e).__name__}: {e}"[:120]}
        finally:
            frappe.set_user("Administrator")


# --- discovery -------------------------------------------------------------------------------

def _module(path: str):
    try:
        return __import__(path, fromlist=["_"])
    except ImportError:
        return None


def query_cases(f, scope: str, period: str, skipped: list[str]) -> list[Case]:
    queries = _module("healthdesk.indicators.queries")
    if not queries:
        skipped.append("healthdesk.indicators.queries (not there)")
        return []
    cases = []
    for name, fn in inspect.getmembers(queries, inspect.isfunction):
        if name.startswith("_") or fn.__module__ != queries.__name__:
            continue
        params = list(inspect.signature(fn).parameters)
        if not params or params[0] != "f":
            continue
        if "period" in params and hasattr(queries, "PERIODS"):
            for p in queries.PERIODS:
                cases.append(Case(f"queries.{name}({p})", scope, period, lambda fn=fn, p=p: fn(f, period=p)))
        elif "dimension" in params and hasattr(queries, "DIMENSIONS"):
            for d in queries.DIMENSIONS:
                cases.append(Case(f"queries.{name}({d})", scope, period, lambda fn=fn, d=d: fn(f, dimension=d)))
        else:
            cases.append(Case(f"queries.{name}", scope, period, lambda fn=fn: fn(f)))
    return cases


def satisfaction_cases(f, scope: str, period: str, skipped: list[str]) -> list[Case]:
    results = _module("healthdesk.satisfaction.results")
    if not results or not hasattr(results, "results"):
        skipped.append("healthdesk.satisfaction.results.results (not there)")
        return []
    return [Case(f"satisfaction.results({by})", scope, period, lambda by=by: results.results(f, by))
            for by in getattr(results, "GROUPS", ("clinic", "reseller", "agent", "module", "month"))]


def retraining_cases(f, scope: str, period: str, module: str, skipped: list[str]) -> list[Case]:
    retraining = _module("healthdesk.indicators.retraining")
    if not retraining or not hasattr(retraining, "ranking"):
        skipped.append("healthdesk.indicators.retraining.ranking (not there)")
        return []
    return [Case(f"retraining.ranking({module[:12]})", scope, period,
                 lambda: retraining.ranking(f, module, 20))]


def _source_method(source: str) -> str | None:
    """The Python method a Dashboard Chart Source's JS calls (its ``method:``)."""
    from frappe.desk.doctype.dashboard_chart_source.dashboard_chart_source import get_config

    try:
        js = get_config(source) or ""
    except Exception:
        return None
    import re

    found = re.search(r"method\s*:\s*['\"]([\w.]+)['\"]", js)
    return found.group(1) if found else None


def dashboard_cases(skipped: list[str], user: str, periods: dict) -> list[Case]:
    if not frappe.db.exists("Dashboard", DASHBOARD):
        skipped.append(f'Dashboard "{DASHBOARD}" (not there)')
        return []
    from frappe.desk.doctype.dashboard_chart.dashboard_chart import get as chart_get
    from frappe.desk.doctype.number_card.number_card import get_result
    from frappe.utils import getdate

    dashboard = frappe.get_doc("Dashboard", DASHBOARD)
    cases = []
    for period, start in {"default": None, **periods}.items():
        def with_period(filters_json, start=start):
            values = frappe.parse_json(filters_json or "{}") or {}
            if start and isinstance(values, dict):
                values.update(from_date=str(start), to_date=str(getdate()))
            return json.dumps(values)

        calls = []
        for link in dashboard.charts:
            chart = frappe.get_doc("Dashboard Chart", link.chart)
            if chart.chart_type == "Custom" and chart.source:
                method = _source_method(chart.source)
                if not method:
                    skipped.append(f"chart {chart.name}: no method found for source {chart.source}")
                    continue
                fn = frappe.get_attr(method)
                filters = with_period(chart.filters_json)
                call = (lambda fn=fn, chart=chart, filters=filters: fn(chart_name=chart.name, filters=filters,
                                                                       refresh=1))
            elif start:
                continue  # a stock chart keeps its own timespan
            else:
                call = (lambda chart=chart: chart_get(chart_name=chart.name, refresh=1))
            calls.append((f"chart: {chart.name}", call))
        for link in dashboard.cards:
            card = frappe.get_doc("Number Card", link.card)
            if card.type == "Custom" and card.method:
                fn = frappe.get_attr(card.method)
                filters = with_period(card.filters_json)
                call = (lambda fn=fn, filters=filters: fn(filters=filters))
            elif card.type == "Document Type" and not start:
                call = (lambda card=card: get_result(card.as_json(), card.filters_json or "[]"))
            else:
                if not start:
                    skipped.append(f"card {card.name}: type {card.type} not timed")
                continue
            calls.append((f"card: {card.name}", call))
        label = "30 days (dflt)" if period == "default" else period
        cases += [Case(name, "vendor", label, call, user) for name, call in calls]
        if calls:
            cases.append(Case(f"DASHBOARD ({len(calls)} charts+cards, sequential)", "vendor", label,
                              lambda calls=calls: [call() for _l, call in calls], user))
    return cases


def portal_case(manager: str, url: str | None, password: str, skipped: list[str]) -> list[Case]:
    if not os.path.exists(frappe.get_app_path("healthdesk", "www", "indicadores.py")) and \
            not os.path.exists(frappe.get_app_path("healthdesk", "www", "indicadores.html")):
        skipped.append("portal page /indicadores (not there)")
        return []
    if url:
        import requests

        session = requests.Session()
        login = session.post(f"{url}/api/method/login", data={"usr": manager, "pwd": password}, timeout=60)
        if login.status_code != 200:
            skipped.append(f"portal page over HTTP: login as the manager failed ({login.status_code})")
            return []

        def get():
            response = session.get(f"{url}/indicadores", timeout=120)
            response.raise_for_status()
            return [response.text]

        return [Case("portal /indicadores (HTTP GET)", "manager", "page default", get)]

    from frappe.website.serve import get_response_content

    def render():
        frappe.local.form_dict = frappe._dict()
        return [get_response_content("indicadores")]

    return [Case("portal /indicadores (in-process)", "manager", "page default", render, manager)]


# --- the run ---------------------------------------------------------------------------------

def build_cases(args, skipped: list[str]) -> list[Case]:
    from frappe.utils import getdate

    from healthdesk.indicators.filters import build
    from healthdesk.indicators.scope import indicator_resellers

    top = frappe.db.sql("""select reseller from `tabHD Ticket` where reseller like 'ZB%%'
        group by reseller order by count(*) desc limit 1""")
    if not top:
        sys.exit("No benchmark network on this site: run benchmarks/indicators_data.py first.")
    reseller = top[0][0]
    manager = frappe.db.get_value("Reseller Manager User", {"parent": reseller, "parenttype": "Reseller"}, "user")
    module = frappe.db.sql("""select system_module from `tabHD Ticket` where reseller like 'ZB%%'
        and creation > now() - interval 365 day group by system_module order by count(*) desc limit 1""")[0][0]
    print(f"Manager scope: {manager} (reseller {reseller}, the one with the most tickets), "
          f"scope {indicator_resellers(manager)}", flush=True)
    today = getdate()
    periods = {"30 days": today - timedelta(days=29), "12 months": today - timedelta(days=364)}
    cases = []
    for scope, allowed in (("vendor", None), ("manager", indicator_resellers(manager))):
        for label, start in periods.items():
            f = build(allowed, start, today)
            cases += query_cases(f, scope, label, skipped if scope == "vendor" and label == "30 days" else [])
            cases += satisfaction_cases(f, scope, label, skipped if scope == "vendor" and label == "30 days" else [])
            cases += retraining_cases(f, scope, label, module,
                                      skipped if scope == "vendor" and label == "30 days" else [])
    cases += dashboard_cases(skipped, "Administrator", {"12 months": periods["12 months"]})
    cases += portal_case(manager, args.url, args.password, skipped)
    return cases


def run_all(cases: list[Case], runs: int, label: str) -> list[dict]:
    print(f"\nTiming {len(cases)} cases ({label}), {runs} runs each after a warm-up ...", flush=True)
    out = []
    t0 = time.perf_counter()
    for i, case in enumerate(cases, 1):
        r = case.time(runs)
        out.append(r)
        print(f"  {i:>3}/{len(cases)} {time.perf_counter() - t0:6.0f} s  {case.name[:48]:<48} {case.scope:<8} "
              f"{case.period:<14} {r['error'] or fmt(r['median']) + ' ms'}", flush=True)
    return out


def fmt(v):
    return "-" if v is None else f"{v:,.0f}" if v >= 10 else f"{v:.1f}"


def print_table(cases, with_idx, without_idx) -> None:
    header = f"{'indicator':<52} {'scope':<8} {'period':<12} {'median ms':>9} {'p95 ms':>8} {'rows':>6} {'≤1s':>4}"
    if without_idx:
        header += f" {'no-idx ms':>9} {'ratio':>6}"
    print("\n" + header)
    print("-" * len(header))
    failed = 0
    for i, case in enumerate(cases):
        r = with_idx[i]
        if r["error"]:
            print(f"{case.name[:52]:<52} {case.scope:<8} {case.period:<12} ERROR {r['error']}")
            failed += 1
            continue
        ok = r["median"] <= GOAL_MS
        failed += not ok
        line = (f"{case.name[:52]:<52} {case.scope:<8} {case.period:<12} {fmt(r['median']):>9} "
                f"{fmt(r['p95']):>8} {r['rows']:>6} {'PASS' if ok else 'FAIL':>4}")
        if without_idx:
            w = without_idx[i]
            ratio = f"{w['median'] / r['median']:.1f}x" if w["median"] and r["median"] else "-"
            line += f" {fmt(w['median']):>9} {ratio:>6}"
        print(line)
    print(f"\n{len(cases) - failed} of {len(cases)} within {GOAL_MS:.0f} ms (median).")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--url", help="the served site (e.g. http://127.0.0.1:8795): time the portal page over HTTP")
    parser.add_argument("--password", default="Bench-hd-2026!", help="the managers' password (indicators_data.py)")
    parser.add_argument("--compare-indexes", action="store_true",
                        help="also time every case without healthdesk's indicator indexes (drops and re-adds them)")
    parser.add_argument("--only", help="time only the cases whose name contains this")
    parser.add_argument("--skip", action="append", default=[],
                        help="leave out the cases whose name contains this (repeatable)")
    parser.add_argument("--json", help="write the results to this file too")
    args = parser.parse_args(argv)
    frappe.init(site=args.site, sites_path=os.getcwd())
    frappe.connect()
    try:
        if not frappe.conf.get(CONFIG_KEY):
            sys.exit(f"{args.site} is not a benchmark site (site_config {CONFIG_KEY}).")
        frappe.set_user("Administrator")
        from healthdesk.indicators.indexes import drop_indexes, ensure_indexes

        skipped: list[str] = []
        cases = build_cases(args, skipped)
        if args.only:
            cases = [c for c in cases if args.only in c.name]
        cases = [c for c in cases if not any(skip in c.name for skip in args.skip)]
        tickets = frappe.db.sql("select count(*) from `tabHD Ticket`")[0][0]
        comms = frappe.db.sql("select count(*) from `tabCommunication`")[0][0]
        print(f"{args.site}: {tickets:,} tickets, {comms:,} communications; load: {os.getloadavg()}")
        without = None
        if args.compare_indexes:
            t0 = time.perf_counter()
            dropped = drop_indexes()
            print(f"Dropped {len(dropped)} healthdesk indicator indexes ({time.perf_counter() - t0:.1f} s)")
            try:
                without = run_all(cases, args.runs, "without healthdesk's indexes")
            finally:
                t0 = time.perf_counter()
                added = ensure_indexes()
                print(f"Added {len(added)} indexes back ({time.perf_counter() - t0:.1f} s)")
        else:
            ensure_indexes()
        with_idx = run_all(cases, args.runs, "with healthdesk's indexes")
        print_table(cases, with_idx, without)
        if skipped:
            print("\nSkipped (not on this site yet):\n  " + "\n  ".join(dict.fromkeys(skipped)))
        print(f"load after: {os.getloadavg()}")
        if args.json:
            with open(args.json, "w") as out:
                json.dump([{"indicator": c.name, "scope": c.scope, "period": c.period, "with": w,
                            "without": without[i] if without else None}
                           for i, (c, w) in enumerate(zip(cases, with_idx))], out, indent=1)
    finally:
        frappe.destroy()


if __name__ == "__main__":
    main()
