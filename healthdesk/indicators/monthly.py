"""The monthly summary e-mail to each cooperative's managers (scheduler_events "monthly").

For every reseller with enabled managers: the previous calendar month's indicators of THAT reseller
only (healthdesk.indicators.portal.summary on Filters scoped to it), rendered in each manager's
language (one e-mail per language, to the managers who read it), with a link to /indicadores for
the same month and reseller.

Sent once per reseller and month: what was sent is recorded as an Info Comment on the Reseller
(``subject`` = :func:`marker`), written in the same transaction as the queued e-mails, with the
Reseller's row locked meanwhile — a second run (the job retried, or run by hand) finds the record
and sends nothing. A Comment rather than a new doctype: the reseller's own timeline shows the
vendor when each summary went out, and nothing else needs to read it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import get_url, getdate

from healthdesk.constants import RESELLER
from healthdesk.indicators import portal
from healthdesk.indicators.filters import Filters

TEMPLATE = "healthdesk/templates/emails/indicators_monthly.html"
MARKER = "healthdesk:monthly-indicators:{0}"


def previous_month(today: date | None = None) -> tuple[date, date]:
    """The first and last day of the calendar month before ``today``'s."""
    first_of_this = getdate(today or frappe.utils.today()).replace(day=1)
    last = first_of_this - timedelta(days=1)
    return last.replace(day=1), last


def marker(month_start: date) -> str:
    return MARKER.format(month_start.strftime("%Y-%m"))


def managers(reseller: str) -> list[frappe._dict]:
    """The reseller's enabled managers with their language (the site's when they have none)."""
    site_language = frappe.db.get_default("lang") or "en"
    rows = frappe.db.sql("""select u.name as user, u.language
        from `tabReseller Manager User` m join `tabUser` u on u.name = m.user
        where m.parenttype = %s and m.parent = %s and u.enabled = 1
        order by m.idx""", (RESELLER, reseller), as_dict=True)
    for row in rows:
        row.language = row.language or site_language
    return rows


def already_sent(reseller: str, month_start: date) -> bool:
    return bool(frappe.db.exists("Comment", {"reference_doctype": RESELLER, "reference_name": reseller,
                                             "comment_type": "Info", "subject": marker(month_start)}))


def page_link(reseller: str, first: date, last: date) -> str:
    return get_url(portal.PAGE_ROUTE + "?" + urlencode({"from_date": first.isoformat(), "to_date": last.isoformat(),
                                                        "reseller": reseller}))


def render(reseller: str, first: date, last: date, language: str) -> tuple[str, str]:
    """``(subject, html)`` of the reseller's summary of ``first``..``last`` in ``language``."""
    f = Filters(first, last, [reseller])
    with print_language(language):
        data = portal.summary(f)
        name = frappe.db.get_value(RESELLER, reseller, "reseller_name") or reseller
        month = first.strftime("%m/%Y")
        subject = _("Indicators of {0} in {1}").format(name, month)
        tables = {t["key"]: t for t in data["tables"]}
        html = frappe.render_template(TEMPLATE, {
            "reseller_name": name, "month": month, "cards": data["cards"], "display": portal.display,
            "tables": [tables[k] for k in ("by_clinic", "by_module", "compliance", "satisfaction_clinic")
                       if k in tables and tables[k]["rows"]],
            "link": page_link(reseller, first, last),
        })
    return subject, html


def send_for(reseller: str, first: date, last: date) -> int:
    """Queue the reseller's summary of ``first``..``last`` for its managers, once; returns the
    e-mails queued (0 when already sent, or when it has no enabled manager)."""
    frappe.db.sql("select name from `tabReseller` where name = %s for update", reseller)
    if already_sent(reseller, first):
        return 0
    people = managers(reseller)
    if not people:
        return 0
    by_language = defaultdict(list)
    for person in people:
        by_language[person.language].append(person.user)
    for language, recipients in sorted(by_language.items()):
        subject, html = render(reseller, first, last, language)
        frappe.sendmail(recipients=recipients, subject=subject, message=html, reference_doctype=RESELLER,
                        reference_name=reseller, email_headers={"X-Auto-Generated": "healthdesk-monthly-indicators"})
    site_language = frappe.db.get_default("lang") or "en"
    with print_language(site_language):
        note = _("Monthly indicators summary of {0} sent to {1} managers.").format(first.strftime("%m/%Y"), len(people))
    frappe.get_doc({"doctype": "Comment", "comment_type": "Info", "reference_doctype": RESELLER,
                    "reference_name": reseller, "subject": marker(first), "content": note,
                    "comment_email": "Administrator"}).insert(ignore_permissions=True)
    return len(by_language)


def send_monthly_summaries(today: date | None = None) -> dict[str, int]:
    """scheduler_events "monthly": every reseller with managers gets last month's summary, once.
    A reseller that fails (e.g. no outgoing e-mail account) is rolled back alone and tried again
    by the next run; returns ``{reseller: e-mails queued}``."""
    first, last = previous_month(today)
    resellers = frappe.get_all("Reseller Manager User", filters={"parenttype": RESELLER}, pluck="parent",
                               distinct=True, order_by="parent asc")
    done = {}
    for reseller in resellers:
        try:
            done[reseller] = send_for(reseller, first, last)
            frappe.db.commit()
        except frappe.OutgoingEmailError:
            frappe.db.rollback()
            frappe.clear_last_message()
            done[reseller] = 0
        except Exception:
            frappe.db.rollback()
            frappe.log_error(title=f"Monthly indicators summary failed for reseller {reseller}")
            done[reseller] = 0
    return done
