"""Agent scripts on a real site: install, the script that applies to real tickets, ticking and
unticking through the API, the refusals, and ticks kept when the script is edited."""

from __future__ import annotations

import secrets
from unittest.mock import patch

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.agent_scripts import scripts, setup
from healthdesk.agent_scripts.scripts import CHECK, SCRIPT, NoScript, ScriptClash, StepNotInScript, StepsRequired
from healthdesk.api.agent_scripts import tick, ticket_script, untick
from healthdesk.core.agent_scripts import DEFAULT_SCRIPTS, DefaultScript
from healthdesk.test_utils import IntakeNetwork


class AgentScriptsTestCase(FrappeTestCase):
    def setUp(self):
        frappe.set_user("Administrator")
        self.net = IntakeNetwork()
        self.tag = secrets.token_hex(3)
        self.made_scripts: list[str] = []
        self.made_modules: list[str] = []
        self.addCleanup(self.net.cleanup)
        self.addCleanup(self._drop)  # runs first (LIFO): ticks and scripts before the tickets
        self.addCleanup(frappe.set_user, "Administrator")

    def _drop(self):
        frappe.db.rollback()
        frappe.set_user("Administrator")
        tickets = [name for kind, name in self.net.created if kind == "HD Ticket"]
        frappe.db.delete(CHECK, {"ticket": ["in", tickets or ["-"]]})
        frappe.db.delete(CHECK, {"script": ["in", self.made_scripts or ["-"]]})
        for name in self.made_scripts:
            if frappe.db.exists(SCRIPT, name):
                frappe.delete_doc(SCRIPT, name, force=True, ignore_permissions=True)
        for name in self.made_modules:
            frappe.delete_doc("System Module", name, force=True, ignore_permissions=True)
        frappe.db.commit()

    def script(self, category="Error", module=None, reseller=None, steps=("Primeiro passo", "Segundo passo"),
               enabled=1, commit=True, **values):
        title = values.pop("title", None) or f"Roteiro teste {self.tag} {len(self.made_scripts)}"
        self.made_scripts.append(title)
        doc = frappe.get_doc({"doctype": SCRIPT, "title": title, "enabled": enabled, "ticket_category": category,
                              "system_module": module, "reseller": reseller,
                              "steps": [{"step": s, "hint": f"Dica de {s}"} for s in steps], **values})
        doc.insert(ignore_permissions=True)
        if commit:
            frappe.db.commit()
        return doc

    def module(self):
        name = f"Módulo teste {self.tag} {len(self.made_modules)}"
        frappe.get_doc({"doctype": "System Module", "module_name": name, "enabled": 1}).insert(ignore_permissions=True)
        self.made_modules.append(name)
        frappe.db.commit()
        return name

    def error_ticket(self, clinic, user, **values):
        return self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Error", severity="Medium",
                               subject=values.pop("subject", "Erro ao salvar"), **values)


class TestInstall(AgentScriptsTestCase):
    def test_shipped_scripts_and_form_script_are_installed_once(self):
        setup.ensure_agent_scripts_defaults()
        for default in DEFAULT_SCRIPTS:
            self.assertTrue(frappe.db.exists(SCRIPT, {"title": default.title}) or
                            frappe.db.exists(SCRIPT, {"ticket_category": default.category, "system_module": ("is", "not set"),
                                                      "reseller": ("is", "not set")}), default.title)
        before = frappe.db.count(SCRIPT)
        setup.ensure_agent_scripts_defaults()
        setup.ensure_agent_scripts_defaults()
        self.assertEqual(frappe.db.count(SCRIPT), before)
        form = frappe.get_doc("HD Form Script", setup.FORM_SCRIPT)
        self.assertEqual((form.dt, form.apply_to, form.apply_to_customer_portal), ("HD Ticket", "Form", 0))
        self.assertIn("healthdesk.api.agent_scripts.tick", form.script)

    def test_install_keeps_the_admins_edits_and_switches(self):
        frappe.db.set_value("HD Form Script", setup.FORM_SCRIPT, {"enabled": 0, "script": "// changed"})
        shipped = DefaultScript(title=f"Roteiro enviado {self.tag}", category="Consultancy",
                                description="Teste", steps=(("Passo enviado", "Dica"),))
        self.made_scripts.append(shipped.title)
        with patch.object(setup, "DEFAULT_SCRIPTS", (shipped,)):
            setup.ensure_agent_scripts_defaults()
            doc = frappe.get_doc(SCRIPT, shipped.title)
            self.assertEqual([s.step for s in doc.steps], ["Passo enviado"])
            # the admin edits it: a new step, another text, disabled
            doc.steps[0].step = "Passo reescrito pelo admin"
            doc.append("steps", {"step": "Passo novo"})
            doc.enabled = 0
            doc.save(ignore_permissions=True)
            setup.ensure_agent_scripts_defaults()
            doc = frappe.get_doc(SCRIPT, shipped.title)
            self.assertEqual(([s.step for s in doc.steps], doc.enabled), (["Passo reescrito pelo admin", "Passo novo"], 0))
            self.assertEqual(frappe.db.count(SCRIPT, {"ticket_category": "Consultancy", "title": ["like", f"%{self.tag}%"]}), 1)
            # renamed: its scope is taken, so the shipped one is not made again
            renamed = frappe.rename_doc(SCRIPT, shipped.title, f"Renomeado {self.tag}", force=True)
            self.made_scripts.append(renamed)
            setup.ensure_agent_scripts_defaults()
            self.assertFalse(frappe.db.exists(SCRIPT, shipped.title))
        values = frappe.db.get_value("HD Form Script", setup.FORM_SCRIPT, ["enabled", "script"], as_dict=True)
        self.assertEqual(values.enabled, 0)  # the admin's switch stays
        self.assertIn("setupForm", values.script)  # the code is ours again
        frappe.db.rollback()


class TestScriptForm(AgentScriptsTestCase):
    def test_steps_required_and_trimmed(self):
        with self.assertRaises(StepsRequired):
            self.script(category="Consultancy", steps=("   ",), commit=False)
        doc = self.script(category="Consultancy", steps=("  Um  ", "", "Dois"), commit=False)
        self.assertEqual([(s.idx, s.step) for s in doc.steps], [(1, "Um"), (2, "Dois")])
        frappe.db.rollback()

    def test_two_enabled_scripts_cannot_share_a_scope(self):
        reseller = self.net.reseller()
        module = self.module()
        self.script(module=module, reseller=reseller.name)
        with self.assertRaises(ScriptClash):
            self.script(module=module, reseller=reseller.name, commit=False)
        frappe.db.rollback()
        disabled = self.script(module=module, reseller=reseller.name, enabled=0)  # a draft is fine
        disabled.enabled = 1
        with self.assertRaises(ScriptClash):
            disabled.save(ignore_permissions=True)
        frappe.db.rollback()

    def test_desk_permissions(self):
        agent = self.net.agent()
        frappe.get_doc("User", agent).add_roles("Agent")
        admin = self.net.user("hdadmin", roles=("Healthdesk Admin",), system=True)
        for user, can_edit in ((agent, False), (admin, True)):
            self.assertTrue(frappe.has_permission(SCRIPT, "read", user=user))
            for ptype in ("write", "create", "delete"):
                self.assertEqual(bool(frappe.has_permission(SCRIPT, ptype, user=user)), can_edit, (user, ptype))
            # ticks are written by the API only; agents do not list them
            self.assertFalse(frappe.has_permission(CHECK, "create", user=user))
            self.assertFalse(frappe.has_permission(CHECK, "write", user=user))
        self.assertFalse(frappe.has_permission(CHECK, "read", user=agent))


class TestMatching(AgentScriptsTestCase):
    def test_the_most_specific_script_applies_to_real_tickets(self):
        reseller, other = self.net.reseller(), self.net.reseller()
        clinic, other_clinic = self.net.clinic(reseller.name), self.net.clinic(other.name)
        user = self.net.user("clinica", clinics=(clinic.name,))
        other_user = self.net.user("outra", clinics=(other_clinic.name,))
        module, other_module = self.module(), self.module()
        category_alone = scripts.script_for("Error")  # the shipped one, or the site's own
        by_reseller = self.script(reseller=reseller.name).name
        by_module = self.script(module=module).name
        by_both = self.script(module=module, reseller=reseller.name).name
        cases = [
            (clinic, user, module, by_both),
            (clinic, user, None, by_reseller),
            (clinic, user, other_module, by_reseller),
            (other_clinic, other_user, module, by_module),
            (other_clinic, other_user, other_module, category_alone),
        ]
        for ticket_clinic, sender, ticket_module, expected in cases:
            ticket = self.error_ticket(ticket_clinic, sender, system_module=ticket_module)
            self.assertEqual(ticket.reseller, ticket_clinic.reseller)
            self.assertEqual(scripts.script_for_ticket(ticket), expected, (ticket_clinic.name, ticket_module))
            self.assertEqual((ticket_script(ticket.name)["script"] or {}).get("name"), expected)
        # disabled: the next level applies
        frappe.db.set_value(SCRIPT, by_both, "enabled", 0)
        ticket = self.error_ticket(clinic, user, system_module=module)
        self.assertEqual(scripts.script_for_ticket(ticket), by_module)

    def test_a_ticket_of_a_category_without_script(self):
        reseller = self.net.reseller()
        clinic = self.net.clinic(reseller.name)
        user = self.net.user("clinica", clinics=(clinic.name,))
        module = self.module()
        ticket = self.net.ticket(as_user=user, clinic=clinic.name, ticket_category="Question", system_module=module,
                                 subject="Como agendar?")
        if scripts.script_for_ticket(ticket):
            self.skipTest("this site has an agent script for every question")
        result = ticket_script(ticket.name)
        self.assertEqual((result["script"], result["steps"], result["done"], result["total"]), (None, [], 0, 0))
        with self.assertRaises(NoScript):
            tick(ticket.name, "qualquer", "qualquer")


class TestTicks(AgentScriptsTestCase):
    def setUp(self):
        super().setUp()
        self.reseller = self.net.reseller()
        self.clinic = self.net.clinic(self.reseller.name)
        self.customer = self.net.user("clinica", clinics=(self.clinic.name,))
        self.module = self.module()
        self.doc = self.script(module=self.module, reseller=self.reseller.name,
                               steps=("Conexão verificada", "Dicas enviadas", "Tela registrada"))
        self.steps = [s.name for s in self.doc.steps]
        self.agent = self.net.agent()
        self.ticket = self.error_ticket(self.clinic, self.customer, system_module=self.module)

    def test_tick_and_untick(self):
        frappe.set_user(self.agent)
        result = ticket_script(self.ticket.name)
        self.assertEqual(result["script"]["name"], self.doc.name)
        self.assertEqual([(s["number"], s["text"], s["checked"]) for s in result["steps"]],
                         [(1, "Conexão verificada", False), (2, "Dicas enviadas", False), (3, "Tela registrada", False)])
        self.assertEqual(result["steps"][0]["hint"], "Dica de Conexão verificada")
        result = tick(self.ticket.name, self.doc.name, self.steps[1])
        self.assertEqual((result["done"], result["total"]), (1, 3))
        self.assertEqual(tick(self.ticket.name, self.doc.name, self.steps[1])["done"], 1)  # again: nothing changes
        frappe.set_user("Administrator")
        rows = frappe.get_all(CHECK, filters={"ticket": self.ticket.name},
                              fields=["script", "step", "step_number", "step_text", "checked_by", "checked_on"])
        self.assertEqual([(r.script, r.step, r.step_number, r.step_text, r.checked_by) for r in rows],
                         [(self.doc.name, self.steps[1], 2, "Dicas enviadas", self.agent)])
        self.assertTrue(rows[0].checked_on)
        shown = ticket_script(self.ticket.name)["steps"][1]["tick"]
        self.assertEqual((shown["by"], shown["by_name"]), (self.agent, frappe.utils.get_fullname(self.agent)))
        self.assertTrue(shown["on_display"])
        frappe.set_user(self.agent)
        self.assertEqual(untick(self.ticket.name, self.doc.name, self.steps[1])["done"], 0)
        self.assertFalse(frappe.db.exists(CHECK, {"ticket": self.ticket.name}))
        # a deleted ticket's ticks go with it
        tick(self.ticket.name, self.doc.name, self.steps[0])
        frappe.set_user("Administrator")
        frappe.delete_doc("HD Ticket", self.ticket.name, force=True, ignore_permissions=True)
        self.assertFalse(frappe.db.exists(CHECK, {"ticket": self.ticket.name}))
        frappe.db.rollback()

    def test_refusals(self):
        # a clinic user, and a desk user who is no agent
        outsider = self.net.user("interno", system=True)
        for user in (self.customer, outsider):
            frappe.set_user(user)
            for call in (lambda: ticket_script(self.ticket.name),
                         lambda: tick(self.ticket.name, self.doc.name, self.steps[0]),
                         lambda: untick(self.ticket.name, self.doc.name, self.steps[0])):
                with self.assertRaises(frappe.PermissionError):
                    call()
        # an agent ticking a step of another script, or a step that is in no script
        other = self.script(category="Error", module=self.module, steps=("Passo de outro roteiro",))
        frappe.set_user(self.agent)
        with self.assertRaises(StepNotInScript):
            tick(self.ticket.name, other.name, other.steps[0].name)
        with self.assertRaises(StepNotInScript):
            tick(self.ticket.name, self.doc.name, other.steps[0].name)
        with self.assertRaises(StepNotInScript):
            tick(self.ticket.name, self.doc.name, "nao-existe")
        with self.assertRaises(StepNotInScript):
            untick(self.ticket.name, other.name, other.steps[0].name)
        frappe.set_user("Administrator")
        self.assertFalse(frappe.db.exists(CHECK, {"ticket": self.ticket.name}))
        # Helpdesk's own permission on the ticket still decides for an agent
        with patch("frappe.model.document.Document.check_permission",
                   side_effect=frappe.PermissionError("no access")):
            frappe.set_user(self.agent)
            with self.assertRaises(frappe.PermissionError):
                tick(self.ticket.name, self.doc.name, self.steps[0])

    def test_ticks_are_kept_when_the_script_is_edited(self):
        frappe.set_user(self.agent)
        for step in self.steps[:2]:
            tick(self.ticket.name, self.doc.name, step)
        frappe.set_user("Administrator")
        doc = frappe.get_doc(SCRIPT, self.doc.name)
        doc.steps[0].step = "Conexão de internet verificada (teste de velocidade)"
        doc.remove(doc.steps[1])  # "Dicas enviadas" goes
        doc.append("steps", {"step": "Severidade conferida"})
        doc.save(ignore_permissions=True)
        self.assertEqual(frappe.db.count(CHECK, {"ticket": self.ticket.name}), 2)
        result = ticket_script(self.ticket.name)
        self.assertEqual([(s["text"], s["checked"]) for s in result["steps"]],
                         [("Conexão de internet verificada (teste de velocidade)", True),
                          ("Tela registrada", False), ("Severidade conferida", False)])
        self.assertEqual(result["steps"][0]["text_when_ticked"], "Conexão verificada")
        self.assertEqual([(t["number"], t["text"]) for t in result["earlier"]], [(2, "Dicas enviadas")])
        self.assertEqual((result["done"], result["total"]), (1, 3))
        # the removed step cannot be ticked again
        frappe.set_user(self.agent)
        with self.assertRaises(StepNotInScript):
            untick(self.ticket.name, self.doc.name, self.steps[1])
        frappe.set_user("Administrator")
        # the ticket moves to another category: its ticks stay, shown apart
        frappe.db.set_value("HD Ticket", self.ticket.name, "ticket_category", "Improvement")
        result = ticket_script(self.ticket.name)
        if result["script"] is None:
            self.assertEqual(len(result["earlier"]), 2)
        # and the script cannot be deleted while it has ticks (disable it instead)
        with self.assertRaises(frappe.LinkExistsError):
            frappe.delete_doc(SCRIPT, self.doc.name, ignore_permissions=True)
        frappe.db.rollback()
