"""CSV and XLSX exports of the overview table."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.services import assessment_create
from assessments.tests.samples import BO_THONG_2566
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.services import measure_create

pytestmark = pytest.mark.django_db


GOOD = BO_THONG_2566


@pytest.fixture
def table(client):
    org = OrganisationFactory(name="องค์การบริหารส่วนตำบลบ่อทอง", province="ลพบุรี", district="หนองม่วง")
    assessment_create(organisation=org, fiscal_year=2565, indicator_scores={**GOOD, 10: "70"}, actor=None)
    assessment_create(organisation=org, fiscal_year=2566, indicator_scores=GOOD, actor=None)
    measure_create(
        organisation=org, fiscal_year=2566, title="มาตรการที่เลยกำหนด", actor=None
    )  # due 30 Sep 2023: overdue now
    OrganisationFactory(name="องค์การบริหารส่วนตำบลไม่มีผล", province="ลพบุรี")
    client.force_login(UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="ลพบุรี"))
    return org


def test_csv_has_bom_thai_header_and_values(client, table):
    response = client.get(
        reverse("dashboards:overview_export", kwargs={"fmt": "csv"}), {"year": 2566, "sort": "-total"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM to read UTF-8 Thai
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ลำดับ", "หน่วยงาน", "ประเภท"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["หน่วยงาน"] == "องค์การบริหารส่วนตำบลบ่อทอง"
    assert first["คะแนนรวม"] == "93.73" and first["ระดับผล"] == "ผ่านดี" and first["ผ่านเกณฑ์"] == "ผ่าน"
    assert first["คะแนนปีก่อน"] == "91.73" and first["เปลี่ยนแปลง"] == "2.00"
    assert first["ตัวชี้วัดต่ำกว่าเกณฑ์"] == "1" and first["มาตรการเกินกำหนด"] == "1"
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["คะแนนรวม"] == "" and second["ตัวชี้วัดต่ำกว่าเกณฑ์"] == ""
    assert len(rows) == 3


def test_xlsx_has_numbers_not_text(client, table):
    response = client.get(
        reverse("dashboards:overview_export", kwargs={"fmt": "xlsx"}), {"year": 2566, "sort": "-total"}
    )
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert "2566" in values[0][0]
    assert values[1][1] == "หน่วยงาน"
    assert values[2][1] == "องค์การบริหารส่วนตำบลบ่อทอง" and values[2][5] == pytest.approx(93.73)
    assert Decimal(str(values[2][9])) == Decimal("2")
    assert len(values) == 4


def test_unknown_format_is_404(client, table):
    assert client.get("/overview/export.pdf").status_code == 404


HOSTILE = [
    ('=HYPERLINK("http://x","y")', "-ทดสอบ"),
    ("องค์การบริหารส่วนตำบลแอท", "@x"),
    ("องค์การบริหารส่วนตำบลบวก", "+1"),
]


@pytest.fixture
def hostile_table(client):
    for name, district in HOSTILE:
        OrganisationFactory(name=name, province="ลพบุรี", district=district)
    client.force_login(UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="ลพบุรี"))


def test_csv_text_that_looks_like_a_formula_gets_a_leading_apostrophe(client, hostile_table):
    response = client.get(reverse("dashboards:overview_export", kwargs={"fmt": "csv"}), {"year": 2566})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = {(r[1], r[3]) for r in rows[1:]}
    assert cells == {("'" + n if n.startswith("=") else n, "'" + d) for n, d in HOSTILE}


def test_xlsx_text_that_looks_like_a_formula_is_a_typed_string_unchanged(client, hostile_table):
    response = client.get(reverse("dashboards:overview_export", kwargs={"fmt": "xlsx"}), {"year": 2566})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3))
    assert {(r[1].value, r[3].value) for r in rows} == set(HOSTILE)
    for row in rows:
        assert row[1].data_type == "s" and row[3].data_type == "s"
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
