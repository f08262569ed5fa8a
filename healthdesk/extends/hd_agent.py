"""healthdesk's doc events on Helpdesk's HD Agent (LGPD support access: the paths around the permission hooks)."""

from healthdesk.support_access import guards


def validate(doc, method=None):
    guards.hd_agent_validate(doc)
