"""Installing healthdesk adds; it does not change what Helpdesk's admin configured.

The contract SLA applies to clinic tickets through Helpdesk's own SLA condition; Helpdesk's default
SLA, an admin's own SLAs and the default priority keep applying to every other ticket. Making the
contract SLA the default is an explicit, confirmed step. Sites installed by an earlier version
(which made the contract SLA the default and disabled Helpdesk's "Default") are put back once.
"""

from __future__ import annotations

import frappe
import pytest

from healthdesk.api import sla as sla_api
from healthdesk.patches import contract_sla_opt_in
from healthdesk.setup.install import CLINIC_TICKET_CONDITION, CONTRACT_SLA, ensure_contract_sla

SLA = "HD Service Level Agreement"


def _sla_state() -> dict[str, tuple]:
    return {row.name: (row.enabled, row.default_sla, row.condition or "")
            for row in frappe.get_all(SLA, fields=["name", "enabled", "default_sla", "condition"])}


@pytest.fixture
def sla_snapshot():
    """Every SLA's enabled / default / condition, restored after the test."""
    before = _sla_state()
    yield before
    frappe.db.rollback()
    for name, (enabled, default, condition) in before.items():
        if frappe.db.exists(SLA, name):
            frappe.db.set_value(SLA, name, {"enabled": enabled, "default_sla": default, "condition": condition})
    frappe.db.commit()


@pytest.fixture
def admin_sla(sla_snapshot):
    """An SLA an admin made before installing healthdesk: only for tickets of priority Urgent."""
    from helpdesk.test_utils import make_sla

    name = "Admin Urgent SLA"
    if not frappe.db.exists(SLA, name):
        make_sla(name, "doc.priority == 'Urgent'")
    frappe.db.set_value(SLA, name, {"enabled": 1, "default_sla": 0, "condition": "doc.priority == 'Urgent'"})
    frappe.db.commit()
    yield name
    frappe.delete_doc(SLA, name, force=True, ignore_permissions=True)
    frappe.db.commit()


def _default_sla() -> str:
    return frappe.db.get_value(SLA, {"default_sla": 1, "enabled": 1}, "name")


def test_contract_sla_is_for_clinic_tickets_only(sla_snapshot):
    ensure_contract_sla()
    ours = frappe.db.get_value(SLA, CONTRACT_SLA, ["enabled", "default_sla", "condition"], as_dict=True)
    assert ours.enabled == 1
    assert ours.default_sla == 0
    assert ours.condition == CLINIC_TICKET_CONDITION
    assert frappe.db.get_single_value("Healthdesk Settings", "contract_sla") == CONTRACT_SLA


def test_install_steps_change_no_other_sla(sla_snapshot):
    from healthdesk.setup import install

    before = {k: v for k, v in _sla_state().items() if k != CONTRACT_SLA}
    # every idempotent step install and migrate run (the fixture sync is left out: its DDL would
    # commit inside the test)
    install.ensure_defaults()
    install.ensure_defaults()
    after = {k: v for k, v in _sla_state().items() if k != CONTRACT_SLA}
    assert after == before
    frappe.db.rollback()


def test_existing_slas_keep_applying_and_clinic_tickets_get_the_contract(net, sla_snapshot, contract_sla, admin_sla):
    # (contract_sla disables the test site's leftover Helpdesk test SLAs, which match High tickets)
    default = _default_sla()
    assert default and default != CONTRACT_SLA
    clinic = net.clinic(net.reseller().name)

    plain = net.ticket()  # not about a clinic: Helpdesk's default SLA, as without healthdesk
    assert plain.sla == default
    assert not plain.clinic and not plain.clinic_to_confirm
    urgent = net.ticket(priority="Urgent")  # the admin's own SLA still catches its tickets
    assert urgent.sla == admin_sla
    ours = net.ticket(clinic=clinic.name, severity="High")
    assert ours.sla == CONTRACT_SLA
    assert ours.reseller == clinic.reseller


def test_default_priority_of_other_tickets_is_helpdesks(net, sla_snapshot):
    ensure_contract_sla()
    frappe.db.set_single_value("HD Settings", "default_priority", "Low")
    frappe.db.commit()
    try:
        assert net.ticket().priority == "Low"
    finally:
        frappe.db.set_single_value("HD Settings", "default_priority", None)
        frappe.db.commit()


def test_non_clinic_tickets_are_not_triaged(net, sla_snapshot):
    """A slowness word triggers a triage rule on clinic tickets only."""
    ticket = net.ticket(subject="O sistema está lento hoje", description="Tudo lento.")
    assert not frappe.db.exists("Triage Action Log", {"ticket": ticket.name})


def test_making_the_contract_sla_default_needs_an_admin_and_a_confirmation(net, sla_snapshot):
    ensure_contract_sla()
    frappe.db.commit()
    agent = net.agent()
    frappe.set_user(agent)
    with pytest.raises(frappe.PermissionError):
        sla_api.make_contract_sla_default(confirm=1)
    with pytest.raises(frappe.PermissionError):
        sla_api.contract_sla_default_preview()
    frappe.set_user("Administrator")
    with pytest.raises(frappe.ValidationError):
        sla_api.make_contract_sla_default(confirm=0)
    assert frappe.db.get_value(SLA, CONTRACT_SLA, "default_sla") == 0


def test_making_the_contract_sla_default_lists_and_disables_catch_alls(net, sla_snapshot, contract_sla):
    previous_default = _default_sla()
    catch_all = "Catch-all SLA"
    from helpdesk.test_utils import make_sla

    if not frappe.db.exists(SLA, catch_all):
        make_sla(catch_all, "")
    frappe.db.set_value(SLA, catch_all, {"enabled": 1, "default_sla": 0, "condition": ""})
    frappe.db.commit()
    try:
        preview = sla_api.contract_sla_default_preview()
        assert preview["sla"] == CONTRACT_SLA
        assert preview["default"] == previous_default
        assert catch_all in preview["catch_all"]
        # the current default, once demoted, would be a catch-all too (it has no condition)
        assert previous_default in preview["catch_all"]
        result = sla_api.make_contract_sla_default(confirm=1)
        assert catch_all in result["disabled"]
        assert _default_sla() == CONTRACT_SLA
        assert not frappe.db.get_value(SLA, CONTRACT_SLA, "condition")
        assert frappe.db.get_value(SLA, catch_all, "enabled") == 0
        assert frappe.db.get_value(SLA, previous_default, ["enabled", "default_sla"]) == (0, 0)
        # now every ticket follows the contract
        assert net.ticket().sla == CONTRACT_SLA
    finally:
        frappe.db.rollback()
        frappe.delete_doc(SLA, catch_all, force=True, ignore_permissions=True)
        frappe.db.commit()


def test_patch_puts_back_what_an_earlier_version_took_over(sla_snapshot):
    ensure_contract_sla()
    if not frappe.db.exists(SLA, "Default"):
        pytest.skip("this site has no Helpdesk 'Default' SLA")
    stock_default_before = _default_sla()
    # what the earlier install did
    frappe.db.set_value(SLA, "Default", {"enabled": 0, "default_sla": 0, "condition": ""})
    frappe.db.set_value(SLA, CONTRACT_SLA, {"default_sla": 1, "condition": ""})
    contract_sla_opt_in.execute()
    assert frappe.db.get_value(SLA, "Default", ["enabled", "default_sla"]) == (1, 1)
    assert frappe.db.get_value(SLA, CONTRACT_SLA, ["default_sla", "condition"]) == (0, CLINIC_TICKET_CONDITION)
    assert stock_default_before  # the site had a default before, and has one after
    frappe.db.rollback()


def test_patch_leaves_an_admins_own_choice_alone(sla_snapshot):
    ensure_contract_sla()
    if not frappe.db.exists(SLA, "Default"):
        pytest.skip("this site has no Helpdesk 'Default' SLA")
    # the admin made the contract SLA the default and gave "Default" a condition of their own
    frappe.db.set_value(SLA, "Default", {"enabled": 1, "default_sla": 0, "condition": "doc.priority == 'Low'"})
    frappe.db.set_value(SLA, CONTRACT_SLA, {"default_sla": 1, "condition": ""})
    contract_sla_opt_in.execute()
    assert frappe.db.get_value(SLA, CONTRACT_SLA, "default_sla") == 1
    assert frappe.db.get_value(SLA, "Default", "condition") == "doc.priority == 'Low'"
    frappe.db.rollback()
