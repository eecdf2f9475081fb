"""The texts page of a document: typing changes the preview beside the form without saving
(static/js/report_texts.js posts the form into the preview frame), "คืนค่าเริ่มต้น" puts the default back
at once, the framed preview is allowed by the policy and nothing breaks the Content-Security-Policy."""

import pytest

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.services import measure_create
from reports.models import ReportText

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_updates_the_preview_and_restore_puts_the_default_back(new_page, live_frameworks):
    organisation = OrganisationFactory(slug="texts-preview")
    measure_create(organisation=organisation, fiscal_year=2566, title="มาตรการทดสอบ", actor=None)
    staff = UserFactory(role=Role.STAFF, organisation=organisation)
    page = new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("console", lambda m: "Content Security Policy" in m.text and problems.append(m.text))
    login(page, staff.username)
    page.goto(f"/o/{organisation.slug}/reports/2566/half/texts/")
    preview = page.frame_locator("iframe[name=report-preview]")
    default = page.input_value("#id_heading")
    assert preview.locator("main").get_by_text(default).count() >= 1

    page.fill("#id_heading", "ชื่อรายงานที่กำลังพิมพ์")
    preview.get_by_text("ชื่อรายงานที่กำลังพิมพ์").wait_for()
    assert not ReportText.objects.filter(organisation=organisation).exists()  # a preview saves nothing

    page.check("#id_restore__heading")
    assert page.input_value("#id_heading") == default
    preview.locator("main").get_by_text(default).first.wait_for()
    assert not problems
