"""The vendor's indicator dashboard in the desk ("Healthdesk Indicators"), built from Frappe's own
Dashboard, Dashboard Chart, Number Card and Dashboard Chart Source records (module Healthdesk:
``healthdesk/healthdesk/{healthdesk_dashboard,dashboard_chart,number_card,dashboard_chart_source}/``,
imported by Frappe's ``sync_dashboards`` on install and migrate).

Every chart source and number card goes through :func:`scoped_filters`: the user's indicator scope
(healthdesk.indicators.scope — a cooperative's desk agent sees their cooperative's numbers, a
clinic user is refused) narrowed by the chart's filters. Nothing here is cached across users
(Frappe's ``cache_source`` keys a chart's data by chart only, which would hand one cooperative's
numbers to another): the queries are aggregates fast enough to run on each view.
"""

from __future__ import annotations

import frappe
from frappe import _

from healthdesk.core.indicators import hours
from healthdesk.indicators import queries
from healthdesk.indicators.filters import Filters, build
from healthdesk.indicators.scope import require_scope


def scoped_filters(filters=None) -> Filters:
    """A chart's or card's filters (JSON or dict: from_date, to_date, reseller, clinic, module)
    within the session user's scope; refuses (OutsideYourScope) who sees nothing."""
    values = frappe.parse_json(filters) if filters else {}
    if not isinstance(values, dict):
        values = {}
    allowed = require_scope()
    return build(allowed, values.get("from_date"), values.get("to_date"), values.get("reseller"),
                 values.get("clinic"), values.get("module"))


def _option(filters, key: str, default: str) -> str:
    values = frappe.parse_json(filters) if filters else {}
    return (values or {}).get(key) or default if isinstance(values, dict) else default


# ------------------------------------------------------------------------------------ charts
def volume_chart(filters=None) -> dict:
    f = scoped_filters(filters)
    rows = queries.volume(f, _option(filters, "period", "day"))
    return {"labels": [r["period"] for r in rows],
            "datasets": [{"name": _("Tickets"), "values": [r["tickets"] for r in rows]}]}


def tickets_by_chart(filters=None) -> dict:
    f = scoped_filters(filters)
    rows = queries.volume_by(f, _option(filters, "dimension", "category"), limit=15)
    return {"labels": [r["key"] or _("Not set") for r in rows],
            "datasets": [{"name": _("Tickets"), "values": [r["tickets"] for r in rows]}]}


def times_chart(filters=None) -> dict:
    """Per priority: first response and resolution median / p90 against the target, in hours."""
    f = scoped_filters(filters)
    rows = queries.times(f)
    labels = [_(r["priority"] or "") if len({x["sla"] for x in rows}) == 1 else f"{r['sla']} · {_(r['priority'] or '')}"
              for r in rows]
    series = (
        (_("First response median (h)"), "first_response_median_seconds"),
        (_("First response p90 (h)"), "first_response_p90_seconds"),
        (_("Response target (h)"), "response_target_seconds"),
        (_("Resolution median (h)"), "resolution_median_seconds"),
        (_("Resolution p90 (h)"), "resolution_p90_seconds"),
        (_("Resolution target (h)"), "resolution_target_seconds"),
    )
    return {"labels": labels,
            "datasets": [{"name": name, "values": [hours(r[key]) or 0 for r in rows]} for name, key in series]}


def compliance_chart(filters=None) -> dict:
    f = scoped_filters(filters)
    row = queries.compliance(f)[0]
    return {"labels": [_("First response"), _("Resolution")],
            "datasets": [{"name": _("Met"), "values": [row["response_met"], row["resolution_met"]]},
                         {"name": _("Breached"), "values": [row["response_breached"], row["resolution_breached"]]},
                         {"name": _("Pending"), "values": [row["response_pending"], row["resolution_pending"]]}]}


def ageing_chart(filters=None) -> dict:
    f = scoped_filters(filters)
    rows = queries.ageing(f)
    return {"labels": [_("{0} days").format(r["bucket"]) for r in rows],
            "datasets": [{"name": _("Open tickets"), "values": [r["tickets"] for r in rows]}]}


def _workload_datasets(rows) -> list[dict]:
    """Tickets, first-response median and reopen rate of agents or levels (same row shape)."""
    return [{"name": _("Tickets"), "values": [r["tickets"] for r in rows]},
            {"name": _("First response median (h)"),
             "values": [hours(r["first_response_median_seconds"]) or 0 for r in rows]},
            {"name": _("Reopen rate (%)"), "values": [r["reopen_rate_pct"] or 0 for r in rows]}]


def agents_chart(filters=None) -> dict:
    rows = queries.per_agent(scoped_filters(filters))[:20]
    return {"labels": [r["agent_name"] or r["agent"] for r in rows], "datasets": _workload_datasets(rows)}


def levels_chart(filters=None) -> dict:
    rows = queries.per_level(scoped_filters(filters))
    return {"labels": [_("Level {0}").format(r["level"]) for r in rows], "datasets": _workload_datasets(rows)}


def consultancy_chart(filters=None) -> dict:
    f = scoped_filters(filters)
    rows = queries.consultancy(f, _option(filters, "period", "month"))
    return {"labels": [r["period"] for r in rows],
            "datasets": [{"name": _("Consultancy tickets"), "values": [r["tickets"] for r in rows]}]}


def chart_source(compute):
    """The whitelisted ``get`` of a Dashboard Chart Source (each source's module is
    ``get = chart_source(<its chart function>)``): Frappe's chart widget calls it with the chart's
    filters, or with only the chart's name, whose saved filters are then read."""

    @frappe.whitelist()
    def get(chart_name: str | None = None, chart: str | None = None, no_cache: int | None = None,
            filters: str | dict | None = None, from_date: str | None = None, to_date: str | None = None,
            timespan: str | None = None, time_interval: str | None = None, heatmap_year: str | None = None,
            refresh: int | None = None) -> dict:
        if not filters and chart_name:
            filters = frappe.db.get_value("Dashboard Chart", chart_name, "filters_json")
        return compute(filters)

    return get


# ------------------------------------------------------------------------------------ number cards
# Custom Number Cards: Frappe's widget calls the method with the card's filters and shows
# ``value`` formatted as ``fieldtype``.
@frappe.whitelist()
def open_backlog(filters: str | dict | None = None) -> dict:
    return {"value": sum(r["tickets"] for r in queries.backlog(scoped_filters(filters))), "fieldtype": "Int"}


@frappe.whitelist()
def tickets_in_period(filters: str | dict | None = None) -> dict:
    return {"value": sum(r["tickets"] for r in queries.volume(scoped_filters(filters), "month")), "fieldtype": "Int"}


@frappe.whitelist()
def response_compliance(filters: str | dict | None = None) -> dict | str:
    value = queries.compliance(scoped_filters(filters))[0]["response_compliance_pct"]
    if value is None:
        return "—"  # no deadline decided yet in the period: no rate (not 0 %)
    return {"value": value, "fieldtype": "Percent"}


@frappe.whitelist()
def median_first_response(filters: str | dict | None = None) -> dict:
    """In business hours."""
    seconds = queries.times_overall(scoped_filters(filters))[0]["median_seconds"]
    return {"value": hours(seconds) or 0, "fieldtype": "Float"}


@frappe.whitelist()
def consultancy_volume(filters: str | dict | None = None) -> dict:
    return {"value": sum(r["tickets"] for r in queries.consultancy(scoped_filters(filters), "month")),
            "fieldtype": "Int"}


# ------------------------------------------------------------------------------------ help in the desk
DEFINITIONS_BLOCK = "Healthdesk Indicator Definitions"
_BLOCK_HTML = '<div class="hd-definitions"><p class="hd-loading">…</p></div>'
_BLOCK_STYLE = (".hd-definitions{font-size:13px;line-height:1.45} .hd-definitions h4{margin:0 0 8px}"
                " .hd-definitions dt{font-weight:600;margin-top:8px} .hd-definitions dd{margin:2px 0 0 0;color:#555}"
                " .hd-definitions a{font-weight:600}")
_BLOCK_SCRIPT = """// Healthdesk: what every indicator means, in the user's language (healthdesk.indicators.definitions)
frappe.call("healthdesk.indicators.definitions.definitions").then((r) => {
	const box = root_element.querySelector(".hd-definitions");
	const esc = frappe.utils.escape_html;
	const items = (r.message || []).map((d) => `<dt>${esc(d.title)}</dt><dd>${esc(d.definition)}</dd>`).join("");
	box.innerHTML = `<h4>${esc(__("Indicator definitions"))}</h4>
		<p><a href="/app/dashboard-view/Healthdesk Indicators">${esc(__("Open the indicators dashboard"))}</a></p>
		<dl>${items}</dl>`;
});
"""


def ensure_definitions_block() -> None:
    """after_install / after_migrate: the Custom HTML Block of the Healthdesk workspace that shows
    every indicator's definition. Created once; an admin's later changes to it are kept."""
    if frappe.db.exists("Custom HTML Block", DEFINITIONS_BLOCK):
        return
    block = frappe.new_doc("Custom HTML Block")
    block.name = DEFINITIONS_BLOCK
    block.update({"html": _BLOCK_HTML, "script": _BLOCK_SCRIPT, "style": _BLOCK_STYLE, "private": 0})
    block.insert(ignore_permissions=True, set_name=DEFINITIONS_BLOCK)
