"""Load the sample clinic network from the repository's ``fixtures/demo.json`` into a site.

    bench --site SITE execute healthdesk.network.demo.load_demo

Two resellers, a dozen clinics, clinic users, a support agent, a few tickets and a pending
multi-clinic request, all with invented names and ``.example`` e-mails. Running it again
creates nothing twice.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import frappe
from frappe.utils.password import update_password

from healthdesk.network.contacts import ensure_contact_for_user, link_contact

# the repository's top-level fixtures/, beside the healthdesk package
DEMO_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "demo.json"


def load_demo(path: str | None = None) -> dict[str, int]:
    """Create what is missing from the demo file; returns counts of what was created."""
    data = json.loads(Path(path or DEMO_FILE).read_text(encoding="utf-8"))
    created = {"users": 0, "resellers": 0, "clinics": 0, "tickets": 0, "requests": 0}
    password = data["password"]

    for user in data["users"]:
        created["users"] += _ensure_user(user, password, website=True)
    for agent in data["agents"]:
        created["users"] += _ensure_user(agent, password, website=False)
        if not frappe.db.exists("HD Agent", agent["email"]):
            frappe.get_doc({"doctype": "HD Agent", "user": agent["email"],
                            "agent_name": f"{agent['first_name']} {agent['last_name']}",
                            "is_active": 1}).insert(ignore_permissions=True)

    # A cooperative that runs its own first line needs its desk team (its agents) first.
    for team in data.get("desk_teams", []):
        if not frappe.db.exists("HD Team", team["team_name"]):
            frappe.get_doc({"doctype": "HD Team", "team_name": team["team_name"],
                            "users": [{"user": u} for u in team["users"]]}).insert(ignore_permissions=True)

    for reseller in data["resellers"]:
        if frappe.db.exists("Reseller", reseller["short_code"]):
            _ensure_desk(reseller)  # demo sites loaded before reseller desks existed get theirs
            continue
        doc = frappe.get_doc({"doctype": "Reseller", **{k: v for k, v in reseller.items() if k != "managers"}})
        for manager in reseller.get("managers", []):
            doc.append("managers", {"user": manager})
        doc.insert(ignore_permissions=True)
        created["resellers"] += 1

    for clinic in data["clinics"]:
        if frappe.db.exists("Clinic", clinic["base_id"]):
            continue
        frappe.get_doc({"doctype": "Clinic", "is_active": 1, **clinic}).insert(ignore_permissions=True)
        created["clinics"] += 1

    for user in data["users"]:
        if user.get("clinics"):
            contact = ensure_contact_for_user(user["email"])
            customers = frappe.get_all("Clinic", filters={"name": ["in", user["clinics"]]}, pluck="hd_customer")
            link_contact(contact, customers)

    for ticket in data["tickets"]:
        if frappe.db.exists("HD Ticket", {"subject": ticket["subject"], "raised_by": ticket["raised_by"]}):
            continue
        # Raised by the clinic user through the portal, as it happens for real.
        with _as_user(ticket["raised_by"]):
            frappe.get_doc({"doctype": "HD Ticket", "via_customer_portal": 1, **ticket}).insert()
        created["tickets"] += 1

    for request in data["multi_clinic_requests"]:
        email = request["text"].splitlines()[0].split(":", 1)[1].strip()
        if frappe.db.exists("Multi-Clinic Access Request", {"user_email": email, "docstatus": ["<", 2]}):
            continue
        with _as_user(request["submitted_by"]):
            doc = frappe.get_doc({"doctype": "Multi-Clinic Access Request", "pasted_text": request["text"]})
            doc.insert()
            doc.submit()
        created["requests"] += 1

    # The install leaves the onboarding model panel (placeholder videos) inactive: the demo shows it.
    from healthdesk.onboarding.setup import activate_model_panel

    activate_model_panel()
    frappe.db.commit()
    return created


def _ensure_desk(reseller: dict) -> None:
    """The demo's desk settings on a demo reseller that has none yet (never over an admin's)."""
    if not reseller.get("own_first_line"):
        return
    doc = frappe.get_doc("Reseller", reseller["short_code"])
    if doc.own_first_line or doc.desk_team:
        return
    doc.own_first_line = 1
    doc.desk_team = reseller["desk_team"]
    for row in reseller.get("desk_targets", []):
        doc.append("desk_targets", row)
    doc.save(ignore_permissions=True)


@contextmanager
def _as_user(user: str):
    previous = frappe.session.user
    frappe.set_user(user)
    try:
        yield
    finally:
        frappe.set_user(previous)


def _ensure_user(user: dict, password: str, website: bool) -> int:
    if frappe.db.exists("User", user["email"]):
        return 0
    doc = frappe.get_doc({
        "doctype": "User", "email": user["email"], "first_name": user["first_name"],
        "last_name": user.get("last_name"), "enabled": 1, "language": "pt-BR",
        "user_type": "Website User" if website else "System User", "send_welcome_email": 0,
    })
    doc.insert(ignore_permissions=True)
    update_password(doc.name, password)
    return 1
