# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE
"""A reseller asks the vendor to give one user access to several clinic bases.

Draft → Submitted (docstatus 1) → Approved or Rejected. Parsing is pure
(:mod:`healthdesk.core.clinic_ids`); this controller validates against the database and, on
approval, links the user's Contact to each requested clinic's HD Customer, and nothing else.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime, validate_email_address

from healthdesk.core.clinic_ids import (
    LABEL_HOME_BASE,
    LABEL_REQUESTED,
    LABEL_USER,
    ClinicIdError,
    parse_base_ids,
    parse_request,
)
from healthdesk.network.clinics import managed_resellers
from healthdesk.network.contacts import ensure_contact_for_user, link_contact
from healthdesk.network.exceptions import (
    ClinicOfAnotherReseller,
    InvalidPastedRequest,
    InvalidUserEmail,
    NoClinicsRequested,
    RejectionReasonRequired,
    RequestNotSubmitted,
    UnknownBaseId,
)
from healthdesk.network.permissions import is_healthdesk_admin
from healthdesk.utils import bold

DRAFT, SUBMITTED, APPROVED, REJECTED = "Draft", "Submitted", "Approved", "Rejected"


def translate_clinic_id_error(exc: ClinicIdError) -> str:
    """The translated message of a parsing error from core (its ``code`` picks the template)."""
    line = exc.params.get("line")
    if exc.code == "not_a_base_id":
        message = _("{0} is not a base ID: a base ID has digits only, e.g. 0012.").format(
            bold(exc.params["token"])
        )
    elif exc.code == "missing_line":
        return _("The line \"{0}\" is missing or empty. Paste the request with its three lines.").format(line)
    elif exc.code == "duplicate_line":
        return _("The line \"{0}\" appears more than once: keep only one.").format(line)
    elif exc.code == "one_home_base":
        message = _("give exactly one base ID.")
    else:  # pragma: no cover - every code is listed above
        message = str(exc)
    return _("Line \"{0}\": {1}").format(line, message) if line else message


class MultiClinicAccessRequest(Document):
    def validate(self):
        if self.pasted_text and (self.is_new() or self.has_value_changed("pasted_text")):
            self.fill_from_pasted_text()
        self.validate_user_email()
        self.set_reseller()
        self.set_clinics()
        self.check_reseller_scope()
        if self.docstatus == 0:
            self.status = DRAFT

    def fill_from_pasted_text(self):
        try:
            parsed = parse_request(self.pasted_text)
        except ClinicIdError as exc:
            frappe.throw(translate_clinic_id_error(exc), InvalidPastedRequest, title=_("Invalid pasted request"))
        self.user_email = parsed.user_email
        self.home_base_id = parsed.home_base_id
        self.requested_base_ids = ", ".join(parsed.base_ids)

    def validate_user_email(self):
        email = (self.user_email or "").strip().lower()
        if not email:
            frappe.throw(_("Line \"{0}\": the user's e-mail is missing.").format(LABEL_USER),
                         InvalidUserEmail, title=_("Missing e-mail"))
        if not validate_email_address(email):
            frappe.throw(
                _("Line \"{0}\": {1} is not a valid e-mail address.").format(LABEL_USER, bold(email)),
                InvalidUserEmail, title=_("Invalid e-mail"),
            )
        self.user_email = email

    def set_reseller(self):
        home = (self.home_base_id or "").strip()
        if not home:
            frappe.throw(_("Line \"{0}\": the base ID is missing.").format(LABEL_HOME_BASE),
                         InvalidPastedRequest, title=_("Missing base ID"))
        try:
            ids = parse_base_ids(home)
        except ClinicIdError as exc:
            exc.params["line"] = LABEL_HOME_BASE
            frappe.throw(translate_clinic_id_error(exc), InvalidPastedRequest, title=_("Invalid base ID"))
        if len(ids) != 1:
            frappe.throw(_("Line \"{0}\": give exactly one base ID.").format(LABEL_HOME_BASE),
                         InvalidPastedRequest, title=_("Invalid base ID"))
        self.home_base_id = ids[0]
        reseller = frappe.db.get_value("Clinic", self.home_base_id, "reseller")
        if not reseller:
            frappe.throw(
                _("Line \"{0}\": there is no clinic with base ID {1}.").format(
                    LABEL_HOME_BASE, bold(self.home_base_id)),
                UnknownBaseId, title=_("Unknown base ID"),
            )
        self.reseller = reseller

    def set_clinics(self):
        try:
            ids = parse_base_ids(self.requested_base_ids or "")
        except ClinicIdError as exc:
            exc.params["line"] = LABEL_REQUESTED
            frappe.throw(translate_clinic_id_error(exc), InvalidPastedRequest, title=_("Invalid base ID"))
        if not ids:
            frappe.throw(
                _("Line \"{0}\": list at least one base ID, e.g. 0012, 0345.").format(LABEL_REQUESTED),
                NoClinicsRequested, title=_("No clinics requested"),
            )
        clinics = {
            c.name: c
            for c in frappe.get_all(
                "Clinic", filters={"name": ["in", ids]}, fields=["name", "reseller", "clinic_name"]
            )
        }
        unknown = [i for i in ids if i not in clinics]
        if unknown:
            frappe.throw(
                _("Line \"{0}\": there is no clinic with base ID {1}.").format(
                    LABEL_REQUESTED, ", ".join(bold(i) for i in unknown)),
                UnknownBaseId, title=_("Unknown base ID"),
            )
        foreign = [i for i in ids if clinics[i].reseller != self.reseller]
        if foreign:
            frappe.throw(
                _("Line \"{0}\": base ID {1} belongs to another reseller than {2}, where the user is "
                  "registered. A request can only cover clinics of one reseller.").format(
                    LABEL_REQUESTED, ", ".join(bold(i) for i in foreign), self.reseller),
                ClinicOfAnotherReseller, title=_("Clinic of another reseller"),
            )
        self.requested_base_ids = ", ".join(ids)
        self.set("clinics", [
            {"base_id": i, "clinic": i, "clinic_name": clinics[i].clinic_name} for i in ids
        ])

    def check_reseller_scope(self):
        user = frappe.session.user
        if is_healthdesk_admin(user):
            return
        if self.reseller not in managed_resellers(user):
            frappe.throw(
                _("You can only request access to clinics of the reseller you manage."),
                frappe.PermissionError,
                title=_("Not your reseller"),
            )

    def on_submit(self):
        self.db_set("status", SUBMITTED)

    def on_cancel(self):
        frappe.throw(_("A multi-clinic request cannot be cancelled: reject it instead."))

    @frappe.whitelist()
    def approve(self):
        """Link the user's Contact to each requested clinic. Approving twice changes nothing."""
        require_admin()
        if self.status == APPROVED:
            return {"linked": []}
        if self.docstatus != 1 or self.status != SUBMITTED:
            frappe.throw(
                _("Only a submitted request can be approved; this one is {0}.").format(_(self.status)),
                RequestNotSubmitted, title=_("Cannot approve"),
            )
        customers = []
        for row in self.clinics:
            clinic = frappe.db.get_value("Clinic", row.clinic, ["hd_customer", "reseller"], as_dict=True)
            if not clinic or clinic.reseller != self.reseller or not clinic.hd_customer:
                frappe.throw(
                    _("Base ID {0} no longer belongs to reseller {1}: reject this request and ask "
                      "for a new one.").format(bold(row.base_id), self.reseller),
                    title=_("Cannot approve"),
                )
            customers.append(clinic.hd_customer)
        contact = ensure_contact_for_user(self.user_email)
        linked = link_contact(contact, customers)
        self.db_set({"status": APPROVED, "approved_by": frappe.session.user, "approved_on": now_datetime()})
        self.add_comment(
            "Info",
            _("Approved: the user now has access to clinics {0}.").format(
                ", ".join(row.base_id for row in self.clinics)),
        )
        return {"linked": linked}

    @frappe.whitelist()
    def reject(self, reason: str):
        """Reject with a reason; nothing else changes. Rejecting twice changes nothing."""
        require_admin()
        if self.status == REJECTED:
            return
        reason = (reason or "").strip()
        if not reason:
            frappe.throw(_("Give the reason for rejecting the request."), RejectionReasonRequired,
                         title=_("Reason required"))
        if self.docstatus != 1 or self.status != SUBMITTED:
            frappe.throw(
                _("Only a submitted request can be rejected; this one is {0}.").format(_(self.status)),
                RequestNotSubmitted, title=_("Cannot reject"),
            )
        self.db_set({
            "status": REJECTED, "rejection_reason": reason,
            "rejected_by": frappe.session.user, "rejected_on": now_datetime(),
        })


def require_admin():
    if not is_healthdesk_admin(frappe.session.user):
        frappe.throw(
            _("Only a Healthdesk Admin can approve or reject multi-clinic requests."),
            frappe.PermissionError,
            title=_("Not permitted"),
        )
