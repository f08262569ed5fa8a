"""Literals shared across healthdesk, written once (Helpdesk keeps its own in ``helpdesk.consts``).

Pure Python: healthdesk.core may import it too.
"""

# --------------------------------------------------------------------------- roles
HEALTHDESK_ADMIN = "Healthdesk Admin"
RESELLER_MANAGER = "Reseller Manager"
SYSTEM_MANAGER = "System Manager"
# The vendor's product team: moves bug reports and improvement requests (healthdesk.cards)
PRODUCT_MANAGER = "Product Manager"
# healthdesk's own roles → whether they give desk access
ROLES = {HEALTHDESK_ADMIN: 1, RESELLER_MANAGER: 0, PRODUCT_MANAGER: 1}
# Helpdesk's support roles: support staff under LGPD (healthdesk.support_access)
AGENT_ROLES = frozenset({"Agent", "Agent Manager"})
# roles that administer healthdesk (the Administrator user always does)
ADMIN_ROLES = frozenset({SYSTEM_MANAGER, HEALTHDESK_ADMIN})

# --------------------------------------------------------------------------- tickets
# Severities of the vendor's support contract: the first three are also Helpdesk priorities.
SEVERITY_PRIORITIES = ("High", "Medium", "Low")
NOT_COVERED = "Not covered"  # consultancy and requests that are not a problem: no deadline
SEVERITIES = (*SEVERITY_PRIORITIES, NOT_COVERED)
CONSULTANCY = "Consultancy"  # the ticket category and the HD Ticket Type of consultancy requests

# --------------------------------------------------------------------------- doctypes
HD_TICKET = "HD Ticket"
HD_CUSTOMER = "HD Customer"
CLINIC = "Clinic"
RESELLER = "Reseller"
SETTINGS = "Healthdesk Settings"
SYSTEM_MODULE = "System Module"
CALENDAR = "Business Hours Calendar"
