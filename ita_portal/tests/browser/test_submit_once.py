"""Two clicks on "บันทึก" submit the form once (static/js/submit-once.js disables the buttons and
cancels the second submit), and the server keeps one entry."""

import pytest

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory
from measures.models import Progress
from measures.services import measure_create

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The form posts into an iframe so this page stays to be inspected (the saved entry's page is then
# refused by X-Frame-Options, which does not matter here); a window listener (after the
# script's document listener) records whether each submit went ahead.
TWO_CLICKS = """() => new Promise(resolve => {
  const form = document.querySelector("form[data-submit-once]");
  const sink = document.createElement("iframe");
  sink.name = "sink";
  document.body.append(sink);
  form.target = "sink";
  const prevented = [];
  window.addEventListener("submit", event => prevented.push(event.defaultPrevented));
  const save = form.querySelector("button.btn-primary[type=submit]");
  save.click();
  save.click();
  setTimeout(() => resolve({prevented, disabled: save.disabled}), 50);
})"""


def test_two_clicks_on_save_submit_once_and_save_once(new_page, live_frameworks):
    organisation = OrganisationFactory(slug="submit-once")
    unit = OrgUnitFactory(organisation=organisation, name="สำนักปลัด")
    staff = UserFactory(role=Role.STAFF, organisation=organisation)
    measure = measure_create(
        organisation=organisation, fiscal_year=2567, title="มาตรการ", units=[unit], actor=None
    )
    page = new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, staff.username)
    page.goto(f"/o/{organisation.slug}/measures/{measure.pk}/progress/new/")
    page.fill("#id_done", "ประชาสัมพันธ์แล้ว")
    with page.expect_response(lambda r: r.request.method == "POST" and "/progress/new/" in r.url) as answer:
        result = page.evaluate(TWO_CLICKS)
    assert answer.value.status == 302
    assert result == {"prevented": [False, True], "disabled": True}
    assert Progress.objects.filter(measure=measure).count() == 1
    assert not errors
