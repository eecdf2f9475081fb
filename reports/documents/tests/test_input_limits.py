"""Reports and exports against the input limits and clean-text rules (issue 9, findings 7 and 8)."""

import csv
import io
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.services import assessment_create
from assessments.tests.samples import BO_THONG_2566
from ita_portal.models import Organisation
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from ita_portal.text_limits import STEP, TITLE
from measures.services import measure_create

pytestmark = pytest.mark.django_db

# Thai without spaces, the hardest case for line breaking: one long run of words.
THAI = "โครงการส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานขององค์การบริหารส่วนตำบล"


def _at_limit(limit: int) -> str:
    return (THAI * (limit // len(THAI) + 1))[:limit]


@pytest.mark.parametrize("kind", ["half", "annual"])
def test_a_title_at_the_limit_still_renders_a_pdf(client, kind):
    org = OrganisationFactory()
    measure_create(
        organisation=org, fiscal_year=2566, title=_at_limit(TITLE), steps=[_at_limit(STEP)] * 3, actor=None
    )
    client.force_login(UserFactory(organisation=org, role=Role.STAFF))
    started = time.perf_counter()
    response = client.get(
        reverse("reports:document_pdf", kwargs={"org": org.slug, "year": 2566, "kind": kind})
    )
    seconds = time.perf_counter() - started
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    # A 100 kB title took 33-35 s; at the limit the page is an ordinary one, far below gunicorn's 30 s.
    assert seconds < 20, f"{kind} PDF took {seconds:.1f} s"


@pytest.fixture
def dirty_name(client):
    """An organisation whose name got a BEL, a vertical tab, an ESC and a C1 character before input was
    cleaned (written with update(), as an old import or a shell would have)."""
    org = OrganisationFactory(province="ลพบุรี", district="หนองม่วง")
    assessment_create(organisation=org, fiscal_year=2566, indicator_scores=BO_THONG_2566, actor=None)
    Organisation.objects.filter(pk=org.pk).update(
        name="องค์การบริหารส่วนตำบล\x07บ่อ\x0bทอง\x1b\x9b", district="หนอง\x1fม่วง"
    )
    client.force_login(UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="ลพบุรี"))
    return org


def test_xlsx_export_survives_control_characters_in_stored_names(client, dirty_name):
    response = client.get(reverse("dashboards:overview_export", kwargs={"fmt": "xlsx"}), {"year": 2566})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert rows[0][1] == "องค์การบริหารส่วนตำบลบ่อทอง" and rows[0][3] == "หนองม่วง"


def test_csv_export_survives_control_characters_in_stored_names(client, dirty_name):
    response = client.get(reverse("dashboards:overview_export", kwargs={"fmt": "csv"}), {"year": 2566})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == "องค์การบริหารส่วนตำบลบ่อทอง" and rows[1][3] == "หนองม่วง"
