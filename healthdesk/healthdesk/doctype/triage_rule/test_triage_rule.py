# Copyright (c) 2026, healthdesk developers
# License: AGPL-3.0-or-later. See LICENSE

"""A Triage Rule an admin saves is checked: known categories, and action values each action can use."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.intake.ticket import UnknownCategory
from healthdesk.intake.triage import InvalidTriageAction

# (values, exception, a value the message names; None where the message names no value)
INVALID = [
    ({"categories": "Bugs"}, UnknownCategory, "Bugs"),
    ({"actions": [{"kind": "set_team", "value": "Equipe Inexistente"}]}, InvalidTriageAction, "Equipe Inexistente"),
    ({"actions": [{"kind": "set_severity", "value": "Urgentíssimo"}]}, InvalidTriageAction, "High"),
    ({"actions": [{"kind": "auto_reply", "value": "desconhecida"}]}, InvalidTriageAction, "tiss"),
    ({"actions": [{"kind": "notify_vendor", "value": "não é e-mail"}]}, InvalidTriageAction, None),
]


class TestTriageRule(FrappeTestCase):
    def test_invalid_triage_rules_are_refused(self):
        for values, exception, fragment in INVALID:
            with self.subTest(values=values):
                doc = frappe.get_doc({"doctype": "Triage Rule", "rule_name": "teste inválido", "priority": 5,
                                      "actions": [{"kind": "set_severity", "value": "Low"}], **values})
                with self.assertRaises(exception) as refused:
                    doc.insert()
                if fragment:
                    self.assertIn(fragment, str(refused.exception))
                frappe.db.rollback()
