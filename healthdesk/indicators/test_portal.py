"""Each cooperative's indicators in the portal: every number the page, the export and the monthly
e-mail show for cooperative A's manager equals a count computed here from a known dataset of two
cooperatives, and nothing of cooperative B ever appears (names, counts); the scope's refusals;
the export; the monthly e-mail once per reseller and month.

The tickets' moments and business times are written straight on the rows (how they are measured
is healthdesk.indicators.metrics' test): this test holds the page to the dataset."""

from __future__ import annotations

import csv
import email
import io
import re
from datetime import datetime, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate, now_datetime, set_request, today
from frappe.website.serve import get_response
from openpyxl import load_workbook

from healthdesk.indicators import export, monthly, portal
from healthdesk.indicators.filters import Filters
from healthdesk.indicators.scope import OutsideYourScope
from healthdesk.setup.install import CONTRACT_SLA
from healthdesk.test_utils import Network, pct

SETTINGS = "Healthdesk Settings"


def hours(seconds):
    return None if seconds is None else round(seconds / 3600, 1)


def bucket(days: int) -> str:
    for last, key in ((1, "0-1"), (3, "2-3"), (7, "4-7"), (15, "8-15"), (30, "16-30")):
        if days <= last:
            return key
    return "31+"


class TwoCooperatives:
    """The known dataset: cooperative A (two managers, pt-BR and en; clinics A1 and A2) and
    cooperative B (one manager; clinic B1), tickets of the previous calendar month with known
    categories, modules, severities, moments, business times and ratings. Shared with the HTTP
    and browser tests (tests/e2e/test_indicadores_*.py)."""

    def __init__(self) -> None:
        self.net = Network()
        self.muted = frappe.flags.mute_emails
        frappe.flags.mute_emails = True  # no mail server on a test site: Frappe's dummy account queues
        self.threshold_before = frappe.db.get_single_value(SETTINGS, "satisfaction_low_threshold")
        try:
            self._build()
        except Exception:
            self.teardown()
            raise

    def teardown(self) -> None:
        frappe.db.rollback()
        frappe.set_user("Administrator")
        frappe.flags.mute_emails = self.muted
        resellers = [n for kind, n in self.net.created if kind == "Reseller"]
        tickets = [n for kind, n in self.net.created if kind == "HD Ticket"]
        for q in frappe.get_all("Email Queue", filters={"reference_name": ["in", resellers + tickets or [""]]},
                                pluck="name"):
            frappe.db.delete("Email Queue Recipient", {"parent": q})
            frappe.db.delete("Email Queue", {"name": q})
        frappe.db.delete("Comment", {"reference_doctype": "Reseller", "reference_name": ["in", resellers or [""]]})
        if tickets:
            frappe.db.delete("ToDo", {"reference_type": "HD Ticket", "reference_name": ["in", tickets]})
            frappe.db.delete("Notification Log", {"document_type": "HD Ticket", "document_name": ["in", tickets]})
        frappe.db.set_single_value(SETTINGS, "satisfaction_low_threshold", self.threshold_before)
        frappe.db.commit()
        self.net.cleanup()

    # ------------------------------------------------------------------ the dataset
    def _build(self):
        net = self.net
        frappe.db.set_single_value(SETTINGS, "satisfaction_low_threshold", 2)
        self.first, self.last = monthly.previous_month(getdate(today()))
        modules = frappe.get_all("System Module", order_by="name asc", pluck="name", limit=2)
        assert len(modules) == 2, "the site needs healthdesk's system modules"
        self.m1, self.m2 = modules
        self.mgr_a = net.user("gestora", roles=("Reseller Manager",), language="pt-BR")
        self.mgr_a_en = net.user("managera", roles=("Reseller Manager",), language="en")
        self.mgr_b = net.user("gestorb", roles=("Reseller Manager",), language="pt-BR")
        self.res_a = net.reseller(managers=[self.mgr_a, self.mgr_a_en], reseller_name=f"Unimed Alfa {net.tag}")
        self.res_b = net.reseller(managers=[self.mgr_b], reseller_name=f"Unimed Beta {net.tag}")
        self.a1 = net.clinic(self.res_a.name, clinic_name=f"Clínica Aroeira {net.tag}")
        self.a2 = net.clinic(self.res_a.name, clinic_name=f"Clínica Acácia {net.tag}")
        self.b1 = net.clinic(self.res_b.name, clinic_name=f"Clínica Bétula {net.tag}")
        self.ua1 = net.user("ua", clinics=(self.a1.name,), language="pt-BR")
        self.ua2 = net.user("ub", clinics=(self.a2.name,), language="pt-BR")
        self.ub1 = net.user("uc", clinics=(self.b1.name,), language="pt-BR")
        d = lambda day, hour=10: datetime.combine(self.first + timedelta(days=day), datetime.min.time()) + timedelta(hours=hour)
        now = now_datetime()
        # (user, clinic, day, category, module, severity, status, frs, res_s, response_by, responded, stars)
        H = 3600
        self.rows_a = [
            # A1: three questions about m1 (the retraining signal), an error
            dict(user=self.ua1, clinic=self.a1.name, creation=d(2), category="Question", module=self.m1, severity="Low",
                 priority="Low", status="Resolved", frs=1 * H, res=4 * H, response_by=d(2, 12), responded=d(2, 11),
                 resolution_by=d(4), resolved=d(3), stars=5, asked=d(3)),
            dict(user=self.ua1, clinic=self.a1.name, creation=d(2, 14), category="Question", module=self.m1, severity="Low",
                 priority="Low", status="Resolved", frs=2 * H, res=9 * H, response_by=d(2, 15), responded=d(2, 16),
                 resolution_by=d(4), resolved=d(5), stars=2, asked=d(5)),
            dict(user=self.ua1, clinic=self.a1.name, creation=d(9), category="Question", module=self.m1, severity="Low",
                 priority="Low", status="Open", frs=3 * H, res=None, response_by=d(9, 12), responded=d(9, 12),
                 resolution_by=now + timedelta(days=3), resolved=None, stars=None, asked=None),
            dict(user=self.ua1, clinic=self.a1.name, creation=d(16), category="Error", module=self.m2, severity="High",
                 priority="High", status="Replied", frs=5 * H, res=None, response_by=d(16, 11), responded=d(16, 13),
                 resolution_by=d(17), resolved=None, stars=None, asked=None),
            # A2: consultancy, an error still waiting for its first answer (deadline ahead: pending)
            dict(user=self.ua2, clinic=self.a2.name, creation=d(16, 11), category="Consultancy", module=self.m2,
                 severity="Not covered", priority=None, status="Resolved", frs=None, res=None, response_by=None,
                 responded=None, resolution_by=None, resolved=d(17), stars=4, asked=d(17)),
            dict(user=self.ua2, clinic=self.a2.name, creation=d(23), category="Error", module=self.m2, severity="Medium",
                 priority="Medium", status="Open", frs=None, res=None, response_by=now + timedelta(days=1),
                 responded=None, resolution_by=now + timedelta(days=2), resolved=None, stars=None, asked=None),
        ]
        # B: seven tickets of one clinic, every one with numbers A's do not have
        self.rows_b = [
            dict(user=self.ub1, clinic=self.b1.name, creation=d(day), category="Question", module=self.m1, severity="Low",
                 priority="Low", status="Open", frs=17 * H, res=None, response_by=d(day, 11), responded=d(day, 20),
                 resolution_by=d(day + 1), resolved=None, stars=1, asked=d(day, 12))
            for day in (1, 1, 4, 4, 4, 20, 27)
        ]
        self.tickets_a = [self._ticket(r) for r in self.rows_a]
        self.tickets_b = [self._ticket(r) for r in self.rows_b]
        frappe.db.commit()

    def _ticket(self, r: dict) -> str:
        name = self.net.ticket(as_user=r["user"], clinic=r["clinic"], ticket_category="Question",
                              system_module=r["module"]).name
        category = frappe.db.get_value("HD Ticket Status", r["status"], "category") or r["status"]
        frappe.db.set_value("HD Ticket", name, {
            "creation": r["creation"], "opening_date": r["creation"].date(), "ticket_category": r["category"],
            "system_module": r["module"], "severity": r["severity"], "priority": r["priority"],
            "sla": CONTRACT_SLA if r["priority"] else None, "status": r["status"], "status_category": category,
            "response_by": r["response_by"], "first_responded_on": r["responded"],
            "resolution_by": r["resolution_by"], "resolution_date": r["resolved"],
            # an unmeasured time stays empty (Duration columns are nullable), as a save leaves it
            "first_response_business_seconds": r["frs"], "resolution_business_seconds": r["res"],
            "satisfaction_asked_on": r["asked"], "feedback_rating": (r["stars"] or 0) / 5,
        }, update_modified=False)
        return name

class TestPortalIndicators(FrappeTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        frappe.set_user("Administrator")
        cls.data = TwoCooperatives()
        for key in ("first", "last", "m1", "m2", "mgr_a", "mgr_a_en", "mgr_b", "res_a", "res_b", "a1", "a2", "b1",
                    "ua1", "ua2", "ub1", "rows_a", "rows_b", "tickets_a", "tickets_b", "net"):
            setattr(cls, key, getattr(cls.data, key))

    @classmethod
    def tearDownClass(cls):
        cls.data.teardown()
        super().tearDownClass()

    def filters_a(self, **values) -> Filters:
        return Filters(self.first, self.last, [self.res_a.name], **values)

    # ------------------------------------------------------------------ expected, from the dataset
    def expected_cards(self, rows) -> dict:
        frs = [r["frs"] for r in rows if r["frs"] is not None]
        res = [r["res"] for r in rows if r["res"] is not None]
        now = now_datetime()

        def comp(due, done):
            met = sum(1 for r in rows if r[due] and r[done] and r[done] <= r[due])
            breached = sum(1 for r in rows if r[due] and ((r[done] and r[done] > r[due]) or (not r[done] and r[due] < now)))
            return met, breached, round(100 * met / (met + breached), 1) if met + breached else None

        return {
            "tickets": len(rows),
            "open_backlog": sum(1 for r in rows if r["status"] in ("Open", "Replied", "Paused")),
            "first_response_median": hours(pct(frs, 0.5)),
            "resolution_median": hours(pct(res, 0.5)),
            "response_compliance": comp("response_by", "responded")[2],
            "resolution_compliance": comp("resolution_by", "resolved")[2],
            "consultancy": sum(1 for r in rows if r["severity"] == "Not covered" or r["category"] == "Consultancy"),
        }

    def count_by(self, rows, key, label=lambda k: k) -> dict:
        out = {}
        for r in rows:
            out[label(r[key])] = out.get(label(r[key]), 0) + 1
        return out

    def tables(self, data) -> dict:
        return {t["key"]: t for t in data["tables"]}

    # ------------------------------------------------------------------ the numbers
    def test_every_number_of_the_summary_is_cooperative_a_s(self):
        data = portal.summary(self.filters_a())
        cards = {c["key"]: c["value"] for c in data["cards"]}
        self.assertEqual(cards, self.expected_cards(self.rows_a))
        t = self.tables(data)
        names = {self.a1.name: self.a1.clinic_name, self.a2.name: self.a2.clinic_name}
        self.assertEqual(dict(t["by_clinic"]["rows"]), self.count_by(self.rows_a, "clinic", names.get))
        self.assertEqual(dict(t["by_module"]["rows"]), self.count_by(self.rows_a, "module"))
        self.assertEqual(dict(t["by_category"]["rows"]), self.count_by(self.rows_a, "category", frappe._))
        self.assertEqual(dict(t["by_severity"]["rows"]), self.count_by(self.rows_a, "severity", frappe._))
        days = self.count_by(self.rows_a, "creation", lambda c: c.date().isoformat())
        self.assertEqual({k: v for k, v in t["volume_day"]["rows"] if v}, days)
        self.assertEqual(len(t["volume_day"]["rows"]), (self.last - self.first).days + 1)  # every day, 0 too
        weeks = self.count_by(self.rows_a, "creation", lambda c: "{0}-W{1:02d}".format(*c.isocalendar()[:2]))
        self.assertEqual({k: v for k, v in t["volume_week"]["rows"] if v}, weeks)
        self.assertEqual(t["volume_month"]["rows"], [[self.first.strftime("%Y-%m"), len(self.rows_a)]])
        self.assertEqual(t["consultancy"]["rows"], [[self.first.strftime("%Y-%m"), 1]])

        frs = [r["frs"] for r in self.rows_a if r["frs"] is not None]
        res = [r["res"] for r in self.rows_a if r["res"] is not None]
        self.assertEqual(t["times_overall"]["rows"], [
            ["Primeira resposta" if frappe.local.lang == "pt-BR" else "First response", len(frs),
             hours(pct(frs, .5)), hours(pct(frs, .9))],
            ["Resolução" if frappe.local.lang == "pt-BR" else "Resolution", len(res),
             hours(pct(res, .5)), hours(pct(res, .9))],
        ])
        targets = {p.priority: p for p in frappe.get_all(
            "HD Service Level Priority", filters={"parent": CONTRACT_SLA, "parenttype": "HD Service Level Agreement"},
            fields=["priority", "response_time", "resolution_time"])}
        want = []
        for priority in sorted({r["priority"] for r in self.rows_a if r["priority"]}):
            mine = [r for r in self.rows_a if r["priority"] == priority]
            f_ = [r["frs"] for r in mine if r["frs"] is not None]
            r_ = [r["res"] for r in mine if r["res"] is not None]
            want.append([CONTRACT_SLA, frappe._(priority), len(mine), hours(pct(f_, .5)), hours(pct(f_, .9)),
                         hours(targets[priority].response_time), hours(pct(r_, .5)), hours(pct(r_, .9)),
                         hours(targets[priority].resolution_time)])
        self.assertEqual(t["times_targets"]["rows"], want)

        now = now_datetime()
        met = sum(1 for r in self.rows_a if r["response_by"] and r["responded"] and r["responded"] <= r["response_by"])
        late = sum(1 for r in self.rows_a if r["response_by"] and r["responded"] and r["responded"] > r["response_by"])
        pending = sum(1 for r in self.rows_a if r["response_by"] and not r["responded"] and r["response_by"] >= now)
        with_target = sum(1 for r in self.rows_a if r["response_by"])
        self.assertEqual(t["compliance"]["rows"][0][1:5], [with_target, met, late, pending])
        self.assertEqual((met, late, pending), (2, 2, 1))  # the dataset has each kind

        self.assertEqual(dict(t["backlog"]["rows"]), {frappe._("Open"): 2, frappe._("Paused"): 1})
        ages = self.count_by([r for r in self.rows_a if r["status"] != "Resolved"], "creation",
                             lambda c: bucket((getdate(today()) - c.date()).days))
        self.assertEqual({k: v for k, v in t["ageing"]["rows"] if v}, ages)

    def test_satisfaction_and_retraining_are_cooperative_a_s(self):
        t = self.tables(portal.summary(self.filters_a()))
        answered = [r for r in self.rows_a if r["asked"]]
        by_clinic = {}
        for r in answered:
            by_clinic.setdefault(r["clinic"], []).append(r["stars"])
        names = {self.a1.name: self.a1.clinic_name, self.a2.name: self.a2.clinic_name}
        want = sorted([[names[c], len(s), len(s), round(sum(s) / len(s), 2), sum(1 for x in s if x <= 2), 100.0]
                       for c, s in by_clinic.items()])
        self.assertEqual(sorted(t["satisfaction_clinic"]["rows"]), want)
        self.assertEqual(t["satisfaction_month"]["rows"],
                         [[self.first.strftime("%Y-%m"), 3, 3, round((5 + 2 + 4) / 3, 2), 1, 100.0]])
        # retraining: A1 asked 3 questions about m1 with 1 active user, A2 none with 1 active user:
        # the network median of m1 is 1.5 questions per user, A1's ratio 2
        rows = t["retraining"]["rows"]
        self.assertEqual([r[:7] for r in rows], [[self.a1.clinic_name, self.m1, 3, 1, 3.0, 1.5, 2.0]])

    def test_nothing_of_cooperative_b_appears_on_a_s_page(self):
        html, status = self.page(self.mgr_a)
        self.assertEqual(status, 200)
        for clinic in (self.a1, self.a2):
            self.assertIn(clinic.clinic_name, html)
        self.assertNotIn(self.b1.clinic_name, html)
        self.assertNotIn(self.res_b.reseller_name, html)
        self.assertIn(self.res_a.reseller_name, html)
        cards = dict(re.findall(r'data-key="([a-z_]+)"[^>]*>\s*<div class="hd-ind__card-value">([^<]*)<', html))
        expected = self.expected_cards(self.rows_a)
        for key, value in expected.items():
            kind = {"first_response_median": "hours", "resolution_median": "hours", "response_compliance": "pct",
                    "resolution_compliance": "pct"}.get(key, "int")
            self.assertEqual(cards[key], portal.display(value, kind), key)
        # the numbers of A together with B's, or of B alone, are not the page's
        self.assertNotEqual(cards["tickets"], str(len(self.rows_a) + len(self.rows_b)))
        self.assertNotIn(portal.display(hours(17 * 3600), "hours"), cards.values())
        by_clinic = self.section_rows(html, "by_clinic")
        self.assertEqual(sorted(by_clinic), sorted([[self.a1.clinic_name, "4"], [self.a2.clinic_name, "2"]]))
        # every heading and column says what it means
        for t in portal.summary(self.filters_a())["tables"]:
            self.assertTrue(t["help"], t["key"])
            for col in t["columns"]:
                self.assertTrue(col["help"], (t["key"], col["label"]))
        self.assertIn("Indicadores da rede", html)  # the manager's language

    def test_the_vendor_picks_any_reseller_and_sees_every_one_without(self):
        vendor = self.net.user("fornecedor", roles=("Healthdesk Admin",), system=True)
        html, status = self.page(vendor, reseller=self.res_b.name)
        self.assertEqual(status, 200)
        self.assertIn(self.b1.clinic_name, html)
        self.assertNotIn(self.a1.clinic_name + "</td>", html)
        html, status = self.page(vendor)
        self.assertIn(self.a1.clinic_name, html)
        self.assertIn(self.b1.clinic_name, html)

    # ------------------------------------------------------------------ scope and refusals
    def test_another_cooperative_s_reseller_or_clinic_is_refused_with_a_message(self):
        for form in ({"reseller": self.res_b.name}, {"clinic": self.b1.name}):
            html, status = self.page(self.mgr_a, **form)
            self.assertEqual(status, 403, form)
            self.assertIn("hd-not-for-you", html)
            self.assertNotIn(self.b1.clinic_name, html)
            with self.assertRaises(OutsideYourScope):
                portal.request_filters([self.res_a.name], form)
        html, status = self.page(self.mgr_a, clinic=self.a1.name)
        self.assertEqual(status, 200)
        self.assertEqual(self.section_rows(html, "by_clinic"), [[self.a1.clinic_name, "4"]])

    def test_a_bad_period_is_explained_and_the_default_shown(self):
        html, status = self.page(self.mgr_a, from_date="2026-05-10", to_date="2026-05-01")
        self.assertEqual(status, 400)
        self.assertIn('id="hd-ind-error"', html)
        self.assertIn("hd-ind-cards", html)

    def test_a_clinic_user_gets_the_explanation_and_a_guest_the_login(self):
        html, status = self.page(self.ua1)
        self.assertEqual(status, 403)
        self.assertIn("hd-not-for-you", html)
        self.assertNotIn("hd-ind-cards", html)
        response = self.response("Guest")
        self.assertIn(response.status_code, (301, 302))
        self.assertIn("/login?redirect-to=/indicadores", response.headers["Location"])

    def test_the_portal_menu_offers_the_page_to_a_cooperative_s_managers_only(self):
        from frappe.website.utils import get_portal_sidebar_items

        from healthdesk.portal.menu import menu_items

        def routes(user):
            frappe.set_user(user)
            try:
                return [i["route"] for i in menu_items(get_portal_sidebar_items(), user)]
            finally:
                frappe.set_user("Administrator")

        self.assertIn("/indicadores", routes(self.mgr_a))
        self.assertNotIn("/indicadores", routes(self.ua1))

    # ------------------------------------------------------------------ export
    def test_the_export_holds_a_s_tables_and_nothing_of_b(self):
        f = self.filters_a()
        name, content = export.content(f, "csv")
        self.assertTrue(name.endswith(".csv"))
        rows = list(csv.reader(io.StringIO(content)))
        flat = [cell for row in rows for cell in row]
        self.assertIn(self.a1.clinic_name, flat)
        self.assertNotIn(self.b1.clinic_name, flat)
        self.assertNotIn(self.res_b.reseller_name, flat)
        start = flat.index(portal.summary(f)["tables"][[t["key"] for t in portal.summary(f)["tables"]].index("by_clinic")]["title"])
        self.assertTrue(start)
        self.assertIn([self.a1.clinic_name, "4"], rows)
        self.assertIn([self.a2.clinic_name, "2"], rows)
        name, content = export.content(f, "xlsx")
        sheet = load_workbook(io.BytesIO(content)).active
        cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
        self.assertIn((self.a1.clinic_name, 4), [tuple(r[:2]) for r in cells])
        self.assertNotIn(self.b1.clinic_name, [c for r in cells for c in r])
        with self.assertRaises(export.InvalidExportFormat):
            export.content(f, "pdf")

    def test_the_export_endpoint_keeps_the_scope(self):
        from healthdesk.api.portal_indicators import export as endpoint

        frappe.set_user(self.mgr_a)
        try:
            frappe.local.response = frappe._dict()
            endpoint(file_format="csv", from_date=str(self.first), to_date=str(self.last))
            content = frappe.local.response.filecontent
            self.assertEqual(frappe.local.response.type, "download")
            self.assertIn(self.a1.clinic_name, content)
            self.assertNotIn(self.b1.clinic_name, content)
            with self.assertRaises(OutsideYourScope):
                endpoint(file_format="csv", reseller=self.res_b.name)
            with self.assertRaises(OutsideYourScope):
                endpoint(file_format="xlsx", clinic=self.b1.name)
            frappe.set_user(self.ua1)
            with self.assertRaises(frappe.PermissionError):
                endpoint(file_format="csv")
        finally:
            frappe.set_user("Administrator")
            frappe.local.response = frappe._dict()

    # ------------------------------------------------------------------ monthly e-mail
    def queued(self, reseller: str) -> list[frappe._dict]:
        """The e-mails queued for ``reseller``, their HTML decoded from the MIME message."""
        rows = frappe.get_all("Email Queue", filters={"reference_doctype": "Reseller", "reference_name": reseller},
                              fields=["name", "message"])
        for row in rows:
            mime = email.message_from_string(frappe.safe_decode(row.message))
            row.message = "".join(part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
                                  for part in mime.walk() if part.get_content_type() == "text/html")
        return rows

    def test_the_monthly_e_mail_once_per_reseller_with_its_numbers_only(self):
        day_in_next_month = self.last + timedelta(days=5)
        first = monthly.send_monthly_summaries(day_in_next_month)
        self.assertEqual(first[self.res_a.name], 2)  # pt-BR and en managers: one e-mail per language
        self.assertEqual(first[self.res_b.name], 1)
        again = monthly.send_monthly_summaries(day_in_next_month)
        self.assertEqual((again[self.res_a.name], again[self.res_b.name]), (0, 0))

        mails_a = self.queued(self.res_a.name)
        self.assertEqual(len(mails_a), 2)
        recipients = {q.name: frappe.get_all("Email Queue Recipient", filters={"parent": q.name}, pluck="recipient")
                      for q in mails_a}
        self.assertEqual(sorted(r for rs in recipients.values() for r in rs), sorted([self.mgr_a, self.mgr_a_en]))
        expected = self.expected_cards(self.rows_a)
        for q in mails_a:
            message = q.message
            self.assertIn(self.a1.clinic_name, message)
            self.assertNotIn(self.b1.clinic_name, message)
            self.assertNotIn(self.res_b.reseller_name, message)
            self.assertRegex(message, f'data-key="tickets"[^>]*>{expected["tickets"]}<')
            self.assertIn("/indicadores?from_date=" + self.first.isoformat(), message)
            pt = self.mgr_a in recipients[q.name]
            self.assertIn("os indicadores de" if pt else "the indicators of", message)
        mails_b = self.queued(self.res_b.name)
        self.assertEqual(len(mails_b), 1)
        message = mails_b[0].message
        self.assertIn(self.b1.clinic_name, message)
        self.assertNotIn(self.a1.clinic_name, message)
        self.assertRegex(message, f'data-key="tickets"[^>]*>{len(self.rows_b)}<')
        comments = frappe.get_all("Comment", filters={"reference_doctype": "Reseller", "reference_name": self.res_a.name,
                                                      "subject": monthly.marker(self.first)})
        self.assertEqual(len(comments), 1)

    # ------------------------------------------------------------------ helpers
    def response(self, user: str, **form):
        if "from_date" not in form:
            form = {"from_date": str(self.first), "to_date": str(self.last), **form}
        frappe.set_user(user)
        query = "&".join(f"{k}={v}" for k, v in form.items())
        set_request(method="GET", path="/indicadores", query_string=query)
        frappe.local.form_dict = frappe._dict(form)
        frappe.local.lang = frappe.db.get_value("User", user, "language") or "en" if user != "Guest" else "en"
        try:
            return get_response("/indicadores")
        finally:
            frappe.local.form_dict = frappe._dict()
            frappe.set_user("Administrator")
            frappe.local.lang = "en"

    def page(self, user: str, **form) -> tuple[str, int]:
        response = self.response(user, **form)
        return response.get_data(as_text=True), response.status_code

    def section_rows(self, html: str, key: str) -> list[list[str]]:
        section = html.split(f'id="hd-ind-{key}"', 1)[1].split("</section>", 1)[0]
        body = section.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        rows = []
        for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
            rows.append([frappe.utils.html_utils.unescape_html(c.strip()) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)])
        return rows
