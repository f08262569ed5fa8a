# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk import support_access as sa
from healthdesk.support_access.grants import revoke
from healthdesk.test_utils import World, sa_fresh


class TestSupportAccessGrant(FrappeTestCase):
    """The grant's status comes from the clock when it is loaded, not from the stored value."""

    def setUp(self):
        frappe.set_user("Administrator")
        self.world = World()
        self.addCleanup(self.world.cleanup)
        net = self.world.net
        reseller = net.reseller()
        self.clinic = net.clinic(reseller.name).name
        self.owner = net.user("clinica", clinics=(self.clinic,))
        self.agent = self.world.agent(roles=("Agent",))

    def test_expired_grant_reads_as_expired_on_load(self):
        world = self.world
        expired = world.grant(self.owner, self.clinic, agents=[self.agent])
        world.expire_one_second_ago(expired)
        revoked = world.grant(self.owner, self.clinic, agents=[self.agent])
        frappe.set_user(self.owner)
        try:
            revoke(revoked)
        finally:
            frappe.set_user("Administrator")
        frappe.db.commit()
        sa_fresh()
        doc = frappe.get_doc(sa.GRANT, expired)
        doc.run_method("onload")
        self.assertEqual(doc.status, "Expired")
        doc = frappe.get_doc(sa.GRANT, revoked)
        doc.run_method("onload")
        self.assertEqual(doc.status, "Revoked")
