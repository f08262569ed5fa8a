# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

from frappe.model.document import Document


class ResellerDeskTarget(Document):
    """One severity's first-line targets of a reseller's desk (hours of business time)."""
