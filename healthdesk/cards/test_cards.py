"""Product cards on a real site: a ticket becomes a card, duplicates from several clinics are
grouped, the product team moves the status (allowed and refused moves, typed errors), Released
tells every linked clinic, Declined tells the agents and the cooperative, and who sees which cards."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.api import cards as api
from healthdesk.cards import exceptions as err
from healthdesk.cards.setup import FORM_SCRIPT, ensure_ticket_form_script
from healthdesk.cards.visibility import card_resellers
from healthdesk.constants import PRODUCT_MANAGER, RESELLER_MANAGER
from healthdesk.core import cards as core
from healthdesk.test_utils import IntakeNetwork

CARD = "Product Card"


class CardsTestCase(FrappeTestCase):
    def setUp(self):
        self.net = IntakeNetwork()
        self.addCleanup(self.net.cleanup)
        self.addCleanup(self.delete_cards)  # runs first: the cards link the tickets
        self.addCleanup(frappe.set_user, "Administrator")

    def delete_cards(self):
        frappe.db.rollback()
        frappe.set_user("Administrator")
        tickets = [name for kind, name in self.net.created if kind == "HD Ticket"]
        cards = set(frappe.get_all("Product Card Ticket", filters={"ticket": ["in", tickets or [""]]}, pluck="parent"))
        cards |= set(frappe.get_all(CARD, filters={"title": ["like", f"%{self.net.tag}%"]}, pluck="name"))
        for name in cards:
            frappe.db.delete("Notification Log", {"document_type": CARD, "document_name": name})
            frappe.delete_doc(CARD, name, force=True, ignore_permissions=True, delete_permanently=True)
        frappe.db.commit()

    # ------------------------------------------------------------------ the network
    def cooperative(self, managers=()):
        reseller = self.net.reseller(managers=list(managers))
        clinic = self.net.clinic(reseller.name)
        user = self.net.user("clinica", clinics=(clinic.name,), language="pt-BR")
        return reseller, clinic, user

    def ticket(self, user, clinic, subject="Erro ao imprimir a guia"):
        return self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question",
                               subject=f"{subject} {self.net.tag}")

    def product_manager(self):
        return self.net.user("produto", roles=(PRODUCT_MANAGER,), system=True)

    def manager(self):
        return self.net.user("gestor", roles=(RESELLER_MANAGER,))

    def title(self, text="Impressão da guia falha"):
        return f"{text} {self.net.tag}"

    def card_as_admin(self, tickets, kind=core.BUG_REPORT, reseller=None):
        frappe.set_user("Administrator")
        doc = frappe.get_doc({"doctype": CARD, "kind": kind, "title": self.title(), "reseller": reseller,
                              "tickets": [{"ticket": t.name} for t in tickets]}).insert()
        return doc.name

    def move(self, user, card, status, note=None):
        frappe.set_user(user)
        try:
            return api.move(card, status, note)
        finally:
            frappe.set_user("Administrator")


class TestCardsFromTickets(CardsTestCase):
    def test_an_agent_turns_a_ticket_into_a_card(self):
        _r, clinic, user = self.cooperative()
        ticket = self.ticket(user, clinic)
        agent = self.net.agent()
        frappe.set_user(agent)
        made = api.create_from_ticket(ticket.name, core.BUG_REPORT, self.title(), "Ao imprimir a guia, a tela fica branca.")
        self.assertEqual((made["status"], made["kind"], made["tickets"]), (core.RECEIVED, core.BUG_REPORT, 1))
        self.assertIsNone(made["reseller"])  # the vendor's own desk raised it
        frappe.set_user("Administrator")
        card = frappe.get_doc(CARD, made["name"])
        self.assertEqual(card.raised_by, agent)
        row = card.tickets[0]
        self.assertEqual((row.ticket, row.clinic, row.added_by, row.card_kind),
                         (ticket.name, clinic.name, agent, core.BUG_REPORT))
        self.assertTrue(row.added_on)
        self.assertEqual([(h.from_status, h.to_status, h.changed_by) for h in card.status_history],
                         [("", core.RECEIVED, agent)])
        frappe.set_user(agent)
        seen = api.ticket_cards(ticket.name)
        self.assertEqual([c["name"] for c in seen["cards"]], [card.name])
        self.assertEqual([k["value"] for k in seen["kinds"]], [core.IMPROVEMENT_REQUEST])  # one card per kind

    def test_duplicates_from_two_clinics_are_grouped_under_one_card(self):
        _r, clinic_a, user_a = self.cooperative()
        _r2, clinic_b, user_b = self.cooperative()
        first, second = self.ticket(user_a, clinic_a), self.ticket(user_b, clinic_b)
        agent = self.net.agent()
        frappe.set_user(agent)
        card = api.create_from_ticket(first.name, core.BUG_REPORT, self.title())["name"]
        self.assertIn(card, [c["name"] for c in api.ticket_cards(second.name)["candidates"]])
        self.assertEqual(api.add_ticket(card, second.name)["tickets"], 2)
        frappe.set_user("Administrator")
        rows = frappe.get_doc(CARD, card).tickets
        self.assertEqual({(r.ticket, r.clinic) for r in rows}, {(first.name, clinic_a.name), (second.name, clinic_b.name)})

    def test_a_ticket_is_in_at_most_one_card_of_each_kind(self):
        _r, clinic, user = self.cooperative()
        ticket, other = self.ticket(user, clinic), self.ticket(user, clinic, "Outro erro")
        agent = self.net.agent()
        frappe.set_user(agent)
        card = api.create_from_ticket(ticket.name, core.BUG_REPORT, self.title())["name"]
        other_card = api.create_from_ticket(other.name, core.BUG_REPORT, self.title("Outro"))["name"]
        with self.assertRaises(err.TicketInAnotherCard):
            api.create_from_ticket(ticket.name, core.BUG_REPORT, self.title("De novo"))
        with self.assertRaises(err.TicketInAnotherCard):
            api.add_ticket(other_card, ticket.name)
        with self.assertRaises(err.TicketAlreadyInCard):
            api.add_ticket(card, ticket.name)
        # an improvement request is another kind: the same ticket may also ask for one
        wish = api.create_from_ticket(ticket.name, core.IMPROVEMENT_REQUEST, self.title("Melhoria"))
        self.assertEqual(wish["kind"], core.IMPROVEMENT_REQUEST)
        self.assertEqual(api.ticket_cards(ticket.name)["kinds"], [])

    def test_refusals_when_joining(self):
        reseller, clinic, user = self.cooperative()
        _r2, clinic_b, user_b = self.cooperative()
        ticket, foreign, late = self.ticket(user, clinic), self.ticket(user_b, clinic_b), self.ticket(user, clinic)
        cooperative_card = self.card_as_admin([ticket], reseller=reseller.name)
        agent = self.net.agent()
        frappe.set_user(agent)
        with self.assertRaises(err.TicketOfAnotherReseller):
            api.add_ticket(cooperative_card, foreign.name)
        self.assertNotIn(cooperative_card, [c["name"] for c in api.ticket_cards(foreign.name)["candidates"]])
        with self.assertRaises(frappe.ValidationError):
            api.create_from_ticket(ticket.name, "Feature", self.title())
        with self.assertRaises(err.PersonalDataInCard):
            api.create_from_ticket(late.name, core.IMPROVEMENT_REQUEST, self.title(), "CPF do paciente 529.982.247-25")
        frappe.set_user("Administrator")
        self.move("Administrator", cooperative_card, core.DECLINED, "Comportamento esperado")
        frappe.set_user(agent)
        with self.assertRaises(err.CardClosed):
            api.add_ticket(cooperative_card, late.name)

    def test_a_customer_cannot_read_or_make_cards(self):
        _r, clinic, user = self.cooperative()
        ticket = self.ticket(user, clinic)
        card = self.card_as_admin([ticket])
        frappe.set_user(user)
        self.assertFalse(frappe.has_permission(CARD, "read", doc=card))
        with self.assertRaises(frappe.PermissionError):
            frappe.get_list(CARD)
        with self.assertRaises(frappe.PermissionError):
            api.ticket_cards(ticket.name)
        with self.assertRaises(frappe.PermissionError):
            api.create_from_ticket(ticket.name, core.BUG_REPORT, self.title())
        with self.assertRaises(frappe.PermissionError):
            api.move(card, core.UNDER_ANALYSIS)


class TestCardStatus(CardsTestCase):
    def test_allowed_and_refused_moves(self):
        _r, clinic, user = self.cooperative()
        card = self.card_as_admin([self.ticket(user, clinic)])
        pm, agent = self.product_manager(), self.net.agent()
        with self.assertRaises(err.CardMoveNotAllowed):
            self.move(pm, card, core.PLANNED)  # skips the analysis
        with self.assertRaises(err.NotProductTeam):
            self.move(agent, card, core.UNDER_ANALYSIS)
        # the same rule on any path: an agent editing the card's status directly
        frappe.set_user(agent)
        doc = frappe.get_doc(CARD, card)
        doc.status = core.UNDER_ANALYSIS
        with self.assertRaises(err.NotProductTeam):
            doc.save()
        frappe.set_user("Administrator")
        frappe.set_user(pm)
        self.assertEqual([m["status"] for m in api.allowed_moves(card)], [core.UNDER_ANALYSIS, core.DECLINED])
        frappe.set_user("Administrator")
        self.assertEqual(self.move(pm, card, core.UNDER_ANALYSIS)["status"], core.UNDER_ANALYSIS)
        self.assertEqual(self.move(pm, card, core.PLANNED)["status"], core.PLANNED)
        with self.assertRaises(err.ReleaseNotesRequired):
            self.move(pm, card, core.RELEASED, "  ")
        self.assertEqual(self.move(pm, card, core.RELEASED, "Versão 5.2")["status"], core.RELEASED)
        with self.assertRaises(err.CardMoveNotAllowed):
            self.move(pm, card, core.DECLINED, "Tarde demais")
        with self.assertRaises(err.CardMoveNotAllowed):
            self.move(pm, card, core.UNDER_ANALYSIS, "Voltou a falhar")  # only an admin reopens
        with self.assertRaises(err.ReopenReasonRequired):
            self.move("Administrator", card, core.UNDER_ANALYSIS)
        self.assertEqual(self.move("Administrator", card, core.UNDER_ANALYSIS, "Voltou a falhar")["status"],
                         core.UNDER_ANALYSIS)
        doc = frappe.get_doc(CARD, card)
        self.assertFalse(doc.released_in)
        self.assertEqual([(h.from_status, h.to_status, h.changed_by, h.note) for h in doc.status_history][1:], [
            (core.RECEIVED, core.UNDER_ANALYSIS, pm, ""), (core.UNDER_ANALYSIS, core.PLANNED, pm, ""),
            (core.PLANNED, core.RELEASED, pm, "Versão 5.2"),
            (core.RELEASED, core.UNDER_ANALYSIS, "Administrator", "Voltou a falhar"),
        ])
        frappe.set_user(pm)
        self.assertEqual([m["status"] for m in api.allowed_moves(card)], [core.PLANNED, core.DECLINED])
        frappe.set_user(agent)
        self.assertEqual(api.allowed_moves(card), [])

    def test_released_tells_every_linked_clinic(self):
        reseller_manager = self.manager()
        reseller, clinic_a, user_a = self.cooperative(managers=[reseller_manager])
        clinic_b = self.net.clinic(reseller.name)
        user_b = self.net.user("clinica", clinics=(clinic_b.name,), language="pt-BR")
        tickets = [self.ticket(user_a, clinic_a), self.ticket(user_b, clinic_b)]
        card = self.card_as_admin(tickets, reseller=reseller.name)
        pm = self.product_manager()
        for status in (core.UNDER_ANALYSIS, core.PLANNED):
            self.move(pm, card, status)
        before = {t.name: self.replies(t.name) for t in tickets}
        self.move(pm, card, core.RELEASED, "Versão 5.2 (28/11)")
        for ticket, user in zip(tickets, (user_a, user_b)):
            new = [c for c in self.replies(ticket.name) if c.name not in before[ticket.name]]
            self.assertEqual(len(new), 1, ticket.name)
            reply = new[0]
            self.assertEqual((reply.recipients, reply.communication_type, reply.sent_or_received),
                             (user, "Automated Message", "Sent"))
            self.assertEqual(reply.sender, frappe.db.get_value("Email Account", {"default_outgoing": 1, "enable_outgoing": 1},
                                                               "email_id") or "support-team@healthdesk.invalid")
            self.assertIn("Boa notícia", reply.content)  # the clinic user's language, pt-BR
            self.assertIn("Versão 5.2 (28/11)", reply.content)
        self.assertTrue(frappe.db.exists("Notification Log", {"for_user": reseller_manager, "document_type": CARD,
                                                              "document_name": card}))

    def replies(self, ticket):
        return frappe.get_all("Communication", filters={"reference_doctype": "HD Ticket", "reference_name": ticket,
                                                        "sent_or_received": "Sent"},
                              fields=["name", "recipients", "communication_type", "sent_or_received", "sender", "content"])

    def test_declined_needs_a_reason_and_tells_agents_and_the_cooperative(self):
        reseller_manager = self.manager()
        reseller, clinic, user = self.cooperative(managers=[reseller_manager])
        tickets = [self.ticket(user, clinic), self.ticket(user, clinic, "Mesmo erro")]
        card = self.card_as_admin(tickets, kind=core.IMPROVEMENT_REQUEST, reseller=reseller.name)
        pm = self.product_manager()
        with self.assertRaises(err.DeclineReasonRequired):
            self.move(pm, card, core.DECLINED)
        self.move(pm, card, core.DECLINED, "Fora do escopo do produto")
        for ticket in tickets:
            comments = frappe.get_all("HD Ticket Comment", filters={"reference_ticket": ticket.name}, pluck="content")
            self.assertTrue(any("Fora do escopo do produto" in c for c in comments), ticket.name)
            # agents only: no e-mail to the clinic
            self.assertFalse(frappe.db.exists("Communication", {"reference_name": ticket.name, "sent_or_received": "Sent",
                                                                "content": ["like", "%Fora do escopo%"]}))
        note = frappe.get_all("Notification Log", filters={"for_user": reseller_manager, "document_name": card},
                              fields=["subject", "email_content"])
        self.assertEqual(len(note), 1)
        self.assertIn("Fora do escopo do produto", note[0].email_content)


class TestCardVisibility(CardsTestCase):
    def test_a_reseller_manager_reads_only_their_cooperatives_cards(self):
        manager = self.manager()
        mine, clinic, user = self.cooperative(managers=[manager])
        other, clinic_b, user_b = self.cooperative()
        own = self.card_as_admin([self.ticket(user, clinic)], reseller=mine.name)
        theirs = self.card_as_admin([self.ticket(user_b, clinic_b)], reseller=other.name)
        vendor = self.card_as_admin([self.ticket(user_b, clinic_b, "Outro")])
        self.move("Administrator", own, core.UNDER_ANALYSIS)
        frappe.set_user(manager)
        listed = set(frappe.get_list(CARD, filters={"name": ["in", [own, theirs, vendor]]}, pluck="name"))
        self.assertEqual(listed, {own})
        self.assertEqual(card_resellers(manager), [mine.name])
        doc = frappe.get_doc(CARD, own)
        doc.check_permission("read")
        self.assertEqual([h.to_status for h in doc.status_history], [core.RECEIVED, core.UNDER_ANALYSIS])
        for name in (theirs, vendor):
            self.assertFalse(frappe.has_permission(CARD, "read", doc=name))
            with self.assertRaises(frappe.PermissionError):
                frappe.get_doc(CARD, name).check_permission("read")
        # read only
        self.assertFalse(frappe.has_permission(CARD, "write", doc=own))
        with self.assertRaises(frappe.PermissionError):
            doc.title = "Mudado"
            doc.save()
        # the child tables, listed by parent, show only their cards' rows
        rows = frappe.get_list("Product Card Ticket", parent_doctype=CARD, fields=["parent"],
                               filters={"parent": ["in", [own, theirs, vendor]]}, pluck="parent")
        self.assertEqual(set(rows), {own})
        history = frappe.get_list("Product Card Status Change", parent_doctype=CARD, fields=["parent"],
                                  filters={"parent": ["in", [own, theirs, vendor]]}, pluck="parent")
        self.assertEqual(set(history), {own})
        # the portal page's read: their card, its tickets and its history, newest move first
        listed = [c for c in api.cooperative_cards() if c["name"] in (own, theirs, vendor)]
        self.assertEqual([c["name"] for c in listed], [own])
        self.assertEqual([h["status"] for h in listed[0]["history"]], [core.UNDER_ANALYSIS, core.RECEIVED])
        self.assertEqual([t["clinic"] for t in listed[0]["tickets"]], [clinic.name])

    def test_an_agent_acting_for_a_cooperative_raises_its_cards_and_sees_only_them(self):
        """A cooperative's own desk agent (here: an agent who is also the cooperative's manager;
        the reseller desks add theirs through the ``healthdesk_user_resellers`` hook)."""
        mine, clinic, user = self.cooperative()
        other, clinic_b, user_b = self.cooperative()
        agent = self.net.agent()
        frappe.get_doc("User", agent).add_roles(RESELLER_MANAGER)
        reseller = frappe.get_doc("Reseller", mine.name)
        reseller.append("managers", {"user": agent})
        reseller.save(ignore_permissions=True)
        frappe.db.commit()
        theirs = self.card_as_admin([self.ticket(user_b, clinic_b)], reseller=other.name)
        in_vendor_card = self.ticket(user, clinic, "No card do fornecedor")
        vendor = self.card_as_admin([in_vendor_card], kind=core.IMPROVEMENT_REQUEST)
        frappe.set_user(agent)
        made = api.create_from_ticket(self.ticket(user, clinic).name, core.BUG_REPORT, self.title())
        self.assertEqual(made["reseller"], mine.name)
        self.assertEqual(set(frappe.get_list(CARD, filters={"name": ["in", [made["name"], theirs, vendor]]}, pluck="name")),
                         {made["name"]})
        # the ticket page: the vendor's card holding the ticket is counted, not shown, nor offered
        seen = api.ticket_cards(in_vendor_card.name)
        self.assertEqual((seen["cards"], seen["hidden_cards"]), ([], 1))
        self.assertEqual([c["name"] for c in seen["candidates"]], [made["name"]])
        self.assertEqual([k["value"] for k in seen["kinds"]], [core.BUG_REPORT])
        frappe.set_user("Administrator")
        # a vendor agent sees every card
        vendor_agent = self.net.agent()
        frappe.set_user(vendor_agent)
        self.assertIsNone(card_resellers(vendor_agent))
        self.assertEqual(set(frappe.get_list(CARD, filters={"name": ["in", [made["name"], theirs, vendor]]}, pluck="name")),
                         {made["name"], theirs, vendor})


class TestCardsInstall(FrappeTestCase):
    def test_the_ticket_page_script_is_installed_once_and_the_admins_choice_kept(self):
        ensure_ticket_form_script()
        ensure_ticket_form_script()
        self.assertEqual(frappe.db.count("HD Form Script", {"name": FORM_SCRIPT}), 1)
        frappe.db.set_value("HD Form Script", FORM_SCRIPT, {"enabled": 0, "script": "// edited"})
        try:
            ensure_ticket_form_script()
            script, enabled = frappe.db.get_value("HD Form Script", FORM_SCRIPT, ["script", "enabled"])
            self.assertEqual(enabled, 0)
            self.assertIn("healthdesk.api.cards.ticket_cards", script)  # our code is written back
        finally:
            frappe.db.set_value("HD Form Script", FORM_SCRIPT, "enabled", 1)
            frappe.db.commit()
