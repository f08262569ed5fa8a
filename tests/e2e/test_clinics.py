"""Resellers, clinics and the HD Customers behind them."""

from __future__ import annotations

import frappe
import pytest

from healthdesk.network.contacts import linked_customers, user_customers


def test_clinic_creates_and_syncs_its_hd_customer(net):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name, base_id="0" + net.new_base_id()[1:], clinic_name="Clínica Alfa")
    assert clinic.name == clinic.base_id and clinic.base_id.startswith("0")  # leading zero kept
    customer = frappe.get_doc("HD Customer", clinic.hd_customer)
    assert customer.name == f"{clinic.base_id} - Clínica Alfa"
    assert customer.clinic == clinic.name and customer.clinic_disabled == 0
    assert not customer.domain  # never auto-link contacts by e-mail domain

    ticket = net.ticket(clinic=clinic.name)
    clinic.reload()
    clinic.clinic_name = "Clínica Alfa Renomeada"
    clinic.save()
    frappe.db.commit()
    new_name = f"{clinic.base_id} - Clínica Alfa Renomeada"
    net.track("HD Customer", new_name)
    assert clinic.hd_customer == new_name
    assert not frappe.db.exists("HD Customer", customer.name)
    assert frappe.db.get_value("HD Ticket", ticket.name, "customer") == new_name

    clinic.is_active = 0
    clinic.save()
    assert frappe.db.get_value("HD Customer", new_name, "clinic_disabled") == 1
    clinic.is_active = 1
    clinic.save()
    assert frappe.db.get_value("HD Customer", new_name, "clinic_disabled") == 0


@pytest.mark.parametrize("bad", ["12a", "0012 3", "", "١٢٣", "-12"])
def test_base_id_must_be_digits(net, bad):
    reseller = net.reseller()
    with pytest.raises(frappe.ValidationError, match="Base ID"):
        frappe.get_doc({"doctype": "Clinic", "base_id": bad, "clinic_name": "X",
                        "reseller": reseller.name}).insert()


def test_base_id_is_unique_and_fixed(net):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    with pytest.raises(frappe.DuplicateEntryError):
        frappe.get_doc({"doctype": "Clinic", "base_id": clinic.base_id, "clinic_name": "Outra",
                        "reseller": reseller.name}).insert()
    frappe.db.rollback()
    # The base id is the clinic's name: an edit is not taken (Frappe keeps a field-named doc's
    # field equal to its name, and the form shows it read-only once saved).
    clinic.reload()
    original = clinic.base_id
    clinic.base_id = "1" + original
    clinic.save()
    assert clinic.base_id == original
    assert frappe.db.get_value("Clinic", {"name": original}, "base_id") == original
    assert not frappe.db.exists("Clinic", "1" + original)


def test_reseller_cnpj_and_short_code(net):
    reseller = net.reseller(short_code=" tx" + net.tag.lower(), cnpj="11222333000181")
    assert reseller.name == "TX" + net.tag.upper()
    assert reseller.cnpj == "11.222.333/0001-81"
    alnum = net.reseller(cnpj="12.abc.345/01de-35")
    assert alnum.cnpj == "12.ABC.345/01DE-35"
    with pytest.raises(frappe.ValidationError, match="CNPJ"):
        net.reseller(cnpj="11.222.333/0001-82")
    with pytest.raises(frappe.ValidationError, match="Short Code"):
        net.reseller(short_code="x")
    with pytest.raises(frappe.ValidationError, match="https"):
        net.reseller(cs_booking_link="agenda.example")


def test_multi_clinic_admin_sees_every_clinic_of_the_reseller_including_new_ones(net):
    admin = net.user("admin")
    reseller = net.reseller(multi_clinic_admin=admin)
    first = net.clinic(reseller.name)
    second = net.clinic(reseller.name)
    other_reseller = net.reseller()
    foreign = net.clinic(other_reseller.name)
    assert user_customers(admin) >= {first.hd_customer, second.hd_customer}
    assert foreign.hd_customer not in user_customers(admin)

    # A new administrator takes over; the former one loses the reseller's clinics.
    successor = net.user("successor")
    reseller.reload()
    reseller.multi_clinic_admin = successor
    reseller.save()
    frappe.db.commit()
    assert user_customers(successor) >= {first.hd_customer, second.hd_customer}
    assert not user_customers(admin) & {first.hd_customer, second.hd_customer}


def test_reseller_managers_get_the_role(net):
    manager = net.user("manager")
    net.reseller(managers=[manager])
    assert "Reseller Manager" in frappe.get_roles(manager)


def test_deleting_a_clinic_without_tickets_releases_its_customer(net):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    member = net.user("member", clinics=(clinic.name,))
    frappe.delete_doc("Clinic", clinic.name)
    frappe.db.commit()
    assert frappe.db.get_value("HD Customer", clinic.hd_customer, "clinic") is None
    contact = frappe.db.get_value("Contact", {"email_id": member})
    assert clinic.hd_customer in linked_customers(contact)  # Helpdesk data is left alone

    # Re-created (or re-installed), the clinic adopts its former HD Customer and its contacts.
    again = net.clinic(reseller.name, base_id=clinic.base_id, clinic_name=clinic.clinic_name)
    assert again.hd_customer == clinic.hd_customer
    assert frappe.db.get_value("HD Customer", again.hd_customer, "clinic") == again.name
    assert again.hd_customer in user_customers(member)


def test_clinic_with_tickets_cannot_be_deleted(net):
    reseller = net.reseller()
    clinic = net.clinic(reseller.name)
    net.ticket(clinic=clinic.name)
    with pytest.raises(frappe.LinkExistsError):
        frappe.delete_doc("Clinic", clinic.name)
