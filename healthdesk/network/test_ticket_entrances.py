"""A ticket that arrives by e-mail gets the same clinic rules as every other entrance (REST and
Helpdesk's pages over HTTP: tests/e2e/test_ticket_entrances.py; the ``/abrir-chamado`` form:
healthdesk's intake tests).

E-mail goes through Frappe's own inbound path: a raw RFC 822 message given to ``InboundMail``
for an Email Account that appends to HD Ticket, as Frappe's and Helpdesk's e-mail pull does.
"""

from __future__ import annotations

import secrets
from email.utils import formatdate

import frappe
from frappe.email.receive import InboundMail
from frappe.tests.utils import FrappeTestCase

from healthdesk.setup.install import CONTRACT_SLA
from healthdesk.test_utils import Network, clinic_senders, contract_sla, enter

ACCOUNT = "Healthdesk Test Inbox"
INBOX = "suporte.inbox@test.example"


def _inbox():
    if frappe.db.exists("Email Account", ACCOUNT) and not frappe.db.get_value("Email Account", ACCOUNT, "enable_outgoing"):
        frappe.delete_doc("Email Account", ACCOUNT, force=True, ignore_permissions=True)  # made by an older version
    if not frappe.db.exists("Email Account", ACCOUNT):
        frappe.get_doc({
            "doctype": "Email Account", "email_account_name": ACCOUNT, "email_id": INBOX,
            "enable_incoming": 1, "use_imap": 0, "append_to": "HD Ticket", "email_server": "pop.test.example",
            "password": "not-used", "domain": None,
            # agents reply from it (not the site's default outgoing account: other tests keep theirs)
            "enable_outgoing": 1, "default_outgoing": 0, "smtp_server": "smtp.test.example",
        }).insert(ignore_permissions=True)
        frappe.db.commit()
    return frappe.get_doc("Email Account", ACCOUNT)


class TestTicketEntrances(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        self.net = Network()
        self.addCleanup(self.net.cleanup)
        enter(self, contract_sla())
        self.world = clinic_senders(self.net)
        self.inbox = _inbox()

    def _mail(self, sender: str, subject: str, body: str = "Bom dia, preciso de ajuda.", **headers) -> str:
        """Deliver a raw e-mail through Frappe's inbound path; returns the ticket it created or updated."""
        message_id = f"<{secrets.token_hex(8)}@test.example>"
        lines = [f"From: Pessoa Teste <{sender}>", f"To: {INBOX}", f"Subject: {subject}",
                 f"Message-ID: {message_id}", f"Date: {formatdate(localtime=True)}",
                 *(f"{k}: {v}" for k, v in headers.items()),
                 "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body]
        communication = InboundMail("\r\n".join(lines), self.inbox).process()
        frappe.db.commit()
        self.net.track("Communication", communication.name)
        self.assertEqual(communication.reference_doctype, "HD Ticket")
        self.net.track("HD Ticket", communication.reference_name)
        return communication.reference_name

    def test_email_from_a_one_clinic_user_gets_that_clinic(self):
        world = self.world
        ticket = frappe.get_doc("HD Ticket", self._mail(world.one, "Erro ao emitir guia"))
        self.assertEqual(ticket.clinic, world.first.name)
        self.assertEqual(ticket.reseller, world.reseller.name)
        self.assertEqual(ticket.customer, world.first.hd_customer)
        self.assertFalse(ticket.clinic_to_confirm)
        self.assertEqual(ticket.sla, CONTRACT_SLA)  # the SLA was chosen again once the clinic was known
        self.assertEqual(ticket.support_level, 1)

    def test_email_from_a_multi_clinic_user_is_flagged_for_an_agent(self):
        world = self.world
        ticket = frappe.get_doc("HD Ticket", self._mail(world.many, "Dúvida sobre agenda"))
        self.assertFalse(ticket.clinic)
        self.assertEqual(ticket.clinic_to_confirm, 1)
        # the agent chooses; the flag clears and the contract applies
        ticket.clinic = world.second.name
        ticket.save(ignore_permissions=True)
        frappe.db.commit()
        ticket.reload()
        self.assertEqual(ticket.clinic_to_confirm, 0)
        self.assertEqual(ticket.reseller, world.reseller.name)
        self.assertEqual(ticket.sla, CONTRACT_SLA)

    def test_email_from_someone_without_a_clinic_is_kept_and_flagged(self):
        for who in ("none", "stranger"):
            with self.subTest(who):
                sender = self.world.none if who == "none" else self.net.email("desconhecido")
                ticket = frappe.get_doc("HD Ticket", self._mail(sender, "Pergunta", body="Texto completo da pergunta."))
                self.assertEqual(ticket.raised_by, sender)
                self.assertIn("Texto completo da pergunta.", frappe.db.get_value(
                    "Communication", {"reference_name": ticket.name, "reference_doctype": "HD Ticket"}, "content"))
                self.assertFalse(ticket.clinic)
                self.assertEqual(ticket.clinic_to_confirm, 1)

    def test_agent_reply_by_email_keeps_working(self):
        world = self.world
        name = self._mail(world.one, "Resposta por e-mail")
        agent = self.net.agent()
        frappe.set_user(agent)
        ticket = frappe.get_doc("HD Ticket", name)
        # as the agent UI sends it: to the customer, from the support inbox
        ticket.reply_via_agent(message="<p>Olá, verificamos o problema.</p>", to=world.one,
                               from_email={"email_id": INBOX, "email_account": ACCOUNT})
        frappe.db.commit()
        frappe.set_user("Administrator")
        sent = frappe.get_all("Communication", filters={"reference_doctype": "HD Ticket", "reference_name": name,
                                                         "sent_or_received": "Sent"},
                              fields=["name", "recipients", "sender"])
        self.assertTrue(sent and world.one in sent[0].recipients)
        for row in sent:
            self.net.track("Communication", row.name)
        # the customer's answer by e-mail threads onto the same ticket
        reply_to = frappe.db.get_value("Communication", sent[0].name, "message_id")
        again = self._mail(world.one, "Re: Resposta por e-mail",
                           **({"In-Reply-To": f"<{reply_to}>"} if reply_to else {}))
        self.assertEqual(again, name)

    def test_customer_cannot_choose_a_severity_for_a_question(self):
        world = self.world
        ticket = self.net.ticket(as_user=world.one, clinic=world.first.name, ticket_category="Question",
                                 severity="High")
        self.assertNotEqual(ticket.severity, "High")
