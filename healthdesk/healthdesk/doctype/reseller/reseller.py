# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.model.document import Document

from healthdesk.constants import RESELLER_MANAGER
from healthdesk.core.cnpj import format_cnpj, is_valid_cnpj
from healthdesk.desks.visibility import reseller_on_update as desk_on_update
from healthdesk.desks.visibility import reseller_validate as check_desk
from healthdesk.intake.saved_replies import delete_reseller_saved_replies, reseller_saved_replies
from healthdesk.network.clinics import link_admin_to_clinics, reseller_customers, unlink_former_admin
from healthdesk.network.exceptions import InvalidBookingLink, InvalidCNPJ, InvalidShortCode
from healthdesk.utils import bold

SHORT_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]{1,19}")


class Reseller(Document):
    def autoname(self):
        self.short_code = normalize_short_code(self.short_code)
        self.name = self.short_code

    def validate(self):
        if self.is_new():
            self.short_code = normalize_short_code(self.short_code)
        if self.cnpj:
            if not is_valid_cnpj(self.cnpj):
                frappe.throw(
                    _("CNPJ {0} is not valid: check its 14 characters and the two check digits.").format(
                        bold(self.cnpj)
                    ),
                    InvalidCNPJ, title=_("Invalid CNPJ"),
                )
            self.cnpj = format_cnpj(self.cnpj)
        if self.cs_booking_link and not re.match(r"https?://\S+$", self.cs_booking_link.strip()):
            frappe.throw(
                _("Customer Success Booking Link must be a web address starting with https://."),
                InvalidBookingLink, title=_("Invalid link"),
            )
        self.validate_managers()
        # its own desk: a team that keeps Helpdesk's restriction, members working only there
        check_desk(self)

    def validate_managers(self):
        seen = set()
        for row in self.managers:
            if row.user in seen:
                frappe.throw(
                    _("Row {0}: {1} is listed twice among the managers.").format(row.idx, row.user),
                    title=_("Duplicate manager"),
                )
            if row.user in ("Administrator", "Guest"):
                frappe.throw(_("Row {0}: {1} cannot be a reseller manager.").format(row.idx, row.user))
            seen.add(row.user)

    def on_update(self):
        for row in self.managers:
            user = frappe.get_doc("User", row.user)
            if RESELLER_MANAGER not in {r.role for r in user.roles}:
                user.add_roles(RESELLER_MANAGER)
        before = self.get_doc_before_save()
        former_admin = before.multi_clinic_admin if before else None
        if former_admin and former_admin != self.multi_clinic_admin:
            unlink_former_admin(former_admin, self.name)
        if self.multi_clinic_admin and (
            not before or former_admin != self.multi_clinic_admin
        ):
            link_admin_to_clinics(self.multi_clinic_admin, reseller_customers(self.name))
        # the reseller's own saved replies (its TISS text) follow it
        reseller_saved_replies(self.name)
        # a new desk's members keep no share of another cooperative's records
        desk_on_update(self)

    def on_trash(self):
        delete_reseller_saved_replies(self.short_code)


def normalize_short_code(value: str | None) -> str:
    code = (value or "").strip().upper()
    if not SHORT_CODE.fullmatch(code):
        frappe.throw(
            _("Short Code {0} is not valid: use 2 to 20 letters, digits, '-' or '_', starting with a "
              "letter or digit, e.g. UXPTO.").format(bold(value or "")),
            InvalidShortCode, title=_("Invalid short code"),
        )
    return code
