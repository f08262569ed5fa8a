"""Satisfaction results by clinic, reseller, agent, module or month.

The population is the tickets whose clinic user was *asked* (``satisfaction_asked_on``) within
the period — the period filters on the ask, so "November" means the surveys of November — and
within the reader's scope: the WHERE is :meth:`healthdesk.indicators.filters.Filters.where`, which
carries the reseller scope. For each group:

- ``asked``: surveys sent; ``answers``: of those, the ones rated (Helpdesk's ``feedback_rating``);
- ``average``: mean stars (1–5, ``feedback_rating`` × 5) of the answers, None without answers;
- ``low``: answers of at most the low threshold (Healthdesk Settings, default 2 stars);
- ``response_rate``: answers / asked (0..1).

The agent is the one assigned when the ticket was resolved (``satisfaction_agent``), not whoever is
assigned later (a lead's follow-up is an assignment too).
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.indicators.filters import Filters
from healthdesk.indicators.indexes import AGENT_SATISFACTION_INDEX, has_index

GROUPS = {  # by → SQL key on HD Ticket (alias t)
    "clinic": "t.`clinic`",
    "reseller": "t.`reseller`",
    "agent": "t.`satisfaction_agent`",
    "module": "t.`system_module`",
    "month": "date_format(t.`satisfaction_asked_on`, '%%Y-%%m')",
}


class InvalidGrouping(frappe.ValidationError):
    pass


def results(f: Filters, by: str) -> list[dict]:
    """One row per group (see the module's docstring), ordered by key (months in order)."""
    from healthdesk.satisfaction.survey import threshold

    if by not in GROUPS:
        raise InvalidGrouping(_("Group by: choose one of clinic, reseller, agent, module or month."))
    where, params = f.where(alias="t", date_field="satisfaction_asked_on")
    params["sat_low"] = threshold()
    key = GROUPS[by]
    hint = ""
    if by == "agent" and has_index("HD Ticket", AGENT_SATISFACTION_INDEX):
        # MariaDB would group a year of surveys in a temporary table (the period's index); the
        # agent's index gives the groups in order (healthdesk.indicators.indexes)
        hint = f"force index (`{AGENT_SATISFACTION_INDEX}`)"
    rows = frappe.db.sql(f"""
        select {key} as `key`, count(*) as asked,
            sum(case when t.`feedback_rating` > 0 then 1 else 0 end) as answers,
            avg(case when t.`feedback_rating` > 0 then t.`feedback_rating` * 5 end) as average,
            sum(case when t.`feedback_rating` > 0 and round(t.`feedback_rating` * 5) <= %(sat_low)s
                then 1 else 0 end) as low
        from `tabHD Ticket` t {hint}
        where {where}
        group by {key}
        order by {key}
    """, params, as_dict=True)
    labels = _labels(by, [r.key for r in rows if r.key])
    out = []
    for r in rows:
        answers, asked = int(r.answers or 0), int(r.asked or 0)
        out.append({
            "key": r.key,
            "label": labels.get(r.key) or r.key or _none_label(by),
            "asked": asked,
            "answers": answers,
            "average": round(float(r.average), 2) if answers else None,
            "low": int(r.low or 0),
            "response_rate": round(answers / asked, 4) if asked else None,
        })
    return out


def _none_label(by: str) -> str:
    return {"agent": _("Not assigned"), "module": _("No module"), "clinic": _("No clinic"),
            "reseller": _("No reseller")}.get(by, "")


def _labels(by: str, keys: list[str]) -> dict:
    if not keys:
        return {}
    source = {"clinic": ("Clinic", "clinic_name"), "reseller": ("Reseller", "reseller_name"),
              "agent": ("User", "full_name")}.get(by)
    if not source:
        return {k: k for k in keys}
    doctype, field = source
    return dict(frappe.get_all(doctype, filters={"name": ["in", keys]}, fields=["name", field], as_list=True))
