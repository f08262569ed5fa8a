"""Each cooperative's indicators in the portal (issue 15, item 4): ONE function, :func:`summary`,
gathers every number the page ``/indicadores``, its CSV/XLSX export (healthdesk.indicators.export)
and the monthly e-mail (healthdesk.indicators.monthly) show, so the three can never disagree.

It computes nothing itself: the numbers come from the capabilities that own them —
healthdesk.indicators.queries (volume, times in business hours against the targets, compliance,
backlog and ageing, consultancy), healthdesk.satisfaction.results (satisfaction) and
healthdesk.indicators.retraining (clinics that need retraining) — each of them builds its WHERE
from :meth:`Filters.where`, which carries the reseller scope. This module only arranges their
answers as tables (with a chart where one helps) whose every heading has its definition
(healthdesk.indicators.definitions), in the reader's language.

The scope is decided before: the page, the export and the e-mail build their Filters with
healthdesk.indicators.filters.build inside the user's (or the reseller's) scope.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import formatdate, getdate

from healthdesk.core.indicators import fold_by_period, hours
from healthdesk.indicators import queries
from healthdesk.indicators.filters import Filters, build
from healthdesk.indicators.scope import narrow

PAGE_ROUTE = "/indicadores"
# Days up to which the page's volume per day is worth a table row each (a longer period shows
# its weeks and months; the day table stays in the export).
DAY_ROWS_ON_PAGE = 62
# The retraining ranking's rows on the page and in the export (the most urgent first).
RETRAINING_ROWS = 20


# ----------------------------------------------------------------------------- building blocks
def column(label: str, help: str = "", kind: str = "text") -> dict:
    """A table column: ``kind`` is text, int, hours (a number of hours), pct (a percentage),
    stars (an average of 1..5 stars) or ratio (a number with two decimals)."""
    return {"label": label, "help": help, "kind": kind}


def table(key: str, title: str, help: str, columns: list[dict], rows: list[list], chart: dict | None = None,
          page: bool = True) -> dict:
    """One indicator table. ``rows`` hold raw values (numbers stay numbers for the export);
    ``chart`` is Frappe Charts' data (``type``, ``labels``, ``datasets``) or None; ``page``: shown
    on the page (every table is exported)."""
    return {"key": key, "title": title, "help": help, "columns": columns, "rows": rows, "chart": chart,
            "page": page}


def chart(kind: str, labels: list, datasets: list[tuple[str, list]]) -> dict | None:
    """Frappe Charts' data, or None when there is nothing to draw."""
    if not labels or not any(any(v for v in values if v) for _name, values in datasets):
        return None
    return {"type": kind, "labels": [str(label) for label in labels],
            "datasets": [{"name": name, "values": [v or 0 for v in values]} for name, values in datasets]}


def display(value, kind: str = "text") -> str:
    """A value as the page and the e-mail show it (numbers in the site's number format)."""
    if value is None or value == "":
        return "—"
    if kind == "int":
        return str(frappe.format_value(int(value), {"fieldtype": "Float", "precision": 0}))
    if kind in ("hours", "stars", "ratio"):
        return frappe.format_value(float(value), {"fieldtype": "Float", "precision": 1 if kind == "hours" else 2})
    if kind == "pct":
        return frappe.format_value(float(value), {"fieldtype": "Float", "precision": 1}) + " %"
    return str(value)


def definition(key: str) -> str:
    """The definition of ``key`` for a support lead, in the reader's language: the indicators'
    own (healthdesk.indicators.definitions), else the page's headings and columns below."""
    from healthdesk.indicators.definitions import definition as indicator_definition

    return indicator_definition(key) or _page_texts().get(key, "")


def _page_texts() -> dict[str, str]:
    """The page's own headings and columns that are not an indicator of
    healthdesk.indicators.definitions (translated now, in the reader's language)."""
    return {
        "period": _("The day (year-month-day), the ISO week (year-W-week, Monday to Sunday) or the month (year-month) in which the tickets were opened."),
        "category": _("The ticket's category now: Question, Error, Improvement, TISS / operator, External vendor, Data migration or Consultancy."),
        "module": _("The system module the ticket is about."),
        "severity": _("The ticket's severity now: High, Medium, Low, or Not covered (outside the support contract, no deadline)."),
        "clinic": _("The clinic the ticket belongs to."),
        "times_overall": _("Business hours from when the vendor received each ticket of the period to its first answer and to its resolution, over the tickets that have that moment."),
        "measure": _("First response: until support's first answer. Resolution: until the ticket was resolved."),
        "tickets_measured": _("Tickets of the period that have this moment: answered (first response) or resolved (resolution)."),
        "median_hours": _("Half of the measured tickets took at most this many business hours."),
        "p90_hours": _("Nine in ten measured tickets took at most this many business hours."),
        "sla": _("The service level agreement the ticket follows."),
        "priority": _("The ticket's priority in its SLA (set from its severity); each priority has its own targets."),
        "compliance": _("The period's tickets that have a deadline, and whether it was met: met, breached or still pending."),
        "deadline": _("First response: the deadline for support's first answer. Resolution: the deadline for resolving the ticket."),
        "with_target": _("Tickets of the period that have this deadline (tickets Not covered have none)."),
        "met": _("Tickets answered (or resolved) on or before the deadline."),
        "pending": _("Tickets still within the deadline: neither met nor breached yet."),
        "compliance_pct": _("Met divided by met plus breached; pending tickets do not count."),
        "status_category": _("Open: waiting for support. Paused: waiting for the clinic or a third party."),
        "satisfaction": _("After a ticket is resolved, the clinic user who opened it is asked once to rate the support from 1 to 5 stars. Counted on the month the survey was sent."),
        "satisfaction_asked": _("Surveys sent in the period: tickets resolved whose clinic user was asked to rate them."),
        "satisfaction_answers": _("Surveys the clinic user answered with a rating."),
        "satisfaction_average": _("Average rating of the answers, from 1 to 5 stars."),
        "satisfaction_low": _("Answers with a low rating (at most the threshold in Healthdesk Settings, 2 stars by default); each one opens a follow-up for the team lead."),
        "satisfaction_response_rate": _("Answers divided by surveys sent."),
    }


# ----------------------------------------------------------------------------- labels
def _category(value: str | None) -> str:
    return _(value) if value else _("No category")


def _severity(value: str | None) -> str:
    return _(value) if value else _("No severity")


def _module(value: str | None) -> str:
    return value or _("No module")


def clinic_names(names: list[str]) -> dict:
    if not names:
        return {}
    return dict(frappe.get_all("Clinic", filters={"name": ["in", names]}, fields=["name", "clinic_name"],
                               as_list=True))


# ----------------------------------------------------------------------------- sections
def _gather(f: Filters) -> dict:
    """Each query once (the page must stay fast on a big network): the weeks and months are the
    days folded (healthdesk.core.indicators.fold_by_period, the fold queries.volume uses)."""
    days = queries.volume(f, "day")
    daily = [(getdate(r["period"]), r["tickets"]) for r in days]
    return {
        "volume_day": days,
        "volume_week": fold_by_period(daily, f.from_date, f.to_date, "week"),
        "volume_month": fold_by_period(daily, f.from_date, f.to_date, "month"),
        **{f"by_{d}": queries.volume_by(f, d) for d in ("category", "module", "severity", "clinic")},
        "times_overall": queries.times_overall(f),
        "times": queries.times(f),
        "compliance": queries.compliance(f)[0],
        "backlog": queries.backlog(f),
        "ageing": queries.ageing(f),
        "consultancy": queries.consultancy(f, "month"),
    }


def _volume_tables(f: Filters, raw: dict) -> list[dict]:
    tickets = column(_("Tickets"), definition("tickets"), "int")
    out = []
    for period, title, kind in (("day", _("Tickets per day"), "line"), ("week", _("Tickets per week"), "bar"),
                                ("month", _("Tickets per month"), "bar")):
        rows = raw[f"volume_{period}"]
        on_page = period != "day" or (f.to_date - f.from_date).days < DAY_ROWS_ON_PAGE
        out.append(table(
            f"volume_{period}", title, definition("volume"),
            [column(_("Period"), definition("period")), tickets],
            [[r["period"], r["tickets"]] for r in rows],
            chart(kind, [r["period"] for r in rows], [(_("Tickets"), [r["tickets"] for r in rows])]),
            page=on_page,
        ))
    return out


def _dimension_tables(raw: dict) -> list[dict]:
    tickets = column(_("Tickets"), definition("tickets"), "int")
    names = clinic_names([r["key"] for r in raw["by_clinic"] if r["key"]])
    specs = (
        ("category", _("Tickets by category"), _("Category"), _category),
        ("module", _("Tickets by module"), _("Module"), _module),
        ("severity", _("Tickets by severity"), _("Severity"), _severity),
        ("clinic", _("Tickets by clinic"), _("Clinic"), lambda k: names.get(k) or k or _("No clinic")),
    )
    out = []
    for key, title, label, name_of in specs:
        labelled = [[name_of(r["key"]), r["tickets"]] for r in raw[f"by_{key}"]]
        out.append(table(
            f"by_{key}", title, definition("volume_by"), [column(label, definition(key)), tickets], labelled,
            chart("bar" if key == "clinic" else "percentage", [r[0] for r in labelled[:12]],
                  [(_("Tickets"), [r[1] for r in labelled[:12]])]),
        ))
    return out


def _measures() -> dict:
    return {"first_response": _("First response"), "resolution": _("Resolution")}


def _times_tables(raw: dict) -> list[dict]:
    measures = _measures()
    overall = raw["times_overall"]
    out = [table(
        "times_overall", _("Business hours to first response and to resolution"), definition("times_overall"),
        [column(_("Measure"), definition("measure")),
         column(_("Tickets measured"), definition("tickets_measured"), "int"),
         column(_("Median (business hours)"), definition("median_hours"), "hours"),
         column(_("90th percentile (business hours)"), definition("p90_hours"), "hours")],
        [[measures[r["measure"]], r["tickets"], hours(r["median_seconds"]), hours(r["p90_seconds"])]
         for r in overall],
        chart("bar", [measures[r["measure"]] for r in overall],
              [(_("Median"), [hours(r["median_seconds"]) for r in overall]),
               (_("90th percentile"), [hours(r["p90_seconds"]) for r in overall])]),
    )]
    out.append(table(
        "times_targets", _("Times against the targets, by priority"), definition("targets"),
        [column(_("Service level agreement"), definition("sla")),
         column(_("Priority"), definition("priority")),
         column(_("Tickets"), definition("tickets"), "int"),
         column(_("First response: median (business hours)"), definition("first_response_median"), "hours"),
         column(_("First response: 90th percentile (business hours)"), definition("first_response_p90"), "hours"),
         column(_("First response: target (business hours)"), definition("targets"), "hours"),
         column(_("Resolution: median (business hours)"), definition("resolution_median"), "hours"),
         column(_("Resolution: 90th percentile (business hours)"), definition("resolution_p90"), "hours"),
         column(_("Resolution: target (business hours)"), definition("targets"), "hours")],
        [[r["sla"], _(r["priority"]) if r["priority"] else "—", r["tickets"],
          hours(r["first_response_median_seconds"]), hours(r["first_response_p90_seconds"]),
          hours(r["response_target_seconds"]),
          hours(r["resolution_median_seconds"]), hours(r["resolution_p90_seconds"]),
          hours(r["resolution_target_seconds"])] for r in raw["times"]],
    ))
    return out


def _compliance_table(raw: dict) -> dict:
    c = raw["compliance"]
    rows = [[label, c[f"with_{kind}_target"], c[f"{kind}_met"], c[f"{kind}_breached"], c[f"{kind}_pending"],
             c[f"{kind}_compliance_pct"]] for kind, label in (("response", _("First response")),
                                                              ("resolution", _("Resolution")))]
    return table(
        "compliance", _("SLA compliance"), definition("compliance"),
        [column(_("Deadline"), definition("deadline")),
         column(_("Tickets with a deadline"), definition("with_target"), "int"),
         column(_("Met"), definition("met"), "int"),
         column(_("Breached"), definition("breaches"), "int"),
         column(_("Pending"), definition("pending"), "int"),
         column(_("Compliance"), definition("compliance_pct"), "pct")],
        rows,
        chart("bar", [r[0] for r in rows], [(_("Met"), [r[2] for r in rows]), (_("Breached"), [r[3] for r in rows])]),
    )


def _backlog_tables(raw: dict) -> list[dict]:
    return [
        table("backlog", _("Backlog"), definition("backlog"),
              [column(_("Status"), definition("status_category")),
               column(_("Open tickets"), definition("backlog"), "int")],
              [[_(r["status_category"]), r["tickets"]] for r in raw["backlog"]]),
        table("ageing", _("Backlog ageing"), definition("ageing"),
              [column(_("Days open"), definition("ageing")),
               column(_("Open tickets"), definition("backlog"), "int")],
              [[r["bucket"], r["tickets"]] for r in raw["ageing"]],
              chart("bar", [r["bucket"] for r in raw["ageing"]],
                    [(_("Open tickets"), [r["tickets"] for r in raw["ageing"]])])),
    ]


def _consultancy_table(raw: dict) -> dict:
    rows = raw["consultancy"]
    return table(
        "consultancy", _("Consultancy tickets per month"), definition("consultancy"),
        [column(_("Month"), definition("period")), column(_("Consultancy tickets"), definition("consultancy"), "int")],
        [[r["period"], r["tickets"]] for r in rows],
        chart("bar", [r["period"] for r in rows], [(_("Consultancy tickets"), [r["tickets"] for r in rows])]),
    )


def _cards(raw: dict) -> list[dict]:
    overall = {r["measure"]: r for r in raw["times_overall"]}
    c = raw["compliance"]
    return [
        {"key": "tickets", "label": _("Tickets"), "kind": "int", "help": definition("tickets"),
         "value": sum(r["tickets"] for r in raw["volume_day"])},
        {"key": "open_backlog", "label": _("Open tickets now"), "kind": "int", "help": definition("backlog"),
         "value": sum(r["tickets"] for r in raw["backlog"])},
        {"key": "first_response_median", "label": _("First response, median (business hours)"), "kind": "hours",
         "help": definition("first_response_median"), "value": hours(overall["first_response"]["median_seconds"])},
        {"key": "resolution_median", "label": _("Resolution, median (business hours)"), "kind": "hours",
         "help": definition("resolution_median"), "value": hours(overall["resolution"]["median_seconds"])},
        {"key": "response_compliance", "label": _("First response within the SLA"), "kind": "pct",
         "help": definition("response_compliance"), "value": c["response_compliance_pct"]},
        {"key": "resolution_compliance", "label": _("Resolution within the SLA"), "kind": "pct",
         "help": definition("resolution_compliance"), "value": c["resolution_compliance_pct"]},
        {"key": "consultancy", "label": _("Consultancy tickets"), "kind": "int", "help": definition("consultancy"),
         "value": sum(r["tickets"] for r in raw["consultancy"])},
    ]


def _satisfaction_tables(f: Filters) -> list[dict]:
    from healthdesk.satisfaction.results import results

    out = []
    for by, title, label in (("clinic", _("Satisfaction by clinic"), _("Clinic")),
                             ("module", _("Satisfaction by module"), _("Module")),
                             ("month", _("Satisfaction by month"), _("Month"))):
        rows = results(f, by)
        out.append(table(
            f"satisfaction_{by}", title, definition("satisfaction"),
            [column(label, definition(by if by != "month" else "period")),
             column(_("Surveys sent"), definition("satisfaction_asked"), "int"),
             column(_("Answers"), definition("satisfaction_answers"), "int"),
             column(_("Average (1 to 5 stars)"), definition("satisfaction_average"), "stars"),
             column(_("Low ratings"), definition("satisfaction_low"), "int"),
             column(_("Response rate"), definition("satisfaction_response_rate"), "pct")],
            [[r["label"], r["asked"], r["answers"], r["average"], r["low"],
              None if r["response_rate"] is None else round(100 * r["response_rate"], 1)] for r in rows],
            chart("bar", [r["label"] for r in rows[:12]], [(_("Average (1 to 5 stars)"), [r["average"] for r in rows[:12]])])
            if by != "clinic" else None,
        ))
    return out


def _retraining_table(f: Filters) -> dict:
    from healthdesk.indicators.retraining import definitions, ranking

    texts = definitions()
    rows = ranking(f, f.module, limit=RETRAINING_ROWS)
    return table(
        "retraining", _("Clinics that need retraining"), texts["ranking"],
        [column(_("Clinic"), definition("clinic")),
         column(_("Module"), definition("module")),
         column(_("Questions"), texts["questions"], "int"),
         column(_("Active users"), texts["active_users"], "int"),
         column(_("Questions per active user"), texts["per_user"], "ratio"),
         column(_("Network median"), texts["network_median"], "ratio"),
         column(_("Ratio to the network median"), texts["ratio"], "ratio"),
         column(_("Onboarding completion"), texts["onboarding_completion"], "pct")],
        [[r["clinic_name"] or r["clinic"], r["module"], r["questions"], r["active_users"], r["per_user"],
          r["network_median"], r["ratio"], r["onboarding_completion"]] for r in rows],
    )


# ----------------------------------------------------------------------------- the one function
def summary(f: Filters) -> dict:
    """Every number of the cooperative's indicators within ``f`` (built inside the reader's scope):
    ``{"cards": [{key, label, value, kind, help}], "tables": [table(...)]}``, labels and
    definitions in the current language. Values are raw (None: no value, e.g. no ticket measured);
    :func:`display` formats them."""
    raw = _gather(f)
    tables = [*_volume_tables(f, raw), *_dimension_tables(raw), *_times_tables(raw), _compliance_table(raw),
              *_backlog_tables(raw), _consultancy_table(raw), *_satisfaction_tables(f), _retraining_table(f)]
    return {"cards": _cards(raw), "tables": tables}


# ----------------------------------------------------------------------------- the request
def request_filters(allowed: list[str] | None, args: dict) -> Filters:
    """The page's / export's Filters from the query string (``from_date``, ``to_date``,
    ``reseller``, ``clinic``, ``module``) inside ``allowed``: another cooperative's reseller or
    clinic raises OutsideYourScope; a bad period, InvalidPeriod."""
    return build(allowed, from_date=args.get("from_date") or None, to_date=args.get("to_date") or None,
                 reseller=args.get("reseller") or None, clinic=args.get("clinic") or None,
                 module=args.get("module") or None)


def reseller_options(allowed: list[str] | None) -> list[dict]:
    """The resellers the reader may pick (every one for the vendor)."""
    filters = {} if allowed is None else {"name": ["in", allowed or [""]]}
    return frappe.get_all("Reseller", filters=filters, fields=["name", "reseller_name"], order_by="reseller_name asc")


def clinic_options(allowed: list[str] | None, reseller: str | None) -> list[dict]:
    """The clinics the reader may pick: those of the chosen reseller, else of every reseller in
    scope (the vendor picks a reseller first: a network of thousands of clinics is no list)."""
    resellers = narrow(allowed, reseller)
    if resellers is None:
        return []
    return frappe.get_all("Clinic", filters={"reseller": ["in", resellers or [""]]},
                          fields=["name", "clinic_name", "base_id"], order_by="clinic_name asc")


def module_options() -> list[str]:
    return frappe.get_all("System Module", order_by="sort_order asc, module_name asc", pluck="name")


def scope_label(f: Filters) -> str:
    """Whose numbers these are, for headings: the resellers' names, or "every reseller"."""
    if f.resellers is None:
        return _("Every reseller")
    names = frappe.get_all("Reseller", filters={"name": ["in", f.resellers or [""]]}, pluck="reseller_name",
                           order_by="reseller_name asc")
    return ", ".join(names)


def period_label(f: Filters) -> str:
    return _("{0} to {1}").format(formatdate(f.from_date), formatdate(f.to_date))
