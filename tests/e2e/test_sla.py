"""The public support page shows the contract's hours and SLA table, and a clinic user's reseller
contact, over HTTP. (The SLA itself, calendars, breach warnings and the report are tested
in-process in healthdesk/sla/test_sla.py.)"""

from __future__ import annotations

# --- the public support page ------------------------------------------------------------------


def test_public_support_page_shows_hours_and_sla_table_without_login(contract_sla, browser):
    response = browser.get("/support")
    assert response.status_code == 200
    html = response.text
    assert "08:30–12:00" in html and "13:30–18:00" in html and "America/Sao_Paulo" in html
    for hours in ("8", "20", "80"):
        assert f">{hours} business hours<" in html or f">{hours} horas úteis<" in html
    assert "/abrir-chamado" in html  # the web form (issue 5)


def test_support_page_shows_the_users_reseller_contact(net, contract_sla, browser):
    reseller = net.reseller(support_contact_name="Central Teste", support_contact_email="central@test.example")
    clinic = net.clinic(reseller.name)
    browser.login(net.user("clinica", clinics=(clinic.name,), language="pt-BR"))
    html = browser.get("/support").text
    assert "Central Teste" in html and "central@test.example" in html
    assert "Horário de atendimento" in html
