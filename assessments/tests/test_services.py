"""Assessment writes: Thai validation messages and all-or-nothing saves on a real database."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Assessment, Framework, IndicatorScore, QuestionScore
from assessments.services import assessment_create, assessment_scores_set, framework_load
from assessments.tests.samples import BO_THONG_2566
from ita_portal.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_assessment_with_indicator_scores_computes_the_published_result():
    assessment = assessment_create(
        organisation=OrganisationFactory(),
        fiscal_year=2566,
        official_total="93.73",
        indicator_scores=BO_THONG_2566,
        actor=None,
    )
    summary = Assessment.objects.with_scores().get(pk=assessment.pk).summary()
    assert summary.computed.total == Decimal("93.73")
    assert summary.level == "ผ่านดี"
    assert summary.mismatches == []


def test_official_total_that_disagrees_is_reported_not_replaced():
    assessment = assessment_create(
        organisation=OrganisationFactory(),
        fiscal_year=2566,
        official_total="93.80",
        official_level="ผ่านดี",
        indicator_scores=BO_THONG_2566,
        actor=None,
    )
    summary = assessment.summary()
    assert summary.total == Decimal("93.80")
    assert summary.mismatches == [("คะแนนรวม", Decimal("93.80"), Decimal("93.73"))]


def test_level_is_derived_when_not_published():
    assessment = assessment_create(
        organisation=OrganisationFactory(), fiscal_year=2565, official_total="94.94", actor=None
    )
    assert assessment.summary().level == "A"


@pytest.mark.parametrize(
    ("value", "message"), [("101", "ระหว่าง 0 ถึง 100"), ("-1", "ระหว่าง 0 ถึง 100"), ("9.999", "ไม่เกิน 2 ตำแหน่ง")]
)
def test_bad_scores_are_refused_in_thai_and_nothing_is_saved(value, message):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        assessment_create(
            organisation=organisation, fiscal_year=2566, indicator_scores={1: "95", 2: value}, actor=None
        )
    assert message in messages(error.value)
    assert not Assessment.objects.filter(organisation=organisation).exists()
    assert not IndicatorScore.objects.filter(assessment__organisation=organisation).exists()


def test_thai_digits_are_stored_as_numbers():
    assessment = assessment_create(
        organisation=OrganisationFactory(), fiscal_year=2566, indicator_scores={1: "๙๘.๕"}, actor=None
    )
    assert IndicatorScore.objects.get(assessment=assessment).score == Decimal("98.50")


def test_second_assessment_for_same_year_is_refused():
    organisation = OrganisationFactory()
    assessment_create(organisation=organisation, fiscal_year=2566, actor=None)
    with pytest.raises(ValidationError) as error:
        assessment_create(organisation=organisation, fiscal_year=2566, actor=None)
    assert "มีผลการประเมินของปีงบประมาณนี้อยู่แล้ว" in messages(error.value)
    assert Assessment.objects.filter(organisation=organisation).count() == 1


def test_question_from_another_years_framework_is_refused():
    assessment = assessment_create(organisation=OrganisationFactory(), fiscal_year=2567, actor=None)
    # O43 exists in 2566 (43 items) but not in the 26-item list of 2567.
    with pytest.raises(ValidationError) as error:
        assessment_scores_set(assessment=assessment, question_scores={"O43": True}, actor=None)
    assert "ไม่มีข้อ O43 ในกรอบการประเมินปี 2567" in messages(error.value)
    other_year = Framework.objects.get(fiscal_year=2566).questions.get(code="I1")
    row = QuestionScore(assessment=assessment, question=other_year, score=Decimal(90))
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "ไม่ใช่ปี 2567" in messages(error.value)


def test_oit_items_are_pass_or_fail():
    assessment = assessment_create(
        organisation=OrganisationFactory(),
        fiscal_year=2566,
        question_scores={"O1": True, "I1": "90"},
        actor=None,
    )
    rows = {r.question.code: r for r in assessment.question_scores.select_related("question")}
    assert rows["O1"].passed is True and rows["O1"].value == Decimal(100)
    assert rows["I1"].score == Decimal(90)
    with pytest.raises(ValidationError) as error:
        assessment_scores_set(assessment=assessment, question_scores={"I2": True}, actor=None)
    assert "ให้บันทึกเป็นคะแนน" in messages(error.value)


def test_unknown_year_is_refused():
    with pytest.raises(ValidationError) as error:
        assessment_create(organisation=OrganisationFactory(), fiscal_year=2590, actor=None)
    assert "ยังไม่มีกรอบการประเมินของปีงบประมาณ 2590" in messages(error.value)


def test_reloading_a_framework_keeps_scores_pointing_at_it():
    import json

    from django.conf import settings

    assessment = assessment_create(
        organisation=OrganisationFactory(), fiscal_year=2566, question_scores={"I1": "90"}, actor=None
    )
    data = json.loads((settings.BASE_DIR / "fixtures/frameworks/fy2566.json").read_text(encoding="utf-8"))
    data["questions"][0]["text"] = "ข้อความที่แก้ไขแล้ว"
    framework_load(data=data, actor=None)
    framework = Framework.objects.get(fiscal_year=2566)
    assert framework.questions.count() == len(data["questions"])
    assert assessment.question_scores.get().question.text == "ข้อความที่แก้ไขแล้ว"


def test_an_admin_can_add_next_year_as_data():
    import json

    from django.conf import settings

    data = json.loads((settings.BASE_DIR / "fixtures/frameworks/fy2568.json").read_text(encoding="utf-8"))
    data["fiscal_year"] = 2570
    framework_load(data=data, actor=None)
    assessment = assessment_create(
        organisation=OrganisationFactory(), fiscal_year=2570, indicator_scores=BO_THONG_2566, actor=None
    )
    assert assessment.summary().computed.total == Decimal("93.73")


def test_stored_total_and_level_follow_score_changes():
    assessment = assessment_create(
        organisation=OrganisationFactory(), fiscal_year=2566, indicator_scores=BO_THONG_2566, actor=None
    )
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.total, stored.level, stored.passed) == (Decimal("93.73"), "ผ่านดี", True)
    assessment_scores_set(assessment=stored, indicator_scores={7: "60"}, actor=None)  # EIT falls to 82.36
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.total == Decimal("90.18")  # 0.3·98.24 + 0.3·82.36 + 0.4·90
    assert (stored.level, stored.passed) == ("ผ่าน", True)  # total ≥ 85 but EIT < 85


def test_official_figures_win_in_the_stored_summary():
    assessment = assessment_create(
        organisation=OrganisationFactory(),
        fiscal_year=2566,
        official_total="84.14",
        official_level="ต้องปรับปรุง",
        actor=None,
    )
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.total, stored.level, stored.passed) == (Decimal("84.14"), "ต้องปรับปรุง", False)
