"""healthdesk's doc events on User: LGPD separation of duties, and a deleted user's onboarding records."""

from healthdesk.indicators import assignments
from healthdesk.onboarding.panels import delete_user_records
from healthdesk.support_access import guards


def validate(doc, method=None):
    # LGPD separation of duties: no support role together with System Manager / Healthdesk Admin
    guards.user_validate(doc)


def on_trash(doc, method=None):
    delete_user_records(doc)
    # indicators: Frappe deletes the user's ToDos with SQL, so their per-agent rows go here
    assignments.forget_agent(doc.name)
