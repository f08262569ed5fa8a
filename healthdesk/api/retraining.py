"""Retraining signal endpoints (healthdesk.indicators.retraining): book a retraining session for a
clinic and module from the Retraining Needs report or the cooperative's indicators page. The scope
(the vendor: any clinic; a cooperative's manager or desk agent: their cooperative's clinics; anyone
else: none) is checked on the server in the capability."""

from __future__ import annotations

import frappe

from healthdesk.indicators import retraining
from healthdesk.indicators.scope import require_scope


@frappe.whitelist(methods=["POST"])
def book_session(clinic: str, module: str, notes: str | None = None) -> dict:
    """The clinic's reseller's Customer Success booking link, or a Consultancy ticket asking for a
    retraining session on ``module`` for ``clinic`` (an open one is returned instead of a second)."""
    return retraining.book_session(clinic, module, notes)


@frappe.whitelist()
def definitions() -> dict:
    """What each number of the retraining signal means, in the user's language."""
    require_scope()
    return retraining.definitions()
