# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from healthdesk.core.clinic_ids import is_base_id
from healthdesk.network.clinics import link_admin_to_clinics, sync_hd_customer
from healthdesk.network.exceptions import InvalidBaseId
from healthdesk.utils import bold


class Clinic(Document):
    def autoname(self):
        self.base_id = normalize_base_id(self.base_id)
        self.name = self.base_id

    def validate(self):
        if self.is_new():
            self.base_id = normalize_base_id(self.base_id)
        self.clinic_name = (self.clinic_name or "").strip()
        if not self.clinic_name:
            frappe.throw(_("Clinic Name is required."), title=_("Missing clinic name"))
        if self.is_new() and frappe.db.get_value("Reseller", self.reseller, "disabled"):
            frappe.throw(
                _("Reseller {0} is disabled: enable it before adding clinics.").format(self.reseller),
                title=_("Disabled reseller"),
            )

    def on_update(self):
        # Read before syncing: db_set() in the sync loads the saved doc as "before".
        before = self.get_doc_before_save()
        customer = sync_hd_customer(self)
        if not before or before.reseller != self.reseller:
            admin = frappe.db.get_value("Reseller", self.reseller, "multi_clinic_admin")
            link_admin_to_clinics(admin, [customer])

    def on_trash(self):
        # Tickets keep their HD Customer (it is Helpdesk data); only unlink the clinic from it.
        if self.hd_customer and frappe.db.exists("HD Customer", self.hd_customer):
            frappe.db.set_value("HD Customer", self.hd_customer, {"clinic": None, "clinic_disabled": 1})


def normalize_base_id(value: str | None) -> str:
    base_id = (value or "").strip()
    if not is_base_id(base_id):
        frappe.throw(
            _("Base ID {0} is not valid: use digits only, exactly as the clinic system shows it "
              "(leading zeros are kept), e.g. 0012.").format(bold(value or "")),
            InvalidBaseId, title=_("Invalid base ID"),
        )
    return base_id
