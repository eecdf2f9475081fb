"""The document builders: content from factory data (numbers, dates, digits, year-over-year changes)."""

import datetime as dt
from decimal import Decimal

import pytest

from assessments.models import Recommendation
from assessments.services import assessment_create
from ita_portal.models import OrgUnit
from ita_portal.tests.factories import OrganisationFactory
from measures.services import measure_create, progress_record
from reports.documents import build_analysis, build_annual, build_half, build_memo, memo_texts_save
from reports.models import ReportText

pytestmark = pytest.mark.django_db

SCORES_2565 = {
    1: "90.00",
    2: "80.50",
    3: "95",
    4: "99",
    5: "100",
    6: "85",
    7: "88",
    8: "90",
    9: "70",
    10: "60",
}
SCORES_2566 = {
    1: "91.25",
    2: "80.50",
    3: "94",
    4: "99",
    5: "100",
    6: "86",
    7: "87.99",
    8: "90",
    9: "100",
    10: "80",
}


@pytest.fixture
def org():
    return OrganisationFactory(
        name="องค์การบริหารส่วนตำบลทดสอบ",
        district="พนา",
        province="อำนาจเจริญ",
        letter_code="อจ ๗๑๙๐๑",
        head_name="นางสาวทดสอบ ใจดี",
        head_position="หัวหน้าสำนักปลัด",
        mayor_name="นายนายก ทดสอบ",
        mayor_position="นายกองค์การบริหารส่วนตำบลทดสอบ",
    )


@pytest.fixture
def unit(org):
    return OrgUnit.objects.create(organisation=org, name="งานประชาสัมพันธ์")


@pytest.fixture
def measure(org, unit):
    from assessments.models import Framework

    fw = Framework.objects.get(fiscal_year=2565)
    m = measure_create(
        organisation=org,
        fiscal_year=2566,
        title="เผยแพร่ข้อมูลข่าวสาร",
        issue="ประเด็นการเปิดเผยข้อมูล",
        tool=fw.tools.get(code="OIT"),
        indicators=[fw.indicators.get(number=9)],
        steps=["จัดทำข้อมูลให้ถูกต้อง", "รายงานผู้บริหาร"],
        units=[unit],
        period_start=dt.date(2022, 10, 1),
        period_end=dt.date(2023, 9, 1),
        reporting="รายงานผู้บริหารทุกเดือน",
        reporting_deadline=dt.date(2023, 1, 31),
        suggestion="ทำต่อเนื่อง",
        actor=None,
    )
    progress_record(
        measure=m,
        round="half",
        done="ดำเนินการเผยแพร่แล้ว",
        status="done",
        reported_on=dt.date(2023, 3, 31),
        completed_on=dt.date(2023, 3, 31),
        actor=None,
    )
    progress_record(
        measure=m,
        round="annual",
        done="เผยแพร่ครบทุกเดือน",
        outcome="ประชาชนเข้าถึงข้อมูล",
        status="done",
        reported_on=dt.date(2023, 9, 30),
        completed_on=dt.date(2023, 9, 30),
        actor=None,
    )
    return m


def test_half_report_title_round_and_rows_in_thai_digits(org, measure):
    doc = build_half(organisation=org, fiscal_year=2566)
    assert doc["title"]["round"] == "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ รอบ ๖ เดือน (ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖)"
    assert doc["title"]["place"] == "อำเภอพนา จังหวัดอำนาจเจริญ"
    group = doc["groups"][0]
    assert group["tool"] == "เครื่องมือการประเมิน OIT" and group["indicator"].startswith("ตัวชี้วัดที่ ๙ ")
    row = group["rows"][0]
    assert row["steps"] == ["๑. จัดทำข้อมูลให้ถูกต้อง", "๒. รายงานผู้บริหาร"]
    assert row["responsible"] == "งานประชาสัมพันธ์"
    assert row["deadline"] == "กำหนดแล้วเสร็จภายใน ๓๑ มกราคม ๒๕๖๖"
    assert row["done"] == [
        {
            "done": "ดำเนินการเผยแพร่แล้ว",
            "outcome": "",
            "date": "๓๑ มี.ค. ๒๕๖๖",
            "date_in_text": False,
            "status": "ดำเนินการแล้วเสร็จ",
            "evidence": [],
        }
    ]  # the half round only


def test_arabic_digits_when_the_organisation_chooses_them(org, measure):
    org.use_thai_digits = False
    org.save()
    doc = build_half(organisation=org, fiscal_year=2566)
    assert doc["title"]["round"] == "ประจำปีงบประมาณ พ.ศ. 2566 รอบ 6 เดือน (ต.ค. 2565 – มี.ค. 2566)"
    assert doc["groups"][0]["rows"][0]["steps"][0] == "1. จัดทำข้อมูลให้ถูกต้อง"
    assert doc["thai_digits"] is False


def test_annual_report_opening_recommendations_measures_and_comparison(org, unit, measure):
    last = assessment_create(organisation=org, fiscal_year=2565, indicator_scores=SCORES_2565, actor=None)
    current = assessment_create(organisation=org, fiscal_year=2566, indicator_scores=SCORES_2566, actor=None)
    question = last.framework.questions.get(code="I7")
    rec = Recommendation.objects.create(
        assessment=last,
        question=question,
        indicator=question.indicator,
        score=Decimal("98.68"),
        kind="weakness",
        issue="ประเด็น ทดสอบ",
        advice="หน่วยงานควรทดสอบ",
    )
    rec.assigned_units.set([unit])

    doc = build_annual(organisation=org, fiscal_year=2566)
    summary = last.summary()
    assert doc["result"]["paragraphs"][0].startswith(
        "จากการประเมินผลคุณธรรมและความโปร่งใสในการดำเนินงานขององค์การบริหารส่วนตำบลทดสอบ ประจำปีงบประมาณ พ.ศ. ๒๕๖๕"
    )
    from ita_portal.thai import score

    assert (
        f"โดยภาพรวมได้คะแนน {score(summary.total, True)} อยู่ในระดับ {summary.level}"
        in doc["result"]["paragraphs"][0]
    )

    iit = doc["recommendations"]["tools"][0]
    assert iit["code"] == "IIT" and iit["strengths"] == []
    assert iit["weaknesses"] == [
        {
            "target": "ข้อ I๗",
            "score": "๙๘.๖๘",
            "issue": "ประเด็น ทดสอบ",
            "advice": "หน่วยงานควรทดสอบ",
            "assigned_to": "งานประชาสัมพันธ์",
        }
    ]

    table = doc["measures"]
    assert table["variant"] == "standard"  # an outcome on a progress entry does not switch the layout
    row = table["rows"][0]
    assert row["title"] == "๑. เผยแพร่ข้อมูลข่าวสาร" and row["period"] == "ต.ค. ๖๕ ถึง ก.ย. ๖๖"
    assert row["done"] == [{"text": "เผยแพร่ครบทุกเดือน", "date": "๓๐ ก.ย. ๒๕๖๖", "evidence": []}]
    assert row["outcomes"] == ["ประชาชนเข้าถึงข้อมูล"]

    comparison = doc["comparison"]
    assert [r["number"] for r in comparison["rows"]] == ["๑", "๒", "๓", "๔", "๕", "๖", "๗", "๘", "๙", "๑๐"]
    by_no = {r["number"]: r for r in comparison["rows"]}
    assert (by_no["๑"]["last"], by_no["๑"]["this"], by_no["๑"]["change"]) == ("๙๐.๐๐", "๙๑.๒๕", "+๑.๒๕")
    assert by_no["๒"]["change"] == "๐.๐๐" and by_no["๒"]["direction"] == "same"
    assert by_no["๓"]["change"] == "-๑.๐๐" and by_no["๓"]["direction"] == "down"
    assert by_no["๗"]["change"] == "-๐.๐๑"
    assert by_no["๑๐"]["change"] == "+๒๐.๐๐" and by_no["๑๐"]["direction"] == "up"
    total = comparison["total"]
    expected = current.summary().total - summary.total
    from ita_portal.thai import signed

    assert total["change"] == signed(expected, True) and total["change"].startswith("+")
    assert comparison["headers"][2:4] == ["คะแนนปี ๒๕๖๕", "คะแนนปี ๒๕๖๖"]


def test_annual_table_variant_follows_the_saved_choice(org, measure):
    ReportText.objects.create(
        organisation=org, fiscal_year=2566, kind="annual", texts={"measures_table_variant": "standard"}
    )
    doc = build_annual(organisation=org, fiscal_year=2566)
    assert doc["measures"]["variant"] == "standard"
    assert doc["measures"]["headers"][3] == "ระยะเวลาดำเนินการ"
    assert doc["comparison"] == {}  # no assessment in either year


def test_comparison_with_one_year_missing_is_not_printed(org):
    # Sample 003 has only this year's result and prints no comparison: a table of dashes would be invented.
    assessment_create(organisation=org, fiscal_year=2566, indicator_scores=SCORES_2566, actor=None)
    assert build_annual(organisation=org, fiscal_year=2566)["comparison"] == {}


def test_annual_without_last_years_result_cites_this_years_under_its_own_year(org):
    from ita_portal.thai import score

    current = assessment_create(organisation=org, fiscal_year=2566, indicator_scores=SCORES_2566, actor=None)
    summary = current.summary()
    doc = build_annual(organisation=org, fiscal_year=2566)
    # Not "from the 2566 assessment … to drive the 2566 measures": the measures of N answer N−1's result.
    assert doc["result"]["paragraphs"] == [
        "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานขององค์การบริหารส่วนตำบลทดสอบ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ "
        f"อยู่ในระดับ {summary.level} ด้วยผลคะแนน {score(summary.total, True)} คะแนน"
    ]
    assert doc["recommendations"]["tools"] == []  # this year's advice is for next year's measures
    assert build_annual(organisation=org, fiscal_year=2567)["result"]["paragraphs"][0].startswith(
        "จากการประเมินผลคุณธรรมและความโปร่งใสในการดำเนินงานขององค์การบริหารส่วนตำบลทดสอบ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
    )


def test_analysis_report_scores_issues_plan_and_limitations(org, unit):
    from assessments.models import AnalysisIssue, AnalysisIssueQuestion

    a = assessment_create(
        organisation=org,
        fiscal_year=2566,
        indicator_scores=SCORES_2566,
        tool_scores={"EIT": {"part1": "96.98", "part2": "91.42"}},
        actor=None,
    )
    issue = AnalysisIssue.objects.create(
        assessment=a, number=1, title="การให้บริการ", analysis="วิเคราะห์แล้ว", limitation="ขาดบุคลากร"
    )
    AnalysisIssueQuestion.objects.create(
        issue=issue, question=a.framework.questions.get(code="E1"), score=Decimal("97"), remark="รักษาระดับ"
    )
    m = measure_create(
        organisation=org,
        fiscal_year=2567,
        title="พัฒนาระบบ E-Service",
        steps=["ประชุม"],
        units=[unit],
        analysis_issues=[issue],
        actor=None,
    )
    doc = build_analysis(organisation=org, fiscal_year=2566)
    eit = next(t for t in doc["tools"] if t["code"] == "EIT")
    assert eit["parts"] == [{"label": "ส่วนที่ ๑", "score": "๙๖.๙๘"}, {"label": "ส่วนที่ ๒", "score": "๙๑.๔๒"}]
    assert doc["indicators"][0] == {"number": "๑", "name": "การปฏิบัติหน้าที่", "score": "๙๑.๒๕"}
    assert doc["issues"][0]["rows"] == [
        {
            "tool": "EIT",
            "question": "ข้อ E๑",
            "score": "๙๗.๐๐",
            "remark": "รักษาระดับ",
            "tool_span": 1,
            "remark_span": 1,
        }
    ]
    assert doc["plan"] == [
        {
            "issue": "๑. การให้บริการ",
            "issue_span": 1,
            "method": m.title,
            "method_items": [m.title],
            "responsible": "งานประชาสัมพันธ์",
            "steps": ["ประชุม"],
            "period": "๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗",  # as sample 002 writes it
        }
    ]
    assert doc["limitations"] == [{"issue": "๑. การให้บริการ", "paragraphs": ["ขาดบุคลากร"]}]
    assert "ส่วนที่ ๒" in doc["part2_title"] and "๒๕๖๗" in doc["part2_title"]


def test_memo_prefilled_then_saved(org):
    draft = build_memo(organisation=org, fiscal_year=2566)
    assert draft["saved"] is False
    assert draft["number"] == "อจ ๗๑๙๐๑/" and draft["to"] == "นายกองค์การบริหารส่วนตำบลทดสอบ"
    assert draft["signer"] == {"name": "นางสาวทดสอบ ใจดี", "position_lines": ["หัวหน้าสำนักปลัด"]}
    assert [s["title"] for s in draft["sections"]] == ["เรื่องเดิม", "ข้อเท็จจริง", "ข้อเสนอเพื่อพิจารณา"]
    assert "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖" in draft["subject"]

    memo_texts_save(
        organisation=org,
        fiscal_year=2566,
        texts={"date": "2024-02-20", "subject": "เรื่องทดสอบ", "department": "สำนักปลัด"},
        actor=None,
    )
    saved = build_memo(organisation=org, fiscal_year=2566)
    assert saved["saved"] is True and saved["date"] == "๒๐ กุมภาพันธ์ ๒๕๖๗" and saved["subject"] == "เรื่องทดสอบ"
    assert saved["to"] == "นายกองค์การบริหารส่วนตำบลทดสอบ"  # blank saved keys keep the draft


def test_demo_documents_match_the_samples(demo):
    from ita_portal.models import Organisation

    hua = build_half(organisation=Organisation.objects.get(slug="hua-ruea"), fiscal_year=2566)
    assert [g["tool"] for g in hua["groups"]] == ["เครื่องมือการประเมิน OIT", "เครื่องมือการประเมิน EIT"]
    assert hua["groups"][1]["indicator"] == "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร"

    ban = build_annual(organisation=Organisation.objects.get(slug="ban-mo"), fiscal_year=2566)
    assert "๙๔.๙๔" in ban["result"]["paragraphs"][0] and "ระดับ A" in ban["result"]["paragraphs"][0]
    assert [t["code"] for t in ban["recommendations"]["tools"]] == ["IIT", "EIT", "OIT"]
    assert (
        ban["measures"]["variant"] == "standard"
        and ban["measures"]["rows"][0]["period"] == "ต.ค. ๖๕ ถึง ก.ย. ๖๖"
    )

    jan = build_annual(organisation=Organisation.objects.get(slug="jan-lan"), fiscal_year=2566)
    assert jan["measures"]["variant"] == "outcome" and jan["preface"]["month"] == "กุมภาพันธ์ ๒๕๖๗"
    assert jan["comparison"] == {}  # sample 003 prints no comparison (no 2565 result in the portal)

    bo = build_analysis(organisation=Organisation.objects.get(slug="bo-thong"), fiscal_year=2566)
    assert bo["total"] == "๙๓.๗๓" and bo["level"] == "ผ่านดี" and len(bo["issues"]) == 7
    assert {t["code"]: t["score"] for t in bo["tools"]}["IIT"] == "๙๘.๒๔"
    assert bo["plan"] and {p["period"] for p in bo["plan"]} == {"๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗"}

    memo = build_memo(organisation=Organisation.objects.get(slug="jan-lan"), fiscal_year=2566)
    assert memo["date"] == "๒๐ กุมภาพันธ์ ๒๕๖๗" and memo["number"] == "อจ ๗๑๙๐๑/-"
    assert [e["title"] for e in memo["endorsements"]] == [
        "ความเห็นปลัดองค์การบริหารส่วนตำบลจานลาน",
        "คำสั่งนายกองค์การบริหารส่วนตำบลจานลาน",
    ]
