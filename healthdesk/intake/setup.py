"""Installed defaults for ticket intake: system modules, the teams triage routes to, and the
triage rules of seed 000 (from healthdesk.core.triage.DEFAULT_RULES). Idempotent: records that
exist (possibly edited or disabled by an admin) are left alone."""

from __future__ import annotations

import frappe

from healthdesk.core import triage

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


DEFAULT_TIERS = (  # level, name, team (seed 002)
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


def _reply_html(text: str) -> str:
    from frappe.utils import escape_html

    return "<p>" + escape_html(text).replace("\n", "<br>") + "</p>"


def ensure_saved_replies(reseller: str | None = None) -> None:
    """Helpdesk saved replies (HD Saved Reply, scope Global) for TISS, slowness and migration:
    one default set, and one set per reseller titled "[code] ...", whose TISS reply carries the
    reseller's own text. Missing replies are created; a reseller's TISS reply follows its text."""
    from healthdesk.core.intake import SAVED_REPLIES, saved_reply_title

    if not frappe.db.table_exists("HD Saved Reply"):
        return
    targets = [(None, None)]
    filters = {"name": reseller} if reseller else {}
    targets += [(r.short_code, r.tiss_reply_text) for r in frappe.get_all(
        "Reseller", filters=filters, fields=["name", "short_code", "tiss_reply_text"])]
    if reseller:
        targets = targets[1:]
    for code, tiss_text in targets:
        for key, (title, text) in SAVED_REPLIES.items():
            if key == "tiss" and tiss_text and tiss_text.strip():
                text = tiss_text.strip()
            full_title = saved_reply_title(title, code)
            existing = frappe.db.get_value("HD Saved Reply", {"title": full_title}, "name")
            if not existing:
                frappe.get_doc({"doctype": "HD Saved Reply", "title": full_title, "scope": "Global",
                                "message": _reply_html(text)}).insert(ignore_permissions=True)
            elif key == "tiss" and code:
                frappe.db.set_value("HD Saved Reply", existing, "message", _reply_html(text))


def reseller_saved_replies(doc, method=None) -> None:
    """Reseller on_update: its saved replies exist and its TISS reply carries its current text."""
    ensure_saved_replies(doc.name)


def delete_reseller_saved_replies(doc, method=None) -> None:
    """Reseller on_trash: its "[code] ..." saved replies go with it."""
    if doc.short_code and frappe.db.table_exists("HD Saved Reply"):
        frappe.db.delete("HD Saved Reply", {"title": ["like", f"[{doc.short_code}] %"]})
