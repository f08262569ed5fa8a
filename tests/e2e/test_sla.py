"""Helpdesk's SLA computed with the contract's business-hours calendar."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import frappe
import pytest
from freezegun import freeze_time
from helpdesk.helpdesk.doctype.hd_service_level_agreement.hd_service_level_agreement import (
    HDServiceLevelAgreement,
)

from healthdesk.setup.install import CONTRACT_CALENDAR, CONTRACT_SLA
from healthdesk.sla.calendars import get_calendar, to_aware, to_site

BRT = ZoneInfo("America/Sao_Paulo")
HOUR = 3600


def brt(*args) -> datetime:
    """A Brasília wall-clock moment as the site stores it (naive, site time zone)."""
    return to_site(datetime(*args, tzinfo=BRT))


@pytest.fixture
def clinic(net):
    return net.clinic(net.reseller().name)


def _ticket(net, clinic, created: datetime, **values):
    return net.ticket(clinic=clinic.name, service_level_agreement_creation=created,
                      opening_date=created.date(), **values)


def test_friday_1730_high_is_due_next_business_day_1730(net, contract_sla, clinic):
    # 0.5 h on Friday, 3.5 h before lunch on Monday, 4 h after: Monday 17:30.
    ticket = _ticket(net, clinic, brt(2026, 11, 27, 17, 30), severity="High")
    assert ticket.sla == CONTRACT_SLA
    assert ticket.priority == "High"
    assert ticket.response_by == brt(2026, 11, 30, 17, 30)
    assert ticket.response_due_local == "30/11 17:30"
    # Resolution (40 business hours) ends the following Friday at 17:30.
    assert ticket.resolution_by == brt(2026, 12, 4, 17, 30)


def test_national_holiday_and_lunch_are_skipped(net, contract_sla, clinic):
    # Thursday 19/11 11:00 Medium (20 h): 1 h to noon, 4.5 h; Friday 20/11 is Black Awareness
    # Day (national since 2024); Monday 8 h; Tuesday 6.5 h → Tuesday 16:30.
    ticket = _ticket(net, clinic, brt(2026, 11, 19, 11, 0), severity="Medium")
    assert ticket.response_by == brt(2026, 11, 24, 16, 30)


def test_deadline_ending_at_noon_is_noon(net, contract_sla, clinic):
    # Monday 13:30 + 8 h: 4.5 h on Monday, 3.5 h on Tuesday morning → Tuesday 12:00, not 13:30.
    ticket = _ticket(net, clinic, brt(2026, 11, 30, 13, 30), severity="High")
    assert ticket.response_by == brt(2026, 12, 1, 12, 0)


def test_not_covered_gets_no_deadline(net, contract_sla, clinic):
    ticket = _ticket(net, clinic, brt(2026, 11, 27, 10, 0), severity="Not covered")
    assert ticket.response_by is None and ticket.resolution_by is None
    assert ticket.agreement_status == "" or ticket.agreement_status is None
    assert not ticket.response_due_local
    # Helpdesk's hourly job never marks it failed.
    agreement = frappe.get_doc("HD Service Level Agreement", ticket.sla)
    agreement.handle_agreement_status(ticket)
    assert ticket.agreement_status != "Failed"


def test_paused_business_time_moves_the_resolution_deadline_exactly(net, contract_sla, clinic):
    with freeze_time(datetime(2026, 11, 30, 9, 0, tzinfo=BRT)):
        ticket = _ticket(net, clinic, brt(2026, 11, 30, 9, 0), severity="Medium")
    first_deadline = ticket.resolution_by
    with freeze_time(datetime(2026, 11, 30, 10, 0, tzinfo=BRT)):
        ticket.reload()
        # A status of category Paused ("Replied" on a fresh Helpdesk site).
        ticket.status = frappe.db.get_value("HD Ticket Status", {"category": "Paused"}, "name")
        ticket.save()
        assert ticket.agreement_status == "Paused"
    with freeze_time(datetime(2026, 12, 1, 10, 0, tzinfo=BRT)):
        ticket.reload()
        ticket.status = "Open"
        ticket.save()
    # Paused Monday 10:00 → Tuesday 10:00: 2 + 4.5 + 1.5 = 8 business hours.
    assert ticket.total_hold_time == 8 * HOUR
    calendar = get_calendar(CONTRACT_CALENDAR)
    assert calendar.elapsed(to_aware(first_deadline), to_aware(ticket.resolution_by)) == timedelta(hours=8)
    assert ticket.resolution_by == to_site(calendar.add(to_aware(first_deadline), timedelta(hours=8)))


def test_elapsed_times_are_in_business_hours(contract_sla):
    agreement = frappe.get_doc("HD Service Level Agreement", CONTRACT_SLA)
    # Friday 17:00 → Monday 09:00: 1 h on Friday + 0.5 h on Monday.
    assert agreement.calc_elapsed_time(brt(2026, 11, 27, 17, 0), brt(2026, 11, 30, 9, 0)) == 1.5 * HOUR


def test_severity_and_priority_follow_each_other(net, contract_sla, clinic):
    ticket = _ticket(net, clinic, brt(2026, 11, 27, 10, 0), severity="Low")
    assert ticket.priority == "Low"
    ticket.reload()
    ticket.priority = "High"
    ticket.save()
    assert ticket.severity == "High"
    ticket.severity = "Medium"
    ticket.save()
    assert ticket.priority == "Medium"


def test_sla_without_calendar_behaves_as_stock(contract_sla):
    agreement = frappe.get_doc("HD Service Level Agreement", CONTRACT_SLA)
    agreement.business_hours_calendar = None
    start = datetime(2026, 11, 27, 11, 0)
    for target in ("response_time", "resolution_time"):
        assert agreement.calc_time(start, "High", target) == HDServiceLevelAgreement.calc_time(
            agreement, start, "High", target)
    end = datetime(2026, 12, 2, 15, 0)
    assert agreement.calc_elapsed_time(start, end) == HDServiceLevelAgreement.calc_elapsed_time(
        agreement, start, end)
    assert agreement.get_working_hours() == HDServiceLevelAgreement.get_working_hours(agreement)


def test_helpdesk_banner_still_gets_one_window_per_weekday(net, contract_sla, clinic):
    hours = contract_sla.get_working_hours()
    assert set(hours) == {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
    assert hours["Monday"] == (timedelta(hours=8, minutes=30), timedelta(hours=18))
    ticket = _ticket(net, clinic, brt(2026, 11, 27, 10, 0), severity="High")
    assert ticket.is_currently_outside_working_hours() in (True, False)


# --- calendars in the desk --------------------------------------------------------------------

def _calendar(**values):
    doc = frappe.get_doc({
        "doctype": "Business Hours Calendar", "calendar_name": f"Teste {frappe.generate_hash(length=6)}",
        "timezone": "America/Manaus", "national_holidays": 1,
        "windows": [{"weekday": "Monday", "start_time": "08:00:00", "end_time": "12:00:00"}], **values,
    })
    return doc


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"timezone": "Brasil/Brasilia"}, "IANA"),
        ({"windows": []}, "Opening Hours"),
        ({"windows": [{"weekday": "Monday", "start_time": "12:00:00", "end_time": "08:00:00"}]}, "row 1"),
        ({"windows": [{"weekday": "Monday", "start_time": "08:00:00", "end_time": "12:00:00"},
                      {"weekday": "Monday", "start_time": "11:00:00", "end_time": "13:00:00"}]}, "overlap"),
        ({"holiday_state": "XX"}, "State"),
    ],
)
def test_calendar_validation_names_the_field(values, message):
    with pytest.raises(frappe.ValidationError, match=message):
        _calendar(**values).insert()


def test_calendar_preview_and_weekly_hours():
    from healthdesk.healthdesk.doctype.business_hours_calendar.business_hours_calendar import preview

    doc = _calendar(holiday_state="AM", windows=[
        {"weekday": day, "start_time": s, "end_time": e}
        for day in ("Monday", "Wednesday") for s, e in (("08:00:00", "12:00:00"), ("14:00:00", "18:00:00"))
    ], holidays=[{"holiday_date": "2026-12-02", "kind": "Closure", "description": "Mudança"}])
    doc.insert()
    try:
        assert doc.weekly_hours == "16h"
        with freeze_time(datetime(2026, 11, 30, 7, 0, tzinfo=ZoneInfo("America/Manaus"))):
            result = preview(doc.name)
        assert result["timezone"] == "America/Manaus" and not result["is_open"]
        assert result["periods"][0] == {"start": "Monday 30/11/2026 08:00", "end": "12:00"}
        # Wednesday 2 December is a one-off closure: the third period is the next Monday.
        assert result["periods"][2]["start"].startswith("Monday 07/12/2026")
        assert result["deadlines"][0] == {"hours": 8, "deadline": "Monday 30/11/2026 18:00"}
        # 20 h: Monday 8 h, the closed Wednesday, next Monday 8 h, Wednesday 9/12 4 h.
        assert result["deadlines"][1] == {"hours": 20, "deadline": "Wednesday 09/12/2026 12:00"}
    finally:
        frappe.db.rollback()


def test_recomputing_open_tickets_after_a_calendar_change(net, contract_sla, clinic):
    from healthdesk.api.sla import affected_open_tickets, recompute_open_tickets

    ticket = _ticket(net, clinic, brt(2026, 11, 27, 17, 30), severity="High")
    calendar = frappe.get_doc("Business Hours Calendar", CONTRACT_CALENDAR)
    original = [(r.weekday, r.start_time, r.end_time) for r in calendar.windows]
    try:
        calendar.append("windows", {"weekday": "Saturday", "start_time": "08:30:00", "end_time": "12:30:00"})
        calendar.save()
        frappe.db.commit()
        assert affected_open_tickets(calendar=CONTRACT_CALENDAR) >= 1
        assert recompute_open_tickets(calendar=CONTRACT_CALENDAR) >= 1
        # 0.5 h Friday + 4 h Saturday + 3.5 h Monday morning: Monday 12:00.
        assert frappe.db.get_value("HD Ticket", ticket.name, "response_by") == brt(2026, 11, 30, 12, 0)
        frappe.set_user(net.agent())
        with pytest.raises(frappe.PermissionError):
            recompute_open_tickets(calendar=CONTRACT_CALENDAR)
    finally:
        frappe.set_user("Administrator")
        calendar = frappe.get_doc("Business Hours Calendar", CONTRACT_CALENDAR)
        calendar.set("windows", [{"weekday": w, "start_time": s, "end_time": e} for w, s, e in original])
        calendar.save()
        frappe.db.commit()


# --- breach warnings --------------------------------------------------------------------------

@pytest.fixture
def warned_ticket(net, contract_sla, clinic):
    """A High ticket (deadline Monday 30/11 17:30 Brasília) assigned to an agent of a team."""
    agent = net.agent()
    team = frappe.get_doc({"doctype": "HD Team", "team_name": f"Equipe {net.tag}",
                           "users": [{"user": agent}]}).insert(ignore_permissions=True)
    escalation = frappe.get_doc({"doctype": "HD Team", "team_name": f"Escalonamento {net.tag}"}).insert(
        ignore_permissions=True)
    settings = frappe.get_single("Healthdesk Settings")
    previous = (settings.escalation_team, settings.breach_warning_before)
    settings.escalation_team = escalation.name
    settings.breach_warning_before = HOUR
    settings.save()
    ticket = _ticket(net, clinic, brt(2026, 11, 27, 17, 30), severity="High", agent_group=team.name)
    frappe.db.commit()
    yield ticket, agent, team, escalation
    frappe.db.rollback()
    frappe.db.delete("SLA Warning", {"ticket": ticket.name})
    frappe.db.delete("Notification Log", {"document_name": ticket.name, "document_type": "HD Ticket"})
    settings = frappe.get_single("Healthdesk Settings")
    settings.escalation_team, settings.breach_warning_before = previous
    settings.save()
    frappe.db.delete("HD Ticket", {"name": ticket.name})
    for name in (team.name, escalation.name):
        frappe.delete_doc("HD Team", name, force=True, ignore_permissions=True)
    frappe.db.commit()


def _warnings(ticket):
    return frappe.get_all("SLA Warning", filters={"ticket": ticket}, fields=["threshold", "sent_to", "escalated_to"])


def test_warning_before_the_deadline_goes_out_once(warned_ticket):
    from healthdesk.sla.breach_warnings import BEFORE, send_breach_warnings

    ticket, agent, _team, _escalation = warned_ticket
    send_breach_warnings(brt(2026, 11, 30, 16, 0))  # 1.5 business hours left: not yet
    assert _warnings(ticket.name) == []
    send_breach_warnings(brt(2026, 11, 30, 16, 45))
    assert _warnings(ticket.name) == [{"threshold": BEFORE, "sent_to": agent, "escalated_to": None}]

    def ours():
        return frappe.get_all("Notification Log", pluck="subject", filters={
            "for_user": agent, "document_name": ticket.name, "subject": ["like", "%30/11 17:30%"]})

    assert len(ours()) == 1
    # Again (another run, a restarted worker): nothing new.
    send_breach_warnings(brt(2026, 11, 30, 16, 50))
    assert len(ours()) == 1 and len(_warnings(ticket.name)) == 1
    activity = frappe.get_all("HD Ticket Activity", filters={"ticket": ticket.name}, pluck="action")
    assert any("30/11 17:30" in a for a in activity)


def test_breach_warns_and_escalates_high_tickets(warned_ticket):
    from healthdesk.sla.breach_warnings import BREACHED, send_breach_warnings

    ticket, agent, _team, escalation = warned_ticket
    send_breach_warnings(brt(2026, 11, 30, 17, 31))
    assert [w["threshold"] for w in _warnings(ticket.name)] == [BREACHED]
    assert _warnings(ticket.name)[0]["escalated_to"] == escalation.name
    assert frappe.db.get_value("HD Ticket", ticket.name, "agent_group") == escalation.name
    send_breach_warnings(brt(2026, 11, 30, 17, 40))
    assert len(_warnings(ticket.name)) == 1
    # A breach is news for a day, not forever.
    send_breach_warnings(brt(2026, 12, 2, 10, 0))
    assert len(_warnings(ticket.name)) == 1


def test_no_warnings_outside_business_hours(warned_ticket):
    from healthdesk.sla.breach_warnings import send_breach_warnings

    ticket, _agent, _team, _escalation = warned_ticket
    # Saturday, and Monday during lunch: closed, so nothing goes out even when due.
    send_breach_warnings(brt(2026, 11, 28, 10, 0))
    assert frappe.db.get_value("HD Ticket", ticket.name, "response_by") == brt(2026, 11, 30, 17, 30)
    frappe.db.set_value("HD Ticket", ticket.name, "response_by", brt(2026, 11, 30, 12, 45))
    frappe.db.commit()
    send_breach_warnings(brt(2026, 11, 30, 12, 30))  # 15 minutes before the deadline, at lunch
    assert _warnings(ticket.name) == []


def test_not_covered_and_answered_tickets_are_never_warned(net, warned_ticket, clinic):
    from healthdesk.sla.breach_warnings import send_breach_warnings

    ticket, *_ = warned_ticket
    other = _ticket(net, clinic, brt(2026, 11, 27, 17, 30), severity="Not covered")
    frappe.db.set_value("HD Ticket", ticket.name, "first_responded_on", brt(2026, 11, 30, 9, 0))
    frappe.db.commit()
    send_breach_warnings(brt(2026, 11, 30, 17, 45))
    assert _warnings(ticket.name) == [] and _warnings(other.name) == []


# --- the report -------------------------------------------------------------------------------

def test_sla_compliance_report(net, contract_sla, clinic):
    from healthdesk.healthdesk.report.sla_compliance.sla_compliance import execute

    met = _ticket(net, clinic, brt(2026, 11, 9, 9, 0), severity="High")
    late = _ticket(net, clinic, brt(2026, 11, 10, 9, 0), severity="High")
    _ticket(net, clinic, brt(2026, 11, 11, 9, 0), severity="Not covered")
    agreement = frappe.get_doc("HD Service Level Agreement", CONTRACT_SLA)
    for ticket, answered in ((met, brt(2026, 11, 9, 11, 0)), (late, brt(2026, 11, 11, 17, 0))):
        frappe.db.set_value("HD Ticket", ticket.name, {
            "first_responded_on": answered,
            "first_response_time": agreement.calc_elapsed_time(ticket.service_level_agreement_creation, answered),
        })
    columns, data = execute({"clinic": clinic.name, "group_by": "Month, Severity"})
    rows = {(r["month"], r["severity"]): r for r in data}
    high = rows[("2026-11", "High")]
    assert (high["tickets"], high["met"], high["breached"], high["compliance"]) == (2, 1, 1, 50.0)
    # 2 business hours, and Tue 09:00 → Wed 17:00: 7.5 + 7 = 14.5 business hours: mean 8.25.
    assert high["avg_first_response_hours"] == 8.25
    assert rows[("2026-11", "Not covered")]["not_covered"] == 1
    assert [c["fieldname"] for c in columns][:2] == ["month", "severity"]
    with pytest.raises(frappe.ValidationError, match="Group By"):
        execute({"group_by": "Nothing"})


# --- the public support page ------------------------------------------------------------------

def test_public_support_page_shows_hours_and_sla_table_without_login(contract_sla, browser):
    response = browser.get("/support")
    assert response.status_code == 200
    html = response.text
    assert "08:30–12:00" in html and "13:30–18:00" in html and "America/Sao_Paulo" in html
    for hours in ("8", "20", "80"):
        assert f">{hours} business hours<" in html or f">{hours} horas úteis<" in html
    assert "/abrir-chamado" in html  # the web form (issue 5)


def test_support_page_shows_the_users_reseller_contact(net, contract_sla, browser):
    reseller = net.reseller(support_contact_name="Central Teste", support_contact_email="central@test.example")
    clinic = net.clinic(reseller.name)
    browser.login(net.user("clinica", clinics=(clinic.name,), language="pt-BR"))
    html = browser.get("/support").text
    assert "Central Teste" in html and "central@test.example" in html
    assert "Horário de atendimento" in html


def test_ticket_without_severity_takes_its_default_priority(net, contract_sla, clinic):
    # Helpdesk gives a ticket HD Settings' default priority, else its SLA's default priority.
    previous = frappe.db.get_single_value("HD Settings", "default_priority")
    frappe.db.set_single_value("HD Settings", "default_priority", None)
    frappe.db.commit()
    try:
        ticket = _ticket(net, clinic, brt(2026, 11, 27, 10, 0))
        assert (ticket.priority, ticket.severity) == ("Medium", "Medium")
    finally:
        frappe.db.set_single_value("HD Settings", "default_priority", previous)
        frappe.db.commit()
