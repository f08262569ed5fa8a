"""Fixtures of the onboarding panel tests over HTTP: ``onb``, panels made from the resellers'
format and cleaned up afterwards with the progress, notices and notifications they caused (the
factories are in healthdesk.test_utils)."""

from __future__ import annotations

import pytest

from healthdesk.test_utils import SMALL_PANEL, Onboarding, global_panel, task_rows  # noqa: F401  (tests import them from here)


@pytest.fixture
def onb(net):
    helper = Onboarding(net)
    yield helper
    helper.cleanup()
