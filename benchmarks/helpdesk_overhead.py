"""What healthdesk costs Helpdesk: the agent's three most frequent actions, with healthdesk's hooks
active and with them disabled, on the same site, in the same run, interleaved.

Run with the bench's Python from the bench's ``sites`` folder, on a site with healthdesk:

    cd ~/frappe-bench/sites && ../env/bin/python PATH/TO/benchmarks/helpdesk_overhead.py SITE [--tickets 300]

Actions, each called in-process as Helpdesk's agent UI calls it, as an agent (an HD Agent with the
Agent role, not an admin):

- *list*: ``helpdesk.api.doc.get_list_data`` for HD Ticket, 20 rows, newest first (the agent
  ticket list);
- *open*: ``helpdesk.helpdesk.doctype.hd_ticket.api.get_one`` (the agent ticket page);
- *create*: ``helpdesk.helpdesk.doctype.hd_ticket.api.new`` with a clinic (rolled back each time).

"Disabled" means Frappe sees the hooks of every installed app except healthdesk (doc events,
permission hooks, the SLA controller override, whitelisted-method overrides, before_request…);
healthdesk's custom fields stay, as they are data. The per-request caches Frappe keeps of hooks
(doc events, controller classes) and healthdesk's own per-request memo are cleared at every
switch, so neither side profits from the other's warm caches. Each round runs every action once
per side, alternating which side goes first; the median of the rounds is reported with the
ratio with/without (goal: ≤ 1.05 on each).
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
import time

import frappe
from site_fixtures import drop_clinic, drop_user, make_agent, make_clinic, open_site


def _hooks_without(app: str) -> frappe._dict:
    hooks: dict = {}
    for name in frappe.get_installed_apps():
        if name == app:
            continue
        for key, value in frappe._load_app_hooks(name).items():
            frappe.append_hook(hooks, key, value)
    return frappe._dict(hooks)


class HookSwitch:
    """Swaps the hooks Frappe sees between "with healthdesk" and "without healthdesk"."""

    def __init__(self) -> None:
        self.real = frappe.get_hooks
        self.sides = {"with": frappe._dict(frappe._load_app_hooks()), "without": _hooks_without("healthdesk")}

    def use(self, side: str) -> None:
        hooks = self.sides[side]
        real = self.real

        def get_hooks(hook=None, default="_KEEP_DEFAULT_LIST", app_name=None):
            if app_name:
                return real(hook, default, app_name)
            if hook:
                return hooks.get(hook, [] if default == "_KEEP_DEFAULT_LIST" else default)
            return hooks

        frappe.get_hooks = get_hooks
        for attr in ("doc_events_hooks", "healthdesk_access"):
            if hasattr(frappe.local, attr):
                delattr(frappe.local, attr)
        frappe.controllers.pop(frappe.local.site, None)

    def restore(self) -> None:
        frappe.get_hooks = self.real
        frappe.controllers.pop(frappe.local.site, None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site")
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=41)
    args = parser.parse_args()
    open_site(args.site)
    from helpdesk.api.doc import get_list_data
    from helpdesk.helpdesk.doctype.hd_ticket.api import get_one, new

    tag = secrets.token_hex(3)
    agent = f"agente.bench.{tag}@bench.example"
    reseller = clinic = None
    made: list[str] = []
    switch = HookSwitch()
    try:
        make_agent(agent)
        reseller, clinic = make_clinic(tag)
        for i in range(args.tickets):
            made.append(frappe.get_doc({"doctype": "HD Ticket", "subject": f"Bench {tag} {i}",
                                        "description": "Chamado de benchmark.", "clinic": clinic.name,
                                        "ticket_category": "Question"}).insert().name)
        frappe.db.commit()
        sample = made[len(made) // 2]

        def list_tickets():
            get_list_data(doctype="HD Ticket", filters={}, order_by="modified desc", page_length=20)

        def open_ticket():
            get_one(sample)

        def create_ticket():
            new({"subject": f"Bench new {tag}", "description": "Novo chamado de benchmark.",
                 "clinic": clinic.name, "ticket_category": "Question"})
            frappe.db.rollback()

        actions = {"list": list_tickets, "open": open_ticket, "create": create_ticket}
        times = {(action, side): [] for action in actions for side in ("with", "without")}

        def run(side: str, action: str) -> float:
            switch.use(side)
            frappe.set_user(agent)
            start = time.perf_counter()
            actions[action]()
            elapsed = time.perf_counter() - start
            frappe.set_user("Administrator")
            return elapsed

        for side in ("with", "without"):  # warm-up
            for action in actions:
                run(side, action)
        for round_no in range(args.rounds):
            order = ("with", "without") if round_no % 2 == 0 else ("without", "with")
            for action in actions:
                for side in order:
                    times[(action, side)].append(run(side, action))
        print(f"site {args.site}: {args.tickets} clinic tickets, {args.rounds} rounds, median per call, as an agent")
        print(f"{'action':8} {'without healthdesk':>20} {'with healthdesk':>17} {'ratio':>7}")
        for action in actions:
            without = statistics.median(times[(action, "without")])
            with_ = statistics.median(times[(action, "with")])
            print(f"{action:8} {without*1000:17.2f} ms {with_*1000:14.2f} ms {with_/without:7.3f}")
    finally:
        switch.restore()
        frappe.db.rollback()
        frappe.set_user("Administrator")
        for name in made:
            frappe.delete_doc("HD Ticket", name, force=True, ignore_permissions=True)
        for name in frappe.get_all("HD Ticket", filters={"subject": f"Bench new {tag}"}, pluck="name"):
            frappe.delete_doc("HD Ticket", name, force=True, ignore_permissions=True)
        drop_user(agent)
        drop_clinic(reseller, clinic)
        frappe.db.commit()
        frappe.destroy()


if __name__ == "__main__":
    sys.exit(main())
