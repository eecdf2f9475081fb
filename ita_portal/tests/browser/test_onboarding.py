"""Issue 11's "done means" in one real browser journey (Debian's Chromium through Playwright): a province
administrator imports a CSV of three organisations of their province; the first user of one of them
opens the e-mailed invitation, sets a password, lands signed in, works through the first-run checklist
on the real pages (profile, a responsible unit, the latest ITA result pasted into its entry page, a
measure of this fiscal year), sees the checklist gone, and invites a colleague from the members page."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from assessments.models import Framework
from ita_portal.fiscal import fiscal_year_of
from ita_portal.models import Organisation, User
from ita_portal.scoping import Role
from ita_portal.tests.factories import UserFactory
from reports.dashboards.checklist import latest_result_year

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "รหัส อปท.,ชื่อ,ประเภท,อำเภอ,จังหวัด,ชื่อผู้ใช้คนแรก,อีเมล\n"
    "6440911,องค์การบริหารส่วนตำบลหนองแสงใหม่,อบต.,วาปีปทุม,มหาสารคาม,นายสมชาย ใจดี,somchai@nongsaeng.go.th\n"
    "6440912,เทศบาลตำบลขามป้อมใหม่,ทต.,วาปีปทุม,มหาสารคาม,,\n"
    "6440711,องค์การบริหารส่วนตำบลนาเชือกใหม่,อบต.,นาเชือก,มหาสารคาม,,\n"
)
PASSWORD = "ข้าวเหนียว-มะม่วง-2569"
COLUMN = "99.63\n95.76\n99.27\n98.72\n97.80\n93.54\n95.52\n93.55\n100\n80\n"


def checklist_state(page) -> dict[str, str]:
    items = page.locator("[data-checklist-item]")
    return {
        items.nth(i).get_attribute("data-checklist-item"): items.nth(i).get_attribute("data-done")
        for i in range(items.count())
    }


def test_province_admin_imports_first_user_accepts_completes_checklist_invites_colleague(
    new_page, live_frameworks, live_server, tmp_path
):
    # 1. the province administrator imports three organisations of their province
    province_admin = UserFactory(
        role=Role.PROVINCE_ADMIN, organisation=None, supervised_province="มหาสารคาม", first_name="ผู้ดูแลจังหวัด"
    )
    admin_page = new_page()
    login(admin_page, province_admin.username)
    admin_page.goto("/manage/import/")
    path = tmp_path / "orgs.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    admin_page.set_input_files("#id_file", str(path))
    admin_page.click("button:has-text('ตรวจไฟล์')")
    preview = admin_page.inner_text("main")
    assert "เพิ่มใหม่ 3 แห่ง" in preview
    assert "สร้างบัญชี นายสมชาย ใจดี (รอตอบรับคำเชิญ)" in preview
    assert not Organisation.objects.filter(dla_code__in=["6440911", "6440912", "6440711"]).exists()
    assert not mail.outbox  # nothing is sent before the preview is confirmed
    admin_page.click("button:has-text('ยืนยันการนำเข้า')")
    admin_page.wait_for_url("**/manage/")
    listing = admin_page.inner_text("main")
    for name in ("องค์การบริหารส่วนตำบลหนองแสงใหม่", "เทศบาลตำบลขามป้อมใหม่", "องค์การบริหารส่วนตำบลนาเชือกใหม่"):
        assert name in listing
    organisation = Organisation.objects.get(dla_code="6440911")
    assert organisation.slug == "dla-6440911"
    base = f"/o/{organisation.slug}"

    # 2. the first user gets one Thai e-mail whose link points to this portal, and opens it
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["somchai@nongsaeng.go.th"]
    assert "คำเชิญ" in mail.outbox[0].subject
    link = re.search(r"https?://\S+/accounts/invite/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url), link
    page = new_page()
    page.goto(link)
    assert "somchai@nongsaeng.go.th" in page.inner_text("[data-username]")
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{base}/")
    assert "สมชาย" in page.inner_text("nav")
    user = User.objects.get(email="somchai@nongsaeng.go.th")
    assert user.is_active and user.role == Role.STAFF and user.can_manage_members

    # 3. the organisation page shows the first-run checklist, nothing done yet
    assert "เริ่มต้นใช้งาน (0/4)" in page.inner_text("[data-checklist]")
    assert set(checklist_state(page).values()) == {"0"}
    profile_item = page.inner_text("[data-checklist-item='profile']")
    assert "ยังไม่ได้กรอก: ชื่อนายก" in profile_item and "รหัสหนังสือ" in profile_item

    # 3a. the profile: signature names and positions, letter code (reached from the checklist's link)
    page.click("[data-checklist-item='profile'] a")
    page.wait_for_url(f"**{base}/profile/")
    page.fill("#id_mayor_name", "นายประยูร ศรีสุข")
    page.fill("#id_mayor_position", "นายกองค์การบริหารส่วนตำบลหนองแสงใหม่")
    page.fill("#id_clerk_name", "นางสาวมาลี ดีงาม")
    page.fill("#id_clerk_position", "ปลัดองค์การบริหารส่วนตำบลหนองแสงใหม่")
    page.fill("#id_letter_code", "มค ๗๒๒๐๑")
    page.click("form button[type=submit]:has-text('บันทึก')")
    page.wait_for_url(f"**{base}/")
    assert "บันทึกข้อมูลหน่วยงานแล้ว" in page.inner_text("main")
    assert checklist_state(page)["profile"] == "1"
    assert "เริ่มต้นใช้งาน (1/4)" in page.inner_text("[data-checklist]")

    # 3b. a responsible unit
    page.click("[data-checklist-item='units'] a")
    page.wait_for_url(f"**{base}/units/")
    page.click("text=เพิ่มหน่วยงาน/ตำแหน่ง")
    page.fill("#id_name", "สำนักปลัด")
    page.click("form button[type=submit]:has-text('บันทึก')")
    page.wait_for_url(f"**{base}/units/")
    assert "บันทึก “สำนักปลัด” แล้ว" in page.inner_text("main")
    page.goto(f"{base}/")
    assert checklist_state(page)["units"] == "1"

    # 3c. the latest ITA result, pasted as a column into its entry page
    # the year the checklist asks for: the latest framework year before this fiscal year
    today = timezone.localdate()
    latest = latest_result_year(today, list(Framework.objects.values_list("fiscal_year", flat=True)))
    assert f"ผลการประเมิน ITA ปีงบประมาณ {latest}" in page.inner_text("[data-checklist-item='assessment']")
    page.click("[data-checklist-item='assessment'] a")
    page.wait_for_url(f"**{base}/assessments/{latest}/edit/")
    page.fill("#id_paste_indicators", COLUMN)
    assert page.input_value("#id_ind_10") == "80"
    page.click("button:has-text('บันทึกผลการประเมิน')")
    page.wait_for_url(f"**{base}/assessments/{latest}/")
    assert f"บันทึกผลการประเมินปี {latest} แล้ว" in page.inner_text("main")
    page.goto(f"{base}/")
    assert checklist_state(page)["assessment"] == "1"
    assert "เริ่มต้นใช้งาน (3/4)" in page.inner_text("[data-checklist]")

    # 3d. a measure of this fiscal year, for the unit just added
    this_year = fiscal_year_of(today)
    page.click("[data-checklist-item='measures'] a")
    page.wait_for_url(f"**{base}/measures/new/?year={this_year}")
    page.fill("#id_title", "เผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์ของหน่วยงานให้เป็นปัจจุบัน")
    page.check("//label[normalize-space()='สำนักปลัด']/preceding-sibling::input")
    page.click("form.measure-form button[type=submit]:has-text('บันทึก')")
    page.wait_for_url("**/measures/*/")
    assert "เผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์ของหน่วยงานให้เป็นปัจจุบัน" in page.inner_text("main")

    # 4. every item done: the checklist is gone from the organisation page
    page.goto(f"{base}/")
    assert page.locator("[data-checklist]").count() == 0
    assert "เริ่มต้นใช้งาน" not in page.inner_text("main")

    # 5. the first user invites a colleague from the members page
    page.click("text=ผู้ใช้ของหน่วยงาน")
    page.wait_for_url(f"**{base}/members/")
    assert page.inner_text("[data-member='somchai@nongsaeng.go.th'] [data-status]") == "ใช้งาน"
    page.click("text=เชิญผู้ใช้")
    page.fill("#id_first_name", "สมศรี")
    page.fill("#id_last_name", "มีสุข")
    page.fill("#id_email", "somsri@nongsaeng.go.th")
    page.select_option("#id_role", Role.UNIT_STAFF)
    page.select_option("#id_unit", label="สำนักปลัด")
    page.click("form.member-form button[type=submit]")
    page.wait_for_url(f"**{base}/members/")
    assert "ส่งคำเชิญไปที่ somsri@nongsaeng.go.th แล้ว" in page.inner_text("main")
    assert page.inner_text("[data-member='somsri@nongsaeng.go.th'] [data-status]") == "รอตอบรับคำเชิญ"
    assert len(mail.outbox) == 2 and mail.outbox[1].to == ["somsri@nongsaeng.go.th"]
    colleague_link = re.search(r"https?://\S+/accounts/invite/\S+/", mail.outbox[1].body).group(0)
    assert colleague_link.startswith(live_server.url)
