"""Every indicator of healthdesk.indicators.queries against a known dataset, and the reseller scope
of the desk dashboard (chart sources and number cards).

The dataset lies in November 2025 in the contract calendar (08:30-12:00 and 13:30-18:00 Brasília,
Monday to Friday, national holidays): Thursday 20 November 2025 is a national holiday (Consciência
Negra) and 22-23 are a weekend. Business times are worked out by hand in the table below (hours,
with the reasoning), never by calling the calendar; everything else expected is counted from the
table by this test's own code.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from healthdesk.constants import RESELLER_MANAGER
from healthdesk.indicators import assignments, dashboard, definitions, metrics, queries
from healthdesk.indicators.filters import Filters
from healthdesk.indicators.scope import OutsideYourScope
from healthdesk.setup.install import CONTRACT_SLA
from healthdesk.test_utils import DeskNetwork, brt, contract_sla, enter, pct

FROM, TO = date(2025, 11, 17), date(2025, 11, 30)
H = 3600

# key: clinic, category, module, severity, status, created, vendor received, first response,
# resolution, response_by, resolution_by, SLA failed, support level, reopenings, and the business
# hours worked out by hand: (first response, resolution)
TABLE = {
    # Wed 19 11:00 -> 14:00: 11-12 (1 h) + lunch + 13:30-14:00 (0.5 h) = 1.5 h.
    # -> Fri 21 10:00: Wed 11-12 + 13:30-18 (5.5 h), Thu 20 holiday, Fri 08:30-10 (1.5 h) = 7 h
    "T1": dict(clinic="a1", category="Error", module="Agenda", severity="High", status="Resolved",
               created=(2025, 11, 19, 11, 0), fr=(2025, 11, 19, 14, 0), res=(2025, 11, 21, 10, 0),
               response_by=(2025, 11, 19, 17, 0), resolution_by=(2025, 11, 21, 9, 0), failed=1,
               level=1, reopens=0, hours=(1.5, 7)),
    # Thu 20 (holiday) 09:00 -> Mon 24 09:30: Fri 21 all day (8 h), weekend, Mon 08:30-09:30 (1 h) = 9 h
    "T2": dict(clinic="a1", category="Question", module="Agenda", severity="Medium", status="Open",
               created=(2025, 11, 20, 9, 0), fr=(2025, 11, 24, 9, 30), res=None,
               response_by=(2025, 11, 21, 12, 0), resolution_by=(2025, 12, 10, 12, 0), failed=1,
               level=1, reopens=0, hours=(9, None)),
    # Mon 24 17:00 -> Tue 25 09:00: 17-18 (1 h) + 08:30-09 (0.5 h) = 1.5 h.
    # -> Tue 15:00: Mon 1 h + Tue 08:30-12 (3.5 h) + 13:30-15 (1.5 h) = 6 h
    "T3": dict(clinic="a2", category="Question", module="Relatórios", severity="Low", status="Resolved",
               created=(2025, 11, 24, 17, 0), fr=(2025, 11, 25, 9, 0), res=(2025, 11, 25, 15, 0),
               response_by=(2025, 11, 25, 17, 0), resolution_by=(2025, 11, 26, 17, 0), failed=0,
               level=1, reopens=1, hours=(1.5, 6)),
    # Tue 25 08:00 (before opening) -> 08:45: 08:30-08:45 = 0.25 h. -> 12:30: 08:30-12 = 3.5 h
    "T4": dict(clinic="b1", category="Error", module="Agenda", severity="High", status="Closed",
               created=(2025, 11, 25, 8, 0), fr=(2025, 11, 25, 8, 45), res=(2025, 11, 25, 12, 30),
               response_by=(2025, 11, 25, 10, 0), resolution_by=(2025, 11, 25, 12, 0), failed=1,
               level=2, reopens=0, hours=(0.25, 3.5)),
    # consultancy: no SLA, no answer yet
    "T5": dict(clinic="a1", category="Consultancy", module="Relatórios", severity="Not covered", status="Open",
               created=(2025, 11, 26, 10, 0), fr=None, res=None, response_by=None, resolution_by=None,
               failed=0, level=1, reopens=0, hours=(None, None)),
    # Sat 29 10:00 -> Mon Dec 1 08:40: weekend, 08:30-08:40 = 10 min; resolution due far ahead (pending)
    "T6": dict(clinic="a2", category="Error", module="Relatórios", severity="Medium", status="Replied",
               created=(2025, 11, 29, 10, 0), fr=(2025, 12, 1, 8, 40), res=None,
               response_by=(2025, 12, 1, 8, 30), resolution_by=(2099, 1, 1, 12, 0), failed=1,
               level=1, reopens=0, hours=(10 / 60, None)),
    # before the period, still open: backlog only
    "T7": dict(clinic="a1", category="Error", module="Agenda", severity="High", status="Open",
               created=(2025, 11, 3, 10, 0), fr=None, res=None, response_by=(2025, 11, 3, 18, 0),
               resolution_by=(2025, 11, 10, 18, 0), failed=1, level=1, reopens=0, hours=(None, None)),
    # escalated by a desk on Mon 17, received by the vendor Tue 18 10:00 -> 11:00: 1 h from receipt
    # (from creation it would be 9.5 h). -> Wed 19 10:00: Tue 10-12 (2 h) + 13:30-18 (4.5 h) + Wed 1.5 h = 8 h
    "T8": dict(clinic="a2", category="Question", module="Agenda", severity="Medium", status="Resolved",
               created=(2025, 11, 17, 10, 0), vendor=(2025, 11, 18, 10, 0), fr=(2025, 11, 18, 11, 0),
               res=(2025, 11, 19, 10, 0), response_by=(2025, 11, 18, 12, 0), resolution_by=(2025, 11, 19, 12, 0),
               failed=0, level=2, reopens=0, hours=(1, 8)),
}
# agent -> tickets (ToDo status); a cancelled assignment does not count
ASSIGNMENTS = {"ag1": {"T1": "Open", "T2": "Open", "T3": "Closed"},
               "ag2": {"T3": "Open", "T4": "Closed", "T6": "Cancelled"}}


def when(parts):
    return brt(*parts) if parts else None


class IndicatorData:
    """The dataset, made once for the module's tests."""

    def __init__(self):
        self.net = DeskNetwork()
        self.sla = None

    def build(self):
        net = self.net
        self.manager_a = net.user("gestor", roles=(RESELLER_MANAGER,))
        self.a = net.reseller(managers=[self.manager_a])
        self.b = net.desk_reseller()  # a cooperative with its own desk (agent: self.b.agents[0])
        self.clinics = {"a1": net.clinic(self.a.name), "a2": net.clinic(self.a.name), "b1": net.clinic(self.b.reseller)}
        self.reseller_of = {"a1": self.a.name, "a2": self.a.name, "b1": self.b.reseller}
        self.clinic_user = net.user("clinica", clinics=(self.clinics["a1"].name,))
        self.agents = {"ag1": net.agent(), "ag2": net.agent()}
        self.names = {}
        for key, row in TABLE.items():
            doc = net.ticket(clinic=self.clinics[row["clinic"]].name, subject=f"Indicador {key}")
            created = when(row["created"])
            values = {
                "creation": created, "opening_date": created.date(), "ticket_category": row["category"],
                "system_module": row["module"], "severity": row["severity"], "status": row["status"],
                "status_category": frappe.db.get_value("HD Ticket Status", row["status"], "category"),
                "sla": CONTRACT_SLA if row["severity"] != "Not covered" else None,
                "priority": row["severity"] if row["severity"] != "Not covered" else "Low",
                "vendor_received_at": when(row.get("vendor")), "first_responded_on": when(row["fr"]),
                "resolution_date": when(row["res"]), "response_by": when(row["response_by"]),
                "resolution_by": when(row["resolution_by"]), "agreement_status": "Failed" if row["failed"] else "",
                "support_level": row["level"], "reopen_count": row["reopens"], "reseller": self.reseller_of[row["clinic"]],
                "first_response_business_seconds": None, "resolution_business_seconds": None,
            }
            frappe.db.set_value("HD Ticket", doc.name, values, update_modified=False)
            self.names[key] = doc.name
        for agent, tickets in ASSIGNMENTS.items():
            for key, status in tickets.items():
                # written as rows (as the data is): the assignment hooks are not what is tested here
                todo = frappe.get_doc({"doctype": "ToDo", "allocated_to": self.agents[agent], "status": status,
                                       "reference_type": "HD Ticket", "reference_name": self.names[key],
                                       "description": "indicadores"})
                todo.name = frappe.generate_hash(length=12)
                todo.db_insert()
        frappe.db.commit()
        metrics.recompute(list(self.names.values()))
        # the ToDos went in as rows, around their events: the per-agent rows as the install makes them
        assignments.sync(list(self.names.values()))
        frappe.db.commit()

    def cleanup(self):
        self.net.cleanup()


class TestIndicatorQueries(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        frappe.set_user("Administrator")
        cls._sla = contract_sla()
        cls._sla.__enter__()
        cls.data = IndicatorData()
        try:
            cls.data.build()
        except Exception:
            cls.data.cleanup()
            cls._sla.__exit__(None, None, None)
            raise

    @classmethod
    def tearDownClass(cls):
        frappe.set_user("Administrator")
        cls.data.cleanup()
        cls._sla.__exit__(None, None, None)
        super().tearDownClass()

    def setUp(self):
        frappe.set_user("Administrator")

    # ------------------------------------------------------------------ helpers
    def ours(self, **values) -> Filters:
        """Filters over both of the test's cooperatives (what the vendor sees of them)."""
        return Filters(FROM, TO, sorted([self.data.a.name, self.data.b.reseller]), **values)

    def rows(self, in_period=True, resellers=None):
        """The table's rows (with their reseller) within the period and resellers."""
        out = []
        for key, row in TABLE.items():
            reseller = self.data.reseller_of[row["clinic"]]
            day = date(*row["created"][:3])
            if in_period and not FROM <= day <= TO:
                continue
            if resellers is not None and reseller not in resellers:
                continue
            out.append(dict(row, key=key, reseller=reseller, day=day))
        return out

    # ------------------------------------------------------------------ the stored times
    def test_business_times_are_the_hand_computed_ones(self):
        for key, row in TABLE.items():
            stored = frappe.db.get_value("HD Ticket", self.data.names[key],
                                         ["first_response_business_seconds", "resolution_business_seconds"])
            expected = tuple(None if h is None else round(h * H) for h in row["hours"])
            self.assertEqual(tuple(stored), expected, key)

    def test_backfill_patch_fills_the_same_times(self):
        from healthdesk.patches import indicator_times

        names = list(self.data.names.values())
        frappe.db.set_value("HD Ticket", {"name": ("in", names)},
                            {"first_response_business_seconds": None, "resolution_business_seconds": None},
                            update_modified=False)
        indicator_times.execute()
        for key, row in TABLE.items():
            stored = frappe.db.get_value("HD Ticket", self.data.names[key], "first_response_business_seconds")
            self.assertEqual(stored, None if row["hours"][0] is None else round(row["hours"][0] * H), key)
            # the backfill counts reopenings from the change history: these rows have none
            self.assertEqual(frappe.db.get_value("HD Ticket", self.data.names[key], "reopen_count"), row["reopens"])

    # ------------------------------------------------------------------ volume
    def test_volume_by_day_week_month(self):
        rows = self.rows()
        by_day = Counter(r["day"] for r in rows)
        day_rows = queries.volume(self.ours(), "day")
        self.assertEqual(len(day_rows), (TO - FROM).days + 1)
        self.assertEqual({r["period"]: r["tickets"] for r in day_rows if r["tickets"]},
                         {d.isoformat(): n for d, n in by_day.items()})
        by_week = Counter(f"{r['day'].isocalendar()[0]}-W{r['day'].isocalendar()[1]:02d}" for r in rows)
        self.assertEqual({r["period"]: r["tickets"] for r in queries.volume(self.ours(), "week")},
                         {"2025-W47": by_week["2025-W47"], "2025-W48": by_week["2025-W48"]})
        self.assertEqual(queries.volume(self.ours(), "month"), [{"period": "2025-11", "tickets": len(rows)}])
        with self.assertRaises(queries.UnknownIndicatorOption):
            queries.volume(self.ours(), "year")

    def test_volume_by_each_dimension(self):
        rows = self.rows()
        clinic_name = {k: c.name for k, c in self.data.clinics.items()}
        for dimension, of in (("category", lambda r: r["category"]), ("module", lambda r: r["module"]),
                              ("severity", lambda r: r["severity"]), ("reseller", lambda r: r["reseller"]),
                              ("clinic", lambda r: clinic_name[r["clinic"]])):
            expected = Counter(of(r) for r in rows)
            got = queries.volume_by(self.ours(), dimension)
            self.assertEqual({r["key"]: r["tickets"] for r in got}, dict(expected), dimension)
            self.assertEqual([r["tickets"] for r in got], sorted(expected.values(), reverse=True))
        # narrowed by clinic and module
        a1 = self.data.clinics["a1"].name
        self.assertEqual(sum(r["tickets"] for r in queries.volume_by(self.ours(clinic=a1, module="Agenda"))),
                         sum(1 for r in rows if r["clinic"] == "a1" and r["module"] == "Agenda"))

    def test_consultancy(self):
        expected = sum(1 for r in self.rows() if r["severity"] == "Not covered" or r["category"] == "Consultancy")
        self.assertEqual(queries.consultancy(self.ours(), "month"), [{"period": "2025-11", "tickets": expected}])

    # ------------------------------------------------------------------ times
    def test_medians_and_p90_overall(self):
        rows = self.rows()
        overall = {r["measure"]: r for r in queries.times_overall(self.ours())}
        for index, measure in ((0, "first_response"), (1, "resolution")):
            values = [round(r["hours"][index] * H) for r in rows if r["hours"][index] is not None]
            self.assertEqual(overall[measure]["tickets"], len(values))
            self.assertAlmostEqual(overall[measure]["median_seconds"], pct(values, 0.5))
            self.assertAlmostEqual(overall[measure]["p90_seconds"], pct(values, 0.9))

    def test_times_per_priority_against_targets(self):
        targets = {p.priority: (p.response_time, p.resolution_time)
                   for p in frappe.get_all("HD Service Level Priority", filters={"parent": CONTRACT_SLA},
                                           fields=["priority", "response_time", "resolution_time"])}
        got = {r["priority"]: r for r in queries.times(self.ours()) if r["sla"] == CONTRACT_SLA}
        with_sla = [r for r in self.rows() if r["severity"] != "Not covered"]
        self.assertEqual(set(got), {r["severity"] for r in with_sla})
        for priority, row in got.items():
            mine = [r for r in with_sla if r["severity"] == priority]
            fr = [round(r["hours"][0] * H) for r in mine if r["hours"][0] is not None]
            res = [round(r["hours"][1] * H) for r in mine if r["hours"][1] is not None]
            self.assertEqual(row["tickets"], len(mine))
            self.assertAlmostEqual(row["first_response_median_seconds"], pct(fr, 0.5))
            self.assertAlmostEqual(row["first_response_p90_seconds"], pct(fr, 0.9))
            if res:
                self.assertAlmostEqual(row["resolution_median_seconds"], pct(res, 0.5))
            else:
                self.assertIsNone(row["resolution_median_seconds"])
            self.assertEqual(row["response_target_seconds"], targets[priority][0])
            self.assertEqual(row["resolution_target_seconds"], targets[priority][1])

    def test_compliance_and_breaches(self):
        now = now_datetime()
        expected = Counter()
        for r in self.rows():
            for kind, done, due in (("response", r["fr"], r["response_by"]), ("resolution", r["res"], r["resolution_by"])):
                if due is None:
                    continue
                done, due = when(done), when(due)
                expected[f"with_{kind}_target"] += 1
                if done is not None and done <= due:
                    expected[f"{kind}_met"] += 1
                elif (done is not None and done > due) or (done is None and due < now):
                    expected[f"{kind}_breached"] += 1
                else:
                    expected[f"{kind}_pending"] += 1
            expected["failed"] += r["failed"]
        got = queries.compliance(self.ours())[0]
        for key, value in expected.items():
            self.assertEqual(got[key], value, key)
        for kind in ("response", "resolution"):
            met, breached = expected[f"{kind}_met"], expected[f"{kind}_breached"]
            self.assertEqual(got[f"{kind}_compliance_pct"], round(100 * met / (met + breached), 1))
        self.assertEqual(got["resolution_pending"], 1)  # T6, due in 2099

    # ------------------------------------------------------------------ backlog
    def test_backlog_and_ageing(self):
        today = now_datetime().date()
        open_rows = [r for r in self.rows(in_period=False)
                     if r["status"] in ("Open", "Replied") and date(*r["created"][:3]) <= TO]
        got = {r["status_category"]: r["tickets"] for r in queries.backlog(self.ours())}
        self.assertEqual(got, {"Open": sum(r["status"] == "Open" for r in open_rows),
                               "Paused": sum(r["status"] == "Replied" for r in open_rows)})
        self.assertEqual(sum(got.values()), 4)  # T2, T5, T6 and T7 (opened before the period)

        def bucket(days):  # the documented buckets, written out again here
            return next(k for lo, hi, k in ((0, 1, "0-1"), (2, 3, "2-3"), (4, 7, "4-7"), (8, 15, "8-15"),
                                            (16, 30, "16-30"), (31, 10**6, "31+")) if lo <= days <= hi)

        expected = Counter(bucket((today - brt(*r["created"]).date()).days) for r in open_rows)
        ageing = queries.ageing(self.ours())
        self.assertEqual([r["bucket"] for r in ageing], ["0-1", "2-3", "4-7", "8-15", "16-30", "31+"])
        self.assertEqual({r["bucket"]: r["tickets"] for r in ageing if r["tickets"]}, dict(expected))

    def test_ageing_of_recent_tickets(self):
        # a ticket opened two calendar days ago is in 2-3, one opened today in 0-1
        recent = {}
        for days in (0, 2, 9):
            doc = self.data.net.ticket(clinic=self.data.clinics["b1"].name, subject=f"Recente {days}")
            frappe.db.set_value("HD Ticket", doc.name, {"creation": now_datetime() - timedelta(days=days),
                                                        "status": "Open", "status_category": "Open"},
                                update_modified=False)
            recent[days] = doc.name
        f = Filters(now_datetime().date() - timedelta(days=20), now_datetime().date(), [self.data.b.reseller])
        got = {r["bucket"]: r["tickets"] for r in queries.ageing(f)}
        self.assertEqual((got["0-1"], got["2-3"], got["8-15"]), (1, 1, 1))
        self.assertEqual(sum(got.values()), 3)

    # ------------------------------------------------------------------ people
    def test_per_agent(self):
        period = {r["key"]: r for r in self.rows()}
        got = {r["agent"]: r for r in queries.per_agent(self.ours())}
        for agent, tickets in ASSIGNMENTS.items():
            mine = [period[k] for k, status in tickets.items() if status != "Cancelled" and k in period]
            row = got[self.data.agents[agent]]
            fr = [round(r["hours"][0] * H) for r in mine if r["hours"][0] is not None]
            reopened = sum(1 for r in mine if r["reopens"])
            self.assertEqual(row["tickets"], len(mine), agent)
            self.assertAlmostEqual(row["first_response_median_seconds"], pct(fr, 0.5))
            self.assertEqual(row["reopened"], reopened)
            self.assertEqual(row["reopen_rate_pct"], round(100 * reopened / len(mine), 1))
        self.assertEqual(got[self.data.agents["ag2"]]["tickets"], 2)  # T3, T4 (T6's assignment was cancelled)

    def test_per_level(self):
        rows = self.rows()
        got = {r["level"]: r for r in queries.per_level(self.ours())}
        self.assertEqual(set(got), {r["level"] for r in rows})
        for level, row in got.items():
            mine = [r for r in rows if r["level"] == level]
            fr = [round(r["hours"][0] * H) for r in mine if r["hours"][0] is not None]
            self.assertEqual(row["tickets"], len(mine))
            self.assertAlmostEqual(row["first_response_median_seconds"], pct(fr, 0.5))
            self.assertEqual(row["reopened"], sum(1 for r in mine if r["reopens"]))

    def test_summary(self):
        rows = self.rows()
        got = queries.summary(self.ours())[0]
        self.assertEqual(got["tickets"], len(rows))
        self.assertEqual(got["open_backlog"], 4)
        self.assertEqual(got["consultancy"], 1)
        fr = [round(r["hours"][0] * H) for r in rows if r["hours"][0] is not None]
        self.assertAlmostEqual(got["first_response_median_seconds"], pct(fr, 0.5))

    # ------------------------------------------------------------------ scope
    def chart(self, source: str, **filters):
        module = frappe.get_module(f"healthdesk.healthdesk.dashboard_chart_source.{source}.{source}")
        filters.setdefault("from_date", str(FROM))
        filters.setdefault("to_date", str(TO))
        return module.get(filters=json.dumps(filters))

    def test_vendor_sees_every_cooperative(self):
        data = self.chart("healthdesk_tickets_by", dimension="reseller")
        counts = dict(zip(data["labels"], data["datasets"][0]["values"]))
        expected = Counter(r["reseller"] for r in self.rows())
        for reseller, n in expected.items():
            self.assertEqual(counts[reseller], n)
        card = dashboard.tickets_in_period(json.dumps({"from_date": str(FROM), "to_date": str(TO),
                                                       "reseller": self.data.a.name}))
        self.assertEqual(card["value"], len(self.rows(resellers=[self.data.a.name])))

    def test_manager_and_desk_agent_see_only_their_cooperative(self):
        a, b = self.data.a.name, self.data.b.reseller
        for user, own, other in ((self.data.manager_a, a, b), (self.data.b.agents[0], b, a)):
            frappe.set_user(user)
            data = self.chart("healthdesk_tickets_by", dimension="reseller")
            self.assertEqual(data["labels"], [own], user)
            self.assertEqual(data["datasets"][0]["values"], [len(self.rows(resellers=[own]))])
            volume = self.chart("healthdesk_ticket_volume", period="month")
            self.assertEqual(volume["datasets"][0]["values"], [len(self.rows(resellers=[own]))])
            backlog = dashboard.open_backlog(json.dumps({"to_date": str(TO)}))["value"]
            self.assertEqual(backlog, sum(1 for r in self.rows(in_period=False, resellers=[own])
                                          if r["status"] in ("Open", "Replied")))
            # every source answers, and never with the other cooperative's clinics or numbers
            for source in ("healthdesk_business_hours_times", "healthdesk_sla_compliance", "healthdesk_backlog_ageing",
                           "healthdesk_agents", "healthdesk_support_levels", "healthdesk_consultancy"):
                self.chart(source)
            clinics = self.chart("healthdesk_tickets_by", dimension="clinic")["labels"]
            self.assertFalse(set(clinics) & {c.name for k, c in self.data.clinics.items()
                                             if self.data.reseller_of[k] == other})
            with self.assertRaises(OutsideYourScope):
                self.chart("healthdesk_ticket_volume", reseller=other)
            other_clinic = next(c.name for k, c in self.data.clinics.items() if self.data.reseller_of[k] == other)
            with self.assertRaises(OutsideYourScope):
                self.chart("healthdesk_ticket_volume", clinic=other_clinic)
            frappe.set_user("Administrator")

    def test_clinic_user_and_guest_are_refused(self):
        for user in (self.data.clinic_user, "Guest"):
            frappe.set_user(user)
            with self.assertRaises(frappe.PermissionError):
                self.chart("healthdesk_ticket_volume")
            with self.assertRaises(frappe.PermissionError):
                dashboard.open_backlog(None)
            frappe.set_user("Administrator")

    # ------------------------------------------------------------------ definitions
    def test_every_indicator_has_a_definition_in_portuguese(self):
        keys = ("volume", "volume_by", "first_response_median", "first_response_p90", "resolution_median",
                "resolution_p90", "targets", "response_compliance", "resolution_compliance", "breaches", "backlog",
                "ageing", "per_agent", "per_level", "reopen_rate", "consultancy", "tickets")
        english = {key: definitions.definition(key) for key in keys}
        from frappe.translate import clear_cache

        clear_cache()  # this app's pt-BR rows as they are in the file
        frappe.local.lang = "pt-BR"
        try:
            for key in keys:
                self.assertTrue(english[key], key)
                self.assertNotEqual(definitions.definition(key), english[key], key)  # translated
            self.assertIn("horas úteis", definitions.definition("first_response_median"))
            self.assertEqual(definitions.definition("unknown"), "")
            self.assertEqual({d["key"] for d in definitions.definitions()} >= set(keys), True)
        finally:
            frappe.local.lang = "en"


class TestDashboardRecords(FrappeTestCase):
    def test_sync_installs_the_dashboard_and_keeps_an_admins_changes(self):
        from frappe.utils.dashboard import sync_dashboards

        frappe.set_user("Administrator")
        sync_dashboards("healthdesk")
        dash = frappe.get_doc("Dashboard", "Healthdesk Indicators")
        self.assertFalse(dash.is_standard)  # admins may rearrange and extend it
        charts = [row.chart for row in dash.charts]
        self.assertEqual(len(charts), 14)
        self.assertEqual(len(dash.cards), 5)
        for chart in charts:
            self.assertEqual(frappe.db.get_value("Dashboard Chart", chart, "chart_type"), "Custom")
        # an admin moves the last chart to the top and makes the first one half width
        rows = [dash.charts[-1], *dash.charts[:-1]]
        for idx, row in enumerate(rows, 1):
            row.idx = idx
        dash.charts = rows
        dash.charts[1].width = "Half"
        dash.save()
        try:
            sync_dashboards("healthdesk")  # what every migrate runs
            kept = frappe.get_doc("Dashboard", dash.name)
            self.assertEqual([row.chart for row in kept.charts], [charts[-1], *charts[:-1]])
            self.assertEqual(kept.charts[1].width, "Half")
        finally:
            kept = frappe.get_doc("Dashboard", dash.name)
            rows = [*kept.charts[1:], kept.charts[0]]
            for idx, row in enumerate(rows, 1):
                row.idx = idx
            kept.charts = rows
            kept.charts[0].width = "Full"
            kept.save()
            frappe.db.commit()


class TestTicketEvents(FrappeTestCase):
    """The stored times and the reopen count follow the ticket's own saves."""

    def setUp(self):
        frappe.set_user("Administrator")
        self.net = DeskNetwork()
        self.addCleanup(self.net.cleanup)
        enter(self, contract_sla())
        self.clinic = self.net.clinic(self.net.reseller().name)

    def test_times_and_reopenings_follow_status_changes(self):
        ticket = self.net.ticket(clinic=self.clinic.name, severity="High")
        self.assertIsNone(ticket.first_response_business_seconds)
        self.assertEqual(ticket.reopen_count or 0, 0)
        ticket.reload()
        ticket.first_responded_on = now_datetime()
        ticket.status = "Replied"
        ticket.save(ignore_permissions=True)
        self.assertIsNotNone(ticket.first_response_business_seconds)
        ticket.reload()
        ticket.status = "Resolved"
        ticket.save(ignore_permissions=True)
        self.assertIsNotNone(ticket.resolution_date)
        self.assertIsNotNone(ticket.resolution_business_seconds)
        self.assertEqual(ticket.reopen_count or 0, 0)
        calendar = metrics.ticket_calendar(ticket)
        self.assertIsNotNone(calendar)
        # created and resolved moments apart: the elapsed business time can only be 0 or a little more
        self.assertGreaterEqual(ticket.first_response_business_seconds, 0)
        self.assertLessEqual(ticket.first_response_business_seconds,
                             (ticket.first_responded_on - ticket.creation).total_seconds() + 1)
        for status, reopens in (("Open", 1), ("Closed", 1), ("Replied", 2), ("Resolved", 2), ("Open", 3)):
            ticket.reload()
            ticket.status = status
            ticket.save(ignore_permissions=True, ignore_version=False)  # Frappe keeps no Versions in tests by default
            self.assertEqual(ticket.reopen_count, reopens, status)
        self.assertIsNone(ticket.resolution_business_seconds)  # open again: no resolution
        # the backfill counts the same reopenings from the change history
        self.assertEqual(metrics.count_past_reopenings([ticket.name])[ticket.name], 3)

    def test_times_measured_when_set_later(self):
        ticket = self.net.ticket(clinic=self.clinic.name, severity="High")
        created = brt(2025, 11, 19, 11, 0)
        # the vendor received it when it was created (routing set it to the insert's real moment)
        frappe.db.set_value("HD Ticket", ticket.name, {"creation": created, "sla": CONTRACT_SLA,
                                                       "vendor_received_at": created}, update_modified=False)
        ticket.reload()
        ticket.first_responded_on = brt(2025, 11, 21, 9, 0)  # Wed 11-12, 13:30-18, Thu holiday, Fri 0.5 h = 6 h
        ticket.flags.ignore_permissions = True
        metrics.update_times(ticket)
        self.assertEqual(ticket.first_response_business_seconds, 6 * H)


class TestExactPercentilesAgainstMariaDB(FrappeTestCase):
    """The two-pass percentiles (histogram, then the few buckets needed) give what MariaDB's own
    PERCENTILE_CONT gives, over many values spread across many buckets, per partition — with
    repeated values, a partition of one value, and values on bucket edges."""

    def test_same_as_percentile_cont(self):
        import random

        rng = random.Random(15)
        rows = []
        for key, count in (("a", 997), ("b", 1), ("c", 2), ("d", 250)):
            for _ in range(count):
                value = rng.choice((rng.randint(0, 400_000), rng.randint(0, 5) * queries.BUCKET_SECONDS,
                                    int(rng.lognormvariate(9, 1.2)), 3600))
                rows.append((key, value + rng.choice((0, 0.5))))
        # the values as a derived table (a temporary table would be DDL, which tests may not run)
        union = " union all ".join(["select %s as k, cast(%s as decimal(21, 9)) as v"] * len(rows))
        params = [x for row in rows for x in row]
        source = frappe.db.mogrify(f"from ({union}) x where 1 = 1", params).replace("%", "%%")
        spreads = queries._spreads(source, {}, {"v": "x.v", "twice": "x.v * 2"}, ("x.k",), ("sum(x.v > 3600)",))
        got = {k: {0.5: s.median, 0.9: s.p90} for (k,), s in spreads["v"].items()}
        expected = frappe.db.sql(f"""select distinct k,
                percentile_cont(0.5) within group (order by v) over (partition by k),
                percentile_cont(0.9) within group (order by v) over (partition by k)
            from ({union}) x""", params)
        self.assertEqual(set(got), {"a", "b", "c", "d"})
        for key, p50, p90 in expected:
            self.assertAlmostEqual(got[key][0.5], float(p50), places=6, msg=key)
            self.assertAlmostEqual(got[key][0.9], float(p90), places=6, msg=key)
            # and this test's own percentile over the values themselves
            mine = [v for k, v in rows if k == key]
            self.assertAlmostEqual(got[key][0.9], pct(mine, 0.9), places=6, msg=key)
            # a second value read in the same passes, the counts and the extra sums of the group
            self.assertAlmostEqual(spreads["twice"][(key,)].median, 2 * float(p50), places=6, msg=key)
            self.assertEqual((spreads["v"][(key,)].rows, spreads["v"][(key,)].measured), (len(mine), len(mine)))
            self.assertEqual(int(spreads["v"][(key,)].totals[0]), sum(v > 3600 for v in mine))
