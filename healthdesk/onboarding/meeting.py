"""The onboarding panel's last step, "Book a meeting": once every task is done, the reseller's
Customer Success booking link when it has one, otherwise a meeting-request ticket for one of the
user's clinics (endpoint: healthdesk.api.onboarding.request_meeting)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html

from healthdesk.constants import CONSULTANCY, NOT_COVERED
from healthdesk.core.onboarding import all_done
from healthdesk.network.ticket_clinic import NotYourClinic
from healthdesk.onboarding.panels import Viewer, booking_link, user_panel

MAX_PREFERRED_TIMES = 1000
# The subject before it was translated: open requests made then are found too.
SOURCE_SUBJECT = "Meeting request: Customer Success"


class PanelNotFinished(frappe.PermissionError):
    pass


class PreferredTimesRequired(frappe.ValidationError):
    pass


class PreferredTimesTooLong(frappe.ValidationError):
    pass


def request_meeting(viewer: Viewer, doc, preferred_times: str | None = None, clinic: str | None = None) -> dict:
    """The "Book a meeting" step of ``viewer`` on their panel ``doc``, once every task is done.

    When the reseller has a Customer Success booking link, returns it (nothing is created).
    Otherwise opens a meeting-request ticket for ``clinic`` (one of the user's clinics; the
    first by base id when not given) with the preferred times: ticket type Consultancy, and,
    where HD Ticket has those fields, category Consultancy and severity "Not covered" (no SLA).
    An open meeting request of the same user is returned instead of a second one.
    """
    if not all_done(user_panel(doc, viewer.user)):
        frappe.throw(
            _("Finish every task of the onboarding panel to book a meeting with Customer Success."),
            PanelNotFinished,
            title=_("Panel not finished"),
        )
    link = booking_link(viewer.reseller)
    if link:
        return {"booking_link": link}

    times = (preferred_times or "").strip()
    if not times:
        frappe.throw(
            _("Tell us at least one day and time that suits you for the meeting."),
            PreferredTimesRequired,
            title=_("Preferred times required"),
        )
    if len(times) > MAX_PREFERRED_TIMES:
        frappe.throw(
            _("Preferred times: write at most {0} characters.").format(MAX_PREFERRED_TIMES),
            PreferredTimesTooLong,
            title=_("Text too long"),
        )
    clinics = {c.name: c for c in viewer.clinics}
    clinic = (clinic or "").strip() or viewer.clinics[0].name
    if clinic not in clinics:
        frappe.throw(
            _("You do not belong to clinic {0}: choose one of your own clinics.").format(
                frappe.bold(escape_html(clinic))),
            NotYourClinic,
            title=_("Not your clinic"),
        )

    existing = open_request(viewer.user)
    if existing:
        return {"ticket": existing, "existing": True}
    ticket = frappe.get_doc(ticket_values(viewer.user, clinic, clinics[clinic].clinic_name, times))
    ticket.insert()  # as the user: Helpdesk's and healthdesk's ticket rules apply
    return {"ticket": ticket.name, "existing": False}


def open_request(user: str) -> str | None:
    """The user's latest meeting request still open or paused, if any."""
    existing = frappe.get_all(
        "HD Ticket",
        filters={
            "raised_by": user,
            "subject": ["in", list({SOURCE_SUBJECT, _("Meeting request: Customer Success")})],
            "status_category": ["in", ["Open", "Paused"]],
        },
        pluck="name",
        order_by="creation desc",
        limit=1,
    )
    return existing[0] if existing else None


def ticket_values(user: str, clinic: str, clinic_name: str, times: str) -> dict:
    """The meeting-request ticket: the preferred times (escaped) and the clinic in its description."""
    description = "".join(
        [
            "<p>", escape_html(_("The clinic finished the onboarding panel and asks for a meeting with a Customer Success consultant.")), "</p>",
            "<p><strong>", escape_html(_("Preferred times")), ":</strong><br>",
            escape_html(times).replace("\n", "<br>"), "</p>",
            "<p>", escape_html(_("Clinic")), ": ", escape_html(f"{clinic} - {clinic_name}"), "</p>",
        ]
    )
    values = {
        "doctype": "HD Ticket",
        "subject": _("Meeting request: Customer Success"),
        "description": description,
        "raised_by": user,
        "clinic": clinic,
        "via_customer_portal": 1,
    }
    if frappe.db.exists("HD Ticket Type", CONSULTANCY):
        values["ticket_type"] = CONSULTANCY
    # Consultancy is not covered by the SLA: set the category and severity that say so, where
    # this site's HD Ticket has them.
    meta = frappe.get_meta("HD Ticket")
    for fieldname, value in (("ticket_category", CONSULTANCY), ("severity", NOT_COVERED)):
        field = meta.get_field(fieldname)
        if field and value in (field.options or "").split("\n"):
            values[fieldname] = value
    return values
