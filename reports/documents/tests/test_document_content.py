"""What the documents print, against the samples: nothing invented (no comparison of dashes, no score for an
unscored item, each strength once, no exact day made from a month), units as the samples write them, the
stored 6-month title, the analysis's bullets and merged cells, the annual layout as an explicit choice whose
headers follow their columns, and evidence under each result."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ita_portal.models import Organisation, OrgUnit
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.models import EvidenceFile
from measures.services import measure_create, progress_record
from reports.documents import build_analysis, build_annual, build_half, document_layout_set
from reports.documents import document_html as typeset_html
from reports.documents.common import units_text
from reports.documents.pdf.typeset import untypeset
from reports.models import ReportText

pytestmark = pytest.mark.django_db


def document_html(**kwargs) -> str:
    """The preview's HTML without its screen typesetting (word spans, <wbr>): the text as printed."""
    return untypeset(typeset_html(**kwargs))


def org_of(slug):
    return Organisation.objects.get(slug=slug)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# --- 1. nothing invented -------------------------------------------------------------------------------


def test_ban_mo_prints_no_comparison_of_dashes_no_zero_score_and_e4_once(demo):
    doc = build_annual(organisation=org_of("ban-mo"), fiscal_year=2566)
    assert doc["comparison"] == {}  # only the 2565 result is in the portal: sample 000 prints no comparison
    oit = next(t for t in doc["recommendations"]["tools"] if t["code"] == "OIT")
    assert [(r["target"], r["score"]) for r in oit["weaknesses"]] == [("ข้อ O๓๔", "")]
    html = document_html(organisation=org_of("ban-mo"), fiscal_year=2566, kind="annual")
    body = text_of(html)
    assert "ข้อ O๓๔ ได้คะแนน" not in body and "ข้อ O๓๔ หน่วยงานต้องแสดงนโยบาย" in body
    assert body.count("ท่านเคยถูกเจ้าหน้าที่ของหน่วยงานที่ท่านติดต่อร้องขอให้จ่าย") == 1  # E๔ once
    assert "ผลการประเมินรายตัวชี้วัดเทียบกับปีที่ผ่านมา" not in body and ">–</td>" not in html


def test_jan_lan_prints_no_comparison(demo):
    body = text_of(document_html(organisation=org_of("jan-lan"), fiscal_year=2566, kind="annual"))
    assert "เทียบกับปีที่ผ่านมา" not in body


def test_hua_ruea_invents_no_deadline_and_repeats_no_done_date(demo):
    doc = build_half(organisation=org_of("hua-ruea"), fiscal_year=2566)
    rows = [r for g in doc["groups"] for r in g["rows"]]
    assert all(r["deadline"] == "" for r in rows)  # month-only in the sample, inside the reporting text
    assert "ภายในเดือนมกราคม" in rows[0]["reporting"]
    body = text_of(document_html(organisation=org_of("hua-ruea"), fiscal_year=2566, kind="half"))
    assert "กำหนดแล้วเสร็จภายใน" not in body
    assert "(๓๑ มี.ค. ๒๕๖๖)" not in body and "(๓ เม.ย. ๒๕๖๖)" not in body
    assert "ดำเนินการเมื่อวันที่ ๓๑ เดือน มีนาคม พ.ศ.๒๕๖๖" in body


def test_annual_cites_last_years_result_and_this_years_only_under_its_own_year(demo):
    # ban-mo has 2565's result: the 2566 measures answer it (sample 000's sentence).
    ban = build_annual(organisation=org_of("ban-mo"), fiscal_year=2566)["result"]["paragraphs"][0]
    assert re.findall(r"ประจำปีงบประมาณ พ.ศ. ?([๐-๙]+)", ban) == ["๒๕๖๕", "๒๕๖๖"]
    # bo-thong has only 2566's: cited as that year's result (sample 003's wording), not as the one the
    # 2566 measures were driven by (which printed 2566 on both sides).
    bo = build_annual(organisation=org_of("bo-thong"), fiscal_year=2566)["result"]["paragraphs"]
    assert bo == [
        "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานขององค์การบริหารส่วนตำบลบ่อทอง "
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ อยู่ในระดับ ผ่านดี ด้วยผลคะแนน ๙๓.๗๓ คะแนน"
    ]
    body = text_of(document_html(organisation=org_of("bo-thong"), fiscal_year=2566, kind="annual"))
    assert "ได้นำข้อเสนอแนะมาปรับปรุง" not in body


def test_analysis_without_detailed_scores_prints_the_total_and_sentences_not_dashes(demo):
    doc = build_analysis(organisation=org_of("jan-lan"), fiscal_year=2566)
    assert doc["total"] == "๘๔.๑๔" and not doc["tools_scored"] and not doc["indicators_scored"]
    assert doc["issues"] == [] and doc["plan"] == [] and doc["limitations"] == []
    html = document_html(organisation=org_of("jan-lan"), fiscal_year=2566, kind="analysis")
    body = text_of(html)
    assert "–" not in body and "<table" not in html  # no list or table of dashes, no empty grid
    assert "ยังไม่ได้บันทึกคะแนนรายเครื่องมือของปีงบประมาณนี้" in body
    assert "คะแนนรวม ๘๔.๑๔ คะแนน (ต้องปรับปรุง) ยังไม่ได้บันทึกคะแนนรายตัวชี้วัดของปีงบประมาณนี้" in body
    assert body.count("ยังไม่ได้บันทึกประเด็นการวิเคราะห์ของปีงบประมาณนี้") == 3  # parts 1, 2 and 3
    # bo-thong (sample 002) keeps its lists and tables
    bo = build_analysis(organisation=org_of("bo-thong"), fiscal_year=2566)
    assert bo["tools_scored"] and bo["indicators_scored"]
    bo_html = document_html(organisation=org_of("bo-thong"), fiscal_year=2566, kind="analysis")
    for table in ("indicators", "issue", "plan", "limitations"):
        assert f'<table class="{table}">' in bo_html
    assert "ยังไม่ได้บันทึก" not in text_of(bo_html)


@pytest.fixture
def org():
    return OrganisationFactory(name="องค์การบริหารส่วนตำบลทดสอบ")


def test_an_oit_item_prints_without_a_score_even_when_one_is_stored(org):
    from decimal import Decimal

    from assessments.models import Recommendation
    from assessments.services import assessment_create

    last = assessment_create(organisation=org, fiscal_year=2565, actor=None)
    item = last.framework.questions.get(code="O34")
    assert item.is_item
    Recommendation.objects.create(
        assessment=last,
        question=item,
        indicator=item.indicator,
        score=Decimal("0"),
        kind="weakness",
        issue="ก",
    )
    oit = build_annual(organisation=org, fiscal_year=2566)["recommendations"]["tools"][0]
    assert oit["weaknesses"][0]["target"] == "ข้อ O๓๔" and oit["weaknesses"][0]["score"] == ""


def test_a_deadline_as_written_is_printed_as_written_and_an_exact_day_as_a_date(org):
    measure_create(
        organisation=org, fiscal_year=2566, title="ก", deadline_text="ภายในเดือนมกราคม ๒๕๖๖", actor=None
    )
    measure_create(
        organisation=org, fiscal_year=2566, title="ข", reporting_deadline=dt.date(2023, 1, 31), actor=None
    )
    rows = [r for g in build_half(organisation=org, fiscal_year=2566)["groups"] for r in g["rows"]]
    assert [r["deadline"] for r in rows] == ["ภายในเดือนมกราคม ๒๕๖๖", "กำหนดแล้วเสร็จภายใน ๓๑ มกราคม ๒๕๖๖"]


def test_a_done_date_not_in_the_text_is_printed_once_in_brackets(org):
    m = measure_create(organisation=org, fiscal_year=2566, title="ก", actor=None)
    progress_record(
        measure=m,
        round="half",
        done="เผยแพร่แล้ว",
        status="done",
        completed_on=dt.date(2023, 3, 31),
        actor=None,
    )
    body = text_of(document_html(organisation=org, fiscal_year=2566, kind="half"))
    assert body.count("(๓๑ มี.ค. ๒๕๖๖)") == 1


# --- 2. responsibility, titles, bullets, merged cells ---------------------------------------------------


def test_units_are_printed_with_their_parent_and_joined_with_and(org):
    office = OrgUnit.objects.create(organisation=org, name="สำนักปลัด")
    budget = OrgUnit.objects.create(organisation=org, name="งานงบประมาณ", parent=office)
    pr = OrgUnit.objects.create(organisation=org, name="งานประชาสัมพันธ์", parent=office)
    every = OrgUnit.objects.create(organisation=org, name="ทุกกอง", kind="all")
    assert units_text([budget, pr], between=" และ ") == "งานงบประมาณและงานประชาสัมพันธ์ สำนักปลัด"
    assert units_text([budget]) == "งานงบประมาณ สำนักปลัด"
    assert units_text([office, every]) == "สำนักปลัด / ทุกกอง"
    assert units_text([office, budget]) == "สำนักปลัด / งานงบประมาณ"  # the parent is already named


def test_ban_mo_assignments_name_the_office_as_the_sample_does(demo):
    body = text_of(document_html(organisation=org_of("ban-mo"), fiscal_year=2566, kind="annual"))
    assigned = re.findall(r"โดยมอบหมายให้ (.+?) ดำเนินการ", body)
    assert len(assigned) == 7 and all(a.endswith(" สำนักปลัด") for a in assigned)
    assert "งานงบประมาณและงานประชาสัมพันธ์ สำนักปลัด" in assigned


def test_free_text_responsibility_is_printed_as_written(demo):
    rows = [
        r for g in build_half(organisation=org_of("hua-ruea"), fiscal_year=2566)["groups"] for r in g["rows"]
    ]
    assert "สำนักปลัด ภารกิจอื่นที่เกี่ยวข้อง" in [r["responsible"] for r in rows]


def test_the_stored_six_month_title_is_printed(demo):
    body = text_of(document_html(organisation=org_of("hua-ruea"), fiscal_year=2566, kind="half"))
    assert "รอบ ๖ เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)" in body
    assert "(ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖)" not in body


def test_analysis_has_bullets_and_merged_cells_like_sample_002(demo):
    doc = build_analysis(organisation=org_of("bo-thong"), fiscal_year=2566)
    first = doc["issues"][0]["rows"]
    assert [r["tool_span"] for r in first if r["tool_span"]] == [6, 6, 4]  # IIT, EIT, OIT blocks
    html = document_html(organisation=org_of("bo-thong"), fiscal_year=2566, kind="analysis")
    assert f'rowspan="{len(first)}"' in html and 'rowspan="6"' in html
    assert '<li><span class="bullet">■</span> จัดประชุมประจำเดือนเพื่อสร้างกระบวนการปรึกษาหารือ' in html
    assert doc["plan"][0]["issue_span"] == 3 and doc["plan"][1]["issue_span"] == 0
    # no grid of empty cells: every row of the first issue table has exactly its own cells
    table = html.split('<table class="issue">')[1].split("</table>")[0]
    assert "<td></td>" not in table and '<td class="num"></td>' not in table


# --- 3. the layout is an explicit choice ----------------------------------------------------------------


def test_an_outcome_on_one_entry_does_not_switch_the_layout(org):
    m = measure_create(
        organisation=org, fiscal_year=2566, title="ก", period_text="ตลอดปี", suggestion="ทำต่อ", actor=None
    )
    progress_record(measure=m, round="annual", done="ทำแล้ว", outcome="ประชาชนพอใจ", status="done", actor=None)
    doc = build_annual(organisation=org, fiscal_year=2566)
    assert doc["measures"]["variant"] == "standard"
    assert [c["id"] for c in doc["measures"]["columns"]] == [
        "title",
        "steps",
        "responsible",
        "period",
        "done",
        "suggestion",
    ]
    body = text_of(document_html(organisation=org, fiscal_year=2566, kind="annual"))
    assert "ตลอดปี" in body and "ทำต่อ" in body


def test_layout_choice_is_stored_with_history_and_headers_follow_their_columns(org):
    user = UserFactory(organisation=org, role=Role.STAFF)
    ReportText.objects.create(
        organisation=org,
        fiscal_year=2566,
        kind="annual",
        texts={"measures_table_headers": ["ม", "ข", "ผู้รับผิดชอบเอง", "ช่วงเวลาเอง", "ผล", "แนะนำเอง"]},
    )
    m = measure_create(organisation=org, fiscal_year=2566, title="ก", remark="หมายเหตุเอง", actor=None)
    progress_record(measure=m, round="annual", done="ทำแล้ว", outcome="ได้ผล", status="done", actor=None)
    row = document_layout_set(
        organisation=org, fiscal_year=2566, document="annual", layout="outcome", actor=user
    )
    assert row.texts["measures_table_variant"] == "outcome" and row.history.first().history_user == user
    columns = build_annual(organisation=org, fiscal_year=2566)["measures"]["columns"]
    by_id = {c["id"]: c["header"] for c in columns}
    assert by_id["responsible"] == "ผู้รับผิดชอบเอง"  # keyed by column, not by position (it was 3rd, now 5th)
    assert by_id["outcome"] == "ผลลัพธ์หรือความสำเร็จของการดำเนินการ" and by_id["remark"] == "หมายเหตุ"
    assert "period" not in by_id and "suggestion" not in by_id
    html = document_html(organisation=org, fiscal_year=2566, kind="annual")
    headers = re.findall(r"<th>(.*?)</th>", html.split('<table class="measures')[1].split("</thead>")[0])
    assert headers[4] == "ผู้รับผิดชอบเอง" and "ช่วงเวลาเอง" not in html
    with pytest.raises(ValidationError):
        document_layout_set(organisation=org, fiscal_year=2566, document="annual", layout="nope", actor=user)


def test_layout_select_on_the_document_page_saves_the_choice(client, org):
    measure_create(organisation=org, fiscal_year=2566, title="ก", actor=None)
    client.force_login(UserFactory(organisation=org, role=Role.STAFF))
    page = client.get(reverse("reports:document", kwargs={"org": org.slug, "year": 2566, "kind": "annual"}))
    body = page.content.decode()
    assert 'name="layout"' in body and "มีคอลัมน์ผลลัพธ์: " in body
    url = reverse("reports:document_layout", kwargs={"org": org.slug, "year": 2566, "kind": "annual"})
    response = client.post(url, {"layout": "outcome", "version": "0"})
    assert response.status_code == 302
    assert build_annual(organisation=org, fiscal_year=2566)["measures"]["variant"] == "outcome"


def test_executives_cannot_change_the_layout(client, org):
    client.force_login(UserFactory(organisation=org, role=Role.EXECUTIVE))
    url = reverse("reports:document_layout", kwargs={"org": org.slug, "year": 2566, "kind": "annual"})
    assert client.post(url, {"layout": "outcome"}).status_code == 403
    assert not ReportText.objects.filter(organisation=org).exists()


# --- 4. evidence ----------------------------------------------------------------------------------------


def test_evidence_links_in_full_and_file_names_under_each_result(org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    long_url = "https://www.example.go.th/" + "ita/" * 20 + "O34-no-gift-policy.pdf"
    m = measure_create(organisation=org, fiscal_year=2566, title="ก", actor=None)
    for round_ in ("half", "annual"):
        p = progress_record(measure=m, round=round_, done=f"ทำแล้ว {round_}", links=[long_url], actor=None)
        EvidenceFile.objects.create(
            progress=p,
            file="evidence/x.pdf",
            original_name="ประกาศ No Gift.pdf",
            content_type="application/pdf",
            size=1,
        )
    for kind in ("half", "annual"):
        html = document_html(organisation=org, fiscal_year=2566, kind=kind)
        assert (
            f'<a class="url" href="{long_url}">{long_url}</a>' in html
        )  # in full, and a live link in the PDF
        assert "ไฟล์หลักฐาน: ประกาศ No Gift.pdf" in html


def test_an_evidence_link_is_a_live_link_in_the_pdf(org):
    import io

    import pypdf

    from reports.documents import document_pdf

    url = "https://www.example.go.th/" + "ita-evidence/" * 12 + "no-gift.pdf"
    m = measure_create(organisation=org, fiscal_year=2566, title="ก", actor=None)
    progress_record(measure=m, round="annual", done="ทำแล้ว", links=[url], actor=None)
    reader = pypdf.PdfReader(io.BytesIO(document_pdf(organisation=org, fiscal_year=2566, kind="annual")))
    uris = {a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots") or []}
    assert uris == {url}


def test_the_analysis_embeds_only_the_bundled_font(demo):
    """The ▪ bullets must not pull in a fallback font (Sarabun has no U+25AA)."""
    import io

    import pypdf

    from reports.documents import document_pdf

    pdf = document_pdf(organisation=org_of("bo-thong"), fiscal_year=2566, kind="analysis")
    fonts = set()
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        for ref in (page["/Resources"].get_object().get("/Font") or {}).values():
            fonts.add(str(ref.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts and all(f.startswith("ITA-Sarabun") for f in fonts), fonts


def test_an_indicator_without_a_score_prints_without_one(org):
    from assessments.services import assessment_create

    assessment_create(organisation=org, fiscal_year=2566, indicator_scores={1: "91.25", 9: "100"}, actor=None)
    doc = build_analysis(organisation=org, fiscal_year=2566)
    scores = {i["number"]: i["score"] for i in doc["indicators"]}
    assert doc["indicators_scored"] and scores["๑"] == "๙๑.๒๕" and scores["๙"] == "๑๐๐.๐๐"
    assert scores["๒"] == "" and scores["๑๐"] == ""
    html = document_html(organisation=org, fiscal_year=2566, kind="analysis")
    table = html.split('<table class="indicators">')[1].split("</table>")[0]
    assert "–" not in table and '<td class="num"></td>' in table
    assert "ได้คะแนน" not in text_of(html)  # no total without all ten indicators: none is printed
