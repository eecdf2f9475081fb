"""/manage/ in a real browser: the district list follows the chosen province (static script, allowed
by the CSP: no console error), and a province administrator imports a CSV of three organisations."""

import pytest

from ita_portal.models import Organisation
from ita_portal.scoping import Role
from ita_portal.tests.factories import UserFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "รหัส อปท.,ชื่อ,ประเภท,อำเภอ,จังหวัด,ชื่อผู้ใช้คนแรก,อีเมล\n"
    "6440901,องค์การบริหารส่วนตำบลหนองแสง,อบต.,วาปีปทุม,มหาสารคาม,นายสมชาย ใจดี,somchai@example.go.th\n"
    "6440902,เทศบาลตำบลขามป้อม,ทต.,วาปีปทุม,มหาสารคาม,,\n"
    "6440701,องค์การบริหารส่วนตำบลนาเชือก,อบต.,นาเชือก,มหาสารคาม,,\n"
)


def test_district_choices_follow_the_province_and_a_csv_is_imported(new_page, live_frameworks, tmp_path):
    admin = UserFactory(role=Role.ADMIN, organisation=None)
    page = new_page()
    errors = []
    # (a missing /favicon.ico is "Failed to load resource"; a CSP refusal would be "Refused to …")
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "Failed to load" not in m.text else None,
    )
    login(page, admin.username)
    page.goto("/manage/add/")
    page.select_option("#id_province_ref", "44")
    visible = page.eval_on_selector_all(
        "#id_district_ref option:not([hidden])", "els => els.map(e => e.value)"
    )
    assert "4409" in visible and "3704" not in visible and len(visible) == 14  # 13 districts + the prompt
    page.select_option("#id_province_ref", "37")
    visible = page.eval_on_selector_all(
        "#id_district_ref option:not([hidden])", "els => els.map(e => e.value)"
    )
    assert "3704" in visible and "4409" not in visible
    assert not errors, errors

    province_admin = UserFactory(role=Role.PROVINCE_ADMIN, organisation=None, supervised_province="มหาสารคาม")
    page = new_page()
    login(page, province_admin.username)
    page.goto("/manage/import/")
    path = tmp_path / "orgs.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    page.set_input_files("#id_file", str(path))
    page.click("button:has-text('ตรวจไฟล์')")
    assert "เพิ่มใหม่ 3 แห่ง" in page.inner_text("main")
    assert not Organisation.objects.filter(dla_code__startswith="644").exists()
    page.click("button:has-text('ยืนยันการนำเข้า')")
    page.wait_for_url("**/manage/")
    assert Organisation.objects.filter(dla_code__startswith="644").count() == 3
    assert "องค์การบริหารส่วนตำบลหนองแสง" in page.inner_text("main")
