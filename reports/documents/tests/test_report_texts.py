"""Every text of the 6-month, annual and analysis documents editable by staff on the document's texts
page (issue 10): each declared text round-trips into the PDF, restore default, version conflict,
permissions, and every key a builder reads is declared."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import AnalysisIssue, AnalysisIssueQuestion, Recommendation
from assessments.services import assessment_create
from ita_portal.models import OrgUnit
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.services import measure_create, progress_record
from reports.documents import DOCUMENTS, document_pdf
from reports.documents.common import texts_read
from reports.documents.editable import EDITABLE_KINDS, declared_keys, editable_texts
from reports.documents.pdf.recall import pypdf_text
from reports.documents.pdf.typeset import untypeset
from reports.documents.saving import report_texts_save
from reports.models import ReportText

pytestmark = pytest.mark.django_db

SCORES = {n: "80" for n in range(1, 11)}
YEAR = 2566


@pytest.fixture
def org():
    """An organisation with everything the three documents print: last year's and this year's results
    with a strength and a weakness per tool, analysis issues, measures of this and next year."""
    org = OrganisationFactory(name="องค์การบริหารส่วนตำบลทดสอบ", district="พนา", province="อำนาจเจริญ")
    unit = OrgUnit.objects.create(organisation=org, name="งานประชาสัมพันธ์")
    last = assessment_create(organisation=org, fiscal_year=YEAR - 1, indicator_scores=SCORES, actor=None)
    current = assessment_create(organisation=org, fiscal_year=YEAR, indicator_scores=SCORES, actor=None)
    for code, kind in (("I7", "weakness"), ("O1", "strength"), ("E1", "weakness")):
        question = last.framework.questions.get(code=code)
        Recommendation.objects.create(
            assessment=last, question=question, indicator=question.indicator, kind=kind, issue="ประเด็น"
        )
    issue = AnalysisIssue.objects.create(
        assessment=current, number=1, title="การให้บริการ", analysis="วิเคราะห์แล้ว", limitation="ขาดบุคลากร"
    )
    AnalysisIssueQuestion.objects.create(
        issue=issue, question=current.framework.questions.get(code="E1"), score=Decimal("97"), remark="รักษา"
    )
    fw = current.framework
    m = measure_create(
        organisation=org,
        fiscal_year=YEAR,
        title="เผยแพร่ข้อมูลข่าวสาร",
        tool=fw.tools.get(code="OIT"),
        indicators=[fw.indicators.get(number=9)],
        steps=["จัดทำข้อมูล"],
        units=[unit],
        period_start=dt.date(2022, 10, 1),
        period_end=dt.date(2023, 9, 1),
        actor=None,
    )
    progress_record(
        measure=m, round="half", done="ทำแล้ว", status="done", reported_on=dt.date(2023, 3, 31), actor=None
    )
    measure_create(
        organisation=org,
        fiscal_year=YEAR + 1,
        title="พัฒนาระบบ",
        steps=["ประชุม"],
        units=[unit],
        analysis_issues=[issue],
        actor=None,
    )
    return org


def staff_of(client, org, role=Role.STAFF):
    client.force_login(UserFactory(organisation=org, role=role))
    return client


def url(name, org, kind, **kwargs):
    return reverse(f"reports:{name}", kwargs={"org": org.slug, "year": YEAR, "kind": kind, **kwargs})


def flat(groups):
    return [f for _g, fields in groups for f in fields]


def form_data(page) -> dict:
    form = page.context["form"]
    return {name: ("" if value is None else value) for name, value in form.initial.items()}


def marker(i: int) -> str:
    """A text each reader gives back as written (Latin letters and Arabic digits), unique per field."""
    return f"ZQ{i:03d}X"


def normalised(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("kind", EDITABLE_KINDS)
def test_every_declared_text_round_trips_into_the_pdf(client, org, kind):
    staff = staff_of(client, org)
    page = staff.get(url("texts", org, kind))
    assert page.status_code == 200
    fields = flat(editable_texts(organisation=org, fiscal_year=YEAR, kind=kind))
    # The annual title is printed where there is no cover: the cover lines are tried in a second save.
    later = {"cover.title_lines", "cover.footer_lines"} if kind == "annual" else set()
    markers = {}
    for rounds in ([f for f in fields if f.name not in later], [f for f in fields if f.name in later]):
        if not rounds:
            continue
        data = form_data(staff.get(url("texts", org, kind)))
        for f in rounds:
            i = fields.index(f)
            markers[f.name] = "2566-05" if f.month else marker(i)
            data[f.form_name] = markers[f.name]
        response = staff.post(url("texts", org, kind), data)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        org.refresh_from_db()  # as a request loads it, with the version the save bumped
        text = normalised(pypdf_text(document_pdf(organisation=org, fiscal_year=YEAR, kind=kind)))
        missing = [
            f.name for f in rounds if not markers[f.name].startswith("2566") and markers[f.name] not in text
        ]
        assert missing == []
    if kind == "annual":
        assert "พฤษภาคม" in text  # the preface month, Buddhist era
    # the page shows what was saved, and the preview too
    page = staff.get(url("texts", org, kind))
    assert page.context["form"].initial[fields[1].form_name] == markers[fields[1].name]


@pytest.mark.parametrize("kind", EDITABLE_KINDS)
def test_builders_read_only_declared_keys(org, kind):
    """Fails when a builder reads a key of the saved texts that no declaration offers (add it to
    reports/documents/editable.py, or to LAYOUT_KEYS when another form edits it)."""
    fields = flat(editable_texts(organisation=org, fiscal_year=YEAR, kind=kind))
    ReportText.objects.create(
        organisation=org, fiscal_year=YEAR, kind=kind, texts={"activities": [{"title": "ก"}]}
    )
    with texts_read() as keys:
        DOCUMENTS[kind].builder(organisation=org, fiscal_year=YEAR)
    assert keys and keys <= declared_keys(kind), keys - declared_keys(kind)
    assert {f.top for f in fields} <= declared_keys(kind)


def test_reading_an_undeclared_key_is_caught(org):
    from reports.documents.common import saved_texts

    with texts_read() as keys:
        saved_texts(org, YEAR, "annual").get("a_key_nobody_declared")
    assert not keys <= declared_keys("annual")


def test_default_annual_title_names_the_organisation(org):
    fields = {f.name: f for f in flat(editable_texts(organisation=org, fiscal_year=YEAR, kind="annual"))}
    assert "องค์การบริหารส่วนตำบลทดสอบ" in fields["title"].default
    assert "๒๕๖๖" in fields["title"].default


def test_restore_one_default_and_all(client, org):
    staff = staff_of(client, org)
    data = form_data(staff.get(url("texts", org, "annual")))
    data.update(
        outcomes_title="ผลลัพธ์ของเรา",
        comparison_title="เทียบปีก่อนแบบของเรา",
        measures_table_headers__title="มาตรการของเรา",
    )
    assert staff.post(url("texts", org, "annual"), data).status_code == 302
    row = ReportText.objects.get(organisation=org, fiscal_year=YEAR, kind="annual")
    assert row.texts["comparison_title"] == "เทียบปีก่อนแบบของเรา"
    assert row.texts["measures_table_headers"]["title"] == "มาตรการของเรา"
    assert "title" not in row.texts  # unchanged texts are not stored: the default follows the data

    data = form_data(staff.get(url("texts", org, "annual")))
    data["restore__comparison_title"] = "on"
    assert staff.post(url("texts", org, "annual"), data).status_code == 302
    row.refresh_from_db()
    assert "comparison_title" not in row.texts and row.texts["outcomes_title"] == "ผลลัพธ์ของเรา"
    body = untypeset(staff.get(url("document", org, "annual")).content.decode())
    assert "ผลการประเมินรายตัวชี้วัดเทียบกับปีที่ผ่านมา" in body and "ผลลัพธ์ของเรา" in body

    data = form_data(staff.get(url("texts", org, "annual")))
    assert staff.post(url("texts", org, "annual"), {**data, "restore_all": "1"}).status_code == 302
    row.refresh_from_db()
    assert not set(row.texts) & declared_keys("annual")
    assert row.version == 3
    history = staff.get(url("texts", org, "annual")).context["history"]
    fields = [c["field"] for c in history]
    assert "ผลลัพธ์หรือความสำเร็จของการดำเนินงาน: หัวข้อ" in fields and "ตารางมาตรการ" in fields
    assert all(c["who"] is not None for c in history)


def test_history_names_who_and_when_in_buddhist_era(client, org):
    staff = staff_of(client, org)
    data = form_data(staff.get(url("texts", org, "half")))
    data["heading"] = "รายงานชื่อใหม่"
    staff.post(url("texts", org, "half"), data)
    body = staff.get(url("texts", org, "half")).content.decode()
    year_be = str(dt.date.today().year + 543)
    history = body.split("ประวัติการแก้ไข", 1)[1]
    assert "รายงานชื่อใหม่" in history and "ชื่อรายงาน" in history and year_be in history


def test_second_save_from_an_old_page_is_refused_with_the_thai_message(client, org):
    staff = staff_of(client, org)
    data = form_data(staff.get(url("texts", org, "analysis")))
    first = {**data, "report_heading": "หัวเรื่องของคนแรก"}
    second = {**data, "report_heading": "หัวเรื่องของคนที่สอง"}
    assert staff.post(url("texts", org, "analysis"), first).status_code == 302
    response = staff.post(url("texts", org, "analysis"), second)
    assert response.status_code == 200
    body = response.content.decode()
    assert "บันทึกข้อมูลนี้ไปแล้วหลังจากที่ท่านเปิดหน้านี้" in body and "หัวเรื่องของคนแรก" in body
    row = ReportText.objects.get(organisation=org, fiscal_year=YEAR, kind="analysis")
    assert row.texts["report_heading"] == "หัวเรื่องของคนแรก"
    # what the second person typed is still in the form, now checked against the version on screen
    assert response.context["form"]["report_heading"].value() == "หัวเรื่องของคนที่สอง"
    again = staff.post(url("texts", org, "analysis"), {**second, "version": str(row.version)})
    assert again.status_code == 302


def test_service_refuses_a_stale_version(org):
    from ita_portal.concurrency import StaleVersion

    user = UserFactory(organisation=org, role=Role.STAFF)
    where = {"organisation": org, "document": "half", "fiscal_year": YEAR, "actor": user}
    report_texts_save(**where, texts={"heading": "ก"}, expected_version=0)
    with pytest.raises(StaleVersion):
        report_texts_save(**where, texts={"heading": "ข"}, expected_version=0)


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.UNIT_STAFF, Role.SUPERVISOR])
def test_readers_see_the_texts_but_cannot_save(client, org, role):
    if role == Role.SUPERVISOR:
        user = UserFactory(role=role, organisation=None, supervised_province=org.province)
    else:
        user = UserFactory(organisation=org, role=role)
    client.force_login(user)
    page = client.get(url("texts", org, "annual"))
    assert page.status_code == 200
    fields = page.context["form"].fields
    assert all(field.disabled for name, field in fields.items() if name != "version")
    assert "บันทึก</button>" not in page.content.decode()
    data = {**form_data(page), "title": "แก้โดยผู้อ่าน"}
    assert client.post(url("texts", org, "annual"), data).status_code == 403
    assert client.post(url("texts_preview", org, "annual"), data).status_code == 403
    assert not ReportText.objects.filter(organisation=org).exists()


def test_another_organisation_is_404(client, org):
    client.force_login(UserFactory(role=Role.STAFF))
    for kind in EDITABLE_KINDS:
        assert client.get(url("texts", org, kind)).status_code == 404
        assert client.post(url("texts", org, kind), {}).status_code == 404


def test_memo_has_no_texts_page(client, org):
    assert staff_of(client, org).get(url("texts", org, "memo")).status_code == 404


def test_live_preview_shows_unsaved_texts_and_may_be_framed(client, org):
    staff = staff_of(client, org)
    page = staff.get(url("texts", org, "half"))
    body = page.content.decode()
    assert 'src="/static/js/report_texts.js"' in body or "js/report_texts.js" in body
    assert "<script>" not in body
    data = {**form_data(page), "heading": "ชื่อที่ยังไม่บันทึก"}
    preview = staff.post(url("texts_preview", org, "half"), data)
    assert preview.status_code == 200 and "ชื่อที่ยังไม่บันทึก" in untypeset(preview.content.decode())
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert not ReportText.objects.filter(organisation=org).exists()  # nothing saved
    framed = staff.get(url("document", org, "half") + "?embed=1")
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    plain = staff.get(url("document", org, "half"))
    assert "frame-ancestors 'none'" in plain["Content-Security-Policy"]


def test_too_long_a_text_is_refused_in_thai(client, org):
    staff = staff_of(client, org)
    data = {**form_data(staff.get(url("texts", org, "half"))), "heading": "ก" * 600}
    response = staff.post(url("texts", org, "half"), data)
    assert response.status_code == 200 and "ข้อความยาวเกินไป" in response.content.decode()


def test_saving_the_untouched_form_leaves_every_demo_document_as_it_was(client, demo):
    """The demo's saved texts (cover, preface, tool sections, activities, an old "intro", custom headers)
    all show in the form, and saving it unchanged prints the same document."""
    from ita_portal.models import Organisation
    from reports.documents import document_html

    checked = 0
    for row in ReportText.objects.exclude(kind="memo").select_related("organisation"):
        org: Organisation = row.organisation
        kind, year = row.kind, row.fiscal_year
        before = document_html(organisation=org, fiscal_year=year, kind=kind)
        client.force_login(UserFactory(organisation=org, role=Role.STAFF))
        args = {"org": org.slug, "year": year, "kind": kind}
        page = client.get(reverse("reports:texts", kwargs=args))
        assert page.status_code == 200
        data = form_data(page)
        response = client.post(reverse("reports:texts", kwargs=args), data)
        assert response.status_code == 302, (
            org.slug,
            kind,
            response.context and response.context["form"].errors,
        )
        assert document_html(organisation=org, fiscal_year=year, kind=kind) == before, (org.slug, kind)
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize("kind", EDITABLE_KINDS)
def test_texts_page_of_an_organisation_with_no_data_yet(client, kind):
    org = OrganisationFactory(name="เทศบาลตำบลว่าง")
    staff = staff_of(client, org)
    page = staff.get(url("texts", org, kind))
    assert page.status_code == 200
    first = flat(editable_texts(organisation=org, fiscal_year=YEAR, kind=kind))[0]
    data = {**form_data(page), first.form_name: "ZQ999X"}
    assert staff.post(url("texts", org, kind), data).status_code == 302
    assert "ZQ999X" in untypeset(staff.get(url("document", org, kind)).content.decode())


def test_saved_headers_the_builder_does_not_print_are_not_shown_as_saved(client, org):
    """Headers saved for a table of another width are ignored by the builder: the form shows the
    printed defaults, not the ignored texts."""
    ReportText.objects.create(
        organisation=org, fiscal_year=YEAR, kind="analysis", texts={"part3_table_headers": ["ก", "ข", "ค"]}
    )
    form = staff_of(client, org).get(url("texts", org, "analysis")).context["form"]
    assert form.initial["part3_table_headers__0"] == "ประเด็นการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานภาครัฐ"
