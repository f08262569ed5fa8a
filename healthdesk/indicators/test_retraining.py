"""The retraining signal on a real site: a known network (two cooperatives, clinics with users,
Question tickets per module, logins, onboarding progress) whose ranking, rates, medians and
onboarding completion are computed again here, independently; who sees which clinics (the
reseller scope, allowed and denied) in the ranking, the Retraining Needs report and booking."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from statistics import median

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import escape_html

from healthdesk.indicators.filters import Filters, build
from healthdesk.indicators.retraining import RETRAINING_DEFINITIONS, UnknownModule, active_users, book_session, ranking, scope_clinics
from healthdesk.indicators.scope import OutsideYourScope
from healthdesk.onboarding.panels import PROGRESS, clinic_users
from healthdesk.test_utils import DeskNetwork, Onboarding

START, END = date(2024, 2, 1), date(2024, 2, 29)
IN_PERIOD = datetime(2024, 2, 12, 10, 0)
BEFORE = datetime(2024, 1, 20, 10, 0)
REPORT = "Retraining Needs"
MIN = 3


class TestRetraining(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        frappe.set_user("Administrator")
        cls.net = net = DeskNetwork()
        cls.onb = Onboarding(net)
        try:
            cls._build()
        except Exception:
            cls._teardown()
            raise

    @classmethod
    def tearDownClass(cls):
        cls._teardown()
        super().tearDownClass()

    @classmethod
    def _teardown(cls):
        frappe.set_user("Administrator")
        frappe.db.rollback()
        users = [name for kind, name in cls.net.created if kind == "User"]
        if users:
            frappe.db.delete("Activity Log", {"user": ["in", users]})
        for name in frappe.get_all("HD Ticket", filters={"system_module": ["in", getattr(cls, "modules", [])]},
                                   pluck="name"):
            if ("HD Ticket", name) not in cls.net.created:
                cls.net.track("HD Ticket", name)
        frappe.db.commit()
        cls.onb.cleanup()
        for team in cls.net.teams:
            frappe.db.set_value("Reseller", {"desk_team": team}, {"desk_team": None, "own_first_line": 0})
        frappe.db.commit()
        cls.net.cleanup()
        for module in getattr(cls, "modules", []):
            frappe.delete_doc("System Module", module, force=True, ignore_permissions=True)
        frappe.db.commit()

    # ------------------------------------------------------------------ the known network
    @classmethod
    def _build(cls):
        net = cls.net
        tag = secrets.token_hex(3)
        cls.m1, cls.m2 = f"Agenda R{tag}", f"Faturamento R{tag}"
        cls.modules = []
        for module in (cls.m1, cls.m2):
            frappe.get_doc({"doctype": "System Module", "module_name": module, "enabled": 1}).insert(
                ignore_permissions=True)
            cls.modules.append(module)
        cls.manager_a = net.user("gestora", roles=("Reseller Manager",))
        cls.manager_b = net.user("gestorb", roles=("Reseller Manager",))
        cls.a = net.reseller(managers=[cls.manager_a]).name
        # B runs its own first line: its desk agent sees B's numbers only
        desk = net.desk_reseller(managers=[cls.manager_b], cs_booking_link="https://agenda.example.com/cs-b")
        cls.b, cls.desk_agent_b = desk.reseller, desk.agents[0]
        cls.vendor_agent = net.agent()
        cls.a1, cls.a2, cls.a3, cls.a4 = (net.clinic(cls.a).name for _ in range(4))
        cls.b1 = net.clinic(cls.b).name

        def people(clinic, count, prefix):
            return [net.user(f"{prefix}{i}", clinics=(clinic,)) for i in range(1, count + 1)]

        cls.u11, cls.u12, cls.u13, cls.u14 = people(cls.a1, 4, "a1u")
        (cls.u21,) = people(cls.a2, 1, "a2u")
        cls.u31, cls.u32, cls.u33, cls.u34 = people(cls.a3, 4, "a3u")
        (cls.u41,) = people(cls.a4, 1, "a4u")
        (cls.u51,) = people(cls.b1, 1, "b1u")
        frappe.db.set_value("User", cls.u13, "enabled", 0)  # disabled: never active
        # Activity: logins in the period (u12, u13 disabled, u33, u34), before it (u14), last_active (u41);
        # u11, u21, u31, u32, u51 are active because they raise tickets in the period.
        for user, moment in ((cls.u12, IN_PERIOD), (cls.u13, IN_PERIOD), (cls.u33, IN_PERIOD),
                             (cls.u34, IN_PERIOD), (cls.u14, BEFORE)):
            log = frappe.get_doc({"doctype": "Activity Log", "user": user, "operation": "Login",
                                  "status": "Success", "subject": "login"}).insert(ignore_permissions=True)
            frappe.db.set_value("Activity Log", log.name, "creation", moment, update_modified=False)
        frappe.db.set_value("User", cls.u41, "last_active", IN_PERIOD)
        frappe.db.set_value("User", cls.u14, "last_active", BEFORE)

        def asks(user, clinic, module, count, category="Question", when=IN_PERIOD):
            for _ in range(count):
                ticket = net.ticket(as_user=user, clinic=clinic, ticket_category=category, system_module=module,
                                    subject="Como faço?")
                frappe.db.set_value("HD Ticket", ticket.name, "creation", when, update_modified=False)

        asks(cls.u11, cls.a1, cls.m1, 4)
        asks(cls.u12, cls.a1, cls.m1, 2)
        asks(cls.u11, cls.a1, cls.m1, 1, category="Error")  # not a question
        asks(cls.u14, cls.a1, cls.m1, 2, when=BEFORE)  # outside the period (and u14 stays inactive)
        asks(cls.u21, cls.a2, cls.m1, 1)
        asks(cls.u31, cls.a3, cls.m1, 4)
        asks(cls.u32, cls.a3, cls.m2, 3)
        asks(cls.u51, cls.b1, cls.m1, 5)

        # A's panel: stage "Agenda" (2 tasks) teaches m1, "Faturamento" (1 task) m2; B has none (global).
        panel = cls.onb.panel(reseller=cls.a, modules={"Agenda": cls.m1, "Faturamento": cls.m2})
        tasks = {row.task_title: row.stage for row in panel.tasks}
        done = {cls.u11: ["Configurar a agenda", "Agendar consultas"], cls.u12: ["Configurar a agenda"],
                cls.u14: ["Configurar a agenda", "Agendar consultas"],  # inactive: not counted
                cls.u32: ["Gerar o lote"]}
        for user, titles in done.items():
            for title in titles:
                frappe.get_doc({"doctype": PROGRESS, "user": user, "panel": panel.name, "stage_title": tasks[title],
                                "task_title": title, "done": 1, "how": "Marked by hand"}).insert(ignore_permissions=True)
        frappe.db.commit()

        # What the test expects, written out by hand from the data above.
        cls.active = {cls.a1: {cls.u11, cls.u12}, cls.a2: {cls.u21}, cls.a3: {cls.u31, cls.u32, cls.u33, cls.u34},
                      cls.a4: {cls.u41}, cls.b1: {cls.u51}}
        cls.questions = {(cls.a1, cls.m1): 6, (cls.a2, cls.m1): 1, (cls.a3, cls.m1): 4, (cls.a3, cls.m2): 3,
                         (cls.b1, cls.m1): 5}
        # tasks of the module done by the active users / (tasks of the module × active users)
        cls.completion = {(cls.a1, cls.m1): round(3 * 100 / (2 * 2), 1), (cls.a3, cls.m2): round(1 * 100 / (1 * 4), 1),
                          (cls.a3, cls.m1): 0.0, (cls.a2, cls.m1): 0.0, (cls.b1, cls.m1): None}

    def setUp(self):
        frappe.set_user("Administrator")
        self.addCleanup(frappe.set_user, "Administrator")

    # ------------------------------------------------------------------ independent expectation
    def expected(self, resellers: list[str], include_all: bool = False) -> list[tuple]:
        """(clinic, module, questions, users, per user, median, ratio or None, needs) by hand."""
        clinics = [c for c in self.active if frappe.db.get_value("Clinic", c, "reseller") in resellers]
        rows = []
        for (clinic, module), count in self.questions.items():
            if clinic not in clinics:
                continue
            mid = median(sum(q for (c, m), q in self.questions.items() if c == other and m == module)
                         / len(self.active[other]) for other in clinics)
            per_user = count / len(self.active[clinic])
            needs = count >= MIN and per_user > mid
            if needs or include_all:
                rows.append((clinic, module, count, len(self.active[clinic]), per_user, mid,
                             per_user / mid if mid else None, needs))
        # infinite first, then the ratio, then the rate, then questions, then ids
        rows.sort(key=lambda r: (not r[7], not (r[7] and r[6] is None), -(r[6] or 0), -r[4], -r[2], r[0], r[1]))
        return rows

    def actual(self, rows: list[dict]) -> list[tuple]:
        return [(r["clinic"], r["module"], r["questions"], r["active_users"], r["per_user"], r["network_median"],
                 r["ratio"], r["needs_retraining"]) for r in rows]

    def assertSameRows(self, got, want):
        self.assertEqual([(g[0], g[1], g[2], g[3], g[7]) for g in got], [(w[0], w[1], w[2], w[3], w[7]) for w in want])
        for g, w in zip(got, want, strict=True):
            for index in (4, 5, 6):
                if w[index] is None:
                    self.assertIsNone(g[index])
                else:
                    self.assertAlmostEqual(g[index], w[index], places=3)

    def filters(self, resellers, **values) -> Filters:
        return Filters(START, END, resellers, **values)

    # ------------------------------------------------------------------ numbers
    def test_active_users_of_the_period(self):
        f = self.filters([self.a, self.b])
        got = active_users(f, scope_clinics(f), clinic_users())
        self.assertEqual(got, self.active)

    def test_ranking_of_one_cooperative(self):
        rows = ranking(self.filters([self.a]))
        want = self.expected([self.a])
        self.assertSameRows(self.actual(rows), want)
        # by hand: Faturamento's median is 0 (only A3 asks) -> A3 first, ratio "infinite"; then A1 at 3× the median
        self.assertEqual([(r["clinic"], r["module"]) for r in rows], [(self.a3, self.m2), (self.a1, self.m1)])
        self.assertTrue(rows[0]["ratio_infinite"])
        self.assertAlmostEqual(rows[1]["ratio"], 3.0)
        self.assertEqual({r["clinic"] for r in rows} - {self.a1, self.a2, self.a3, self.a4}, set())
        first = rows[1]
        self.assertEqual((first["clinic_name"], first["reseller"]),
                         tuple(frappe.db.get_value("Clinic", self.a1, ["clinic_name", "reseller"])))

    def test_ranking_of_both_cooperatives_and_everything(self):
        rows = ranking(self.filters([self.a, self.b]), include_all=True)
        self.assertSameRows(self.actual(rows), self.expected([self.a, self.b], include_all=True))
        self.assertEqual([(r["clinic"], r["module"]) for r in rows if r["needs_retraining"]],
                         [(self.a3, self.m2), (self.b1, self.m1), (self.a1, self.m1)])

    def test_onboarding_completion_of_the_active_users(self):
        rows = ranking(self.filters([self.a, self.b]), include_all=True)
        got = {(r["clinic"], r["module"]): r["onboarding_completion"] for r in rows}
        self.assertEqual(got, self.completion)

    def test_module_clinic_and_limit_narrow_without_changing_the_median(self):
        rows = ranking(self.filters([self.a, self.b]), module=self.m1, include_all=True)
        self.assertEqual({r["module"] for r in rows}, {self.m1})
        self.assertSameRows(self.actual(rows), [w for w in self.expected([self.a, self.b], True) if w[1] == self.m1])
        (one,) = ranking(self.filters([self.a, self.b], clinic=self.a1))
        self.assertEqual((one["clinic"], one["network_median"]), (self.a1, 1.0))  # the network's median, not A1's
        self.assertEqual(len(ranking(self.filters([self.a, self.b]), limit=1)), 1)
        self.assertEqual(ranking(self.filters([self.a]), min_questions=7), [])

    def test_vendor_sees_every_cooperative(self):
        rows = ranking(build(None, START, END))
        pairs = {(r["clinic"], r["module"]) for r in rows}
        self.assertTrue({(self.a3, self.m2), (self.b1, self.m1), (self.a1, self.m1)} <= pairs)

    # ------------------------------------------------------------------ scope
    def test_a_cooperative_sees_only_its_clinics(self):
        from healthdesk.indicators.scope import indicator_resellers

        self.assertEqual(indicator_resellers(self.manager_a), [self.a])
        rows = ranking(build(indicator_resellers(self.manager_a), START, END), include_all=True)
        self.assertTrue(rows)
        self.assertEqual({r["reseller"] for r in rows}, {self.a})
        with self.assertRaises(OutsideYourScope):
            build(indicator_resellers(self.manager_a), START, END, reseller=self.b)
        with self.assertRaises(OutsideYourScope):
            build(indicator_resellers(self.manager_a), START, END, clinic=self.b1)
        self.assertEqual(ranking(build(indicator_resellers(self.u11), START, END), include_all=True), [])

    def run_report(self, user, **filters):
        from frappe.desk.query_report import run

        frappe.set_user(user)
        try:
            return run(REPORT, filters={"from_date": str(START), "to_date": str(END), **filters})
        finally:
            frappe.set_user("Administrator")

    def test_report_in_the_desk(self):
        result = self.run_report("Administrator", reseller=self.a)
        rows = result["result"]
        self.assertEqual([(r["clinic"], r["module"], r["rank"]) for r in rows],
                         [(self.a3, self.m2, 1), (self.a1, self.m1, 2)])
        self.assertIn(escape_html(str(RETRAINING_DEFINITIONS["network_median"])), result["message"])
        # a cooperative's desk agent: their cooperative only (alone, B1 is its own median: nothing ranks)
        self.assertEqual(self.run_report(self.desk_agent_b)["result"], [])
        rows = self.run_report(self.desk_agent_b, include_all=1)["result"]
        self.assertEqual({r["reseller"] for r in rows}, {self.b})
        with self.assertRaises(OutsideYourScope):
            self.run_report(self.desk_agent_b, reseller=self.a)
        # the vendor's agent: any cooperative
        rows = self.run_report(self.vendor_agent, reseller=self.a)["result"]
        self.assertEqual(len(rows), 2)
        # clinic users and cooperative managers have no desk report (managers get the portal page)
        for user in (self.u11, self.manager_a):
            with self.assertRaises(frappe.PermissionError):
                self.run_report(user, reseller=self.a)

    # ------------------------------------------------------------------ booking
    def book(self, user, clinic, module, notes="Terças de manhã"):
        from healthdesk.api.retraining import book_session as endpoint

        frappe.set_user(user)
        try:
            result = endpoint(clinic, module, notes)
        finally:
            frappe.set_user("Administrator")
        if result.get("ticket"):
            self.net.track("HD Ticket", result["ticket"])
        return result

    def test_booking_a_session_opens_one_consultancy_ticket(self):
        result = self.book(self.manager_a, self.a1, self.m1)
        self.assertFalse(result["existing"])
        ticket = frappe.get_doc("HD Ticket", result["ticket"])
        self.assertEqual((ticket.clinic, ticket.reseller, ticket.system_module, ticket.raised_by),
                         (self.a1, self.a, self.m1, self.manager_a))
        self.assertEqual((ticket.ticket_category, ticket.severity), ("Consultancy", "Not covered"))
        self.assertIn("Terças de manhã", ticket.description)
        again = self.book(self.manager_a, self.a1, self.m1)
        self.assertEqual((again["ticket"], again["existing"]), (ticket.name, True))
        # the vendor's agent may book for any clinic
        self.assertIn("ticket", self.book(self.vendor_agent, self.a3, self.m2))

    def test_booking_uses_the_reseller_booking_link(self):
        count = frappe.db.count("HD Ticket", {"clinic": self.b1})
        self.assertEqual(self.book(self.manager_b, self.b1, self.m1), {"booking_link": "https://agenda.example.com/cs-b"})
        self.assertEqual(self.book(self.desk_agent_b, self.b1, self.m1)["booking_link"], "https://agenda.example.com/cs-b")
        self.assertEqual(frappe.db.count("HD Ticket", {"clinic": self.b1}), count)

    def test_booking_is_refused_outside_the_scope(self):
        count = frappe.db.count("HD Ticket")
        for user, clinic in ((self.manager_a, self.b1), (self.manager_b, self.a1), (self.desk_agent_b, self.a2),
                             (self.u11, self.a1), ("Guest", self.a1)):
            with self.subTest(user=user), self.assertRaises(frappe.PermissionError):
                self.book(user, clinic, self.m1)
        with self.assertRaises(UnknownModule):
            self.book(self.manager_a, self.a1, "Módulo que não existe")
        with self.assertRaises(frappe.DoesNotExistError):
            book_session("000000000", self.m1, user=self.manager_a)
        self.assertEqual(frappe.db.count("HD Ticket"), count)
