"""Reseller desks, who sees what (healthdesk.desks.visibility), in-process on a real site.

The matrix: paths (document read and write, list, count, group-by count, report view, link search,
the SLA Compliance report, Helpdesk's ticket page and list API, the satellites of a ticket, the
clinic records) × agent kinds (the vendor's agent, the desk agents of cooperatives A and B, an
agent of A who works at no desk — A's manager) × ticket owners (a clinic of A, of B, of C which runs
no desk, and no clinic). Every cell is asserted, allowed or denied. Then the side paths (notes,
shares, assignments, teams, rotations, Helpdesk's settings, writes) and Helpdesk's endpoints that
read without a permission check. Each agent kind is also run with Helpdesk's team restriction on.
"""

from __future__ import annotations

import json
from collections import Counter

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.desks import helpdesk_paths as paths
from healthdesk.desks import visibility as vis
from healthdesk.test_utils import DeskNetwork

KINDS = ("vendor", "desk_a", "desk_b", "agent_a")
OWNERS = ("A", "B", "C", "none")
# who sees the rows of which owner
SEES = {"vendor": {"A", "B", "C", "none"}, "desk_a": {"A"}, "desk_b": {"B"}, "agent_a": {"A"}}
SATELLITES = ("HD Ticket Comment", "HD Ticket Activity", "Communication", "File", "Comment", "Ticket Escalation",
              "Triage Action Log", "SLA Warning", "Support Access Request")
RECORDS = ("Clinic", "Reseller", "HD Customer", "Contact")
CELLS: Counter = Counter()


class DeskVisibilityCase(FrappeTestCase):
    """The world every test reads: three cooperatives (A and B with a desk, C without), a clinic and
    a ticket of each plus a ticket of no clinic, what hangs on each ticket, and the agents."""

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        frappe.set_user("Administrator")
        cls.net = net = DeskNetwork()
        try:
            cls._build(net)
        except Exception:
            net.cleanup()
            raise

    @classmethod
    def _build(cls, net: DeskNetwork) -> None:
        a, b = net.desk_reseller(agents=2), net.desk_reseller(agents=1)
        c = net.reseller()
        cls.resellers = {"A": a.reseller, "B": b.reseller, "C": c.name}
        cls.desk = {"A": a, "B": b}
        cls.clinics = {k: net.clinic(r) for k, r in cls.resellers.items()}
        vendor = net.agent()
        manager = net.agent()
        reseller_a = frappe.get_doc("Reseller", a.reseller)
        reseller_a.append("managers", {"user": manager})
        reseller_a.save(ignore_permissions=True)
        cls.users = {"vendor": vendor, "desk_a": a.agents[0], "desk_b": b.agents[0], "agent_a": manager}
        cls.colleague_a = a.agents[1]
        cls.admin = net.user("admin", roles=("Healthdesk Admin",), system=True)
        cls.customer_a = net.user("cliente", clinics=(cls.clinics["A"].name,))
        cls.stranger = net.user("avulso")  # a contact of no clinic
        cls.tickets = {k: net.ticket(clinic=cl.name, subject=f"Chamado {net.tag} {k}").name
                       for k, cl in cls.clinics.items()}
        cls.tickets["none"] = net.ticket(subject=f"Chamado {net.tag} none").name
        for owner in ("A", "B"):  # the desk's team holds it (as routing does), whatever routing did
            frappe.db.set_value("HD Ticket", cls.tickets[owner], "agent_group", cls.desk[owner].team)
        cls.rows = {dt: {} for dt in SATELLITES}
        for owner, ticket in cls.tickets.items():
            cls.rows.update(cls._satellites(owner, ticket, vendor, cls.rows))
        cls.records = {
            "Clinic": {k: cl.name for k, cl in cls.clinics.items()},
            "Reseller": dict(cls.resellers),
            "HD Customer": {k: cl.hd_customer for k, cl in cls.clinics.items()},
            "Contact": {k: cls._contact_of(net.user(f"contato{k.lower()}", clinics=(cl.name,)))
                        for k, cl in cls.clinics.items()},
        }
        orphan = frappe.get_doc({"doctype": "HD Customer", "customer_name": f"Sem clínica {net.tag}"}).insert(
            ignore_permissions=True)
        net.track("HD Customer", orphan.name)
        cls.records["HD Customer"]["none"] = orphan.name
        cls.records["Contact"]["none"] = cls._contact_of(cls.stranger)
        frappe.db.commit()
        vis.clear_cache()

    @classmethod
    def _contact_of(cls, user: str) -> str:
        return frappe.db.get_value("Contact", {"user": user}, "name")

    @classmethod
    def _satellites(cls, owner: str, ticket: str, vendor: str, rows: dict) -> dict:
        def insert(values):
            return frappe.get_doc(values).insert(ignore_permissions=True).name

        rows["HD Ticket Comment"][owner] = insert({"doctype": "HD Ticket Comment", "reference_ticket": ticket,
                                                    "commented_by": vendor, "content": "<p>Nota compartilhável</p>",
                                                    "shareable_with_desk": 1})
        rows["HD Ticket Activity"][owner] = insert({"doctype": "HD Ticket Activity", "ticket": ticket,
                                                     "action": "teste de visibilidade"})
        rows["Communication"][owner] = insert({"doctype": "Communication", "communication_type": "Communication",
                                               "communication_medium": "Other", "subject": "Teste",
                                               "content": "Mensagem de teste", "reference_doctype": "HD Ticket",
                                               "reference_name": ticket, "sent_or_received": "Received"})
        rows["File"][owner] = insert({"doctype": "File", "file_name": f"anexo-{owner}.txt", "content": b"teste",
                                      "is_private": 1, "attached_to_doctype": "HD Ticket",
                                      "attached_to_name": ticket})
        rows["Comment"][owner] = insert({"doctype": "Comment", "comment_type": "Info", "content": "teste",
                                         "reference_doctype": "HD Ticket", "reference_name": ticket})
        rows["Ticket Escalation"][owner] = insert({"doctype": "Ticket Escalation", "ticket": ticket,
                                                   "direction": "Escalate", "reason": "Teste de visibilidade",
                                                   "from_level": 1, "to_level": 2})
        rows["Triage Action Log"][owner] = insert({"doctype": "Triage Action Log", "ticket": ticket,
                                                   "rule": "teste", "action": "teste"})
        rows["SLA Warning"][owner] = insert({"doctype": "SLA Warning", "ticket": ticket,
                                             "threshold": "Before Response Deadline",
                                             "deadline": frappe.utils.add_days(frappe.utils.now_datetime(), 3)})
        clinic = frappe.db.get_value("HD Ticket", ticket, "clinic") or cls.clinics["C"].name
        rows["Support Access Request"][owner] = insert({"doctype": "Support Access Request", "ticket": ticket,
                                                        "clinic": clinic, "justification": "Teste de visibilidade",
                                                        "requested_by": vendor})
        return rows

    @classmethod
    def tearDownClass(cls) -> None:
        frappe.set_user("Administrator")
        frappe.db.rollback()
        for doctype, by_owner in cls.rows.items():
            for name in by_owner.values():
                if doctype in ("Support Access Request", "Comment", "Communication"):
                    frappe.db.delete(doctype, {"name": name})  # kept for the audit trail: removed by hand
                elif frappe.db.exists(doctype, name):
                    frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
        frappe.db.commit()
        cls.net.cleanup()
        print("\ndesk visibility matrix, cells asserted:", dict(sorted(CELLS.items())), "total", sum(CELLS.values()))
        super().tearDownClass()

    def setUp(self) -> None:
        frappe.set_user("Administrator")
        vis.clear_cache()

    def tearDown(self) -> None:
        frappe.set_user("Administrator")
        frappe.db.rollback()
        vis.clear_cache()

    # ------------------------------------------------------------------ helpers
    def as_user(self, kind_or_user: str):
        user = self.users.get(kind_or_user, kind_or_user)
        frappe.set_user(user)
        vis.clear_cache()
        return user

    def cell(self, path: str, kind: str, owner: str, expected: bool, actual: bool) -> None:
        CELLS[path] += 1
        with self.subTest(path=path, kind=kind, owner=owner):
            self.assertEqual(bool(actual), bool(expected),
                             f"{path}: {kind} on {owner}'s row should be {'allowed' if expected else 'denied'}")

    def names(self) -> list[str]:
        return list(self.tickets.values())

    def listed(self, rows) -> set[str]:
        return {r if isinstance(r, str) else (r.get("name") or r.get("value")) for r in rows}


class TestTicketMatrix(DeskVisibilityCase):
    """HD Ticket on every path, every agent kind, every owner."""

    def test_documents(self):
        for kind in KINDS:
            user = self.users[kind]
            for owner, ticket in self.tickets.items():
                expected = owner in SEES[kind]
                self.as_user(kind)  # Helpdesk's own rule reads the session user
                self.cell("ticket read", kind, owner, expected, frappe.has_permission("HD Ticket", "read", doc=ticket, user=user))
                self.cell("ticket write", kind, owner, expected, frappe.has_permission("HD Ticket", "write", doc=ticket, user=user))
                doc = frappe.get_doc("HD Ticket", ticket)
                self.cell("ticket get_doc check", kind, owner, expected, doc.has_permission("read"))
                frappe.set_user("Administrator")

    def test_lists_counts_group_by_report_view(self):
        from frappe.desk.listview import get_group_by_count
        from frappe.desk.reportview import execute

        from healthdesk.support_access.enforcement import get_count

        names = self.names()
        for kind in KINDS:
            self.as_user(kind)
            listed = set(frappe.get_list("HD Ticket", filters={"name": ["in", names]}, pluck="name"))
            report = {r[0] for r in execute("HD Ticket", fields=["name"], filters=[["name", "in", names]], as_list=True)}
            by_reseller = {r.name: r.count for r in get_group_by_count(
                "HD Ticket", json.dumps([["HD Ticket", "name", "in", names]]), "reseller")}
            for owner, ticket in self.tickets.items():
                expected = owner in SEES[kind]
                self.cell("ticket list", kind, owner, expected, ticket in listed)
                self.cell("ticket report view", kind, owner, expected, ticket in report)
                self.cell("ticket count", kind, owner, expected,
                          get_count("HD Ticket", json.dumps({"name": ticket})) == 1)
                key = self.resellers.get(owner)
                self.cell("ticket group-by count", kind, owner, expected, by_reseller.get(key, 0) == 1)
            frappe.set_user("Administrator")

    def test_link_search(self):
        from frappe.desk.search import search_link

        for kind in KINDS:
            self.as_user(kind)
            found = self.listed(search_link("HD Ticket", f"Chamado {self.net.tag}", page_length=50))
            for owner, ticket in self.tickets.items():
                self.cell("ticket link search", kind, owner, owner in SEES[kind], ticket in found)
            frappe.set_user("Administrator")

    def test_sla_compliance_report(self):
        from healthdesk.healthdesk.report.sla_compliance.sla_compliance import execute

        today = frappe.utils.nowdate()
        for kind in KINDS:
            self.as_user(kind)
            _columns, data = execute({"group_by": "Reseller", "from_date": frappe.utils.add_days(today, -1),
                                      "to_date": frappe.utils.add_days(today, 1)})
            resellers = {row.get("reseller") for row in data}
            for owner in ("A", "B", "C"):
                self.cell("SLA Compliance report", kind, owner, owner in SEES[kind], self.resellers[owner] in resellers)
            frappe.set_user("Administrator")

    def test_helpdesk_ticket_page_and_list_api(self):
        from healthdesk.portal.ticket_fields import ticket_get_one

        names = self.names()
        for kind in KINDS:
            self.as_user(kind)
            data = paths.get_list_data("HD Ticket", filters={"name": ["in", names]}, page_length=50)
            listed = {row["name"] for row in data["data"]}
            for owner, ticket in self.tickets.items():
                expected = owner in SEES[kind]
                self.cell("helpdesk get_list_data", kind, owner, expected, ticket in listed)
                try:
                    opened = ticket_get_one(ticket).get("name") == ticket
                except frappe.PermissionError:
                    frappe.clear_last_message()
                    opened = False
                self.cell("helpdesk ticket page get_one", kind, owner, expected, opened)
            frappe.set_user("Administrator")

    def test_restriction_by_team_on(self):
        """HD Settings *restrict tickets by agent group* on: Helpdesk's own condition comes first and
        ours binds to its last disjunct; desk agents still never see another cooperative's ticket."""
        frappe.db.set_single_value("HD Settings", "restrict_tickets_by_agent_group", 1)
        frappe.db.set_single_value("HD Settings", "do_not_restrict_tickets_without_an_agent_group", 0)
        try:
            names = self.names()
            for kind in ("desk_a", "desk_b", "agent_a"):
                user = self.as_user(kind)
                listed = set(frappe.get_list("HD Ticket", filters={"name": ["in", names]}, pluck="name"))
                for owner, ticket in self.tickets.items():
                    # Helpdesk shows a team's tickets to its members: A's desk agents see A's (in A's
                    # team); A's manager, in no team, sees none of them in lists
                    in_list = owner in SEES[kind] and kind != "agent_a"
                    self.cell("ticket list (team restriction on)", kind, owner, in_list, ticket in listed)
                    vis.clear_cache()
                    self.cell("ticket read (team restriction on)", kind, owner, in_list,
                              frappe.has_permission("HD Ticket", "read", doc=ticket, user=user))
                frappe.set_user("Administrator")
        finally:
            frappe.db.set_single_value("HD Settings", "restrict_tickets_by_agent_group", 0)
            frappe.db.commit()


class TestDeskAgentOpensATicket(DeskVisibilityCase):
    def test_for_another_cooperatives_clinic_is_refused_saying_why(self):
        self.as_user("desk_a")
        frappe.message_log = []
        try:
            with self.assertRaises(frappe.PermissionError):
                frappe.get_doc({"doctype": "HD Ticket", "subject": "Para outra cooperativa",
                                "description": "teste", "raised_by": self.users["desk_a"],
                                "clinic": self.clinics["B"].name}).insert()
            said = " ".join(str(m) for m in frappe.message_log)
            reseller_a = frappe.db.get_value("Reseller", self.resellers["A"], "reseller_name")
            self.assertIn(f"You work at the desk of {reseller_a}", said)
            self.assertNotIn(frappe.db.get_value("Reseller", self.resellers["B"], "reseller_name"), said)
        finally:
            frappe.message_log = []

    def test_for_one_of_its_own_clinics_is_allowed(self):
        self.as_user("desk_a")
        doc = frappe.get_doc({"doctype": "HD Ticket", "subject": "Para a própria cooperativa",
                              "description": "teste", "raised_by": self.users["desk_a"],
                              "clinic": self.clinics["A"].name}).insert()
        frappe.set_user("Administrator")
        self.net.track("HD Ticket", doc.name)
        frappe.db.commit()
        self.assertEqual(frappe.db.get_value("HD Ticket", doc.name, "reseller"), self.resellers["A"])


class TestSatelliteMatrix(DeskVisibilityCase):
    """What hangs on a ticket follows the ticket; the clinic records follow their cooperative."""

    def _check(self, doctype: str, rows: dict, path: str, expected_for) -> None:
        for kind in KINDS:
            user = self.users[kind]
            role_reads = frappe.has_permission(doctype, "read", user=user)
            self.as_user(kind)
            if role_reads:
                listed = set(frappe.get_list(doctype, filters={"name": ["in", list(rows.values())]}, pluck="name"))
            frappe.set_user("Administrator")
            for owner, name in rows.items():
                expected = expected_for(kind, owner)
                frappe.set_user("Administrator")
                doc = frappe.get_doc(doctype, name)
                self.as_user(kind)  # Helpdesk's own rules read the session user
                if role_reads:
                    self.cell(f"{path} read", kind, owner, expected, frappe.has_permission(doctype, "read", doc=doc, user=user))
                    self.cell(f"{path} list", kind, owner, expected, name in listed)
                else:
                    # no role of these agents reads it (Frappe refuses first); the desks' own rule is asserted
                    self.cell(f"{path} read (rule)", kind, owner, expected, vis.has_permission(doc, "read", user) is not False)
                    condition = vis.query_conditions(user, doctype)
                    found = not condition or bool(frappe.db.sql(
                        f"select 1 from `tab{doctype}` where name = %s and {condition}", name))
                    self.cell(f"{path} list (rule)", kind, owner, expected, found)
            frappe.set_user("Administrator")

    def test_satellites(self):
        for doctype in SATELLITES:
            self._check(doctype, self.rows[doctype], doctype, lambda kind, owner: owner in SEES[kind])

    def test_clinic_records(self):
        for doctype in RECORDS:
            rows = {k: v for k, v in self.records[doctype].items() if v}
            self._check(doctype, rows, doctype,
                        lambda kind, owner: kind == "vendor" or (owner in SEES[kind] and owner != "none"))

    def test_clinic_records_link_search(self):
        from frappe.desk.search import search_link

        for kind in KINDS:
            self.as_user(kind)
            found = self.listed(search_link("Clinic", "", page_length=500))
            for owner in ("A", "B", "C"):
                self.cell("Clinic link search", kind, owner, owner in SEES[kind], self.records["Clinic"][owner] in found)
            frappe.set_user("Administrator")

    def test_product_cards_follow_the_desk(self):
        from healthdesk.cards.visibility import card_resellers

        for kind in KINDS:
            resellers = card_resellers(self.users[kind])
            for owner in ("A", "B", "C"):
                seen = resellers is None or self.resellers[owner] in resellers
                self.cell("Product Card (registered desk resellers)", kind, owner, owner in SEES[kind], seen)


class TestInternalNotes(DeskVisibilityCase):
    """The vendor's internal notes stay with the vendor unless shareable; the desk's own notes are
    the desk's: in lists, documents and Helpdesk's ticket page."""

    def test_notes(self):
        from healthdesk.portal.ticket_fields import ticket_get_one

        ticket = self.tickets["A"]
        vendor, desk_a = self.users["vendor"], self.users["desk_a"]

        def note(author, **values):
            frappe.set_user(author)
            doc = frappe.get_doc({"doctype": "HD Ticket Comment", "reference_ticket": ticket, "commented_by": author,
                                  "content": "<p>nota</p>", **values}).insert(ignore_permissions=True)
            frappe.set_user("Administrator")
            return doc

        internal = note(vendor)
        shared = note(vendor, shareable_with_desk=1)
        own = note(desk_a)
        colleague = note(self.colleague_a)
        self.assertEqual(own.shareable_with_desk, 1, "a desk's note is marked the desk's")
        self.assertFalse(internal.shareable_with_desk)
        expected = {"vendor": {internal.name, shared.name, own.name, colleague.name},
                    "desk_a": {shared.name, own.name, colleague.name},
                    "agent_a": {shared.name, own.name, colleague.name}}
        notes = [internal.name, shared.name, own.name, colleague.name]
        for kind, sees in expected.items():
            user = self.as_user(kind)
            listed = set(frappe.get_list("HD Ticket Comment", filters={"name": ["in", notes]}, pluck="name"))
            page = {c.name for c in ticket_get_one(ticket)["comments"]}
            activities = {c.name for c in paths.get_ticket_activities(ticket)["comments"]}
            frappe.set_user("Administrator")
            for name in notes:
                vis.clear_cache()
                label = "internal" if name == internal.name else "shareable/desk"
                self.cell("note list", kind, label, name in sees, name in listed)
                self.cell("note read", kind, label, name in sees, frappe.has_permission("HD Ticket Comment", "read", doc=name, user=user))
                self.cell("note on get_one", kind, label, name in sees, name in page)
                self.cell("note on get_ticket_activities", kind, label, name in sees, name in activities)
        # a desk agent edits only their own notes
        vis.clear_cache()
        self.assertTrue(frappe.has_permission("HD Ticket Comment", "write", doc=own.name, user=desk_a))
        self.assertFalse(frappe.has_permission("HD Ticket Comment", "write", doc=shared.name, user=desk_a))

    def test_reactions_on_a_hidden_note(self):
        internal = frappe.get_doc({"doctype": "HD Ticket Comment", "reference_ticket": self.tickets["A"],
                                   "commented_by": self.users["vendor"], "content": "<p>interna</p>"}
                                  ).insert(ignore_permissions=True)
        self.as_user("desk_a")
        with self.assertRaises(frappe.PermissionError):
            paths.get_reactions(internal.name)
        with self.assertRaises(frappe.PermissionError):
            paths.toggle_reaction(internal.name, "👍")
        self.as_user("vendor")
        self.assertIsInstance(paths.get_reactions(internal.name), list)


class TestSidePaths(DeskVisibilityCase):
    """Shares, assignments, teams, rotations, Helpdesk's settings and writes."""

    def test_shares(self):
        from frappe.share import add_docshare as share

        desk_a = self.users["desk_a"]
        for owner, ticket in self.tickets.items():
            if owner == "A":
                share("HD Ticket", ticket, desk_a, read=1, flags={"ignore_share_permission": True})
                continue
            with self.assertRaises(vis.NotYourDesk):
                share("HD Ticket", ticket, desk_a, read=1, flags={"ignore_share_permission": True})
            frappe.clear_last_message()
        with self.assertRaises(vis.NotYourDesk):
            share("HD Ticket", self.tickets["C"], everyone=1, read=1, flags={"ignore_share_permission": True})
        share("HD Ticket", self.tickets["B"], self.users["vendor"], read=1, flags={"ignore_share_permission": True})

    def test_existing_shares_go_when_joining_a_desk(self):
        from frappe.share import add_docshare as share

        newcomer = self.net.agent()
        share("HD Ticket", self.tickets["B"], newcomer, read=1, flags={"ignore_share_permission": True})
        team = frappe.get_doc("HD Team", self.desk["A"].team)
        team.append("users", {"user": newcomer})
        team.save(ignore_permissions=True)
        try:
            self.assertFalse(frappe.db.exists("DocShare", {"share_name": self.tickets["B"], "user": newcomer}))
            vis.clear_cache()
            self.assertFalse(frappe.has_permission("HD Ticket", "read", doc=self.tickets["B"], user=newcomer))
        finally:
            team.reload()
            team.users = [r for r in team.users if r.user != newcomer]
            team.save(ignore_permissions=True)
            frappe.db.commit()

    def test_assignments(self):
        from frappe.desk.form.assign_to import add as assign

        desk_a = self.users["desk_a"]
        for owner, ticket in self.tickets.items():
            args = {"assign_to": [desk_a], "doctype": "HD Ticket", "name": ticket}
            if owner == "A":
                assign(args, ignore_permissions=True)
                continue
            with self.assertRaises(vis.NotYourDesk):
                assign(args, ignore_permissions=True)
            frappe.clear_last_message()
        assign({"assign_to": [self.users["vendor"]], "doctype": "HD Ticket", "name": self.tickets["B"]},
               ignore_permissions=True)

    def test_joining_a_desk_with_foreign_assignments(self):
        from frappe.desk.form.assign_to import add as assign

        newcomer = self.net.agent()
        assign({"assign_to": [newcomer], "doctype": "HD Ticket", "name": self.tickets["C"]}, ignore_permissions=True)
        team = frappe.get_doc("HD Team", self.desk["A"].team)
        team.append("users", {"user": newcomer})
        with self.assertRaises(vis.ForeignAssignments):
            team.save(ignore_permissions=True)

    def test_desk_teams(self):
        team = frappe.get_doc("HD Team", self.desk["A"].team)
        team.ignore_restrictions = 1
        with self.assertRaises(vis.DeskTeamUnrestricted):
            team.save(ignore_permissions=True)
        other = frappe.get_doc({"doctype": "HD Team", "team_name": f"Fornecedor {self.net.tag}",
                                "users": [{"user": self.users["desk_a"]}]})
        with self.assertRaises(vis.DeskMemberElsewhere):
            other.insert(ignore_permissions=True)
        vis.clear_cache()
        self.assertFalse(frappe.has_permission("HD Team", "write", doc=self.desk["A"].team, user=self.users["desk_a"]))
        self.assertTrue(frappe.has_permission("HD Team", "read", doc=self.desk["A"].team, user=self.users["desk_a"]))

    def test_rotations(self):
        rule = frappe.get_doc({"doctype": "Assignment Rule", "name": f"Rodízio {self.net.tag}",
                               "document_type": "HD Ticket", "priority": 0, "rule": "Round Robin",
                               "assign_condition": "status == 'Open'", "disabled": 1,
                               "assignment_days": [{"day": "Monday"}],
                               "users": [{"user": self.users["desk_a"]}]})
        with self.assertRaises(vis.DeskMemberElsewhere):
            rule.insert(ignore_permissions=True)

    def test_team_restriction_settings(self):
        settings = frappe.get_doc("HD Settings")
        settings.restrict_tickets_by_agent_group = 1
        settings.do_not_restrict_tickets_without_an_agent_group = 1
        with self.assertRaises(vis.TeamlessTicketsShown):
            settings.save(ignore_permissions=True)

    def test_writes(self):
        desk_a = self.as_user("desk_a")
        ticket = frappe.get_doc("HD Ticket", self.tickets["A"])
        ticket.clinic = self.clinics["B"].name
        self.assertFalse(ticket.has_permission("write"), "a ticket is not moved to another cooperative's clinic")
        ticket.reload()
        ticket.merged_with = self.tickets["B"]
        self.assertFalse(ticket.has_permission("write"), "a link is not aimed at another cooperative's ticket")
        ticket.reload()
        self.assertTrue(ticket.has_permission("write"))
        for owner, expected in (("A", True), ("B", False), ("none", False)):
            note = frappe.get_doc({"doctype": "HD Ticket Comment", "reference_ticket": self.tickets[owner],
                                   "commented_by": desk_a, "content": "<p>x</p>"})
            self.cell("note create", "desk_a", owner, expected, note.has_permission("create"))
        for owner, expected in (("A", True), ("B", False), ("C", False)):
            new = frappe.get_doc({"doctype": "HD Ticket", "subject": "Novo", "description": "x",
                                  "clinic": self.clinics[owner].name, "raised_by": desk_a})
            self.cell("ticket create", "desk_a", owner, expected, new.has_permission("create"))
        new = frappe.get_doc({"doctype": "HD Ticket", "subject": "Novo", "description": "x", "raised_by": desk_a})
        self.cell("ticket create", "desk_a", "none", False, new.has_permission("create"))

    def test_unaffected(self):
        """Admins and customers keep their own rules; the module says nothing about them."""
        for user in (self.admin, self.customer_a, "Administrator"):
            self.assertIsNone(vis.scope(user))
        self.as_user(self.customer_a)
        self.assertTrue(frappe.has_permission("HD Ticket", "read", doc=self.tickets["A"], user=self.customer_a))
        self.as_user(self.customer_a)  # Helpdesk's own rule reads the session user (its is_agent())
        self.assertFalse(frappe.has_permission("HD Ticket", "read", doc=self.tickets["B"], user=self.customer_a))
        frappe.set_user("Administrator")
        ticket = frappe.get_doc("HD Ticket", self.tickets["B"])
        for user in (self.admin, self.customer_a, "Administrator"):
            for doctype in ("HD Ticket", "HD Ticket Comment", "Clinic", "Contact", "File"):
                self.assertIsNone(vis.query_conditions(user, doctype))
            self.assertIsNone(vis.has_permission(ticket, "read", user))
            self.assertIsNone(vis.has_permission(ticket, "write", user))


class TestHelpdeskPaths(DeskVisibilityCase):
    """Helpdesk's endpoints that read without a permission check, each closed at a desk."""

    def assertDenied(self, call, *args, **kwargs):
        with self.assertRaises(frappe.PermissionError):
            call(*args, **kwargs)
        frappe.clear_last_message()

    def test_ticket_endpoints(self):
        self.as_user("desk_a")
        foreign = self.tickets["B"]
        comm = self.rows["Communication"]["B"]
        self.assertDenied(paths.merge_ticket, foreign, self.tickets["A"])
        self.assertDenied(paths.split_ticket, "Separado", comm)
        self.assertDenied(paths.show_outside_hours_banner, foreign)
        self.assertDenied(paths.get_rendered_saved_reply, foreign, "x")
        self.assertDenied(paths.get_ticket_activities, foreign)
        self.assertDenied(paths.get_dashboard_data, "number_card", {"agent": self.users["desk_a"]})
        self.assertEqual(paths.show_outside_hours_banner(self.tickets["A"]).get("show"), False)

    def test_group_by_labels(self):
        """A group-by view labels its groups through permissions: a ticket whose subject is another
        cooperative's ticket number does not show that ticket's subject."""
        own = self.tickets["A"]
        frappe.db.set_value("HD Ticket", own, "subject", self.tickets["B"])
        frappe.db.commit()
        try:
            self.as_user("desk_a")
            result = paths.get_list_data("HD Ticket", filters={"name": own}, view={
                "view_type": "group_by", "group_by_field": "subject", "label_doc": "HD Ticket",
                "label_field": "description"})
            labels = [o.get("label") for o in result["group_by_field"]["options"]]
            self.assertEqual(labels, [None])
            self.assertEqual(result["view_type"], "group_by")
            self.as_user("vendor")
            result = paths.get_list_data("HD Ticket", filters={"name": own}, view={
                "view_type": "group_by", "group_by_field": "subject", "label_doc": "HD Ticket", "label_field": "subject"})
            self.assertEqual([o.get("label") for o in result["group_by_field"]["options"]], [f"Chamado {self.net.tag} B"])
        finally:
            frappe.set_user("Administrator")
            frappe.db.set_value("HD Ticket", own, "subject", f"Chamado {self.net.tag} A")
            frappe.db.commit()

    def test_search_hits(self):
        self.as_user("desk_a")
        hits = {"results": [{"doctype": "HD Ticket", "name": t} for t in self.names()]
                + [{"doctype": "HD Ticket Comment", "name": n} for n in self.rows["HD Ticket Comment"].values()],
                "total": 8}
        kept = paths.filter_hits(hits)
        self.assertEqual({h["name"] for h in kept["results"]},
                         {self.tickets["A"], self.rows["HD Ticket Comment"]["A"]})
        self.assertEqual(kept["total"], 2)
        self.as_user("vendor")
        self.assertEqual(len(paths.filter_hits({"results": [{"doctype": "HD Ticket", "name": self.tickets["B"]}]})["results"]), 1)

    def test_pending_tickets_total(self):
        from frappe.desk.form.assign_to import add as assign

        assign({"assign_to": [self.users["desk_a"]], "doctype": "HD Ticket", "name": self.tickets["A"]},
               ignore_permissions=True)
        frappe.db.commit()
        self.as_user("desk_a")
        for kind in ("upcoming_sla", "new_tickets", "pending"):
            result = paths.get_pending_tickets(kind)
            self.assertLessEqual(result["total_pending_tickets"], 1)

    def test_global_search_rows(self):
        """The awesome bar (Frappe filters global search by doctype only): at a desk, rows of other
        cooperatives' tickets and clinics are dropped after support access's own filter."""
        from unittest.mock import patch

        rows = [frappe._dict(doctype="HD Ticket", name=t, content="x") for t in self.names()] + [
            frappe._dict(doctype="Clinic", name=cl.name, content="x") for cl in self.clinics.values()] + [
            frappe._dict(doctype="HD Article", name="qualquer", content="x")]
        for kind in KINDS:
            self.as_user(kind)
            with patch("healthdesk.support_access.enforcement.global_search", return_value=list(rows)):
                found = {(r.doctype, r.name) for r in paths.global_search("x")}
            for owner, ticket in self.tickets.items():
                self.cell("global search (awesome bar)", kind, owner, owner in SEES[kind], ("HD Ticket", ticket) in found)
            self.assertIn(("HD Article", "qualquer"), found)  # what concerns no desk stays
            frappe.set_user("Administrator")
