"""healthdesk.core.boundary: allowlist matching, the tables a query reaches, aggregation windows."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from healthdesk.core import boundary as b

PATTERNS = ("helpdesk.api.*", "frappe.client.get", "frappe.desk.form.load.*", "login")


@pytest.mark.parametrize("name", [
    "helpdesk.api.doc.get_list_data", "frappe.client.get", "frappe.desk.form.load.getdoc", "login",
    " /frappe.client.get/ ",
])
def test_reviewed_methods_are_allowed(name):
    assert b.method_allowed(name, PATTERNS)


@pytest.mark.parametrize("name", [
    "healthcare.healthcare.utils.render_doc_as_html", "frappe.client.get_password", "frappe.client.get2",
    "frappe.client", "helpdesk.apix.y", "frappe.desk.query_report.run", "", "frappe.client.get()",
    "frappe..client.get", "helpdesk.api.*", "frappe.client.get;drop",
])
def test_everything_else_is_refused(name):
    assert not b.method_allowed(name, PATTERNS)


identifier = st.text(alphabet=string.ascii_lowercase + "_", min_size=1, max_size=12).filter(lambda s: s[0] != "_" or len(s) > 1)


@given(st.lists(identifier, min_size=1, max_size=5))
def test_a_method_is_allowed_by_its_exact_name_only_when_listed(parts):
    name = ".".join(parts)
    assert b.method_allowed(name, [name])
    assert not b.method_allowed(name + "x", [name])
    assert not b.method_allowed(name, [])


@given(st.lists(identifier, min_size=1, max_size=4), st.lists(identifier, min_size=1, max_size=4))
def test_a_prefix_pattern_covers_exactly_its_namespace(prefix, rest):
    pattern = ".".join(prefix) + ".*"
    assert b.method_allowed(".".join(prefix + rest), [pattern])
    assert not b.method_allowed("other_" + ".".join(prefix + rest), [pattern])


@given(st.text(max_size=40))
def test_arbitrary_text_is_never_admitted_by_an_empty_allowlist(text):
    assert not b.method_allowed(text, ())


def test_pages():
    pages = ("/app", "/app/*", "/helpdesk/*", "/support-access")
    assert b.page_allowed("/app", pages) and b.page_allowed("/app/hd-ticket/1", pages)
    assert b.page_allowed("/support-access/", pages)
    assert not b.page_allowed("/patient-portal", pages) and not b.page_allowed("/application", pages)


def test_tables_reached_by_fields_and_filters():
    fields = json.dumps(["`tabLab Test`.`result`", "name", "patient_encounter.encounter_comment"])
    assert b.referenced_tables(fields) == {"Lab Test"}
    assert "patient_encounter" in b.link_prefixes(fields)
    assert b.referenced_tables("`tabVital Signs`.temperature") == {"Vital Signs"}
    assert b.referenced_tables("tabToDo.allocated_to") == {"ToDo"}
    assert b.filter_doctypes(json.dumps([["Normal Test Result", "result_value", "like", "%a%"], ["name", "=", "x"]])) \
        == {"Normal Test Result"}
    assert b.filter_doctypes({"name": "x"}) == set() and b.filter_doctypes("not json") == set()


def test_plain_fields_reach_nothing():
    assert b.referenced_tables(["name", "subject", "count(*) as total"]) == set()
    assert b.link_prefixes(["name", "subject"]) == set()
    assert b.link_prefixes(None) == set()


@given(st.floats(min_value=0, max_value=1e10), st.integers(min_value=1, max_value=86400))
def test_window(ts, seconds):
    w = b.window(ts, seconds)
    assert w * seconds <= ts < (w + 1) * seconds


def test_window_must_be_positive():
    with pytest.raises(ValueError):
        b.window(1.0, 0)


@pytest.mark.parametrize("path,method", [
    ("/api/method/frappe.client.get", "frappe.client.get"),
    ("/api/v1/method/frappe.client.get/", "frappe.client.get"),
    ("/api/v2/method/helpdesk.api.doc.get_list_data", "helpdesk.api.doc.get_list_data"),
    ("/api/v2/method/User/get_all_roles", None),     # a controller's function: routed by Frappe's map
    ("/api/resource/HD Ticket", None),
    ("/app/hd-ticket", None),
])
def test_method_from_path(path, method):
    assert b.method_from_path(path) == method


@given(st.lists(st.sampled_from(["a.*", "a.b", "c.d.*", "x?", "frappe.client.get"]), max_size=5),
       st.sampled_from(["a.b", "a.c.d", "c.d.e", "xy", "frappe.client.get", "frappe.client.get_list", "b"]))
def test_compiled_allowlist_agrees_with_fnmatch(patterns, name):
    from fnmatch import fnmatchcase

    expected = any(p == name or (any(c in p for c in "*?[") and fnmatchcase(name, p)) for p in patterns)
    assert b.method_allowed(name, patterns) == expected
