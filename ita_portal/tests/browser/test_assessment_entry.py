"""The assessment entry page in a real browser: pasting a column fills the fields and the computed
scores follow; a column with too few values is refused on the page."""

import pytest

from assessments.models import Assessment
from ita_portal.scoping import Role
from ita_portal.tests.factories import UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLUMN = "99.63\n95.76\n99.27\n98.72\n97.80\n93.54\n95.52\n93.55\n100\n80\n"


def test_paste_a_column_see_computed_scores_and_save(new_page, live_frameworks):
    user = UserFactory(role=Role.STAFF)
    page = new_page()
    login(page, user.username)
    page.goto(f"/o/{user.organisation.slug}/assessments/2566/edit/")
    page.fill("#id_paste_indicators", "99.63\n95.76")
    assert "วางมา 2 ค่า" in page.inner_text("#computed ~ *, body")
    page.fill("#id_paste_indicators", COLUMN)
    assert page.input_value("#id_ind_10") == "80"
    assert page.inner_text('[data-computed="IIT"]') == "98.24"
    assert page.inner_text('[data-computed="EIT"]') == "94.20"
    assert page.inner_text('[data-computed="total"]') == "93.73"
    page.fill("#id_official_total", "๙๕.๐๐")
    assert page.is_visible("#mismatch-note")
    page.fill("#id_official_total", "๙๓.๗๓")
    assert not page.is_visible("#mismatch-note")
    page.click("button:has-text('บันทึกผลการประเมิน')")
    page.wait_for_url("**/assessments/2566/")
    assert "บันทึกผลการประเมินปี 2566 แล้ว" in page.content()
    assessment = Assessment.objects.get(organisation=user.organisation)
    assert str(assessment.total) == "93.73" and assessment.level == "ผ่านดี"
