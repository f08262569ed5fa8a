"""Issue 12, items 9 and 10: SLA Compliance's total row and its labels; the SLA form's hints."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import frappe

from healthdesk.setup.install import CONTRACT_SLA
from healthdesk.sla.calendars import to_site

BRT = ZoneInfo("America/Sao_Paulo")


def brt(*args) -> datetime:
    return to_site(datetime(*args, tzinfo=BRT))


def _ticket(net, clinic, created: datetime, **values):
    return net.ticket(clinic=clinic.name, service_level_agreement_creation=created,
                      opening_date=created.date(), **values)


def test_total_row_is_computed_from_tickets_not_averaged_rows(net, contract_sla):
    """One High ticket answered in time and one Not covered ticket: the truth is 100%, and a
    Frappe total row (add_total_row) showed 50% by averaging 100% with the empty row."""
    from healthdesk.healthdesk.report.sla_compliance.sla_compliance import execute

    clinic = net.clinic(net.reseller().name)
    met = _ticket(net, clinic, brt(2026, 11, 9, 9, 0), severity="High")
    _ticket(net, clinic, brt(2026, 11, 9, 10, 0), severity="Not covered")
    agreement = frappe.get_doc("HD Service Level Agreement", CONTRACT_SLA)
    answered = brt(2026, 11, 9, 11, 0)
    frappe.db.set_value("HD Ticket", met.name, {
        "first_responded_on": answered,
        "first_response_time": agreement.calc_elapsed_time(met.service_level_agreement_creation, answered),
    })
    _columns, data = execute({"clinic": clinic.name, "group_by": "Month, Severity"})
    *groups, last = data
    assert [g["compliance"] for g in groups] == [100.0, None]
    assert last["bold"] == 1 and last["month"] == frappe._("Total")
    assert (last["tickets"], last["met"], last["not_covered"], last["compliance"]) == (2, 1, 1, 100.0)
    assert last["avg_first_response_hours"] == 2.0
    report = frappe.get_doc("Report", "SLA Compliance")
    assert not report.add_total_row, "Frappe's own total row averages the Percent column"


def test_no_tickets_no_total_row(net, contract_sla):
    from healthdesk.healthdesk.report.sla_compliance.sla_compliance import execute

    clinic = net.clinic(net.reseller().name)
    assert execute({"clinic": clinic.name, "group_by": "Month"})[1] == []
