"""Support access grants (LGPD): pure decisions, no Frappe.

A clinic user grants support access to their clinic for a chosen time. Everything here is a pure
function of its arguments, so the rules can be tested exhaustively without a site:

- a grant's status is derived from the clock, never stored state (``grant_status``);
- a grant covers a support user when it names them or one of their teams (``covers``);
- the end of a new grant comes from a duration choice or a custom end, capped by the maximum
  (``grant_end``);
- the medical record (prontuário) is never in scope, whatever the spelling (``is_medical_scope``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from healthdesk.core.text import fold

ACTIVE = "Active"
EXPIRED = "Expired"
REVOKED = "Revoked"
SCHEDULED = "Scheduled"

CUSTOM = "Custom"
# Duration choices offered to clinic users: label → seconds.
DURATIONS: dict[str, int] = {
    "1 hour": 3600,
    "4 hours": 4 * 3600,
    "1 day": 86400,
    "3 days": 3 * 86400,
    "7 days": 7 * 86400,
}
DEFAULT_MAX_SECONDS = 7 * 86400

# Scopes that name the electronic medical record; compared after ``normalize_scope``.
MEDICAL_SCOPES = frozenset({
    "medical_record", "medical_records", "medical record", "medical records", "medicalrecord",
    "prontuario", "prontuarios", "prontuario eletronico", "prontuario_eletronico", "pep",
    "electronic_medical_record", "electronic medical record", "emr", "ehr",
    "patient_medical_record", "patient medical record",
})


def normalize_scope(scope: str | None) -> str:
    """Lower case, accents stripped, separators collapsed: "Prontuário-Eletrônico" →
    "prontuario eletronico"."""
    text = fold(scope or "")
    for sep in ("-", ".", "/"):
        text = text.replace(sep, " ")
    return " ".join(text.split())


def is_medical_scope(scope: str | None) -> bool:
    """True when ``scope`` names the medical record in any spelling, case or accents."""
    norm = normalize_scope(scope)
    if not norm:
        return False
    variants = {norm, norm.replace(" ", "_"), norm.replace(" ", ""), norm.replace("_", " ")}
    if variants & MEDICAL_SCOPES:
        return True
    words = set(norm.replace("_", " ").split())
    return bool(words & {"prontuario", "prontuarios"}) or ("medical" in words and bool(words & {"record", "records"}))


def grant_status(valid_from: datetime | None, valid_until: datetime | None,
                 revoked_at: datetime | None, now: datetime) -> str:
    """Status of a grant at ``now``: Revoked once revoked (at or before now), Expired from
    ``valid_until`` on (the end is exclusive), Scheduled before ``valid_from``, else Active."""
    if revoked_at is not None and revoked_at <= now:
        return REVOKED
    if valid_until is None or now >= valid_until:
        return EXPIRED
    if valid_from is not None and now < valid_from:
        return SCHEDULED
    return ACTIVE


def is_active(valid_from: datetime | None, valid_until: datetime | None,
              revoked_at: datetime | None, now: datetime) -> bool:
    return grant_status(valid_from, valid_until, revoked_at, now) == ACTIVE


def covers(user: str, user_teams: Iterable[str], team: str | None, agents: Iterable[str]) -> bool:
    """True when a grant to ``team`` or to the named ``agents`` covers ``user``."""
    if user in set(agents):
        return True
    return bool(team) and team in set(user_teams)


class GrantError(ValueError):
    """A grant request that cannot be honoured; ``code`` says which rule it broke."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def grant_end(now: datetime, duration: str | None, custom_end: datetime | None,
              max_seconds: int | None) -> datetime:
    """End of a grant starting ``now``.

    ``duration`` is a key of ``DURATIONS`` or ``CUSTOM`` (then ``custom_end`` is the end). Raises
    ``GrantError`` with code "duration" (unknown choice), "end_in_past" or "too_long" (beyond
    ``max_seconds``, default 7 days).
    """
    limit = timedelta(seconds=max_seconds if max_seconds and max_seconds > 0 else DEFAULT_MAX_SECONDS)
    if duration == CUSTOM:
        if custom_end is None or custom_end <= now:
            raise GrantError("end_in_past")
        end = custom_end
    elif duration in DURATIONS:
        end = now + timedelta(seconds=DURATIONS[duration])
    else:
        raise GrantError("duration")
    if end - now > limit:
        raise GrantError("too_long")
    return end


@dataclass(frozen=True)
class GrantChange:
    """What changed on a saved grant: only a revocation (revoked_by/revoked_at/status) is allowed."""

    changed_fields: frozenset[str]

    ALLOWED = frozenset({"revoked_by", "revoked_at", "status", "modified", "modified_by"})

    @property
    def allowed(self) -> bool:
        return self.changed_fields <= self.ALLOWED


def changed_fields(before: dict, after: dict, fields: Iterable[str]) -> frozenset[str]:
    """Fields whose value differs between two snapshots (None and "" count as equal)."""
    def norm(v):
        return None if v in ("", None) else str(v)
    return frozenset(f for f in fields if norm(before.get(f)) != norm(after.get(f)))
