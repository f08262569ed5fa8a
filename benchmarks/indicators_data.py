"""A big clinic network for the indicators benchmark (issue 15, item 6), made fast with bulk SQL.

Fills a DEDICATED benchmark site (site_config ``healthdesk_benchmark_site: 1``; it refuses any
other site) with, by default, 20 resellers (each with one manager), 2 000 clinics with their
HD Customers, 1–3 clinic users per clinic (User, Contact, the Contact's link to the clinic's
HD Customer), 50 HD Agents, and 500 000 HD Tickets spread over the last two years, each with one
Communication and one ToDo assignment to an agent. Seeded (``random.Random(seed)``): the same
arguments give the same rows (only the names Frappe's own inserts pick for the few managers and
agents differ).

    cd ~/frappe-bench && bench --site SITE set-config healthdesk_benchmark_site 1
    cd ~/frappe-bench/sites && ../env/bin/python /path/to/healthdesk/benchmarks/indicators_data.py SITE
    ... --clinics 200 --tickets 20000 --seed 7      # a quick one
    ... --drop                                      # deletes everything it made

Everything it makes is findable again, and ``--drop`` deletes exactly that: resellers whose short
code starts with ``ZB`` (tickets, clinics, HD Customers, ToDos and Communications hang on them;
ticket subjects also start with ``[bench]``), users and contacts under ``@hdbench.example.com`` /
``HDBENCH-``.

The big tables are written with multi-row INSERTs (``cursor.executemany``, which PyMySQL sends as
one INSERT of many rows), in batches of ``--batch`` rows with a commit after each; documents'
controllers do not run for them. The 20 resellers, their managers and the agents go through
Frappe's documents (a handful, and their hooks set roles and links the way the app does).

What the distributions are (so a reader can judge the numbers): tickets per clinic are lognormal
(a few big clinics, many small); the ticket rate grows over the two years, weekdays carry almost
everything and hours follow the business day; the category, module, severity and support-level
mixes are fixed weights below; business-time fields (``first_response_business_seconds``,
``resolution_business_seconds``) are drawn lognormal and the wall-clock moments
(``first_responded_on``, ``resolution_date``) are derived from them with a fixed
business-to-wall factor (not through the business calendar: the generator must stay fast, and the
benchmark times queries, it does not check values). Fields another part of the project adds
(``first_response_business_seconds``, ``resolution_business_seconds``, ``reopen_count``, the
satisfaction survey's ``satisfaction_asked_on`` / ``satisfaction_agent``) are filled only when the
site's HD Ticket has the column; 90 % of resolved tickets were asked for a rating, 40 % of those
answered.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from datetime import datetime, timedelta

import frappe

MARK = "ZB"                       # reseller short codes ZB01..ZBnn
DOMAIN = "hdbench.example.com"    # every user made here
CONTACT_PREFIX = "HDBENCH-"       # every contact made here
SUBJECT_PREFIX = "[bench] "       # every ticket made here
BASE_ID_PREFIX = "97"             # clinic base ids 97000001..
PASSWORD = "Bench-hd-2026!"       # managers' password (a dedicated benchmark site only)
CONFIG_KEY = "healthdesk_benchmark_site"

CATEGORIES = (("Question", 44), ("Error", 34), ("Improvement", 5), ("TISS / operator", 5),
              ("External vendor", 3), ("Data migration", 2), ("Consultancy", 7))
MODULE_WEIGHTS = {"Agenda": 25, "Prontuário eletrônico": 20, "Faturamento / TISS": 18,
                  "Cadastro de pacientes": 12, "Prescrição (MEMED)": 8, "Relatórios": 8,
                  "Integrações (RES)": 5, "Migração de dados": 4}
SEVERITIES = (("High", 12), ("Medium", 48), ("Low", 40))
LEVELS = ((1, 70), (2, 25), (3, 5))
RATINGS = ((1.0, 55), (0.8, 25), (0.6, 10), (0.4, 5), (0.2, 5))
REOPENS = ((0, 93), (1, 6), (2, 1))
HOUR = 3600
# business seconds: first response, resolution (the contract's targets, healthdesk.setup.install)
TARGETS = {"High": (8 * HOUR, 40 * HOUR), "Medium": (20 * HOUR, 80 * HOUR), "Low": (80 * HOUR, 160 * HOUR)}
WALL_PER_BUSINESS = 2.6  # ~ 8 business hours a weekday, 0 on weekends: wall time ≈ 2.6 × business time
# filled only when the site's HD Ticket has them (other parts of issue 15 add them)
OPTIONAL_COLUMNS = ("first_response_business_seconds", "resolution_business_seconds", "reopen_count",
                    "satisfaction_asked_on", "satisfaction_agent")
STATUS_CATEGORY = {"Open": "Open", "Replied": "Paused", "Resolved": "Resolved", "Closed": "Resolved"}


class Phases:
    """Prints how long each phase took."""

    def __init__(self):
        self.start = time.perf_counter()
        self.rows: list[tuple[str, float, int]] = []

    def run(self, label, fn, *args, **kwargs):
        t0 = time.perf_counter()
        result = fn(*args, **kwargs)
        count = result if isinstance(result, int) else 0
        took = time.perf_counter() - t0
        self.rows.append((label, took, count))
        rate = f"  ({count / took:,.0f} rows/s)" if count and took > 0 else ""
        print(f"  {label:<34} {took:8.1f} s  {count:>9,} rows{rate}", flush=True)
        return result

    def total(self):
        print(f"  {'total':<34} {time.perf_counter() - self.start:8.1f} s", flush=True)


def require_benchmark_site() -> None:
    if not frappe.conf.get(CONFIG_KEY):
        sys.exit(f"{frappe.local.site} is not a benchmark site: this script fills a site with hundreds of "
                 f"thousands of rows. On a dedicated site: bench --site SITE set-config {CONFIG_KEY} 1")


def insert_rows(table: str, columns: list[str], rows, batch: int) -> int:
    """Multi-row INSERTs of ``rows`` into ``tab<table>``, ``batch`` rows a statement group, a commit
    after each batch. Returns how many rows were written."""
    cols = ", ".join(f"`{c}`" for c in columns)
    sql = f"INSERT INTO `tab{table}` ({cols}) VALUES ({', '.join(['%s'] * len(columns))})"
    written = 0
    chunk: list = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= batch:
            frappe.db._cursor.executemany(sql, chunk)
            frappe.db.commit()
            written += len(chunk)
            chunk = []
    if chunk:
        frappe.db._cursor.executemany(sql, chunk)
        frappe.db.commit()
        written += len(chunk)
    return written


def _weighted(pairs):
    values = [v for v, _ in pairs]
    cum, total = [], 0
    for _, w in pairs:
        total += w
        cum.append(total)
    return values, cum


def _lognormal_cap(rng, median, sigma, cap):
    return min(cap, int(rng.lognormvariate(math.log(median), sigma)))


class Network:
    """What the generator made (names only), kept to build the tickets."""

    def __init__(self):
        self.resellers: list[str] = []
        self.managers: list[str] = []
        self.clinics: list[tuple[str, str, str]] = []        # (clinic, reseller, hd customer)
        self.clinic_users: dict[str, list[tuple[str, str]]] = {}  # clinic -> [(user, contact)]
        self.agents: list[str] = []


# --- small sets: through Frappe's documents -------------------------------------------------

def make_resellers(net: Network, rng: random.Random, count: int) -> int:
    from frappe.utils.password import update_password

    for i in range(1, count + 1):
        code = f"{MARK}{i:02d}"
        manager = f"gestor.{code.lower()}@{DOMAIN}"
        user = frappe.get_doc({"doctype": "User", "email": manager, "first_name": "Gestor",
                               "last_name": f"Bench {code}", "send_welcome_email": 0, "enabled": 1,
                               "user_type": "Website User", "language": "pt-BR"})
        user.flags.no_welcome_mail = True
        user.insert(ignore_permissions=True)
        update_password(manager, PASSWORD)
        frappe.get_doc({"doctype": "Reseller", "short_code": code, "reseller_name": f"Unimed Bench {i:02d}",
                        "managers": [{"user": manager}]}).insert(ignore_permissions=True)
        net.resellers.append(code)
        net.managers.append(manager)
    frappe.db.commit()
    return count


def make_agents(net: Network, count: int) -> int:
    for i in range(1, count + 1):
        email = f"agente{i:02d}@{DOMAIN}"
        user = frappe.get_doc({"doctype": "User", "email": email, "first_name": "Agente",
                               "last_name": f"Bench {i:02d}", "send_welcome_email": 0, "enabled": 1,
                               "user_type": "System User", "language": "pt-BR"})
        user.insert(ignore_permissions=True)
        user.add_roles("Agent")
        frappe.get_doc({"doctype": "HD Agent", "user": email, "agent_name": f"Agente Bench {i:02d}",
                        "is_active": 1}).insert(ignore_permissions=True)
        net.agents.append(email)
    frappe.db.commit()
    return count


# --- big sets: bulk SQL ------------------------------------------------------------------------

def make_clinics(net: Network, rng: random.Random, count: int, batch: int, now: datetime) -> int:
    # cooperatives of very different sizes: weights 1/rank^0.8
    weights = [1 / (rank ** 0.8) for rank in range(1, len(net.resellers) + 1)]
    states = ("SP", "MG", "RJ", "PR", "RS", "SC", "BA", "GO", "PE", "CE")
    clinics, customers = [], []
    for i in range(1, count + 1):
        reseller = rng.choices(net.resellers, weights)[0]
        base_id = f"{BASE_ID_PREFIX}{i:06d}"
        name = f"Clínica Bench {i:04d}"
        customer = f"{base_id} - {name}"
        created = now - timedelta(days=800 - rng.random() * 60)
        clinics.append((base_id, base_id, name, reseller, rng.choice(states), 1, customer,
                        created, created, "Administrator", "Administrator", 0))
        customers.append((customer, customer, base_id, 0, created, created, "Administrator", "Administrator", 0))
        net.clinics.append((base_id, reseller, customer))
    n = insert_rows("Clinic", ["name", "base_id", "clinic_name", "reseller", "state", "is_active", "hd_customer",
                               "creation", "modified", "owner", "modified_by", "docstatus"], clinics, batch)
    insert_rows("HD Customer", ["name", "customer_name", "clinic", "clinic_disabled", "creation", "modified",
                                "owner", "modified_by", "docstatus"], customers, batch)
    return n


def make_clinic_users(net: Network, rng: random.Random, batch: int, now: datetime) -> int:
    users, contacts, emails, links = [], [], [], []
    k = 0
    for clinic, _reseller, customer in net.clinics:
        people = []
        for _ in range(rng.choice((1, 2, 2, 3))):
            k += 1
            email = f"usuario{k:05d}@{DOMAIN}"
            contact = f"{CONTACT_PREFIX}{k:05d}"
            first, last = "Usuário", f"Bench {k:05d}"
            created = now - timedelta(days=790 - rng.random() * 30)
            # 70 % used the system in the last 60 days (the retraining signal's "active users")
            last_active = now - timedelta(minutes=rng.randrange(60 * 24 * 60)) if rng.random() < 0.7 else None
            users.append((email, email, first, last, f"{first} {last}", "Website User", 1, "pt-BR", last_active,
                          created, created, "Administrator", "Administrator", 0))
            contacts.append((contact, first, last, f"{first} {last}", email, email, "Passive",
                             created, created, "Administrator", "Administrator", 0))
            emails.append((frappe.generate_hash(length=10), contact, "Contact", "email_ids", 1, email, 1,
                           created, created, "Administrator", "Administrator", 0))
            links.append((frappe.generate_hash(length=10), contact, "Contact", "links", 1, "HD Customer",
                          customer, customer, created, created, "Administrator", "Administrator", 0))
            people.append((email, contact))
        net.clinic_users[clinic] = people
    meta = ["creation", "modified", "owner", "modified_by", "docstatus"]
    n = insert_rows("User", ["name", "email", "first_name", "last_name", "full_name", "user_type", "enabled",
                             "language", "last_active", *meta], users, batch)
    insert_rows("Contact", ["name", "first_name", "last_name", "full_name", "email_id", "user", "status", *meta],
                contacts, batch)
    insert_rows("Contact Email", ["name", "parent", "parenttype", "parentfield", "idx", "email_id", "is_primary",
                                  *meta], emails, batch)
    insert_rows("Dynamic Link", ["name", "parent", "parenttype", "parentfield", "idx", "link_doctype", "link_name",
                                 "link_title", *meta], links, batch)
    return n


def _ticket_names(count: int) -> list[str]:
    """A block of ``count`` names from Helpdesk's ticket series (tabSeries '', as its patch keeps it)."""
    current = frappe.db.sql("select current from `tabSeries` where name = '' for update")
    start = int(current[0][0]) if current else 0
    top = frappe.db.sql("select max(cast(name as unsigned)) from `tabHD Ticket`")[0][0] or 0
    start = max(start, int(top))
    if current:
        frappe.db.sql("update `tabSeries` set current = %s where name = ''", start + count)
    else:
        frappe.db.sql("insert into `tabSeries` (name, current) values ('', %s)", start + count)
    frappe.db.commit()
    return [str(start + i) for i in range(1, count + 1)]


def _days(rng_days: int, now: datetime):
    """Every day of the period with its weight: the network grows (0.5 → 1.0), weekdays dominate."""
    days, cum, total = [], [], 0.0
    first = (now - timedelta(days=rng_days)).date()
    for d in range(rng_days + 1):
        day = first + timedelta(days=d)
        weight = (0.5 + 0.5 * d / rng_days) * (1.0, 1.0, 1.0, 1.0, 0.95, 0.12, 0.04)[day.weekday()]
        total += weight
        days.append(day)
        cum.append(total)
    return days, cum


def make_tickets(net: Network, rng: random.Random, count: int, days: int, batch: int, now: datetime) -> int:
    columns = {c for c in frappe.db.get_table_columns("HD Ticket")}
    extra = [c for c in OPTIONAL_COLUMNS if c in columns]
    if len(extra) < len(OPTIONAL_COLUMNS):
        print(f"    (HD Ticket has no column {', '.join(c for c in OPTIONAL_COLUMNS if c not in extra)}: left out)")
    modules = frappe.get_all("System Module", filters={"enabled": 1}, pluck="name")
    if not modules:
        sys.exit("No enabled System Module on this site: install healthdesk first (its install creates them).")
    module_pairs = [(m, MODULE_WEIGHTS.get(m, 5)) for m in modules]
    teams = frappe.get_all("HD Team", pluck="name") or [None]
    priorities = set(frappe.get_all("HD Ticket Priority", pluck="name"))
    ticket_types = set(frappe.get_all("HD Ticket Type", pluck="name"))
    default_type = "Unspecified" if "Unspecified" in ticket_types else None
    consult_type = "Consultancy" if "Consultancy" in ticket_types else default_type

    cat_v, cat_c = _weighted(CATEGORIES)
    mod_v, mod_c = _weighted(module_pairs)
    sev_v, sev_c = _weighted(SEVERITIES)
    lvl_v, lvl_c = _weighted(LEVELS)
    rat_v, rat_c = _weighted(RATINGS)
    reo_v, reo_c = _weighted(REOPENS)
    day_v, day_c = _days(days, now)
    clinic_w = [rng.lognormvariate(0, 1.0) for _ in net.clinics]
    clinic_c = []
    acc = 0.0
    for w in clinic_w:
        acc += w
        clinic_c.append(acc)
    agent_w = [rng.uniform(0.5, 1.5) for _ in net.agents]
    hours_v, hours_c = _weighted([(h, w) for h, w in enumerate(
        (0, 0, 0, 0, 0, 0, 1, 3, 9, 12, 12, 11, 6, 8, 12, 12, 11, 8, 4, 2, 1, 1, 0, 0))])

    names = _ticket_names(count)
    base_cols = ["name", "subject", "raised_by", "status", "status_category", "priority", "ticket_type",
                 "agent_group", "description", "sla", "response_by", "resolution_by", "agreement_status",
                 "first_responded_on", "first_response_time", "opening_date", "opening_time", "resolution_date",
                 "resolution_time", "contact", "customer", "via_customer_portal", "feedback_rating",
                 "feedback_extra", "last_agent_response", "last_customer_response", "clinic", "reseller",
                 "severity", "ticket_category", "system_module", "support_level", "support_desk", "owner_party",
                 "_assign", "creation", "modified", "owner", "modified_by", "docstatus", "key"]
    ticket_cols = base_cols + extra
    comm_cols = ["name", "subject", "communication_medium", "communication_type", "sent_or_received", "content",
                 "sender", "sender_full_name", "recipients", "reference_doctype", "reference_name", "status",
                 "communication_date", "seen", "creation", "modified", "owner", "modified_by", "docstatus"]
    todo_cols = ["name", "status", "priority", "date", "allocated_to", "description", "reference_type",
                 "reference_name", "assigned_by", "creation", "modified", "owner", "modified_by", "docstatus"]
    sla = frappe.db.get_value("HD Service Level Agreement", {"default_sla": 1}, "name") or \
        frappe.db.get_value("HD Service Level Agreement", {}, "name")
    t_sql = (f"INSERT INTO `tabHD Ticket` ({', '.join(f'`{c}`' for c in ticket_cols)}) "
             f"VALUES ({', '.join(['%s'] * len(ticket_cols))})")
    c_sql = (f"INSERT INTO `tabCommunication` ({', '.join(f'`{c}`' for c in comm_cols)}) "
             f"VALUES ({', '.join(['%s'] * len(comm_cols))})")
    d_sql = (f"INSERT INTO `tabToDo` ({', '.join(f'`{c}`' for c in todo_cols)}) "
             f"VALUES ({', '.join(['%s'] * len(todo_cols))})")
    tickets, comms, todos = [], [], []
    timing = {"tickets": 0.0, "communications": 0.0, "todos": 0.0}

    def flush():
        for sql, rows, label in ((t_sql, tickets, "tickets"), (c_sql, comms, "communications"),
                                 (d_sql, todos, "todos")):
            t0 = time.perf_counter()
            frappe.db._cursor.executemany(sql, rows)
            timing[label] += time.perf_counter() - t0
            rows.clear()
        frappe.db.commit()

    hash_rng = random.Random(rng.random())
    for i, name in enumerate(names):
        clinic, reseller, customer = net.clinics[rng.choices(range(len(net.clinics)), cum_weights=clinic_c)[0]]
        user, contact = rng.choice(net.clinic_users[clinic])
        agent = rng.choices(net.agents, agent_w)[0]
        day = rng.choices(day_v, cum_weights=day_c)[0]
        hour = rng.choices(hours_v, cum_weights=hours_c)[0]
        created = datetime.combine(day, datetime.min.time()) + timedelta(
            hours=hour, seconds=rng.randrange(3600), microseconds=rng.randrange(10**6))
        if created > now:
            created = now - timedelta(minutes=rng.randrange(1, 600))
        category = rng.choices(cat_v, cum_weights=cat_c)[0]
        module = rng.choices(mod_v, cum_weights=mod_c)[0]
        covered = category != "Consultancy"
        severity = rng.choices(sev_v, cum_weights=sev_c)[0] if covered else "Not covered"
        level = rng.choices(lvl_v, cum_weights=lvl_c)[0]
        age_days = (now - created).total_seconds() / 86400
        roll = rng.random()
        if age_days > 15:
            status = "Closed" if roll < 0.80 else "Resolved" if roll < 0.97 else "Replied" if roll < 0.985 else "Open"
        else:
            status = "Open" if roll < 0.35 else "Replied" if roll < 0.60 else "Resolved" if roll < 0.80 else "Closed"
        resolved = status in ("Resolved", "Closed")
        fr_target, res_target = TARGETS.get(severity, (None, None))
        fr_bs = _lognormal_cap(rng, 2 * HOUR, 1.2, 200 * HOUR)
        if status == "Open" and rng.random() < 0.6:
            fr_bs = None  # not answered yet
        first_responded = created + timedelta(seconds=fr_bs * WALL_PER_BUSINESS) if fr_bs is not None else None
        if first_responded and first_responded > now:
            first_responded, fr_bs = None, None
        res_bs = None
        resolution = None
        if resolved:
            res_bs = max(fr_bs or 0, _lognormal_cap(rng, 16 * HOUR, 1.3, 900 * HOUR))
            resolution = created + timedelta(seconds=res_bs * WALL_PER_BUSINESS)
            if resolution > now:
                resolution = now - timedelta(minutes=rng.randrange(1, 120))
                res_bs = int((resolution - created).total_seconds() / WALL_PER_BUSINESS)
            if first_responded is None:
                first_responded, fr_bs = resolution, res_bs
        if not covered:
            agreement = ""
        elif resolved:
            agreement = "Failed" if (fr_bs or 0) > fr_target or (res_bs or 0) > res_target else "Fulfilled"
        elif fr_bs is None:
            agreement = "Failed" if (now - created).total_seconds() / WALL_PER_BUSINESS > fr_target \
                else "First Response Due"
        elif status == "Replied":
            agreement = "Paused"
        else:
            agreement = "Failed" if (now - created).total_seconds() / WALL_PER_BUSINESS > res_target \
                else "Resolution Due"
        asked = resolution + timedelta(minutes=rng.randrange(1, 240)) if resolved and rng.random() < 0.9 else None
        if asked and asked > now:
            asked = now
        rating = rng.choices(rat_v, cum_weights=rat_c)[0] if asked and rng.random() < 0.4 else 0
        reopens = rng.choices(reo_v, cum_weights=reo_c)[0] if resolved else 0
        last_event = resolution or first_responded or created
        priority = severity if severity in priorities else ("Low" if "Low" in priorities else None)
        subject = f"{SUBJECT_PREFIX}{category} · {module} #{name}"
        row = [name, subject, user, status, STATUS_CATEGORY[status], priority,
               consult_type if not covered else default_type, rng.choice(teams),
               "<p>Chamado gerado pelo benchmark de indicadores.</p>", sla if covered else None,
               created + timedelta(seconds=fr_target * WALL_PER_BUSINESS) if covered else None,
               created + timedelta(seconds=res_target * WALL_PER_BUSINESS) if covered else None,
               agreement, first_responded,
               (first_responded - created).total_seconds() if first_responded else None,
               created.date(), created.time(), resolution,
               (resolution - created).total_seconds() if resolution else None,
               contact, customer, 1, rating, "Demorou a resolver." if 0 < rating <= 0.4 else None,
               first_responded, created, clinic, reseller, severity, category, module, level, "Vendor", "Clinic",
               json.dumps([agent]), created, last_event, user, agent if first_responded else user, 0,
               "%032x" % hash_rng.getrandbits(128)]
        if extra:
            values = {"first_response_business_seconds": fr_bs, "resolution_business_seconds": res_bs,
                      "reopen_count": reopens, "satisfaction_asked_on": asked,
                      "satisfaction_agent": agent if asked else None}
            row += [values[c] for c in extra]
        tickets.append(row)
        if first_responded:
            comms.append(("%010x" % hash_rng.getrandbits(40), f"Re: {subject}", "Email", "Communication", "Sent",
                          "<p>Olá! Seguem as orientações para o seu chamado.</p>", agent, None, user, "HD Ticket",
                          name, "Linked", first_responded, 1, first_responded, first_responded, agent, agent, 0))
        else:
            comms.append(("%010x" % hash_rng.getrandbits(40), subject, "Email", "Communication", "Received",
                          "<p>Preciso de ajuda com o sistema.</p>", user, None, None, "HD Ticket", name, "Linked",
                          created, 0, created, created, user, user, 0))
        assigned = created + timedelta(minutes=rng.randrange(1, 30))
        todos.append(("%010x" % hash_rng.getrandbits(40), "Closed" if resolved else "Open", "Medium",
                      assigned.date(), agent, subject, "HD Ticket", name, "Administrator", assigned,
                      resolution or assigned, "Administrator", "Administrator", 0))
        if len(tickets) >= batch:
            flush()
            if (i + 1) % (batch * 10) == 0:
                print(f"    {i + 1:,} tickets", flush=True)
    if tickets:
        flush()
    for label, took in timing.items():
        print(f"    inserting {label}: {took:.1f} s", flush=True)
    return count


# --- drop ------------------------------------------------------------------------------------

def bench_resellers() -> list[str]:
    return frappe.db.sql_list("select name from `tabReseller` where name like %s", f"{MARK}%")


def drop(batch: int) -> None:
    phases = Phases()
    resellers = bench_resellers()

    def drop_tickets():
        if not resellers:
            return 0
        total = 0
        while True:
            names = frappe.db.sql_list(
                "select name from `tabHD Ticket` where reseller in %(r)s and subject like %(p)s limit %(n)s",
                {"r": tuple(resellers), "p": f"{SUBJECT_PREFIX}%", "n": batch})
            if not names:
                return total
            for table, field in (("Communication", "reference_name"), ("ToDo", "reference_name"),
                                 ("Comment", "reference_name"), ("HD Ticket Activity", "ticket"),
                                 ("Version", "docname"), ("Ticket Agent Assignment", "ticket")):
                if frappe.db.table_exists(table) and frappe.db.has_column(table, field):
                    cond = {"Communication": "reference_doctype", "ToDo": "reference_type",
                            "Comment": "reference_doctype", "Version": "ref_doctype"}.get(table)
                    extra = f" and `{cond}` = 'HD Ticket'" if cond else ""
                    frappe.db.sql(f"delete from `tab{table}` where `{field}` in %(n)s{extra}", {"n": tuple(names)})
            frappe.db.sql("delete from `tabHD Ticket` where name in %(n)s", {"n": tuple(names)})
            frappe.db.commit()
            total += len(names)

    def drop_network():
        n = 0
        if resellers:
            clinics = frappe.db.sql_list("select name from `tabClinic` where reseller in %(r)s", {"r": tuple(resellers)})
            if clinics:
                n += frappe.db.sql("select count(*) from `tabHD Customer` where clinic in %(c)s", {"c": tuple(clinics)})[0][0]
                frappe.db.sql("delete from `tabHD Customer` where clinic in %(c)s", {"c": tuple(clinics)})
                frappe.db.sql("delete from `tabClinic` where name in %(c)s", {"c": tuple(clinics)})
                n += len(clinics)
        like = f"%@{DOMAIN}"
        frappe.db.sql("delete from `tabDynamic Link` where parenttype = 'Contact' and parent like %s", f"{CONTACT_PREFIX}%")
        frappe.db.sql("delete from `tabContact Email` where parent like %s", f"{CONTACT_PREFIX}%")
        frappe.db.sql("delete from `tabContact` where name like %s", f"{CONTACT_PREFIX}%")
        if frappe.db.table_exists("Onboarding Progress"):
            frappe.db.sql("delete from `tabOnboarding Progress` where user like %s", like)
        # the clinic users (bulk-made website users without roles)
        n += frappe.db.sql("select count(*) from `tabUser` where name like %s and name like 'usuario%%'", like)[0][0]
        frappe.db.sql("delete from `tabUser` where name like %s and name like 'usuario%%'", like)
        frappe.db.commit()
        # the few made as documents: resellers, their managers, the agents
        for reseller in resellers:
            frappe.delete_doc("Reseller", reseller, force=True, ignore_permissions=True)
            n += 1
        for agent in frappe.get_all("HD Agent", filters={"user": ["like", like]}, pluck="name"):
            frappe.delete_doc("HD Agent", agent, force=True, ignore_permissions=True)
        for user in frappe.get_all("User", filters={"name": ["like", like]}, pluck="name"):
            for contact in frappe.get_all("Contact", filters={"email_id": user}, pluck="name"):
                frappe.delete_doc("Contact", contact, force=True, ignore_permissions=True)
            frappe.delete_doc("User", user, force=True, ignore_permissions=True)
            n += 1
        frappe.db.commit()
        return n

    print(f"Dropping the benchmark network of {frappe.local.site} ({len(resellers)} resellers):")
    phases.run("tickets, communications, todos", drop_tickets)
    phases.run("clinics, customers, users, resellers", drop_network)
    phases.total()


def generate(args) -> None:
    if bench_resellers():
        sys.exit(f"{frappe.local.site} already holds a benchmark network: run with --drop first.")
    rng = random.Random(args.seed)
    now = datetime.now().replace(microsecond=0)
    net = Network()
    phases = Phases()
    # as Data Import does: Frappe's new-user throttle (60 a minute) would stop the managers and agents
    frappe.flags.in_import = True
    print(f"Generating on {frappe.local.site}: {args.resellers} resellers, {args.clinics} clinics, "
          f"{args.tickets:,} tickets over {args.days} days, {args.agents} agents, seed {args.seed}")
    phases.run("resellers + managers (documents)", make_resellers, net, rng, args.resellers)
    phases.run("agents (documents)", make_agents, net, args.agents)
    phases.run("clinics + HD Customers", make_clinics, net, rng, args.clinics, args.batch, now)
    phases.run("clinic users + contacts + links", make_clinic_users, net, rng, args.batch, now)
    phases.run("tickets + communications + todos", make_tickets, net, rng, args.tickets, args.days, args.batch, now)
    # the ToDos went in with SQL, around their document events: the per-agent rows as the install makes them
    phases.run("per-agent assignment rows (assignments.rebuild)", rebuild_assignments)
    phases.run("ANALYZE TABLE", analyze)
    frappe.clear_cache()
    phases.total()


def rebuild_assignments() -> int:
    from healthdesk.indicators.assignments import rebuild

    count = rebuild()
    frappe.db.commit()
    return count


def analyze() -> int:
    for table in ("HD Ticket", "Communication", "ToDo", "Clinic", "HD Customer", "User", "Contact", "Dynamic Link",
                  "Ticket Agent Assignment"):
        frappe.db.sql(f"analyze table `tab{table}`")
    return 0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site")
    parser.add_argument("--clinics", type=int, default=2000)
    parser.add_argument("--tickets", type=int, default=500_000)
    parser.add_argument("--resellers", type=int, default=20)
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--days", type=int, default=730, help="the tickets' period, ending now")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--batch", type=int, default=5000, help="rows per multi-row INSERT batch")
    parser.add_argument("--drop", action="store_true", help="delete everything this script made, and stop")
    args = parser.parse_args(argv)
    for name, top in (("clinics", 20_000), ("tickets", 2_000_000), ("resellers", 99), ("agents", 500)):
        if not 1 <= getattr(args, name) <= top:
            sys.exit(f"--{name} must be between 1 and {top:,}.")
    frappe.init(site=args.site, sites_path=os.getcwd())
    frappe.connect()
    try:
        require_benchmark_site()
        frappe.set_user("Administrator")
        drop(args.batch) if args.drop else generate(args)
    finally:
        frappe.destroy()


if __name__ == "__main__":
    main()
