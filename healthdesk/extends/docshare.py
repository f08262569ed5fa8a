"""healthdesk's doc events on DocShare (LGPD support access: the paths around the permission hooks)."""

from healthdesk.desks import visibility
from healthdesk.support_access import guards


def validate(doc, method=None):
    guards.docshare_validate(doc)
    visibility.docshare_validate(doc)  # reseller desks: no share of another cooperative's record
