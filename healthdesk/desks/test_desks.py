"""Reseller desks on a real site: routing on every entrance, escalation between the desk and the
vendor both ways, the two clocks, and the SLA report's desk columns."""

from __future__ import annotations

import secrets
from datetime import timedelta

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime, now_datetime

from healthdesk.core.desks import DESK, ESCALATE, RETURN, VENDOR
from healthdesk.desks.handover import DeskMoveRefused
from healthdesk.desks.routing import TeamOfAnotherDesk
from healthdesk.escalation.levels import move
from healthdesk.sla.calendars import ticket_calendar, to_aware, to_site
from healthdesk.test_utils import Network, contract_sla, enter


def make_desk(net: Network, targets=(("High", 2, 8), ("Medium", 4, 16), ("Low", 8, 40))):
    """A reseller that runs its own first line: its desk team with one desk agent, a clinic and a
    clinic user. Returns (reseller, clinic, customer, desk agent, team)."""
    agent = net.agent()
    team = frappe.get_doc({"doctype": "HD Team", "team_name": f"Mesa Teste {secrets.token_hex(3)}",
                           "users": [{"user": agent}]}).insert(ignore_permissions=True).name
    reseller = net.reseller()
    reseller.own_first_line = 1
    reseller.desk_team = team
    for severity, response, resolution in targets:
        reseller.append("desk_targets", {"severity": severity, "response_hours": response,
                                         "resolution_hours": resolution})
    reseller.save(ignore_permissions=True)
    clinic = net.clinic(reseller.name)
    customer = net.user("cliente", clinics=(clinic.name,))
    frappe.db.commit()
    return reseller, clinic, customer, agent, team


class TestDesks(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        self.net = Network()
        self.teams: list[str] = []
        self.addCleanup(self._cleanup)
        enter(self, contract_sla())
        self.reseller, self.clinic, self.customer, self.desk_agent, self.team = make_desk(self.net)
        self.teams.append(self.team)
        self.vendor_agent = self.net.agent()
        other = self.net.reseller()  # a reseller without a desk
        self.plain_clinic = self.net.clinic(other.name)
        self.plain_customer = self.net.user("outra", clinics=(self.plain_clinic.name,))

    def _cleanup(self):
        # the team first (its members are users the network deletes), once no reseller names it
        frappe.set_user("Administrator")
        frappe.db.rollback()
        for team in self.teams:
            frappe.db.set_value("Reseller", {"desk_team": team}, {"desk_team": None, "own_first_line": 0})
            if frappe.db.exists("HD Team", team):
                frappe.delete_doc("HD Team", team, force=True, ignore_permissions=True)
        frappe.db.commit()
        self.net.cleanup()

    def _move(self, ticket: str, direction: str, reason: str, as_user: str) -> None:
        frappe.set_user(as_user)
        try:
            move(ticket, direction, reason)
        finally:
            frappe.set_user("Administrator")

    def _desk_ticket(self, **values):
        return self.net.ticket(as_user=self.customer, clinic=self.clinic.name, ticket_category="Error",
                               severity=values.pop("severity", "High"), **values)

    # ------------------------------------------------------------------ routing
    def test_a_desk_resellers_ticket_goes_to_its_desk_with_no_vendor_clock(self):
        ticket = self._desk_ticket()
        self.assertEqual(ticket.support_desk, DESK)
        self.assertTrue(ticket.desk_ticket)
        self.assertEqual(ticket.agent_group, self.team)
        self.assertFalse(ticket.vendor_received_at)
        self.assertIsNone(ticket.response_by)  # the vendor's contract clock has not started
        self.assertIsNone(ticket.resolution_by)

    def test_a_ticket_of_a_reseller_without_a_desk_goes_to_the_vendor(self):
        ticket = self.net.ticket(as_user=self.plain_customer, clinic=self.plain_clinic.name,
                                 ticket_category="Error", severity="High")
        self.assertEqual(ticket.support_desk, VENDOR)
        self.assertFalse(ticket.desk_ticket)
        self.assertTrue(ticket.vendor_received_at)
        self.assertTrue(ticket.response_by)  # the contract's clock runs from creation
        self.assertNotEqual(ticket.agent_group, self.team)

    def test_a_ticket_of_no_clinic_is_left_as_helpdesk_made_it(self):
        ticket = self.net.ticket(subject="Sem clínica")
        self.assertFalse(ticket.support_desk)
        self.assertFalse(ticket.desk_ticket)

    def test_every_entrance_routes_to_the_desk(self):
        from healthdesk.intake.form import create_ticket
        from healthdesk.network.test_ticket_entrances import INBOX, _inbox

        entrances = {}
        # Helpdesk's agent page and the REST API insert as an agent would
        entrances["agent"] = self.net.ticket(clinic=self.clinic.name, ticket_category="Question").name
        # Helpdesk's customer page
        entrances["customer"] = self._desk_ticket(severity="Low").name
        # healthdesk's /abrir-chamado form
        frappe.set_user(self.customer)
        try:
            made = create_ticket(clinic=self.clinic.name, category="Question", module="Agenda",
                                 subject="Como agendar retorno", happened="Não encontro a opção.")
        finally:
            frappe.set_user("Administrator")
        self.net.track("HD Ticket", made["name"])
        entrances["form"] = made["name"]
        # e-mail, through Frappe's inbound path
        from email.utils import formatdate

        from frappe.email.receive import InboundMail

        lines = [f"From: Cliente Teste <{self.customer}>", f"To: {INBOX}", "Subject: Erro na agenda",
                 f"Message-ID: <{secrets.token_hex(8)}@test.example>", f"Date: {formatdate(localtime=True)}",
                 "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", "Bom dia."]
        communication = InboundMail("\r\n".join(lines), _inbox()).process()
        frappe.db.commit()
        self.net.track("Communication", communication.name)
        self.net.track("HD Ticket", communication.reference_name)
        entrances["email"] = communication.reference_name
        for entrance, name in entrances.items():
            with self.subTest(entrance=entrance):
                ticket = frappe.get_doc("HD Ticket", name)
                self.assertEqual(ticket.clinic, self.clinic.name)
                self.assertEqual(ticket.support_desk, DESK)
                self.assertEqual(ticket.agent_group, self.team)

    def test_a_desk_team_holds_only_its_resellers_tickets(self):
        ticket = self.net.ticket(as_user=self.plain_customer, clinic=self.plain_clinic.name, ticket_category="Question")
        ticket.reload()  # triage's after_insert saved it again
        ticket.agent_group = self.team
        with self.assertRaises(TeamOfAnotherDesk):
            ticket.save()

    def test_desk_fields_are_kept_by_healthdesk(self):
        ticket = self._desk_ticket()
        ticket.reload()
        ticket.support_desk = VENDOR
        with self.assertRaises(frappe.ValidationError):
            ticket.save()

    # ------------------------------------------------------------------ the desk's clock
    def test_the_desks_targets_run_from_creation_in_the_contract_calendar(self):
        ticket = self._desk_ticket(severity="High")
        calendar = ticket_calendar(ticket)
        created = get_datetime(ticket.creation)
        expected_response = to_site(calendar.add(to_aware(created), timedelta(hours=2)))
        expected_resolution = to_site(calendar.add(to_aware(created), timedelta(hours=8)))
        self.assertLessEqual(abs((get_datetime(ticket.desk_response_by) - expected_response).total_seconds()), 120)
        self.assertLessEqual(abs((get_datetime(ticket.desk_resolution_by) - expected_resolution).total_seconds()), 120)

    def test_a_severity_without_desk_targets_has_no_desk_deadline(self):
        self.reseller.reload()
        self.reseller.desk_targets = [r for r in self.reseller.desk_targets if r.severity != "Low"]
        self.reseller.save(ignore_permissions=True)
        frappe.db.commit()
        ticket = self._desk_ticket(severity="Low")
        self.assertIsNone(ticket.desk_response_by)

    def test_the_desks_answer_is_the_desks_first_response_not_the_vendors(self):
        ticket = self._desk_ticket()
        frappe.set_user(self.desk_agent)
        try:
            ticket.reload()
            ticket.first_responded_on = now_datetime()  # as Helpdesk sets it on an agent's reply
            ticket.save()
        finally:
            frappe.set_user("Administrator")
        ticket.reload()
        self.assertTrue(ticket.desk_first_responded_on)
        self.assertFalse(ticket.first_responded_on)

    # ------------------------------------------------------------------ between the desks
    def test_the_desk_escalates_to_the_vendor_whose_clock_starts_then(self):
        ticket = self._desk_ticket(severity="High")
        self._move(ticket.name, ESCALATE, "Erro no faturamento: precisa do fornecedor.", self.desk_agent)
        ticket.reload()
        self.assertEqual(ticket.support_desk, VENDOR)
        self.assertEqual(ticket.support_level, 2)
        self.assertTrue(ticket.vendor_received_at)
        self.assertEqual(get_datetime(ticket.service_level_agreement_creation), get_datetime(ticket.vendor_received_at))
        sla = frappe.get_doc("HD Service Level Agreement", ticket.sla)
        expected = sla.calc_time(ticket.vendor_received_at, ticket.priority, "response_time")
        self.assertEqual(get_datetime(ticket.response_by), get_datetime(expected))
        self.assertTrue(ticket.desk_response_by)  # the desk's clock is still there, from creation
        comment = frappe.get_all("HD Ticket Comment", filters={"reference_ticket": ticket.name},
                                 fields=["shareable_with_desk"], order_by="creation desc", limit=1)[0]
        self.assertTrue(comment.shareable_with_desk)

    def test_the_vendor_returns_it_to_the_desk_with_an_answer(self):
        ticket = self._desk_ticket()
        self._move(ticket.name, ESCALATE, "Precisa do fornecedor.", self.desk_agent)
        self._move(ticket.name, RETURN, "Corrigido na versão de amanhã; orientar a clínica.", self.vendor_agent)
        ticket.reload()
        self.assertEqual(ticket.support_desk, DESK)
        self.assertEqual(ticket.support_level, 1)
        self.assertEqual(ticket.agent_group, self.team)
        self.assertTrue(ticket.vendor_returned_at)
        kept = ticket.response_by
        ticket.save()  # the vendor's clock stands still while the desk holds it again
        ticket.reload()
        self.assertEqual(ticket.response_by, kept)

    def test_only_the_vendor_returns_a_ticket_to_the_desk(self):
        ticket = self._desk_ticket()
        frappe.set_user(self.desk_agent)
        try:
            move(ticket.name, ESCALATE, "Precisa do fornecedor.")
            with self.assertRaises(DeskMoveRefused):
                move(ticket.name, RETURN, "Devolvendo eu mesmo.")
            with self.assertRaises(DeskMoveRefused):
                move(ticket.name, ESCALATE, "Para o nível 3.")
        finally:
            frappe.set_user("Administrator")

    def test_a_desk_agents_message_after_escalation_is_not_the_vendors_response(self):
        ticket = self._desk_ticket()
        frappe.set_user(self.desk_agent)
        try:
            move(ticket.name, ESCALATE, "Precisa do fornecedor.")
            ticket.reload()
            ticket.first_responded_on = now_datetime()
            ticket.save()
        finally:
            frappe.set_user("Administrator")
        ticket.reload()
        self.assertFalse(ticket.first_responded_on)

    # ------------------------------------------------------------------ who answers, on the ticket
    def _ticket_page(self, ticket: str, user: str) -> dict:
        """What Helpdesk's ticket page receives (its get_one, through healthdesk's wrapper)."""
        from healthdesk.portal.ticket_fields import ticket_get_one

        frappe.set_user(user)
        try:
            return ticket_get_one(ticket, is_customer_portal=True)
        finally:
            frappe.set_user("Administrator")

    def test_the_clinic_reads_on_its_ticket_who_answers_and_how_to_reach_them(self):
        frappe.db.set_value("Reseller", self.reseller.name, {
            "support_contact_name": "Central da Cooperativa", "support_contact_email": "central@coop.example",
            "support_contact_phone": "(11) 4000-0000"})
        frappe.db.commit()
        name = self.reseller.reseller_name
        ticket = self._desk_ticket()
        page = self._ticket_page(ticket.name, self.customer)
        self.assertEqual(page["answered_by_text"], f"The support team of {name}")
        self.assertEqual(page["point_of_contact"], "Central da Cooperativa · central@coop.example · (11) 4000-0000")
        # the clinic's page shows both fields (Default template, not hidden from customers)
        shown = {f["fieldname"] for f in page["template"]["fields"] if not f.get("hide_from_customer")}
        self.assertTrue({"answered_by_text", "point_of_contact"} <= shown)

        # escalated: the vendor answers, and the cooperative stays the clinic's point of contact
        self._move(ticket.name, ESCALATE, "Precisa do fornecedor.", self.desk_agent)
        page = self._ticket_page(ticket.name, self.customer)
        self.assertEqual(page["answered_by_text"], f"The vendor's support, at the request of {name}")
        self.assertIn("central@coop.example", page["point_of_contact"])

        # returned: the desk again
        self._move(ticket.name, RETURN, "Corrigido na versão 5.2.", self.vendor_agent)
        self.assertEqual(self._ticket_page(ticket.name, self.customer)["answered_by_text"],
                         f"The support team of {name}")

        # the contact shown is the cooperative's current one, not a copy kept on the ticket
        frappe.db.set_value("Reseller", self.reseller.name, "support_contact_phone", "(11) 4000-9999")
        frappe.db.commit()
        from healthdesk.desks.visibility import clear_cache

        clear_cache()  # a new request: the contact is read once per request
        self.assertTrue(self._ticket_page(ticket.name, self.customer)["point_of_contact"].endswith("(11) 4000-9999"))

    def test_a_ticket_of_a_reseller_without_a_desk_is_answered_by_the_vendor_on_the_ticket(self):
        ticket = self.net.ticket(as_user=self.plain_customer, clinic=self.plain_clinic.name,
                                 ticket_category="Error", severity="High")
        page = self._ticket_page(ticket.name, self.plain_customer)
        self.assertEqual(page["answered_by_text"], "The vendor's support")
        self.assertEqual(page["point_of_contact"], "Write on this ticket: the vendor's support answers you here.")

    def test_who_answers_is_in_the_clinics_language(self):
        ticket = self._desk_ticket()
        frappe.db.set_value("User", self.customer, "language", "pt-BR")
        frappe.db.commit()
        frappe.set_user(self.customer)
        frappe.local.lang = "pt-BR"
        try:
            from healthdesk.portal.ticket_fields import ticket_get_one

            page = ticket_get_one(ticket.name, is_customer_portal=True)
        finally:
            frappe.local.lang = "en"
            frappe.set_user("Administrator")
        self.assertEqual(page["answered_by_text"], f"Equipe de suporte da {self.reseller.reseller_name}")
        labels = {f["fieldname"]: f["label"] for f in page["template"]["fields"]}
        self.assertEqual(labels["answered_by_text"], "Quem está atendendo")
        self.assertEqual(labels["point_of_contact"], "Seu ponto de contato")

    # ------------------------------------------------------------------ the report
    def test_the_sla_report_shows_both_clocks(self):
        from healthdesk.healthdesk.report.sla_compliance.sla_compliance import execute

        self._desk_ticket()
        self.net.ticket(as_user=self.plain_customer, clinic=self.plain_clinic.name, ticket_category="Error",
                        severity="High")
        columns, data = execute({"group_by": "Reseller"})
        names = {c["fieldname"] for c in columns}
        self.assertLessEqual({"desk_tickets", "desk_met", "desk_breached", "desk_compliance"}, names)
        rows = {r.get("reseller"): r for r in data}
        self.assertEqual(rows[self.reseller.name]["desk_tickets"], 1)
        self.assertEqual(rows[self.reseller.name]["not_covered"], 1)  # no vendor clock yet
        self.assertEqual(rows[self.plain_clinic.reseller]["desk_tickets"], 0)

    def test_helpdesks_outside_hours_banner_on_a_ticket_without_a_vendor_deadline(self):
        # Helpdesk's banner announces the response deadline and fails without one
        from healthdesk.desks.helpdesk_paths import show_outside_hours_banner

        ticket = self._desk_ticket()
        before = frappe.db.get_single_value("HD Settings", "enable_outside_hours_banner")
        frappe.db.set_single_value("HD Settings", "enable_outside_hours_banner", 1)
        try:
            self.assertEqual(show_outside_hours_banner(ticket.name), {"show": False})
        finally:
            frappe.db.set_single_value("HD Settings", "enable_outside_hours_banner", before or 0)
            frappe.db.commit()
