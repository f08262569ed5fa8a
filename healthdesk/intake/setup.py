"""Installed defaults for ticket intake: system modules, the teams triage routes to, and the
triage rules of the vendor's support handbook (from healthdesk.core.triage.DEFAULT_RULES). Idempotent: records that
exist (possibly edited or disabled by an admin) are left alone."""

from __future__ import annotations

import frappe

from healthdesk.core import triage
from healthdesk.intake.saved_replies import ensure_saved_replies

DEFAULT_MODULES = (
    "Agenda",
    "Cadastro de pacientes",
    "Prontuário eletrônico",
    "Faturamento / TISS",
    "Prescrição (MEMED)",
    "Relatórios",
    "Integrações (RES)",
    "Migração de dados",
)
EXTRA_RULE_MODULES = {"prescription_module": ("Prescrição (MEMED)",)}


def ensure_intake_defaults() -> None:
    ensure_system_modules()
    ensure_teams()
    ensure_triage_rules()
    ensure_support_tiers()
    ensure_saved_replies()


def ensure_system_modules() -> None:
    for order, name in enumerate(DEFAULT_MODULES, start=1):
        if not frappe.db.exists("System Module", name):
            frappe.get_doc({"doctype": "System Module", "module_name": name, "enabled": 1,
                            "sort_order": order * 10}).insert(ignore_permissions=True)


def ensure_teams() -> None:
    for team in triage.DEFAULT_TEAMS:
        if not frappe.db.exists("HD Team", team):
            # Helpdesk >= 1.28 requires users on a team; a seeded team starts empty.
            frappe.get_doc({"doctype": "HD Team", "team_name": team}).insert(ignore_permissions=True, ignore_mandatory=True)


def ensure_triage_rules() -> None:
    for rule in triage.DEFAULT_RULES:
        if frappe.db.exists("Triage Rule", rule.name):
            continue
        modules = sorted(set(rule.modules) | set(EXTRA_RULE_MODULES.get(rule.name, ())))
        frappe.get_doc({
            "doctype": "Triage Rule", "rule_name": rule.name, "enabled": int(rule.enabled),
            "priority": rule.priority, "stop": int(rule.stop),
            "categories": "\n".join(sorted(rule.categories)), "modules": "\n".join(modules),
            "keywords": "\n".join(rule.keywords),
            "actions": [{"kind": a.kind, "value": a.value} for a in rule.actions],
        }).insert(ignore_permissions=True)


DEFAULT_TIERS = (  # level, name, team (first line, second line, product team)
    (1, "Nível 1 - Primeiro atendimento (revenda)", None),
    (2, "Nível 2 - Suporte do produto", triage.TEAM_PRODUCT_SUPPORT),
    (3, "Nível 3 - Fornecedor externo ou desenvolvimento", triage.TEAM_EXTERNAL_VENDORS),
)


def ensure_support_tiers() -> None:
    for level, name, team in DEFAULT_TIERS:
        if frappe.db.exists("Support Tier", {"level": str(level)}):
            continue
        frappe.get_doc({"doctype": "Support Tier", "tier_name": name, "level": str(level),
                        "team": team}).insert(ignore_permissions=True)
