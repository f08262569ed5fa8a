"""What is still unconfigured on this site: the post-install checklist shown on Healthdesk Settings
(``healthdesk_settings.js`` calls ``healthdesk.api.checklist.get_checklist``).

A fresh site starts with the setup wizard's defaults (a skipped wizard leaves Asia/Kolkata and
English), no outgoing e-mail account, the scheduler disabled, no escalation team, no tiers' teams,
resellers without a support contact and the onboarding panel as an inactive model. Each item says
whether it is done, what is wrong in a sentence, and links to where it is fixed.
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.constants import SETTINGS

# IANA zones of Brazil (any of them is a right answer; the contract's is America/Sao_Paulo).
BRAZIL_TIME_ZONES = frozenset({
    "America/Sao_Paulo", "America/Bahia", "America/Fortaleza", "America/Recife", "America/Maceio",
    "America/Belem", "America/Araguaina", "America/Santarem", "America/Manaus", "America/Cuiaba",
    "America/Campo_Grande", "America/Porto_Velho", "America/Boa_Vista", "America/Rio_Branco",
    "America/Eirunepe", "America/Noronha",
})


def _item(key: str, ok: bool, label: str, problem: str, route: str) -> dict:
    return {"key": key, "ok": bool(ok), "label": label, "problem": "" if ok else problem, "route": route}


def _system(field: str):
    return frappe.db.get_single_value("System Settings", field)


def _token_set() -> bool:
    from frappe.utils.password import get_decrypted_password

    return bool(get_decrypted_password(SETTINGS, SETTINGS, "access_check_token", raise_exception=False))


def _outgoing_email() -> bool:
    return bool(frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}))


def _scheduler_enabled() -> bool:
    from frappe.utils.scheduler import is_scheduler_disabled

    return not is_scheduler_disabled(verbose=False)


def _redisearch() -> bool | None:
    """Whether Redis has the search module Helpdesk's article search needs (None: cannot tell)."""
    try:
        modules = frappe.cache.execute_command("MODULE", "LIST")
    except Exception:
        return None
    names = set()
    for module in modules or []:
        if isinstance(module, dict):
            names.add(str(module.get(b"name") or module.get("name") or "").lower())
        elif isinstance(module, list | tuple):
            pairs = dict(zip(module[::2], module[1::2], strict=False))
            name = pairs.get(b"name") or pairs.get("name") or b""
            names.add((name.decode() if isinstance(name, bytes) else str(name)).lower())
    return bool(names & {"search", "ft", "searchlight"})


def checklist() -> list[dict]:
    """Every item, in the order an admin fixes them."""
    settings = frappe.get_single(SETTINGS)
    items = []
    time_zone = _system("time_zone") or ""
    items.append(_item("time_zone", time_zone in BRAZIL_TIME_ZONES, _("Time zone of the site"),
                       _("The site's time zone is {0}: deadlines are computed in it. Set America/Sao_Paulo (or run healthdesk.setup.brazil.configure_site).").format(time_zone or "—"),
                       "/app/system-settings"))
    language = _system("language") or ""
    items.append(_item("language", language == "pt-BR", _("Language of the site"),
                       _("The site's language is {0}: users without a language of their own see it. Set pt-BR.").format(language or "—"),
                       "/app/system-settings"))
    date_format = _system("date_format") or ""
    items.append(_item("date_format", date_format == "dd/mm/yyyy", _("Date format"),
                       _("Dates are shown as {0}. Set dd/mm/yyyy.").format(date_format or "—"),
                       "/app/system-settings"))
    items.append(_item("setup_wizard", frappe.is_setup_complete(), _("Setup wizard"),
                       _("The setup wizard was not completed: open the desk as Administrator and finish it."),
                       "/app/setup-wizard"))
    items.append(_item("scheduler", _scheduler_enabled(), _("Scheduler"),
                       _("The scheduler is disabled: breach warnings and support-access expiry do not run. Run: bench --site {0} enable-scheduler").format(frappe.local.site),
                       "/app/system-settings"))
    items.append(_item("email", _outgoing_email(), _("Outgoing e-mail account"),
                       _("No default outgoing e-mail account: clinics and agents receive no e-mail."),
                       "/app/email-account/new"))
    items.append(_item("escalation_team", settings.get("escalation_team"), _("Escalation team"),
                       _("No escalation team: breached High tickets are not moved to anyone."),
                       "/app/healthdesk-settings"))
    items.append(_item("check_token", _token_set(), _("Check API token"),
                       _("No token for the check API: the clinic-management system cannot ask whether support may enter a clinic."),
                       "/app/healthdesk-settings"))
    contract = settings.get("contract_sla")
    enabled = bool(contract and frappe.db.get_value("HD Service Level Agreement", contract, "enabled"))
    items.append(_item("contract_sla", enabled, _("Contract SLA"),
                       _("No enabled contract SLA: clinic tickets get Helpdesk's default deadlines."),
                       f"/app/hd-service-level-agreement/{contract}" if contract else "/app/hd-service-level-agreement"))
    if enabled:
        is_default = bool(frappe.db.get_value("HD Service Level Agreement", contract, "default_sla"))
        items.append({"key": "contract_sla_default", "ok": True, "label": _("Contract SLA scope"),
                      "problem": "", "route": "/app/healthdesk-settings",
                      "note": _("The contract SLA is the default SLA: it applies to every ticket.") if is_default
                      else _("The contract SLA applies to clinic tickets only; Helpdesk's default SLA applies to the others.")})
    items.append(_item("default_calendar", settings.get("default_calendar"), _("Default business hours calendar"),
                       _("No default calendar: the support page shows no opening hours."), "/app/healthdesk-settings"))
    no_team = frappe.get_all("Support Tier", filters={"team": ["is", "not set"], "level": ["!=", "1"]}, pluck="tier_name")
    items.append(_item("tiers", not no_team, _("Support tiers' teams"),
                       _("These support tiers have no team, so escalating to them assigns no one: {0}.").format(", ".join(no_team)),
                       "/app/support-tier"))
    # the teams healthdesk routes to: tiers, the escalation team, triage rules' "set team" actions
    used = set(frappe.get_all("Support Tier", filters={"team": ["is", "set"]}, pluck="team"))
    used |= set(frappe.get_all("Triage Rule Action", filters={"kind": "set_team", "parenttype": "Triage Rule"},
                               pluck="value"))
    if settings.get("escalation_team"):
        used.add(settings.escalation_team)
    with_members = set(frappe.get_all("HD Team Member", filters={"parenttype": "HD Team"}, pluck="parent"))
    empty_teams = sorted(t for t in used if t and t not in with_members and frappe.db.exists("HD Team", t))
    items.append(_item("team_members", not empty_teams, _("Teams' agents"),
                       _("These teams have no agents: tickets routed to them reach no one: {0}.").format(", ".join(empty_teams)),
                       "/helpdesk/teams"))
    no_contact = frappe.get_all("Reseller", filters={"disabled": 0, "support_contact_email": ["is", "not set"]},
                                pluck="name")
    items.append(_item("reseller_contacts", not no_contact, _("Resellers' support contacts"),
                       _("These resellers have no support contact e-mail, so their clinics see none on the support page: {0}.").format(", ".join(no_contact)),
                       "/app/reseller?support_contact_email=%5B%22is%22%2C%22not%20set%22%5D"))
    from healthdesk.onboarding.panels import active_panels

    items.append(_item("onboarding", bool(active_panels()), _("Onboarding panel"),
                       _("No active onboarding panel: clinic users see an empty Getting started page. Replace the model's videos and activate it, or import your panel."),
                       "/app/onboarding-panel"))
    search = _redisearch()
    if search is not None:
        items.append(_item("redisearch", search, _("Article search (RediSearch)"),
                           _("Redis has no search module: Helpdesk's new-ticket page fails while the subject is typed. Use a Redis with the RediSearch module (Redis Stack) for redis_cache."),
                           "/helpdesk/kb"))
    return items

