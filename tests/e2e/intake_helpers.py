"""Fixtures of the ticket-intake tests over HTTP: ``inet``, a clinic network whose cleanup also
removes what intake adds to a ticket (the factory is healthdesk.test_utils.IntakeNetwork)."""

from __future__ import annotations

import pytest

from healthdesk.test_utils import VALID_CPF, IntakeNetwork  # noqa: F401  (tests import them from here)


@pytest.fixture
def inet():
    network = IntakeNetwork()
    yield network
    network.cleanup()
