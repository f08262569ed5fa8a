"""LGPD grant overhead on a real site: listing 10 000 grant-protected records as a support user
with grants versus as an admin (no grant filtering), same query, same run.

Run with the bench's Python from the bench's ``sites`` folder, on a site with healthdesk:

    cd ~/frappe-bench/sites && ../env/bin/python PATH/TO/benchmarks/grant_overhead.py SITE [--n 10000]

It creates (and deletes at the end) a temporary custom doctype "HDX Bench Protected Record"
registered as grant-protected, 20 clinics, 10 000 records spread over them, an agent holding
active grants for every clinic (so both users list the same 10 000 rows) and an admin (System
Manager, not an agent). Then it times ``frappe.get_list`` of all records (name, title, clinic,
ordered by name) as each user, interleaved, best of ``--rounds``, and a single-record
``frappe.has_permission`` read. Each timed call starts a fresh "request" (the per-request memo is
cleared), so the support side pays the whole check every time: settings, roles, grants and the
access-log entry. Prints milliseconds and the support/admin ratio.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import time

import frappe

DOCTYPE = "HDX Bench Protected Record"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--clinics", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    frappe.init(site=args.site, sites_path=os.getcwd())
    frappe.connect()
    frappe.set_user("Administrator")
    from healthdesk import support_access as sa

    tag = secrets.token_hex(3)
    created_users, clinics, reseller = [], [], None
    try:
        if frappe.db.exists("DocType", DOCTYPE):
            frappe.delete_doc("DocType", DOCTYPE, force=True)
        frappe.get_doc({
            "doctype": "DocType", "name": DOCTYPE, "module": "Healthdesk", "custom": 1, "autoname": "hash",
            "fields": [{"fieldname": "clinic", "fieldtype": "Link", "options": "Clinic", "label": "Clinic"},
                       {"fieldname": "title", "fieldtype": "Data", "label": "Title"}],
            "permissions": [{"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1},
                            {"role": "Agent", "read": 1}],
        }).insert()
        frappe.db.delete(DOCTYPE)  # a table left by an interrupted run
        frappe.db.sql_ddl(f"alter table `tab{DOCTYPE}` add index if not exists clinic_idx (clinic)")
        settings = frappe.get_single(sa.SETTINGS)
        settings.append("grant_protected_doctypes", {"document_type": DOCTYPE, "clinic_field": "clinic",
                                                     "field_points_to": "Clinic"})
        settings.flags.ignore_permissions = True
        settings.save()
        reseller = frappe.get_doc({"doctype": "Reseller", "short_code": f"B{tag.upper()}",
                                   "reseller_name": f"Revenda Bench {tag}"}).insert()
        for i in range(args.clinics):
            base = f"8{secrets.randbelow(10**8):08d}"
            clinics.append(frappe.get_doc({"doctype": "Clinic", "base_id": base, "reseller": reseller.name,
                                           "clinic_name": f"Clínica Bench {i}"}).insert().name)

        def user(prefix, roles, agent=False):
            email = f"{prefix}.{tag}@bench.example"
            frappe.get_doc({"doctype": "User", "email": email, "first_name": prefix, "send_welcome_email": 0,
                            "user_type": "System User"}).insert().add_roles(*roles)
            created_users.append(email)
            if agent:
                frappe.get_doc({"doctype": "HD Agent", "user": email, "agent_name": prefix, "is_active": 1}).insert()
            return email

        agent = user("agente", ("Agent",), agent=True)
        admin = user("admin", ("System Manager",))
        owner = user("dono", ())
        from healthdesk.network.contacts import ensure_contact_for_user, link_contact
        link_contact(ensure_contact_for_user(owner),
                     [frappe.db.get_value("Clinic", c, "hd_customer") for c in clinics])
        for clinic in clinics:  # grants inserted directly (the rules are tested elsewhere)
            g = frappe.get_doc({"doctype": sa.GRANT, "clinic": clinic, "duration": "1 day", "reason": "bench",
                                "agents": [{"agent": agent}]})
            g.flags.ignore_validate = True
            frappe.set_user(owner)
            g.insert(ignore_permissions=True)
            frappe.set_user("Administrator")
        rows = [(frappe.generate_hash(length=10), clinics[i % len(clinics)], f"registro {i}")
                for i in range(args.n)]
        frappe.db.bulk_insert(DOCTYPE, ["name", "clinic", "title"], rows)
        frappe.db.commit()

        def list_as(u):
            frappe.set_user(u)
            sa.clear_memo()
            t = time.perf_counter()
            out = frappe.get_list(DOCTYPE, fields=["name", "title", "clinic"], order_by="name asc",
                                  limit_page_length=0)
            dt = time.perf_counter() - t
            frappe.set_user("Administrator")
            return dt, len(out)

        def read_as(u, name):
            frappe.set_user(u)
            sa.clear_memo()
            doc = frappe.get_doc(DOCTYPE, name)
            t = time.perf_counter()
            ok = frappe.has_permission(DOCTYPE, "read", doc, user=u)
            dt = time.perf_counter() - t
            frappe.set_user("Administrator")
            return dt, ok

        for u in (agent, admin):  # warm-up
            list_as(u)
        best = {agent: float("inf"), admin: float("inf")}
        counts = {}
        for _ in range(args.rounds):
            for u in (agent, admin):
                dt, count = list_as(u)
                best[u] = min(best[u], dt)
                counts[u] = count
        assert counts[agent] == counts[admin] == args.n, counts
        sample = rows[0][0]
        rbest = {agent: float("inf"), admin: float("inf")}
        for _ in range(50):
            for u in (agent, admin):
                dt, ok = read_as(u, sample)
                assert ok
                rbest[u] = min(rbest[u], dt)
        print(f"records listed: {args.n} over {len(clinics)} clinics (same query, both users see all)")
        print(f"list as admin (no grant filtering): {best[admin]*1000:8.1f} ms")
        print(f"list as support user with grants:   {best[agent]*1000:8.1f} ms")
        print(f"ratio support/admin (list):         {best[agent]/best[admin]:8.3f}")
        print(f"single read permission check: admin {rbest[admin]*1e6:.0f} µs, support {rbest[agent]*1e6:.0f} µs "
              f"(+{(rbest[agent]-rbest[admin])*1e6:.0f} µs incl. one access-log insert)")
    finally:
        frappe.db.rollback()
        frappe.set_user("Administrator")
        settings = frappe.get_single(sa.SETTINGS)
        settings.grant_protected_doctypes = [r for r in settings.grant_protected_doctypes if r.document_type != DOCTYPE]
        settings.flags.ignore_permissions = True
        settings.save()
        grants = frappe.get_all(sa.GRANT, filters={"clinic": ["in", clinics or ["-"]]}, pluck="name")
        frappe.db.delete(sa.LOG, {"user": ["in", created_users or ["-"]]})
        frappe.db.delete(sa.LOG, {"clinic": ["in", clinics or ["-"]]})
        frappe.db.delete(sa.GRANT_AGENT, {"parent": ["in", grants or ["-"]]})
        frappe.db.delete(sa.GRANT, {"name": ["in", grants or ["-"]]})
        if frappe.db.exists("DocType", DOCTYPE):
            frappe.delete_doc("DocType", DOCTYPE, force=True)
        frappe.db.sql_ddl(f"drop table if exists `tab{DOCTYPE}`")
        for u in created_users:
            if frappe.db.exists("HD Agent", u):
                frappe.delete_doc("HD Agent", u, force=True)
            for c in frappe.get_all("Contact", filters={"email_id": u}, pluck="name"):
                frappe.delete_doc("Contact", c, force=True)
            frappe.delete_doc("User", u, force=True)
        for c in clinics:
            customer = frappe.db.get_value("Clinic", c, "hd_customer")
            frappe.delete_doc("Clinic", c, force=True)
            if customer and frappe.db.exists("HD Customer", customer):
                frappe.delete_doc("HD Customer", customer, force=True)
        if reseller:
            frappe.delete_doc("Reseller", reseller.name, force=True)
        frappe.db.commit()
        frappe.destroy()


if __name__ == "__main__":
    sys.exit(main())
