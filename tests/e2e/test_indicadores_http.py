"""The cooperative's indicators page and its export over HTTP, against the served site, with the
known dataset of two cooperatives (healthdesk.indicators.test_portal.TwoCooperatives): manager A
reads A's numbers and nothing of B, asking for B is refused, a clinic user gets the explanation
(403), a guest the login page; the CSV and XLSX exports hold A's rows only."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import Browser
from openpyxl import load_workbook

from healthdesk.indicators.test_portal import TwoCooperatives

EXPORT = "/api/method/healthdesk.api.portal_indicators.export"


@pytest.fixture(scope="module")
def coops():
    data = TwoCooperatives()
    yield data
    data.teardown()


def logged_in(user: str) -> Browser:
    b = Browser()
    b.login(user)
    return b


def period(coops) -> str:
    return f"from_date={coops.first.isoformat()}&to_date={coops.last.isoformat()}"


def test_manager_a_reads_a_s_numbers_and_nothing_of_b(coops):
    b = logged_in(coops.mgr_a)
    response = b.get(f"/indicadores?{period(coops)}")
    assert response.status_code == 200
    html = response.text
    assert "Indicadores da rede" in html
    assert coops.a1.clinic_name in html and coops.a2.clinic_name in html
    assert coops.b1.clinic_name not in html and coops.res_b.reseller_name not in html
    # the tickets card: A's six tickets, not B's seven nor the thirteen of both
    card = html.split('data-key="tickets"', 1)[1].split('hd-ind__card-value">', 1)[1].split("<", 1)[0]
    assert card == str(len(coops.rows_a))


@pytest.mark.parametrize("ask", ["reseller", "clinic"])
def test_manager_a_asking_for_b_is_refused(coops, ask):
    b = logged_in(coops.mgr_a)
    value = coops.res_b.name if ask == "reseller" else coops.b1.name
    response = b.get(f"/indicadores?{period(coops)}&{ask}={value}")
    assert response.status_code == 403
    assert "hd-not-for-you" in response.text
    assert "da sua cooperativa" in response.text  # the refusal's sentence, in the manager's language
    assert coops.b1.clinic_name not in response.text


def test_a_clinic_user_gets_the_explanation(coops):
    b = logged_in(coops.ua1)
    response = b.get("/indicadores")
    assert response.status_code == 403
    assert "hd-not-for-you" in response.text
    assert "hd-ind-cards" not in response.text


def test_a_guest_is_sent_to_the_login(coops):
    response = Browser().get("/indicadores", allow_redirects=False)
    assert response.status_code in (301, 302)
    assert "/login?redirect-to=/indicadores" in response.headers["Location"]


def test_the_csv_export_holds_a_s_rows_only(coops):
    b = logged_in(coops.mgr_a)
    response = b.get(f"{EXPORT}?file_format=csv&{period(coops)}")
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers.get("Content-Disposition", "")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert [coops.a1.clinic_name, "4"] in rows and [coops.a2.clinic_name, "2"] in rows
    cells = {cell for row in rows for cell in row}
    assert coops.b1.clinic_name not in cells and coops.res_b.reseller_name not in cells


def test_the_xlsx_export_holds_a_s_rows_only(coops):
    b = logged_in(coops.mgr_a)
    response = b.get(f"{EXPORT}?file_format=xlsx&{period(coops)}")
    assert response.status_code == 200, response.text
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(r) for r in sheet.iter_rows(values_only=True)]
    assert (coops.a1.clinic_name, 4) in [r[:2] for r in rows]
    assert coops.b1.clinic_name not in {c for r in rows for c in r}


@pytest.mark.parametrize("ask", ["reseller", "clinic"])
def test_an_export_of_b_is_refused(coops, ask):
    b = logged_in(coops.mgr_a)
    value = coops.res_b.name if ask == "reseller" else coops.b1.name
    response = b.get(f"{EXPORT}?file_format=csv&{period(coops)}&{ask}={value}")
    assert response.status_code == 403
    assert coops.b1.clinic_name.encode() not in response.content


def test_no_export_for_a_clinic_user_or_a_guest(coops):
    assert logged_in(coops.ua1).get(f"{EXPORT}?file_format=csv").status_code == 403
    assert Browser().get(f"{EXPORT}?file_format=csv").status_code == 403
