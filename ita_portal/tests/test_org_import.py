"""Importing a province's organisations (issue 11): preview with a Thai error per row, nothing saved
until confirmed, all or nothing, idempotent by the DLA code, XLSX behind the zip guard."""

import io
import tracemalloc
import zipfile

import pytest
from django.urls import reverse

from ita_portal import org_import
from ita_portal.models import Organisation, User
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from ita_portal.zipguard import ZipRefused, zip_check

pytestmark = pytest.mark.django_db

HEADER = "รหัส อปท.,ชื่อ,ประเภท,อำเภอ,จังหวัด,ชื่อผู้ใช้คนแรก,อีเมล"
GOOD = [
    "6440901,องค์การบริหารส่วนตำบลหนองแสง,อบต.,วาปีปทุม,มหาสารคาม,นายสมชาย ใจดี,somchai@example.go.th",
    "6440902,เทศบาลตำบลขามป้อม,ทต.,วาปีปทุม,มหาสารคาม,,",
    "6440701,องค์การบริหารส่วนตำบลนาเชือก,อบต.,นาเชือก,มหาสารคาม,นางสาวมาลี ดีงาม,",
]


def csv_bytes(*lines):
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8-sig")


def province_admin(province="มหาสารคาม"):
    return UserFactory(role=Role.PROVINCE_ADMIN, organisation=None, supervised_province=province)


def plan_of(data, actor):
    return org_import.import_plan(org_import.read_csv(data), actor=actor)


def apply(data, actor):
    rows = org_import.read_csv(data)
    plan = org_import.import_plan(rows, actor=actor)
    return org_import.import_apply(rows, actor=actor, expected_digest=plan.digest())


def test_a_good_file_creates_the_organisations_their_first_users_and_history():
    actor = province_admin()
    plan = apply(csv_bytes(*GOOD), actor)
    assert plan.counts == {"new": 3, "update": 0, "same": 0}
    org = Organisation.objects.get(dla_code="6440901")
    assert (org.slug, org.province_ref_id, org.district_ref_id, org.kind) == (
        "dla-6440901",
        "44",
        "4409",
        "sao",
    )
    assert org.history.first().history_user == actor
    user = User.objects.get(email="somchai@example.go.th")
    assert user.organisation == org and not user.is_active and not user.has_usable_password()
    assert user.first_name == "นายสมชาย" and user.role == Role.STAFF
    assert User.objects.get(organisation__dla_code="6440701").first_name == "นางสาวมาลี"
    assert not User.objects.filter(organisation__dla_code="6440902").exists()


def test_the_same_file_twice_changes_nothing():
    actor = province_admin()
    apply(csv_bytes(*GOOD), actor)
    history = sum(o.history.count() for o in Organisation.objects.all())
    users = User.objects.count()
    plan = plan_of(csv_bytes(*GOOD), actor)
    assert plan.ok and plan.counts == {"new": 0, "update": 0, "same": 3} and not plan.changes_anything
    apply(csv_bytes(*GOOD), actor)
    assert sum(o.history.count() for o in Organisation.objects.all()) == history
    assert User.objects.count() == users


def test_a_changed_row_is_an_update_shown_first_and_applied_only_when_confirmed():
    actor = province_admin()
    apply(csv_bytes(*GOOD), actor)
    changed = GOOD[0].replace("หนองแสง", "หนองแสงใหญ่").replace(",วาปีปทุม,", ",นาเชือก,")
    plan = plan_of(csv_bytes(changed, *GOOD[1:]), actor)
    row = plan.rows[0]
    assert row.action == "update"
    assert any("หนองแสงใหญ่" in c for c in row.changes) and any("นาเชือก" in c for c in row.changes)
    assert Organisation.objects.get(dla_code="6440901").name == "องค์การบริหารส่วนตำบลหนองแสง"  # preview only
    apply(csv_bytes(changed, *GOOD[1:]), actor)
    org = Organisation.objects.get(dla_code="6440901")
    assert (org.name, org.district) == ("องค์การบริหารส่วนตำบลหนองแสงใหญ่", "นาเชือก")
    assert org.history.first().history_user == actor and "นาเชือก" in org.history.first().history_change_reason


@pytest.mark.parametrize(
    "bad_row, message",
    [
        ("6440903,อบต.ก,อบต.,วาปีปทุม,มหาสาคาม,,", "ไม่พบจังหวัด “มหาสาคาม”"),
        ("6440901,อบต.ซ้ำ,อบต.,วาปีปทุม,มหาสารคาม,,", "ซ้ำกับแถวที่ 2"),
        ("6440903,,อบต.,วาปีปทุม,มหาสารคาม,,", "ไม่ได้ระบุชื่อหน่วยงาน"),
        ("6440903,อบต.\x07กระดิ่ง,อบต.,วาปีปทุม,มหาสารคาม,,", "อักขระควบคุม"),
        ('6440903,"=HYPERLINK(""http://x"",""y"")",อบต.,วาปีปทุม,มหาสารคาม,,', "สูตร"),
        ("6440903,อบต.ข,อบต.,พนา,มหาสารคาม,,", "ไม่พบอำเภอ “พนา” ในจังหวัดมหาสารคาม"),
        ("6440903,อบต.ค,อบต.,พนา,อำนาจเจริญ,,", "ไม่อยู่ในขอบเขตที่คุณดูแล"),
        ("6440903,อบต.ง,หมู่บ้าน,วาปีปทุม,มหาสารคาม,,", "ไม่รู้จักประเภท"),
        ("64409x3,อบต.จ,อบต.,วาปีปทุม,มหาสารคาม,,", "รหัส อปท. ต้องเป็นตัวเลข"),
        ("6440903,อบต.ฉ,อบต.,วาปีปทุม,มหาสารคาม,ผู้ใช้,not-an-email", "อีเมล “not-an-email” ไม่ถูกต้อง"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_saved(bad_row, message):
    actor = province_admin()
    data = csv_bytes(*GOOD, bad_row)  # the bad row is line 5
    plan = plan_of(data, actor)
    assert not plan.ok
    bad = [r for r in plan.rows if r.errors]
    assert [r.line for r in bad] == [5] and any(message in e for e in bad[0].errors), bad[0].errors
    with pytest.raises(org_import.ImportRefused):
        org_import.import_apply(org_import.read_csv(data), actor=actor, expected_digest=plan.digest())
    assert not Organisation.objects.filter(dla_code__startswith="6440").exists()
    assert not User.objects.filter(email="somchai@example.go.th").exists()


def test_a_leading_quote_of_the_portals_csv_export_is_stripped():
    assert org_import.unneutralise("'-ทดสอบ") == "-ทดสอบ"
    assert org_import.unneutralise("'ทดสอบ") == "'ทดสอบ"
    rows = org_import.read_csv(csv_bytes("'6440901,อบต.ก,อบต.,วาปีปทุม,มหาสารคาม,,".replace("'6", "6")))
    assert rows[0]["dla_code"] == "6440901"


def test_another_provinces_organisation_cannot_be_updated_by_its_code():
    OrganisationFactory(dla_code="3700101", province="อำนาจเจริญ", district="พนา", name="เดิม")
    plan = plan_of(csv_bytes("3700101,ใหม่,อบต.,พนา,อำนาจเจริญ,,"), province_admin())
    assert "ไม่อยู่ในขอบเขตที่คุณดูแล" in plan.rows[0].errors[0]
    plan = plan_of(csv_bytes("3700101,ใหม่,อบต.,วาปีปทุม,มหาสารคาม,,"), province_admin())
    assert "จังหวัดอื่น" in plan.rows[0].errors[0]


def test_a_confirmation_after_the_data_changed_is_refused():
    actor = province_admin()
    rows = org_import.read_csv(csv_bytes(*GOOD))
    digest = org_import.import_plan(rows, actor=actor).digest()
    OrganisationFactory(dla_code="6440901", name="มีคนเพิ่มก่อน")
    with pytest.raises(org_import.ImportRefused):
        org_import.import_apply(rows, actor=actor, expected_digest=digest)
    assert Organisation.objects.filter(dla_code__startswith="6440").count() == 1


def xlsx_bytes(rows):
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_file_is_read_like_a_csv():
    data = xlsx_bytes([HEADER.split(","), [6440901, "อบต.ก", "อบต.", "วาปีปทุม", "มหาสารคาม", None, None]])
    rows = org_import.read_upload("x.xlsx", data)
    assert rows == [
        {
            "line": 2,
            "dla_code": "6440901",
            "name": "อบต.ก",
            "kind": "อบต.",
            "district": "วาปีปทุม",
            "province": "มหาสารคาม",
            "user_name": "",
            "email": "",
        }
    ]


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))  # 50 MB → ~50 KB
    data = buffer.getvalue()
    with pytest.raises(ZipRefused):
        zip_check(io.BytesIO(data))
    import openpyxl  # noqa: F401  (its first import is not the file's cost)

    tracemalloc.start()
    try:
        with pytest.raises(org_import.ImportRefused, match="เมื่อแตกไฟล์"):
            org_import.read_upload("bomb.xlsx", data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024, peak  # refused from the directory: nothing was inflated


def test_an_xlsx_with_a_doctype_is_refused():
    data = xlsx_bytes([HEADER.split(",")])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                doctype = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
                body = (
                    body.replace(b"?>", b"?>" + doctype, 1) if body.startswith(b"<?xml") else doctype + body
                )
            dst.writestr(item, body)
    with pytest.raises(org_import.ImportRefused, match="DOCTYPE"):
        org_import.read_upload("x.xlsx", out.getvalue())


def test_the_import_pages_preview_then_confirm(client):
    actor = province_admin()
    client.force_login(actor)
    upload = io.BytesIO(csv_bytes(*GOOD))
    upload.name = "orgs.csv"
    response = client.post(reverse("manage:import"), {"file": upload})
    assert response.status_code == 200 and "เพิ่มใหม่ 3 แห่ง" in response.content.decode()
    assert not Organisation.objects.filter(dla_code__startswith="6440").exists()  # nothing written yet
    plan = response.context["plan"]
    response = client.post(
        reverse("manage:import_confirm"), {"token": response.context["token"], "digest": plan.digest()}
    )
    assert response.status_code == 302
    assert Organisation.objects.filter(dla_code__startswith="6440").count() == 3


def test_the_templates_download_with_the_thai_columns(client):
    client.force_login(province_admin())
    body = client.get(reverse("manage:import_template", kwargs={"fmt": "csv"})).content.decode("utf-8-sig")
    assert body.splitlines()[0] == HEADER
    response = client.get(reverse("manage:import_template", kwargs={"fmt": "xlsx"}))
    rows = org_import.read_upload("t.xlsx", response.content)
    assert rows[0]["dla_code"] == "6440901"


def test_the_first_users_invitation_link_points_to_the_site_the_import_was_made_on(
    client, settings, django_capture_on_commit_callbacks
):
    """Without PORTAL_BASE_URL, e-mailed links use the request's own address (as member invitations
    do): the import's invitation pointed to http://localhost:8000 whatever the portal's address."""
    from django.core import mail

    settings.PORTAL_BASE_URL = ""
    settings.ALLOWED_HOSTS = ["ita.mahasarakham.go.th"]
    client.force_login(province_admin())
    upload = io.BytesIO(csv_bytes(GOOD[0]))
    upload.name = "orgs.csv"
    response = client.post(reverse("manage:import"), {"file": upload}, HTTP_HOST="ita.mahasarakham.go.th")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("manage:import_confirm"),
            {"token": response.context["token"], "digest": response.context["plan"].digest()},
            HTTP_HOST="ita.mahasarakham.go.th",
        )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["somchai@example.go.th"]
    assert "http://ita.mahasarakham.go.th/accounts/invite/" in mail.outbox[0].body
