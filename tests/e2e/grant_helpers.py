"""Fixtures of the LGPD support access tests over HTTP. The world itself (two test doctypes, a
network with two clinics, their users, agents in several states, teams and grants) is
healthdesk.test_utils's, shared with the in-process tests; here it gets a logged-in HTTP session
per user."""

from __future__ import annotations

from contextlib import contextmanager

import frappe
from conftest import Browser

from healthdesk import test_utils
from healthdesk.test_utils import SA_AGENT_ROLES as AGENT_ROLES  # noqa: F401
from healthdesk.test_utils import SA_CHILD as CHILD  # noqa: F401
from healthdesk.test_utils import SA_LINKER as LINKER  # noqa: F401
from healthdesk.test_utils import SA_MEDICAL as MEDICAL  # noqa: F401
from healthdesk.test_utils import SA_MEDICAL_CHILD as MEDICAL_CHILD  # noqa: F401
from healthdesk.test_utils import SA_PROTECTED as PROTECTED  # noqa: F401
from healthdesk.test_utils import SA_READER_ROLE as READER_ROLE  # noqa: F401
from healthdesk.test_utils import add_manager, build_world, configure, drop_world  # noqa: F401


class World(test_utils.World):
    """The support-access world; ``browser(user)`` gives a logged-in HTTP session per user."""

    def __init__(self) -> None:
        super().__init__()
        self._browsers: dict[str, Browser] = {}

    def browser(self, user: str) -> Browser:
        if user not in self._browsers:
            b = Browser()
            b.login(user)
            b.get("/app" if frappe.db.get_value("User", user, "user_type") == "System User" else "/me")
            self._browsers[user] = b
        return self._browsers[user]


@contextmanager
def built_world():
    """A built World, cleaned up with its test doctypes and the settings rows they needed."""
    w = World()
    try:
        build_world(w)
        yield w
    finally:
        drop_world(w)
