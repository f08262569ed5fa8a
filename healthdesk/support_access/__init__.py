"""LGPD support access: a clinic grants support staff time-limited read access to its records;
everything else is refused to support users by default.

Who is who
- *Support user*: a Helpdesk agent (role Agent or Agent Manager, or an HD Agent record), other
  than Administrator. A support user cannot also hold System Manager or Healthdesk Admin
  (separation of duties, :mod:`.guards`); every request of a support user passes the
  default-deny boundary (:mod:`.boundary`).
- *Admin*: System Manager / Healthdesk Admin who is not an agent: not restricted by grants (they
  operate the system; their access is governed by role permissions). Administrator bypasses every
  hook in Frappe anyway.
- *Clinic user*: a website user whose Contact links to the clinic's HD Customer, or the reseller's
  multi-clinic admin. Only they can grant (and revoke); admins can revoke too.

Modules: :mod:`.config` (what is protected, who is support, settings), :mod:`.enforcement`
(permission hooks and the overrides of counting and search methods), :mod:`.boundary` (the
request allowlist), :mod:`.guards` (shares, files, roles, links), :mod:`.audit` (the access log
and notes), :mod:`.lifecycle` (who may grant, the scheduler), :mod:`.grants` (grant, revoke,
request, check), :mod:`.defaults` (installed settings). This package's names below are its
interface for the rest of healthdesk.
"""

from healthdesk.support_access.audit import bump_log_count, log_access, notify, ticket_note, write_log  # noqa: F401
from healthdesk.support_access.config import (  # noqa: F401
    DEFAULT_EXCLUDED,
    GRANT,
    GRANT_AGENT,
    LOG,
    READ_PTYPES,
    REFERENCE_FIELDS,
    REQUEST,
    SETTINGS,
    Config,
    clear_config_cache,
    clear_memo,
    ensure_default_excluded,
    get_config,
    is_support_user,
    settings_changes,
    user_teams,
    validate_settings,
)
from healthdesk.support_access.enforcement import active_grants, has_permission, query_conditions  # noqa: F401
from healthdesk.support_access.lifecycle import (  # noqa: F401
    can_grant,
    clinic_users,
    grant_agents,
    grantable_clinics,
    is_admin,
    refresh_grants,
    team_snapshot,
)
