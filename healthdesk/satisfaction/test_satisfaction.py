"""Satisfaction after resolution: asked once (e-mail queued once, not again after a reopen), the
answer in Helpdesk's feedback fields, every refusal, the lead's follow-up once, results against
counts computed here from the dataset, and the reseller scope."""

from __future__ import annotations

import email
import email.header
import json
from collections import defaultdict
from datetime import timedelta

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, getdate, now_datetime

from healthdesk.indicators.filters import Filters, build
from healthdesk.indicators.scope import OutsideYourScope, indicator_resellers
from healthdesk.satisfaction import follow_up, results, survey
from healthdesk.test_utils import Network

SETTINGS = "Healthdesk Settings"


def resolve(ticket: str, status: str = "Resolved") -> None:
    doc = frappe.get_doc("HD Ticket", ticket)
    doc.status = status
    doc.save(ignore_permissions=True)
    frappe.db.commit()


def asks(ticket: str) -> list[str]:
    """The ask e-mails queued for ``ticket`` (Email Queue names)."""
    return frappe.get_all("Email Queue", filters={"reference_doctype": "HD Ticket", "reference_name": ticket,
                                                  "message": ["like", "%/avaliar?ticket=%"]}, pluck="name")


class SatisfactionTestCase(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        # no mail server on a test site: Frappe queues the e-mail through its dummy account
        muted = frappe.flags.mute_emails
        frappe.flags.mute_emails = True
        self.addCleanup(setattr, frappe.flags, "mute_emails", muted)
        self.net = Network()
        self.addCleanup(self._cleanup)
        self.lead = self.net.user("lider", roles=("Agent Manager",), system=True, language="pt-BR")
        settings = frappe.get_single(SETTINGS)
        before = (settings.satisfaction_follow_up_user, settings.satisfaction_low_threshold)
        frappe.db.set_single_value(SETTINGS, {"satisfaction_follow_up_user": self.lead, "satisfaction_low_threshold": 2})
        self._settings_before = {"satisfaction_follow_up_user": before[0], "satisfaction_low_threshold": before[1]}
        self.mgr_a = self.net.user("gestora")
        self.mgr_b = self.net.user("gestorb")
        self.res_a = self.net.reseller(managers=[self.mgr_a])
        self.res_b = self.net.reseller(managers=[self.mgr_b])
        self.clinic_a = self.net.clinic(self.res_a.name)
        self.clinic_a2 = self.net.clinic(self.res_a.name)
        self.clinic_b = self.net.clinic(self.res_b.name)
        self.user_a = self.net.user("clinica", clinics=(self.clinic_a.name,), language="pt-BR")
        self.colleague_a = self.net.user("colega", clinics=(self.clinic_a.name,), language="pt-BR")
        self.user_a2 = self.net.user("clinicb", clinics=(self.clinic_a2.name,), language="pt-BR")
        self.user_b = self.net.user("outra", clinics=(self.clinic_b.name,), language="pt-BR")
        self.agent = self.net.agent()
        frappe.db.commit()

    def _cleanup(self):
        frappe.db.rollback()
        frappe.set_user("Administrator")
        # the settings first, committed: they must never point at the lead this test deletes
        # (every later save of Healthdesk Settings would fail its link check)
        if getattr(self, "_settings_before", None):
            frappe.db.set_single_value(SETTINGS, self._settings_before)
            frappe.clear_document_cache(SETTINGS, SETTINGS)
            frappe.db.commit()
        tickets = [n for kind, n in self.net.created if kind == "HD Ticket"]
        if tickets:
            frappe.db.delete("ToDo", {"reference_type": "HD Ticket", "reference_name": ["in", tickets]})
            frappe.db.delete("Notification Log", {"document_type": "HD Ticket", "document_name": ["in", tickets]})
            for q in frappe.get_all("Email Queue", filters={"reference_doctype": "HD Ticket",
                                                            "reference_name": ["in", tickets]}, pluck="name"):
                frappe.db.delete("Email Queue Recipient", {"parent": q})
                frappe.db.delete("Email Queue", {"name": q})
        frappe.db.commit()
        self.net.cleanup()

    def ticket(self, user: str, clinic: str, module: str | None = None, agent: str | None = None) -> str:
        values = {"clinic": clinic, "ticket_category": "Question"}
        if module:
            values["system_module"] = module
        name = self.net.ticket(as_user=user, **values).name
        if agent:
            frappe.db.set_value("HD Ticket", name, "_assign", json.dumps([agent]), update_modified=False)
            frappe.db.commit()
        return name


class TestAsking(SatisfactionTestCase):
    def test_asked_once_by_email_in_their_language_and_not_again_after_a_reopen(self):
        ticket = self.ticket(self.user_a, self.clinic_a.name, agent=self.agent)
        self.assertEqual(asks(ticket), [])
        resolve(ticket)
        row = frappe.db.get_value("HD Ticket", ticket, ["satisfaction_asked_on", "satisfaction_agent"], as_dict=True)
        self.assertIsNotNone(row.satisfaction_asked_on)
        self.assertEqual(row.satisfaction_agent, self.agent)
        queued = asks(ticket)
        self.assertEqual(len(queued), 1)
        self.assertEqual(frappe.get_all("Email Queue Recipient", filters={"parent": queued[0]}, pluck="recipient"),
                         [self.user_a])
        message = email.message_from_string(frappe.db.get_value("Email Queue", queued[0], "message"))
        self.assertEqual(str(email.header.make_header(email.header.decode_header(message["Subject"]))),
                         f"Como foi o atendimento no chamado {ticket}?")  # pt-BR, the user's language
        html = next(part.get_payload(decode=True).decode() for part in message.walk()
                    if part.get_content_type() == "text/html")
        self.assertIn("Seu chamado", html)
        self.assertIn(f"/avaliar?ticket={ticket}&amp;stars=5", html)  # one click per star
        asked_on = row.satisfaction_asked_on

        resolve(ticket, "Open")
        resolve(ticket, "Closed")  # Closed is in the Resolved category too
        self.assertEqual(len(asks(ticket)), 1)
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket, "satisfaction_asked_on"), asked_on)
        self.assertEqual([w.name for w in survey.waiting(self.user_a)], [ticket])

    def test_tickets_of_no_clinic_user_are_not_asked(self):
        # an agent's ticket about a clinic: nobody of the clinic raised it, nobody is asked
        by_agent = self.net.ticket(raised_by=self.agent, clinic=self.clinic_a.name, ticket_category="Question").name
        resolve(by_agent)
        self.assertIsNone(frappe.db.get_value("HD Ticket", by_agent, "satisfaction_asked_on"))
        self.assertEqual(asks(by_agent), [])
        # a ticket of no clinic at all (e.g. an outside e-mail sender)
        outside = self.net.ticket(raised_by=self.net.email("fora"), ticket_category="Question").name
        resolve(outside)
        self.assertIsNone(frappe.db.get_value("HD Ticket", outside, "satisfaction_asked_on"))
        self.assertEqual(asks(outside), [])
        self.assertFalse(survey.waiting(self.agent))

    def test_an_answer_given_in_helpdesks_close_dialog_is_asked_without_an_email(self):
        # Helpdesk's portal dialog closes and rates in one save: recorded as asked, nothing e-mailed
        ticket = self.ticket(self.user_a, self.clinic_a.name)
        doc = frappe.get_doc("HD Ticket", ticket)
        doc.status = "Closed"
        doc.feedback_rating = 0.2
        doc.save(ignore_permissions=True)
        frappe.db.commit()
        self.assertIsNotNone(frappe.db.get_value("HD Ticket", ticket, "satisfaction_asked_on"))
        self.assertEqual(asks(ticket), [])
        # 1 star: the lead's follow-up opens on that path too
        self.assertEqual(frappe.get_all("ToDo", filters={"reference_name": ticket, "allocated_to": self.lead},
                                        pluck="name").__len__(), 1)


class TestAnswering(SatisfactionTestCase):
    def test_answer_is_stored_in_helpdesks_fields_once(self):
        ticket = self.ticket(self.user_a, self.clinic_a.name)
        resolve(ticket)
        frappe.set_user(self.user_a)
        from healthdesk.api.satisfaction import rate

        self.assertEqual(rate(ticket, 4, "  Resolveu rápido.  "), {"ticket": ticket, "stars": 4})
        frappe.db.commit()
        row = frappe.db.get_value("HD Ticket", ticket, ["feedback_rating", "feedback_extra"], as_dict=True)
        self.assertAlmostEqual(float(row.feedback_rating), 0.8)  # stars / 5, as Helpdesk stores it
        self.assertEqual(row.feedback_extra, "Resolveu rápido.")
        with self.assertRaises(survey.AlreadyRated):
            rate(ticket, 1, "mudei de ideia")
        frappe.set_user("Administrator")
        self.assertAlmostEqual(float(frappe.db.get_value("HD Ticket", ticket, "feedback_rating")), 0.8)
        self.assertEqual(survey.waiting(self.user_a), [])
        # 4 stars is not low: no follow-up
        self.assertFalse(frappe.db.exists("ToDo", {"reference_type": "HD Ticket", "reference_name": ticket}))

    def test_a_colleague_of_the_same_clinic_may_answer(self):
        ticket = self.ticket(self.user_a, self.clinic_a.name)
        resolve(ticket)
        survey.answer(ticket, 5, None, user=self.colleague_a)
        self.assertAlmostEqual(float(frappe.db.get_value("HD Ticket", ticket, "feedback_rating")), 1.0)

    def test_refusals(self):
        ticket = self.ticket(self.user_a, self.clinic_a.name)
        with self.assertRaises(survey.NotResolved):  # not resolved yet
            survey.answer(ticket, 5, user=self.user_a)
        resolve(ticket)
        for outsider in (self.user_b, self.user_a2, self.agent, self.mgr_a, "Guest"):
            with self.subTest(outsider=outsider), self.assertRaises(survey.NotYourTicket):
                survey.answer(ticket, 5, user=outsider)
        with self.assertRaises(survey.NotYourTicket):
            survey.answer("no-such-ticket", 5, user=self.user_a)
        for stars in (0, 6, "x", None):
            with self.subTest(stars=stars), self.assertRaises(survey.InvalidRating):
                survey.answer(ticket, stars, user=self.user_a)
        with self.assertRaises(survey.InvalidRating):
            survey.answer(ticket, 3, "a" * (survey.MAX_COMMENT + 1), user=self.user_a)
        self.assertFalse(frappe.db.get_value("HD Ticket", ticket, "feedback_rating"))
        # the page shows nothing of the ticket to another clinic's user
        self.assertIsNone(survey.ticket_for_page(ticket, self.user_b))
        self.assertEqual(survey.ticket_for_page(ticket, self.user_a).name, ticket)


class TestFollowUp(SatisfactionTestCase):
    def test_low_rating_opens_one_follow_up_for_the_lead(self):
        ticket = self.ticket(self.user_a, self.clinic_a.name)
        resolve(ticket)
        survey.answer(ticket, 2, "Demorou demais.", user=self.user_a)
        frappe.db.commit()
        todos = frappe.get_all("ToDo", filters={"reference_type": "HD Ticket", "reference_name": ticket},
                               fields=["allocated_to", "status", "description"])
        self.assertEqual([t.allocated_to for t in todos], [self.lead])
        self.assertIn("Demorou demais.", todos[0].description)
        self.assertIn(f"Avaliação baixa no chamado {ticket}: 2 de 5 estrelas", todos[0].description)  # the lead's language
        self.assertEqual(frappe.db.count("Notification Log", {"for_user": self.lead, "document_name": ticket}), 1)
        # again (a re-save, Helpdesk's paths): still one
        self.assertEqual(follow_up.follow_up_if_low(ticket), [])
        resolve(ticket, "Closed")
        self.assertEqual(frappe.db.count("ToDo", {"reference_type": "HD Ticket", "reference_name": ticket}), 1)

    def test_threshold_comes_from_the_settings(self):
        frappe.db.set_single_value(SETTINGS, "satisfaction_low_threshold", 3)
        low, fine = self.ticket(self.user_a, self.clinic_a.name), self.ticket(self.user_a, self.clinic_a.name)
        resolve(low)
        resolve(fine)
        survey.answer(low, 3, user=self.user_a)
        survey.answer(fine, 4, user=self.user_a)
        self.assertEqual(frappe.db.count("ToDo", {"reference_name": low, "allocated_to": self.lead}), 1)
        self.assertEqual(frappe.db.count("ToDo", {"reference_name": fine}), 0)

    def test_without_a_named_lead_the_vendors_agent_managers_follow_up(self):
        frappe.db.set_single_value(SETTINGS, "satisfaction_follow_up_user", None)
        manager = self.net.agent()
        frappe.get_doc("User", manager).add_roles("Agent Manager")
        frappe.db.commit()
        self.assertIn(manager, follow_up.leads())
        self.assertNotIn(self.agent, follow_up.leads())  # an Agent, not a manager
        self.assertNotIn(self.lead, follow_up.leads())  # an Agent Manager who is no active HD Agent


class TestResults(SatisfactionTestCase):
    def test_results_match_counts_computed_from_the_dataset(self):
        modules = frappe.get_all("System Module", filters={"enabled": 1}, pluck="name", limit=2, order_by="name")
        self.assertEqual(len(modules), 2, "the installed System Modules")
        agent2 = self.net.agent()
        # (user, clinic, module, agent, stars or None, asked last month)
        plan = [
            (self.user_a, self.clinic_a, modules[0], self.agent, 5, False),
            (self.user_a, self.clinic_a, modules[0], self.agent, 1, False),
            (self.user_a, self.clinic_a, modules[1], agent2, None, False),
            (self.user_a2, self.clinic_a2, modules[1], agent2, 2, True),
            (self.user_a2, self.clinic_a2, modules[0], None, 4, True),
            (self.user_b, self.clinic_b, modules[1], self.agent, 3, False),
            (self.user_b, self.clinic_b, modules[0], agent2, None, True),
        ]
        last_month = add_months(now_datetime(), -1)
        data = []
        for user, clinic, module, agent, stars, earlier in plan:
            name = self.ticket(user, clinic.name, module, agent)
            resolve(name)
            if stars:
                survey.answer(name, stars, user=user)
            if earlier:
                frappe.db.set_value("HD Ticket", name, "satisfaction_asked_on", last_month, update_modified=False)
            data.append({"clinic": clinic.name, "reseller": clinic.reseller, "module": module, "agent": agent,
                         "stars": stars, "month": (last_month if earlier else now_datetime()).strftime("%Y-%m")})
        # a ticket resolved but of no clinic user is not in the population
        resolve(self.net.ticket(raised_by=self.agent, clinic=self.clinic_a.name, ticket_category="Question").name)

        f = Filters(getdate(last_month) - timedelta(days=1), getdate(), [self.res_a.name, self.res_b.name])
        for by in ("clinic", "reseller", "agent", "module", "month"):
            expected = defaultdict(lambda: {"asked": 0, "stars": []})
            for d in data:
                expected[d[by]]["asked"] += 1
                if d["stars"]:
                    expected[d[by]]["stars"].append(d["stars"])
            got = {r["key"]: r for r in results.results(f, by)}
            with self.subTest(by=by):
                self.assertEqual(set(got), set(expected))
                for key, e in expected.items():
                    row = got[key]
                    self.assertEqual(row["asked"], e["asked"])
                    self.assertEqual(row["answers"], len(e["stars"]))
                    self.assertEqual(row["low"], sum(1 for s in e["stars"] if s <= 2))
                    self.assertEqual(row["response_rate"], round(len(e["stars"]) / e["asked"], 4))
                    if e["stars"]:
                        self.assertAlmostEqual(row["average"], sum(e["stars"]) / len(e["stars"]), places=2)
                    else:
                        self.assertIsNone(row["average"])
        # labels people read
        clinic_row = next(r for r in results.results(f, "clinic") if r["key"] == self.clinic_a.name)
        self.assertEqual(clinic_row["label"], self.clinic_a.clinic_name)
        # the period is on the ask: this month only leaves last month's surveys out
        this_month = Filters(getdate(now_datetime()).replace(day=1), getdate(), [self.res_a.name, self.res_b.name])
        self.assertEqual(sum(r["asked"] for r in results.results(this_month, "reseller")),
                         sum(1 for d in data if d["month"] == now_datetime().strftime("%Y-%m")))
        with self.assertRaises(results.InvalidGrouping):
            results.results(f, "severity")

    def test_a_cooperatives_manager_never_sees_another_cooperatives_numbers(self):
        for user, clinic, stars in ((self.user_a, self.clinic_a, 5), (self.user_b, self.clinic_b, 1)):
            name = self.ticket(user, clinic.name)
            resolve(name)
            survey.answer(name, stars, user=user)
        frappe.db.commit()
        allowed = indicator_resellers(self.mgr_a)
        self.assertEqual(allowed, [self.res_a.name])
        rows = results.results(build(allowed), "reseller")
        self.assertEqual([r["key"] for r in rows], [self.res_a.name])
        self.assertEqual(rows[0]["average"], 5)
        with self.assertRaises(OutsideYourScope):
            build(allowed, reseller=self.res_b.name)
        with self.assertRaises(OutsideYourScope):
            build(allowed, clinic=self.clinic_b.name)
        # the report applies the same rule to whoever runs it
        from healthdesk.healthdesk.report.satisfaction.satisfaction import execute

        frappe.set_user(self.mgr_a)
        try:
            _columns, data = execute({"group_by": "clinic"})
            self.assertEqual({r["key"] for r in data}, {self.clinic_a.name})
            with self.assertRaises(OutsideYourScope):
                execute({"group_by": "clinic", "reseller": self.res_b.name})
            frappe.set_user(self.user_a)  # a clinic user sees no indicators at all
            with self.assertRaises(OutsideYourScope):
                execute({"group_by": "clinic"})
        finally:
            frappe.set_user("Administrator")
        _columns, data = execute({"group_by": "reseller"})  # the vendor: both
        self.assertLessEqual({self.res_a.name, self.res_b.name}, {r["key"] for r in data})
