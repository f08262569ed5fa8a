"""What the LGPD request boundary costs a support user on Helpdesk's agent ticket list.

Run with the bench's Python from the bench's ``sites`` folder, on a site with healthdesk:

    cd ~/frappe-bench/sites && ../env/bin/python PATH/TO/benchmarks/request_boundary.py SITE [--n 200]

In one run, as a support agent (Agent role, HD Agent), it times the call Helpdesk's agent UI makes
for its ticket list, ``helpdesk.api.doc.get_list_data`` (HD Ticket, 20 rows, the UI's columns),
built as a real request (werkzeug ``Request`` with the API path and the arguments), both

- *without* the boundary: the whitelisted method alone, and
- *with* it: :func:`healthdesk.support_access.boundary.check_request` (what ``auth_hooks`` runs)
  followed by the same method,

interleaved, each repetition starting a fresh "request" (healthdesk's per-request memo cleared, so
the support side pays the whole check: roles, HD Agent lookup, settings, allowlist). It also times
the check alone. It prints milliseconds (median and best) and the with/without ratio. Session and
routing costs of a real HTTP request are not in either side, so the ratio is an upper bound of the
overhead a real request sees.
"""

from __future__ import annotations

import argparse
import json
import secrets
import statistics
import time

import frappe
from site_fixtures import drop_user, make_agent, open_site


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--tickets", type=int, default=200)
    args = parser.parse_args()
    open_site(args.site)
    from werkzeug.test import EnvironBuilder
    from werkzeug.wrappers import Request

    from healthdesk import support_access as sa
    from healthdesk.support_access.boundary import check_request

    tag = secrets.token_hex(3)
    email = f"agente.bench.{tag}@bench.example"
    tickets: list[str] = []
    try:
        make_agent(email, "Agente")
        existing = frappe.db.count("HD Ticket")
        for i in range(max(0, args.tickets - existing)):
            tickets.append(frappe.get_doc({"doctype": "HD Ticket", "subject": f"Bench {tag} {i}",
                                           "description": "Chamado de benchmark.", "raised_by": "bench@bench.example"}
                                          ).insert(ignore_permissions=True).name)
        frappe.db.commit()

        from helpdesk.api.doc import get_list_data

        params = {
            "doctype": "HD Ticket", "filters": {}, "default_filters": {}, "order_by": "modified desc",
            "page_length": 20,
            "columns": [{"label": "Subject", "key": "subject"}, {"label": "Status", "key": "status"},
                        {"label": "Priority", "key": "priority"}, {"label": "Team", "key": "agent_group"}],
            "rows": ["name", "subject", "status", "priority", "agent_group", "modified", "_assign"],
            "show_customer_portal_fields": False, "view": None, "is_default": True,
        }
        form = {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in params.items()}
        environ = EnvironBuilder(path="/api/method/helpdesk.api.doc.get_list_data", method="POST",
                                 data=form).get_environ()

        def start_request():
            frappe.local.request = Request(environ)
            frappe.local.form_dict = frappe._dict(form)
            sa.clear_memo()
            frappe.local.role_permissions = {}

        def without():
            start_request()
            t = time.perf_counter()
            get_list_data(**params)
            return time.perf_counter() - t

        def with_boundary():
            start_request()
            t = time.perf_counter()
            check_request()
            get_list_data(**params)
            return time.perf_counter() - t

        def check_only():
            start_request()
            t = time.perf_counter()
            check_request()
            return time.perf_counter() - t

        frappe.set_user(email)
        for _ in range(10):  # warm-up: caches, imports
            without()
            with_boundary()
        a, b, c = [], [], []
        for i in range(args.n):
            if i % 2:
                a.append(without())
                b.append(with_boundary())
            else:
                b.append(with_boundary())
                a.append(without())
            c.append(check_only())
        frappe.set_user("Administrator")
        med_a, med_b, med_c = (statistics.median(x) * 1000 for x in (a, b, c))
        print(f"helpdesk.api.doc.get_list_data (HD Ticket, 20 rows) as a support agent, {args.n} calls each:")
        print(f"  without the boundary: median {med_a:.3f} ms, best {min(a) * 1000:.3f} ms")
        print(f"  with the boundary:    median {med_b:.3f} ms, best {min(b) * 1000:.3f} ms")
        print(f"  the check alone:      median {med_c:.3f} ms")
        print(f"  ratio with/without (median): {med_b / med_a:.3f}  (check alone / list: {med_c / med_a:.1%})")
    finally:
        frappe.set_user("Administrator")
        frappe.local.request = None
        for name in tickets:
            frappe.delete_doc("HD Ticket", name, force=True, ignore_permissions=True)
        drop_user(email)
        frappe.db.commit()
        frappe.destroy()


if __name__ == "__main__":
    main()
