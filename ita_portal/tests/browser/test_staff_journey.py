"""The whole staff journey of issue 3 in a real browser (Debian's Chromium through Playwright):
a clerk pastes this year's scores, adds a measure with two steps and two units, records 6-month
progress with an evidence link and finds it again by a Thai word; the executive reads it but cannot
edit; staff of another organisation get 404 on every one of its URLs."""

import pytest

from assessments.models import Assessment
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory
from measures.models import Measure, Progress

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLUMN = "99.63\n95.76\n99.27\n98.72\n97.80\n93.54\n95.52\n93.55\n100\n80"


def test_staff_journey_then_executive_reads_and_stranger_gets_404(new_page, live_frameworks):
    organisation = OrganisationFactory(slug="hua-ruea-test", name="องค์การบริหารส่วนตำบลหัวเรือ")
    office = OrgUnitFactory(organisation=organisation, name="สำนักปลัด", order=1)
    OrgUnitFactory(organisation=organisation, name="งานประชาสัมพันธ์สำนักปลัด", parent=office, order=2)
    OrgUnitFactory(organisation=organisation, name="กองคลัง", order=3)
    staff = UserFactory(role=Role.STAFF, organisation=organisation)
    executive = UserFactory(role=Role.EXECUTIVE, organisation=organisation)
    stranger = UserFactory(role=Role.STAFF, organisation=OrganisationFactory(province="ลพบุรี"))
    base = f"/o/{organisation.slug}"

    # 1. the clerk enters the 2566 result by pasting the indicator column
    page = new_page(width=1366)
    login(page, staff.username)
    page.goto(f"{base}/assessments/2566/edit/")
    page.fill("#id_paste_indicators", COLUMN)
    assert page.inner_text('[data-computed="total"]') == "93.73"
    page.click("button:has-text('บันทึกผลการประเมิน')")
    page.wait_for_url("**/assessments/2566/")
    assert Assessment.objects.get(organisation=organisation).total is not None

    # 2. a measure for 2567 with two steps and two responsible units
    page.goto(f"{base}/measures/new/?year=2567")
    page.fill("#id_title", "เผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์และเพจของหน่วยงานให้เป็นปัจจุบัน")
    page.check(
        "label:has-text('งานประชาสัมพันธ์สำนักปลัด') >> xpath=preceding-sibling::input | //label[contains(., 'งานประชาสัมพันธ์สำนักปลัด')]/preceding-sibling::input"
    )
    page.check("//label[normalize-space()='กองคลัง']/preceding-sibling::input")
    steps = page.locator("[data-step-list] [data-step-row] textarea")
    while steps.count() < 2:
        page.click("[data-step-add]")
    steps.nth(0).fill("รวบรวมข้อมูลจากทุกกองทุกสิ้นเดือน")
    steps.nth(1).fill("เผยแพร่บนเว็บไซต์และรายงานผู้บริหาร")
    page.click("form.measure-form button[type=submit]:has-text('บันทึก')")
    page.wait_for_url("**/measures/*/")
    measure = Measure.objects.get(organisation=organisation)
    assert list(measure.steps.values_list("text", flat=True)) == [
        "รวบรวมข้อมูลจากทุกกองทุกสิ้นเดือน",
        "เผยแพร่บนเว็บไซต์และรายงานผู้บริหาร",
    ]
    assert {u.name for u in measure.units.all()} == {"งานประชาสัมพันธ์สำนักปลัด", "กองคลัง"}

    # 3. 6-month progress with an evidence link
    page.goto(f"{base}/measures/{measure.pk}/progress/new/")
    page.select_option("#id_round", "half")
    page.fill("#id_done", "ประชาสัมพันธ์ข่าวสารบนเว็บไซต์ครบทุกเดือน ตั้งแต่ ต.ค. ๒๕๖๖")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_links", "https://www.huaruea.go.th/news")
    page.click("form button[type=submit]:has-text('บันทึก')")
    page.wait_for_url(f"**/measures/{measure.pk}/**")
    progress = Progress.objects.get(measure=measure)
    assert progress.round == "half" and progress.links.get().url == "https://www.huaruea.go.th/news"
    assert "https://www.huaruea.go.th/news" in page.content()

    # 4. found again by a Thai word inside the unit name and the progress text
    page.goto(f"{base}/measures/?fiscal_year=")
    page.fill("#id_q", "ประชาสัมพันธ์")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert "เผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์" in page.inner_text("main")

    # 5. the executive reads it, without edit buttons, and cannot open the edit page
    reader = new_page(width=360, height=740)
    login(reader, executive.username)
    reader.goto(f"{base}/measures/{measure.pk}/")
    assert "เผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์" in reader.inner_text("main")
    assert reader.locator(f"a[href$='/measures/{measure.pk}/edit/']").count() == 0
    assert reader.goto(f"{base}/measures/{measure.pk}/edit/").status == 403
    assert reader.goto(f"{base}/assessments/2566/edit/").status == 403

    # 6. staff of another organisation: 404 on every URL of this one
    outsider = new_page()
    login(outsider, stranger.username)
    for url in (
        f"{base}/",
        f"{base}/assessments/2566/",
        f"{base}/measures/",
        f"{base}/measures/{measure.pk}/",
        f"{base}/measures/{measure.pk}/progress/new/",
        f"{base}/units/",
    ):
        assert outsider.goto(url).status == 404, url
