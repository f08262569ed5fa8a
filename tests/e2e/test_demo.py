"""The demo loader: sample network from fixtures/demo.json, idempotent."""

from __future__ import annotations

import frappe

from healthdesk.network.demo import load_demo


def test_demo_loads_and_twice_changes_nothing():
    load_demo()
    counts = {dt: frappe.db.count(dt) for dt in ("Reseller", "Clinic", "HD Ticket", "Multi-Clinic Access Request", "User")}
    assert load_demo() == {"users": 0, "resellers": 0, "clinics": 0, "tickets": 0, "requests": 0}
    assert counts == {dt: frappe.db.count(dt) for dt in counts}
    assert frappe.db.get_value("Clinic", "0012", "reseller") == "UXPTO"
    ticket = frappe.db.get_value("HD Ticket", {"clinic": "0012"}, ["customer", "reseller"], as_dict=True)
    assert ticket.customer == "0012 - Clínica Exemplo Centro" and ticket.reseller == "UXPTO"
    assert frappe.db.get_value("Multi-Clinic Access Request", {"user_email": "nova.medica@clinica.example"}, "status") == "Submitted"
