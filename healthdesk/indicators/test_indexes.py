"""The indicators' indexes: there after install, with their columns in order; installing or
migrating again is harmless; a lost index comes back on the next run."""

from __future__ import annotations

import frappe
from frappe.tests.utils import FrappeTestCase

from healthdesk.indicators.indexes import INDEXES, RETIRED, ensure_indexes

ENSURE = "healthdesk.indicators.indexes.ensure_indexes"


def index_columns(doctype: str, name: str) -> list[str]:
    rows = frappe.db.sql(f"show index from `tab{doctype}` where Key_name = %s", name, as_dict=True)
    return [r.Column_name for r in sorted(rows, key=lambda r: r.Seq_in_index)]


def all_indexes(doctype: str) -> list[tuple]:
    rows = frappe.db.sql(f"show index from `tab{doctype}`", as_dict=True)
    return sorted((r.Key_name, r.Seq_in_index, r.Column_name) for r in rows)


class TestIndicatorIndexes(FrappeTestCase):
    def setUp(self):
        ensure_indexes()  # a site not migrated since the last index was added: current first

    def test_every_index_exists_with_its_columns_in_order(self):
        self.assertTrue(INDEXES)
        for doctype, name, columns in INDEXES:
            with self.subTest(index=name):
                self.assertEqual(index_columns(doctype, name), list(columns))

    def test_wired_on_install_after_healthdesks_own_step_and_on_migrate(self):
        install = frappe.get_hooks("after_install", app_name="healthdesk")
        self.assertIn(ENSURE, install)
        # the custom fields (reseller, clinic, system_module ...) are synced by healthdesk's own step
        self.assertLess(install.index("healthdesk.setup.install.after_install"), install.index(ENSURE))
        self.assertIn(ENSURE, frappe.get_hooks("after_migrate", app_name="healthdesk"))

    def test_running_again_changes_nothing(self):
        tables = sorted({doctype for doctype, _n, _c in INDEXES})
        before = {t: all_indexes(t) for t in tables}
        self.assertEqual(ensure_indexes(), [])
        self.assertEqual(ensure_indexes(), [])
        self.assertEqual({t: all_indexes(t) for t in tables}, before)

    def test_a_lost_index_comes_back(self):
        doctype, name, columns = INDEXES[1]
        frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")
        try:
            self.assertEqual(index_columns(doctype, name), [])
            self.assertEqual(ensure_indexes(), [name])
        finally:
            ensure_indexes()
        self.assertEqual(index_columns(doctype, name), list(columns))

    def test_an_index_of_an_earlier_version_is_made_again_with_todays_columns(self):
        doctype, name, columns = INDEXES[0]
        frappe.db.sql_ddl(f"alter table `tab{doctype}` drop index `{name}`")
        frappe.db.sql_ddl(f"alter table `tab{doctype}` add index `{name}` (`{columns[0]}`)")
        try:
            self.assertEqual(ensure_indexes(), [name])
        finally:
            ensure_indexes()
        self.assertEqual(index_columns(doctype, name), list(columns))

    def test_retired_indexes_are_dropped(self):
        for doctype, name in RETIRED:
            frappe.db.sql_ddl(f"alter table `tab{doctype}` add index if not exists `{name}` (`creation`)")
        ensure_indexes()
        for doctype, name in RETIRED:
            self.assertEqual(index_columns(doctype, name), [], name)
