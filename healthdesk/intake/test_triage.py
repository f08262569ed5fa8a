"""Triage on new tickets: the installed rules, every automatic action logged on the ticket, and
undone by an agent."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.api.intake import undo_triage_action
from healthdesk.core import triage
from healthdesk.core.intake import DEFAULT_REPLY_TEXTS
from healthdesk.intake.triage import AlreadyUndone, CannotUndo, can_send_email
from healthdesk.test_utils import IntakeNetwork


def logs(ticket: str) -> dict[str, frappe._dict]:
    frappe.db.rollback()
    rows = frappe.get_all("Triage Action Log", filters={"ticket": ticket}, fields=["*"])
    return {row.action: row for row in rows}


def replies(ticket: str) -> list[str]:
    return frappe.get_all("Communication", filters={"reference_doctype": "HD Ticket", "reference_name": ticket,
                                                     "sent_or_received": "Sent"}, pluck="content")


class TestTriage(FrappeTestCase):
    def setUp(self):
        self.net = IntakeNetwork()
        self.addCleanup(self.net.cleanup)
        self.addCleanup(frappe.set_user, "Administrator")

    def test_tiss_gets_the_resellers_text_and_awaits_the_customer(self):
        _reseller, clinic, user = self.net.clinic_user(tiss_reply_text="Procure a operadora do plano, texto da revenda.")
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="TISS / operator",
                                 subject="Glosa no lote", system_module="Faturamento / TISS")
        found = logs(ticket.name)
        self.assertEqual(set(found), {"auto_reply", "set_status"})
        self.assertEqual(found["set_status"].value, "Replied")  # the status of category "Paused"
        self.assertEqual(found["set_status"].previous_value, "Open")
        self.assertEqual(found["auto_reply"].rule, "tiss_operator")
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "status"), "Replied")
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "severity"), "Not covered")
        self.assertTrue(any("texto da revenda" in text for text in replies(ticket.name)))
        [comment] = frappe.get_all("HD Ticket Comment", filters={"reference_ticket": ticket.name}, pluck="content")
        # sentences in the site's language, not internal names
        self.assertNotIn("tiss_operator", comment)
        self.assertNotIn("auto_reply", comment)
        from healthdesk.intake.triage_comment import triage_comment_html

        one = triage_comment_html([{"kind": "set_status", "value": "Replied"}])  # same language as the site's
        self.assertIn(one[one.index("<li>"):one.index("</li>") + 5], comment)

    def test_awaiting_customer_is_the_status_helpdesk_sets_on_an_agents_reply(self):
        """Category "Paused" resolves to HD Settings' "Update status to" when it is a Paused status,
        else to the first enabled Paused status in Helpdesk's order (not whatever was created first)."""
        from healthdesk.intake.triage import resolve_status

        if not frappe.db.exists("HD Ticket Status", "HDX Aguardando"):
            frappe.get_doc({"doctype": "HD Ticket Status", "label_agent": "HDX Aguardando", "category": "Paused",
                            "order": 0}).insert(ignore_permissions=True)
        previous = frappe.db.get_single_value("HD Settings", "update_status_to")
        try:
            self.assertEqual(resolve_status("Paused"), "Replied")
            frappe.db.set_single_value("HD Settings", "update_status_to", "HDX Aguardando")
            self.assertEqual(resolve_status("Paused"), "HDX Aguardando")
            frappe.db.set_single_value("HD Settings", "update_status_to", "Open")  # not Paused: ignored
            self.assertEqual(resolve_status("Paused"), "Replied")
            self.assertEqual(resolve_status("Open"), "Open")
            self.assertIsNone(resolve_status("No such thing"))
        finally:
            frappe.db.set_single_value("HD Settings", "update_status_to", previous)
            frappe.delete_doc("HD Ticket Status", "HDX Aguardando", force=True, ignore_permissions=True)
            frappe.db.commit()

    def test_tiss_without_reseller_text_gets_the_default(self):
        _reseller, clinic, user = self.net.clinic_user()
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="TISS / operator", subject="Glosa")
        texts = replies(ticket.name)
        self.assertTrue(any("operadora" in text and "glosa" in text for text in texts), texts)

    def test_external_vendor_goes_to_the_vendor_team(self):
        _reseller, clinic, user = self.net.clinic_user()
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="External vendor",
                                 system_module="Integrações (RES)", subject="RES não sincroniza")
        frappe.db.rollback()
        row = frappe.db.get_value("HD Ticket", ticket.name, ["agent_group", "owner_party"], as_dict=True)
        self.assertIn(row.agent_group, triage.team_aliases(triage.TEAM_EXTERNAL_VENDORS))
        self.assertEqual(row.owner_party, triage.OWNER_EXTERNAL_VENDOR)
        found = logs(ticket.name)
        self.assertLessEqual({"set_team", "mark_owner", "notify_vendor"}, set(found))
        self.assertIn("nobody", found["notify_vendor"].note)

    def test_vendor_contact_configured_gets_an_email(self):
        rule = frappe.get_doc("Triage Rule", "external_vendor")
        row = next(a for a in rule.actions if a.kind == "notify_vendor")
        row.value = "fornecedor.res@test.example"
        rule.save()
        frappe.db.commit()
        try:
            _reseller, clinic, user = self.net.clinic_user()
            ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="External vendor", subject="RES")
            frappe.db.rollback()
            log = logs(ticket.name)["notify_vendor"]
            self.assertEqual(log.value, "fornecedor.res@test.example")
            if can_send_email():
                self.assertTrue(frappe.db.exists("Email Queue", {"reference_doctype": "HD Ticket",
                                                                 "reference_name": ticket.name}))
            else:  # no mail server on the test site: the ticket is created all the same, and the log says so
                self.assertIn("Email Account", log.note)
        finally:
            rule = frappe.get_doc("Triage Rule", "external_vendor")
            next(a for a in rule.actions if a.kind == "notify_vendor").value = None
            rule.save()
            frappe.db.commit()

    def test_slowness_gets_the_connection_checklist(self):
        _reseller, clinic, user = self.net.clinic_user()
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Error", severity="Medium",
                                 subject="Sistema muito LENTO", system_module="Agenda")
        self.assertEqual(logs(ticket.name)["auto_reply"].value, triage.REPLY_SLOWNESS)
        self.assertTrue(any("velocidade" in text for text in replies(ticket.name)))
        self.assertEqual(frappe.db.get_value("HD Ticket", ticket.name, "severity"), "Medium")

    def test_data_migration_consultancy_and_memed(self):
        _reseller, clinic, user = self.net.clinic_user()
        migration = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Data migration", subject="Dados")
        consultancy = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Consultancy", subject="Dúvida")
        memed = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Error", severity="High",
                                system_module="Prescrição (MEMED)", subject="Receita não abre")
        frappe.db.rollback()
        self.assertIn(frappe.db.get_value("HD Ticket", migration.name, "agent_group"),
                      triage.team_aliases(triage.TEAM_DATA_MIGRATION))
        self.assertEqual(frappe.db.get_value("HD Ticket", consultancy.name, "severity"), "Not covered")
        self.assertIn(frappe.db.get_value("HD Ticket", memed.name, "agent_group"),
                      triage.team_aliases(triage.TEAM_PRODUCT_SUPPORT))
        self.assertEqual(logs(memed.name)["set_team"].rule, "prescription_module")

    def test_a_question_without_keywords_triggers_nothing(self):
        _reseller, clinic, user = self.net.clinic_user()
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", subject="Como agendar?")
        self.assertEqual(logs(ticket.name), {})
        self.assertIsNone(frappe.db.get_value("HD Ticket", ticket.name, "agent_group"))

    def test_disabled_rule_does_nothing(self):
        rule = frappe.get_doc("Triage Rule", "data_migration")
        rule.enabled = 0
        rule.save()  # as an admin does: the cached rules are dropped
        frappe.db.commit()
        try:
            _reseller, clinic, user = self.net.clinic_user()
            ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Data migration", subject="Dados")
            self.assertNotIn("set_team", logs(ticket.name))
        finally:
            rule = frappe.get_doc("Triage Rule", "data_migration")
            rule.enabled = 1
            rule.save()
            frappe.db.commit()

    def test_agent_undoes_team_status_and_reply(self):
        _reseller, clinic, user = self.net.clinic_user()
        agent = self.net.agent()
        vendor = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="External vendor", subject="RES")
        tiss = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="TISS / operator", subject="Glosa")
        team_log, status_log = logs(vendor.name)["set_team"], logs(tiss.name)["set_status"]
        reply_log = logs(tiss.name)["auto_reply"]
        frappe.set_user(agent)
        undo_triage_action(team_log.name)
        undo_triage_action(status_log.name)
        undo_triage_action(reply_log.name)
        frappe.db.commit()
        frappe.set_user("Administrator")
        self.assertIsNone(frappe.db.get_value("HD Ticket", vendor.name, "agent_group"))
        self.assertEqual(frappe.db.get_value("HD Ticket", tiss.name, "status"), "Open")
        self.assertFalse(frappe.db.exists("Communication", reply_log.communication))
        undone = logs(vendor.name)["set_team"]
        self.assertEqual((undone.undone, undone.undone_by), (1, agent))
        frappe.set_user(agent)
        with self.assertRaises(AlreadyUndone):
            undo_triage_action(undone.name)
        with self.assertRaises(CannotUndo):
            undo_triage_action(logs(vendor.name)["notify_vendor"].name)
        frappe.db.rollback()

    def test_default_texts_are_used_for_the_reply_keys(self):
        self.assertEqual(set(DEFAULT_REPLY_TEXTS), {triage.REPLY_TISS, triage.REPLY_SLOWNESS})

    def test_automatic_reply_is_the_support_teams_and_not_a_first_response(self):
        """An automatic reply is an "Automated Message" written by the support team: the SLA still
        waits for a person's first response, and Helpdesk shows the team, not the clinic user."""
        from healthdesk.utils import SUPPORT_TEAM_USER

        _reseller, clinic, user = self.net.clinic_user()
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question",
                                 subject="Sistema lento", description="Está lento desde ontem.",
                                 system_module="Agenda")
        reply = frappe.get_all("Communication", filters={"reference_doctype": "HD Ticket",
                                                          "reference_name": ticket.name, "sent_or_received": "Sent"},
                               fields=["communication_type", "user", "sender_full_name", "recipients"])
        self.assertEqual(len(reply), 1)
        self.assertEqual(reply[0].communication_type, "Automated Message")
        self.assertEqual((reply[0].user, reply[0].recipients), (SUPPORT_TEAM_USER, user))
        self.assertEqual(reply[0].sender_full_name, frappe.db.get_value("User", SUPPORT_TEAM_USER, "full_name"))
        self.assertFalse(frappe.db.get_value("HD Ticket", ticket.name, "first_responded_on"))
        [commented_by] = frappe.get_all("HD Ticket Comment", filters={"reference_ticket": ticket.name},
                                        pluck="commented_by")
        self.assertEqual(commented_by, SUPPORT_TEAM_USER)
        self.assertEqual(frappe.db.get_value("User", SUPPORT_TEAM_USER, "enabled"), 0)  # it cannot log in

    def test_no_automatic_reply_to_someone_outside_the_clinic(self):
        _reseller, clinic, _user = self.net.clinic_user()
        stranger = f"estranho.{frappe.generate_hash(length=6)}@test.example"
        ticket = self.net.ticket(clinic=clinic.name, raised_by=stranger, ticket_category="Question",
                                 subject="Sistema lento", description="Está lento.", system_module="Agenda")
        self.assertEqual(replies(ticket.name), [])
        self.assertTrue(logs(ticket.name)["auto_reply"].note)  # logged, with why nothing was sent
