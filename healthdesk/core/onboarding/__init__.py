"""Onboarding video panel ("conquistas"): parse, check, dump and track progress.

The clinic's home screen shows a panel of guidance videos grouped by module in 5 stages
("conquistas"); when every task is done an "Agendar um Horário" button appears. A reseller sends
its own material as a txt file holding JSON; :func:`parse_panel` reads it (the accepted forms are
described in :mod:`~healthdesk.core.onboarding.builder`).

Modules:

- :mod:`~healthdesk.core.onboarding.links`: YouTube and article links of tasks.
- :mod:`~healthdesk.core.onboarding.model`: ``Task``, ``Stage``, ``Panel``, the progress figures
  and :class:`OnboardingFormatError`.
- :mod:`~healthdesk.core.onboarding.reader`: the tolerant JSON-like reader that keeps positions;
  it knows JSON, not the panel.
- :mod:`~healthdesk.core.onboarding.builder`: the panel's schema: :func:`parse_panel`,
  :func:`panel_problems`, :func:`dump_panel`.
- :mod:`~healthdesk.core.onboarding.progress`: one user's progress and the unlock rule.
- :mod:`~healthdesk.core.onboarding.messages`: every sentence a person reads (errors, problems) is
  a ``Message``: English text that keeps its whole-sentence template and params for translation.

This package re-exports the public names; standard library only, nothing here imports frappe.
"""

from __future__ import annotations

from healthdesk.core.onboarding.builder import (
    EXPECTED_STAGE_COUNT,
    PREVIEW_ALIASES,
    PREVIEW_KEY,
    dump_panel,
    panel_problems,
    parse_panel,
)
from healthdesk.core.onboarding.links import embed_url, watch_url, youtube_video_id
from healthdesk.core.onboarding.model import (
    OnboardingFormatError,
    Panel,
    PanelProgress,
    Stage,
    StageProgress,
    Task,
)
from healthdesk.core.onboarding.progress import (
    all_done,
    done_flags,
    done_keys,
    progress,
    unlocked_stages,
    with_progress,
)

__all__ = [
    "EXPECTED_STAGE_COUNT",
    "PREVIEW_ALIASES",
    "PREVIEW_KEY",
    "OnboardingFormatError",
    "Panel",
    "PanelProgress",
    "Stage",
    "StageProgress",
    "Task",
    "all_done",
    "done_flags",
    "done_keys",
    "dump_panel",
    "embed_url",
    "panel_problems",
    "parse_panel",
    "progress",
    "unlocked_stages",
    "watch_url",
    "with_progress",
    "youtube_video_id",
]
