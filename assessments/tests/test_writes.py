"""Every write to an assessment is a service that names its actor: outside a request (a command, a job)
too, in the admin, and for deletions. save() and delete() of the models do nothing behind the caller."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from assessments.models import (
    AnalysisIssue,
    Assessment,
    IndicatorScore,
    QuestionScore,
    Recommendation,
    ToolScore,
)
from assessments.services import (
    analysis_issue_create,
    analysis_issue_delete,
    analysis_issue_update,
    assessment_create,
    assessment_delete,
    assessment_entry_save,
    assessment_scores_set,
    recommendation_create,
    recommendation_delete,
    recommendation_update,
)
from assessments.tests.samples import BO_THONG_2566
from ita_portal.models import Organisation
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

HISTORIES = [Assessment, ToolScore, IndicatorScore, QuestionScore, Recommendation, AnalysisIssue]


def last_history_ids() -> dict:
    return {model: model.history.aggregate(n=models.Max("history_id"))["n"] or 0 for model in HISTORIES}


def history_since(before: dict) -> list:
    return [row for model in HISTORIES for row in model.history.filter(history_id__gt=before[model])]


def version(org) -> int:
    return Organisation.objects.values_list("data_version", flat=True).get(pk=org.pk)


def test_no_model_of_the_app_overrides_save_or_delete():
    for model in apps.get_app_config("assessments").get_models():
        for cls in model.__mro__:
            if cls.__module__.startswith("django."):
                break
            assert not {"save", "delete"} & set(vars(cls)), f"{cls.__name__} overrides save()/delete()"


def test_every_history_row_written_outside_a_request_names_its_actor():
    org, clerk = OrganisationFactory(), UserFactory()
    unit = OrgUnitFactory(organisation=org)
    before = last_history_ids()

    assessment = assessment_create(
        organisation=org,
        fiscal_year=2566,
        tool_scores={"EIT": {"part1": "96.98", "part2": "91.42"}},
        indicator_scores=BO_THONG_2566,
        question_scores={"I1": "90", "O1": True, "O2": False},
        actor=clerk,
    )
    assessment_scores_set(
        assessment=assessment, indicator_scores={7: "60", 8: None}, question_scores={"O2": None}, actor=clerk
    )
    framework = assessment.framework
    assessment_entry_save(
        organisation=org,
        framework=framework,
        expected_version=Assessment.objects.get(pk=assessment.pk).version,
        official_total="93.73",
        official_level="",
        tool_scores={"IIT": {"score": "98.24"}},
        indicator_scores={1: "99"},
        question_scores={"I1": "91"},
        actor=clerk,
    )
    rec = recommendation_create(
        assessment=assessment,
        data={"kind": "weakness", "tool": framework.tools.get(code="EIT"), "assigned_units": [unit]},
        actor=clerk,
    )
    recommendation_update(
        recommendation=rec, data={"advice": "ควรปรับปรุง"}, expected_version=rec.version, actor=clerk
    )
    question = framework.questions.get(code="I1")
    issue = analysis_issue_create(
        assessment=assessment,
        data={"number": 1, "title": "การเปิดเผยข้อมูล"},
        rows=[{"question": question, "score": "91", "remark": ""}],
        actor=clerk,
    )
    analysis_issue_update(issue=issue, data={"analysis": "ควรเผยแพร่ให้ครบ"}, actor=clerk)
    analysis_issue_delete(issue=issue, actor=clerk)
    recommendation_delete(recommendation=rec, actor=clerk)
    assessment_delete(assessment=Assessment.objects.get(pk=assessment.pk), actor=clerk)

    written = history_since(before)
    kinds = {(type(row).__name__, row.history_type) for row in written}
    for model in HISTORIES:  # every kind of row was created and deleted, most were also edited
        name = model.history.model.__name__
        assert {(name, "+"), (name, "-")} <= kinds, name
    assert (IndicatorScore.history.model.__name__, "~") in kinds
    assert [row for row in written if row.history_user_id != clerk.pk] == []
    assert not Assessment.objects.filter(organisation=org).exists()


def test_a_command_without_a_user_says_so_in_the_history():
    assessment = assessment_create(
        organisation=OrganisationFactory(),
        fiscal_year=2566,
        indicator_scores={1: "90"},
        actor=None,
        reason="ระบบ: ทดสอบ ไม่มีผู้ใช้",
    )
    rows = [*assessment.history.all(), *IndicatorScore.history.filter(assessment_id=assessment.pk)]
    assert len(rows) == 2
    assert {(row.history_user, row.history_change_reason) for row in rows} == {(None, "ระบบ: ทดสอบ ไม่มีผู้ใช้")}


def test_clearing_many_scores_is_one_write_with_deletion_history():
    clerk = UserFactory()
    assessment = assessment_create(
        organisation=clerk.organisation, fiscal_year=2566, indicator_scores=BO_THONG_2566, actor=clerk
    )
    before = version(clerk.organisation)
    assessment_scores_set(assessment=assessment, indicator_scores=dict.fromkeys(range(1, 11)), actor=clerk)
    assert not IndicatorScore.objects.filter(assessment=assessment).exists()
    deleted = IndicatorScore.history.filter(assessment_id=assessment.pk, history_type="-")
    assert deleted.count() == 10 and set(deleted.values_list("history_user", flat=True)) == {clerk.pk}
    assert version(clerk.organisation) == before + 1
    stored = Assessment.objects.get(pk=assessment.pk)
    assert (stored.total, stored.level, stored.passed) == (None, "", None)


def test_a_plain_save_refreshes_nothing_the_service_does():
    assessment = assessment_create(
        organisation=OrganisationFactory(), fiscal_year=2566, indicator_scores=BO_THONG_2566, actor=None
    )
    org = assessment.organisation
    before = version(org)
    row = IndicatorScore.objects.get(assessment=assessment, indicator__number=7)
    row.score = Decimal("60")
    row.save()  # a plain save, as a migration or a shell would: no hidden writes
    assert Assessment.objects.get(pk=assessment.pk).total == Decimal("93.73") and version(org) == before
    assessment_scores_set(assessment=assessment, indicator_scores={7: "60"}, actor=None)
    assert Assessment.objects.get(pk=assessment.pk).total == Decimal("90.18") and version(org) == before + 1


# -- the admin goes through the same services


def inline_management(prefix: str, total: int, initial: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_the_admin_edits_scores_through_the_services(admin_client, admin_user):
    assessment = assessment_create(
        organisation=OrganisationFactory(), fiscal_year=2566, indicator_scores=BO_THONG_2566, actor=None
    )
    org = assessment.organisation
    rows = list(IndicatorScore.objects.filter(assessment=assessment).order_by("indicator__number"))
    data = {
        "official_total": "",
        "official_level": "",
        "notes": "แก้ไขโดยผู้ดูแลระบบ",
        **inline_management("tool_scores", 0, 0),
        **inline_management("indicator_scores", len(rows), len(rows)),
        **inline_management("question_scores", 0, 0),
    }
    for i, row in enumerate(rows):
        data.update(
            {
                f"indicator_scores-{i}-id": str(row.pk),
                f"indicator_scores-{i}-assessment": str(assessment.pk),
                f"indicator_scores-{i}-indicator": str(row.indicator_id),
                f"indicator_scores-{i}-score": "60" if row.indicator.number == 7 else str(row.score),
            }
        )
    data["indicator_scores-7-DELETE"] = "on"  # indicator 8 goes
    before_version, before = version(org), last_history_ids()
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.notes == "แก้ไขโดยผู้ดูแลระบบ" and stored.version == assessment.version + 1
    assert stored.total == stored.summary().computed.total != Decimal("93.73")  # refreshed
    assert not IndicatorScore.objects.filter(assessment=assessment, indicator__number=8).exists()
    written = history_since(before)
    assert {(type(r).__name__, r.history_type) for r in written} == {
        ("HistoricalAssessment", "~"),
        ("HistoricalIndicatorScore", "~"),
        ("HistoricalIndicatorScore", "-"),
    }
    assert {r.history_user_id for r in written} == {admin_user.pk}
    assert version(org) == before_version + 1  # one admin save, one change


def test_the_admin_deletes_through_the_services(admin_client, admin_user):
    assessment = assessment_create(
        organisation=OrganisationFactory(), fiscal_year=2566, indicator_scores=BO_THONG_2566, actor=None
    )
    rec = recommendation_create(
        assessment=assessment,
        data={"kind": "strength", "tool": assessment.framework.tools.first()},
        actor=None,
    )
    before = last_history_ids()
    response = admin_client.post(
        reverse("admin:assessments_recommendation_delete", args=[rec.pk]), {"post": "yes"}
    )
    assert response.status_code == 302 and not Recommendation.objects.exists()
    response = admin_client.post(
        reverse("admin:assessments_assessment_changelist"),
        {"action": "delete_selected", "_selected_action": [assessment.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not Assessment.objects.exists()
    written = history_since(before)
    assert len(written) == 12  # the recommendation, the assessment and its ten scores
    assert {(r.history_type, r.history_user_id) for r in written} == {("-", admin_user.pk)}


def admin_page_data(admin_client, url) -> dict:
    """What the admin change page posts back unchanged: the form and every inline row."""
    context = admin_client.get(url).context
    forms = [context["adminform"].form]
    data = {}
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        forms += list(formset.forms)
        management = formset.management_form
        for name in management.fields:
            value = management[name].value()
            data[management.add_prefix(name)] = "" if value is None else value
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data


def test_changing_a_years_rules_in_the_admin_restores_that_years_results(admin_client, admin_user):
    assessment = assessment_create(
        organisation=OrganisationFactory(), fiscal_year=2566, indicator_scores=BO_THONG_2566, actor=None
    )
    framework = assessment.framework
    url = reverse("admin:assessments_framework_change", args=[framework.pk])
    data = admin_page_data(admin_client, url)
    good = next(name for name, value in data.items() if value == "ผ่านดี")  # levels-N-label
    data[good.replace("label", "min_total")] = "95"  # 93.73 is no longer ผ่านดี
    before = version(assessment.organisation)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.total == Decimal("93.73") and stored.level != "ผ่านดี"
    assert version(assessment.organisation) == before + 1
    assert framework.history.first().history_user == admin_user
