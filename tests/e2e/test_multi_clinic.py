"""Multi-Clinic Access Request: parsing, validation, approval and scope."""

from __future__ import annotations

import frappe
import pytest

from healthdesk.network.contacts import user_customers

DOCTYPE = "Multi-Clinic Access Request"


@pytest.fixture
def network(net):
    reseller_manager = net.user("gestor")
    reseller = net.reseller(managers=[reseller_manager])
    home, second, third = (net.clinic(reseller.name) for _ in range(3))
    other_manager = net.user("gestor2")
    other = net.reseller(managers=[other_manager])
    foreign = net.clinic(other.name)
    return {
        "reseller": reseller, "manager": reseller_manager, "home": home, "second": second,
        "third": third, "other": other, "other_manager": other_manager, "foreign": foreign,
    }


def _text(email, home, ids):
    return (f"Usuário: {email}\nJá está cadastrado na clínica: {home}\n"
            f"Multi clínica para as clínicas: {', '.join(ids)}")


def _request(net, text, as_user=None, submit=True):
    previous = frappe.session.user
    if as_user:
        frappe.set_user(as_user)
    try:
        doc = frappe.get_doc({"doctype": DOCTYPE, "pasted_text": text}).insert()
        net.track(DOCTYPE, doc.name)
        if submit:
            doc.submit()
    finally:
        frappe.set_user(previous)
    frappe.db.commit()
    return doc


def test_pasting_the_seed_pattern_fills_the_request(net, network):
    n = network
    email = net.email("maria")
    doc = _request(net, _text(email.upper(), n["home"].name, [n["home"].name, n["second"].name]),
                   submit=False)
    assert doc.user_email == email
    assert doc.home_base_id == n["home"].name
    assert doc.reseller == n["reseller"].name
    assert [row.clinic for row in doc.clinics] == [n["home"].name, n["second"].name]
    assert doc.status == "Draft"


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda n, t: t.replace(n["second"].name, "000000001"), "000000001"),
        (lambda n, t: t.replace(n["second"].name, n["foreign"].name), "another reseller"),
        (lambda n, t: t.replace("@test.example", "@@test"), "not a valid e-mail"),
        (lambda n, t: t.split("\nMulti")[0] + "\nMulti clínica para as clínicas: ,", "Multi clínica para as clínicas"),
        (lambda n, t: t.split("\n", 1)[1], "Usuário"),
        (lambda n, t: t.replace(n["second"].name, "12x4"), "12x4"),
        (lambda n, t: t.replace(f": {n['home'].name}\n", ": 000000002\n", 1), "000000002"),
    ],
    ids=["unknown-id", "other-reseller", "bad-email", "empty-list", "missing-line", "bad-token", "unknown-home"],
)
def test_validation_names_the_line_or_id(net, network, mutate, expected):
    n = network
    text = mutate(n, _text(net.email("joana"), n["home"].name, [n["home"].name, n["second"].name]))
    with pytest.raises(frappe.ValidationError) as info:
        _request(net, text)
    assert expected in str(info.value)


def test_approval_links_exactly_the_requested_clinics_and_creates_the_user(net, network):
    n = network
    email = net.email("nova")
    doc = _request(net, _text(email, n["home"].name, [n["second"].name, n["third"].name]), as_user=n["manager"])
    assert doc.status == "Submitted"
    assert not frappe.db.exists("User", email)

    doc.approve()
    frappe.db.commit()
    net.track("User", email)
    net.track("Contact", frappe.db.get_value("Contact", {"email_id": email}))
    doc.reload()
    assert doc.status == "Approved" and doc.approved_by == "Administrator" and doc.approved_on
    assert frappe.db.get_value("User", email, "user_type") == "Website User"
    assert user_customers(email) == {n["second"].hd_customer, n["third"].hd_customer}
    # the new user is sent Frappe's welcome e-mail with the link to set a password (issue 12);
    # it is queued where the site has an outgoing account (the checklist says when it has none)
    if frappe.db.exists("Email Account", {"default_outgoing": 1, "enable_outgoing": 1}):
        assert frappe.db.exists("Email Queue Recipient", {"recipient": email})

    # Approving twice changes nothing.
    modified = doc.modified
    assert doc.approve() == {"linked": []}
    assert user_customers(email) == {n["second"].hd_customer, n["third"].hd_customer}
    assert frappe.db.get_value(DOCTYPE, doc.name, "modified") == modified


def test_approval_keeps_an_existing_users_other_clinics(net, network):
    n = network
    email = net.user("existente", clinics=(n["home"].name,))
    doc = _request(net, _text(email, n["home"].name, [n["second"].name]), as_user=n["manager"])
    doc.approve()
    assert user_customers(email) == {n["home"].hd_customer, n["second"].hd_customer}


def test_rejection_changes_nothing_but_the_request(net, network):
    n = network
    email = net.user("rejeitado")
    doc = _request(net, _text(email, n["home"].name, [n["second"].name]), as_user=n["manager"])
    with pytest.raises(frappe.ValidationError, match="reason"):
        doc.reject("  ")
    doc.reject("Usuário não pertence à clínica")
    doc.reload()
    assert doc.status == "Rejected" and doc.rejected_by == "Administrator"
    assert user_customers(email) == set()
    with pytest.raises(frappe.ValidationError):
        doc.approve()
    assert user_customers(email) == set()


def test_only_admins_approve_or_reject(net, network):
    n = network
    doc = _request(net, _text(net.email("x"), n["home"].name, [n["second"].name]), as_user=n["manager"])
    for user in (n["manager"], net.agent()):
        frappe.set_user(user)
        with pytest.raises(frappe.PermissionError):
            frappe.get_doc(DOCTYPE, doc.name).approve()
        with pytest.raises(frappe.PermissionError):
            frappe.get_doc(DOCTYPE, doc.name).reject("não")
    frappe.set_user("Administrator")
    assert frappe.db.get_value(DOCTYPE, doc.name, "status") == "Submitted"
    healthdesk_admin = net.user("hdadmin", roles=("Healthdesk Admin",), system=True)
    frappe.set_user(healthdesk_admin)
    frappe.get_doc(DOCTYPE, doc.name).approve()
    assert frappe.db.get_value(DOCTYPE, doc.name, "status") == "Approved"


def test_draft_cannot_be_approved(net, network):
    n = network
    doc = _request(net, _text(net.email("d"), n["home"].name, [n["second"].name]), submit=False)
    with pytest.raises(frappe.ValidationError, match="submitted"):
        doc.approve()


def test_reseller_manager_is_limited_to_their_reseller(net, network):
    n = network
    mine = _request(net, _text(net.email("a"), n["home"].name, [n["second"].name]), as_user=n["manager"])
    theirs = _request(net, _text(net.email("b"), n["foreign"].name, [n["foreign"].name]),
                      as_user=n["other_manager"])

    # Cannot request for another reseller's clinics.
    frappe.set_user(n["manager"])
    with pytest.raises(frappe.PermissionError):
        frappe.get_doc({"doctype": DOCTYPE,
                        "pasted_text": _text(net.email("c"), n["foreign"].name, [n["foreign"].name])}).insert()

    # Sees only their reseller's requests, resellers and clinics.
    names = set(frappe.get_list(DOCTYPE, pluck="name"))
    assert mine.name in names and theirs.name not in names
    assert not frappe.has_permission(DOCTYPE, "read", doc=frappe.get_doc(DOCTYPE, theirs.name))
    assert set(frappe.get_list("Reseller", pluck="name")) == {n["reseller"].name}
    assert n["foreign"].name not in set(frappe.get_list("Clinic", pluck="name"))
    # A plain website user sees none.
    frappe.set_user(net.user("plain"))
    with pytest.raises(frappe.PermissionError):
        frappe.get_list(DOCTYPE)
