"""The request boundary lets a support user's desk and agent pages load without refusals: what
every page asks (module onboarding progress) is reviewed, while an unreviewed method stays
refused (issue 12: agents saw red "not available to support users" toasts on every ticket)."""

from __future__ import annotations


def test_what_every_agent_page_asks_is_not_refused(net, browser):
    browser.login(net.agent())
    browser.get("/helpdesk")
    response = browser.call("frappe.onboarding.get_onboarding_status")
    assert response.status_code == 200, response.text


def test_an_unreviewed_method_is_still_refused(net, browser):
    browser.login(net.agent())
    browser.get("/helpdesk")
    response = browser.call("frappe.core.doctype.system_settings.system_settings.load")
    assert response.status_code == 403


# The indicators dashboard in the desk: the vendor's agents and a cooperative's desk agents load it
# (reviewed methods, each answering within the user's scope); Frappe's generic chart and card data
# methods, which take a doctype inside JSON, stay refused.
DASHBOARD_CALLS = (
    ("frappe.desk.doctype.dashboard.dashboard.get_permitted_charts", {"dashboard_name": "Healthdesk Indicators"}),
    ("frappe.desk.doctype.dashboard.dashboard.get_permitted_cards", {"dashboard_name": "Healthdesk Indicators"}),
    ("frappe.desk.doctype.dashboard_chart_source.dashboard_chart_source.get_config",
     {"name": "Healthdesk Ticket Volume"}),
    ("healthdesk.healthdesk.dashboard_chart_source.healthdesk_ticket_volume.healthdesk_ticket_volume.get",
     {"filters": "{}"}),
    ("healthdesk.indicators.dashboard.open_backlog", {"filters": "{}"}),
    ("healthdesk.indicators.definitions.definitions", {}),
)


def _desk_agent(net):
    import frappe

    agent = net.agent()
    team = frappe.get_doc({"doctype": "HD Team", "team_name": f"Mesa Limite {net.tag}",
                           "users": [{"user": agent}]}).insert(ignore_permissions=True).name
    reseller = net.reseller(own_first_line=1, desk_team=team)
    frappe.db.commit()
    return agent, team, reseller.name


def test_the_indicators_dashboard_loads_for_vendor_and_desk_agents(net, browser):
    import frappe

    desk_agent, team, reseller = _desk_agent(net)
    try:
        for agent in (net.agent(), desk_agent):
            browser.login(agent)
            for method, args in DASHBOARD_CALLS:
                response = browser.call(method, **args)
                assert response.status_code == 200, (agent, method, response.text[:300])
            browser.get("/logout")
    finally:
        frappe.db.set_value("Reseller", reseller, {"own_first_line": 0, "desk_team": None})
        frappe.delete_doc("HD Team", team, force=True, ignore_permissions=True)
        frappe.db.commit()


def test_frappes_generic_chart_and_card_data_stay_refused(net, browser):
    browser.login(net.agent())
    for method in ("frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
                   "frappe.desk.doctype.number_card.number_card.get_result"):
        response = browser.call(method, chart_name="Agents")
        assert response.status_code == 403, (method, response.text[:300])
