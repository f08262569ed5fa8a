# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

from __future__ import annotations

from frappe.model.document import Document


class ProductCardStatusChange(Document):
    pass
