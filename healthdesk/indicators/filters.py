"""The filters every indicator takes, turned into one SQL condition on HD Ticket (alias ``t``).

Every indicator query in healthdesk.indicators builds its WHERE from :meth:`Filters.where`, so the
reseller scope (healthdesk.indicators.scope) cannot be forgotten by one query: ``resellers`` is
required, and ``[]`` matches no ticket.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.utils import getdate

from healthdesk.indicators.scope import OutsideYourScope, narrow


class InvalidPeriod(frappe.ValidationError):
    pass


@dataclass(frozen=True)
class Filters:
    """A period (``from_date`` .. ``to_date``, both included, on the ticket's creation), the
    resellers in scope (None = every reseller; [] = none) and optional narrowing by clinic and
    module."""

    from_date: date
    to_date: date
    resellers: list[str] | None
    clinic: str | None = None
    module: str | None = None
    extra: dict = field(default_factory=dict)

    def where(self, alias: str = "t", date_field: str = "creation") -> tuple[str, dict]:
        """``(sql, params)``: the condition for HD Ticket rows (``alias``) within these filters."""
        parts = [f"{alias}.`{date_field}` >= %(hd_from)s", f"{alias}.`{date_field}` < %(hd_to)s"]
        params: dict = {"hd_from": datetime.combine(self.from_date, datetime.min.time()),
                        "hd_to": datetime.combine(self.to_date + timedelta(days=1), datetime.min.time())}
        if self.resellers is not None:
            if not self.resellers:
                return "1 = 0", params
            parts.append(f"{alias}.`reseller` in %(hd_resellers)s")
            params["hd_resellers"] = tuple(self.resellers)
        if self.clinic:
            parts.append(f"{alias}.`clinic` = %(hd_clinic)s")
            params["hd_clinic"] = self.clinic
        if self.module:
            parts.append(f"{alias}.`system_module` = %(hd_module)s")
            params["hd_module"] = self.module
        return " and ".join(parts), params

    def scope_where(self, alias: str, field: str = "reseller") -> tuple[str, dict]:
        """``(sql, params)``: only the reseller scope, for a table other than HD Ticket that has a
        reseller column (a Clinic's people and onboarding, which have no period): ``1 = 1`` for
        every reseller, ``1 = 0`` for none."""
        if self.resellers is None:
            return "1 = 1", {}
        if not self.resellers:
            return "1 = 0", {}
        return f"{alias}.`{field}` in %(hd_scope_resellers)s", {"hd_scope_resellers": tuple(self.resellers)}


def build(allowed: list[str] | None, from_date=None, to_date=None, reseller: str | None = None,
          clinic: str | None = None, module: str | None = None, default_days: int = 30) -> Filters:
    """Filters from a request's values, within ``allowed`` (the user's scope). A clinic outside
    the scope is refused like a reseller outside it; a period with its end before its start, or
    longer than three years, is refused with a message naming the fix."""
    resellers = narrow(allowed, reseller)
    to_day = getdate(to_date) if to_date else getdate()
    from_day = getdate(from_date) if from_date else to_day - timedelta(days=default_days - 1)
    if from_day > to_day:
        raise InvalidPeriod(_("The period's start ({0}) is after its end ({1}): choose a start on or before the end.")
                            .format(from_day, to_day))
    if (to_day - from_day).days > 3 * 366:
        raise InvalidPeriod(_("The period is longer than three years: choose a shorter period."))
    if clinic:
        clinic_reseller = frappe.db.get_value("Clinic", clinic, "reseller")
        if clinic_reseller is None or (resellers is not None and clinic_reseller not in resellers):
            raise OutsideYourScope(_("This clinic is not of your cooperative."))
    return Filters(from_day, to_day, resellers, clinic or None, module or None)
