"""SLA deadlines on a real Frappe + Helpdesk site: stock Helpdesk v1.25.1 against healthdesk.

Run with the bench's Python from the bench's ``sites`` folder, on a site with healthdesk:

    cd ~/frappe-bench/sites && ../env/bin/python PATH/TO/benchmarks/sla_deadlines_site.py SITE

In the same run it times, per deadline (8/20/80 business hours, seeded random starts over two
years), three things on the same site and database:

- ``stock``: Helpdesk's own ``HDServiceLevelAgreement.calc_time`` (the real code, unchanged: it
  loads the SLA's holiday list with ``frappe.get_doc`` on every call), on a single-window SLA
  (08:30-18:00 Mon-Fri, the closest stock Helpdesk gets to the contract) whose holiday list holds
  the Brazilian national holidays of the period;
- ``healthdesk``: the same call on healthdesk's override with the contract calendar (two windows a
  day, America/Sao_Paulo, national holidays), as tickets use it;
- ``core``: ``BusinessCalendar.add`` alone.

It prints microseconds per deadline and the ratios. Nothing is written to the site: the SLA
documents are built in memory and the holiday list is inserted and rolled back.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date, datetime, timedelta

import frappe


def best_of(fn, starts, rounds=3) -> float:
    best = float("inf")
    for _ in range(rounds):
        began = time.perf_counter()
        for start in starts:
            fn(start)
        best = min(best, time.perf_counter() - began)
    return best / len(starts) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site")
    parser.add_argument("--n", type=int, default=300, help="starts per duration (default 300)")
    args = parser.parse_args()

    frappe.init(site=args.site, sites_path=os.getcwd())
    frappe.connect()
    from helpdesk.helpdesk.doctype.hd_service_level_agreement.hd_service_level_agreement import (
        HDServiceLevelAgreement,
    )

    from healthdesk.core.calendar import brazil_holidays
    from healthdesk.overrides.service_level_agreement import HealthdeskServiceLevelAgreement
    from healthdesk.setup.install import CONTRACT_CALENDAR, ensure_contract_sla
    from healthdesk.sla.calendars import get_calendar, to_aware

    try:
        ensure_contract_sla()
        holidays = sorted(d for d in brazil_holidays(range(2025, 2029)))
        holiday_list = frappe.get_doc({
            "doctype": "HD Service Holiday List", "holiday_list_name": f"bench-{frappe.generate_hash(length=6)}",
            "from_date": date(2025, 1, 1), "to_date": date(2028, 12, 31),
            "holidays": [{"holiday_date": d, "description": "feriado"} for d in holidays],
        }).insert(ignore_permissions=True)
        common = {
            "doctype": "HD Service Level Agreement", "service_level": "bench", "holiday_list": holiday_list.name,
            "priorities": [{"priority": p, "response_time": h * 3600, "resolution_time": h * 3600 * 2}
                           for p, h in (("High", 8), ("Medium", 20), ("Low", 80))],
        }
        # Times as the database gives them (timedelta), which stock calc_time expects.
        single = [{"workday": d, "start_time": timedelta(hours=8, minutes=30), "end_time": timedelta(hours=18)}
                  for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")]
        stock = HDServiceLevelAgreement(dict(common, support_and_resolution=single))
        ours = HealthdeskServiceLevelAgreement(dict(common, support_and_resolution=single,
                                                    business_hours_calendar=CONTRACT_CALENDAR))
        calendar = get_calendar(CONTRACT_CALENDAR)

        rng = random.Random(20261123)
        origin = datetime(2025, 1, 1)
        starts = [origin + timedelta(seconds=rng.randrange(2 * 365 * 86400)) for _ in range(args.n)]
        print(f"site {args.site}: {args.n} starts per duration, best of 3; µs per deadline")
        print(f"{'hours':>5} {'priority':>8} {'stock':>10} {'healthdesk':>11} {'core':>8} {'stock/healthdesk':>17} {'stock/core':>11}")
        totals = {"stock": 0.0, "healthdesk": 0.0, "core": 0.0}
        for priority, hours in (("High", 8), ("Medium", 20), ("Low", 80)):
            t_stock = best_of(lambda s, p=priority: stock.calc_time(s, p, "response_time"), starts)
            t_ours = best_of(lambda s, p=priority: ours.calc_time(s, p, "response_time"), starts)
            aware = [to_aware(s) for s in starts]
            duration = timedelta(hours=hours)
            t_core = best_of(lambda s, d=duration: calendar.add(s, d), aware)
            totals["stock"] += t_stock
            totals["healthdesk"] += t_ours
            totals["core"] += t_core
            print(f"{hours:>5} {priority:>8} {t_stock:>10.1f} {t_ours:>11.1f} {t_core:>8.1f} "
                  f"{t_stock / t_ours:>16.0f}x {t_stock / t_core:>10.0f}x")
        mean = {k: v / 3 for k, v in totals.items()}
        print(f"mean: stock {mean['stock']:.0f} µs, healthdesk {mean['healthdesk']:.1f} µs "
              f"({mean['stock'] / mean['healthdesk']:.0f}x), core {mean['core']:.1f} µs "
              f"({mean['stock'] / mean['core']:.0f}x)")
    finally:
        frappe.db.rollback()
        frappe.destroy()


if __name__ == "__main__":
    sys.exit(main())
