"""The demo data reproduces the figures of the four sample documents and loads idempotently."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Recommendation
from ita_portal.models import Organisation, OrgUnit, User
from measures.models import Measure, MeasureStep, Progress
from reports.models import ReportText

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Organisation,
            OrgUnit,
            Assessment,
            Recommendation,
            Measure,
            MeasureStep,
            Progress,
            ReportText,
            User,
        )
    }


def test_bo_thong_2566_scores_reproduce_the_analysis_report(demo):
    assessment = Assessment.objects.with_scores().get(
        organisation__slug="bo-thong", framework__fiscal_year=2566
    )
    summary = assessment.summary()
    assert summary.computed.tools == {
        "IIT": Decimal("98.24"),
        "EIT": Decimal("94.20"),
        "OIT": Decimal("90.00"),
    }
    assert summary.computed.total == Decimal("93.73") == assessment.official_total
    assert summary.level == "ผ่านดี" and summary.computed.level.label == "ผ่านดี"
    assert summary.mismatches == []
    eit = assessment.tool_scores.get(tool__code="EIT")
    assert (eit.part1_score, eit.part2_score) == (Decimal("96.98"), Decimal("91.42"))
    assert (eit.part1_score + eit.part2_score) / 2 == Decimal("94.20")
    assert assessment.analysis_issues.count() == 7


def test_ban_mo_2565_is_level_a_with_recommendations(demo):
    assessment = Assessment.objects.get(organisation__slug="ban-mo", framework__fiscal_year=2565)
    assert assessment.official_total == Decimal("94.94")
    assert assessment.summary().level == "A"
    assert assessment.framework.scheme().levels[1].label == "A"
    kinds = list(assessment.recommendations.values_list("question__code", "kind"))
    assert ("I25", "strength") in kinds and ("O34", "weakness") in kinds
    measures = Measure.objects.filter(organisation__slug="ban-mo", fiscal_year=2566)
    assert measures.count() == 3
    assert all(m.period_start and m.period_start.month == 10 for m in measures)


def test_jan_lan_2566_is_not_passed(demo):
    assessment = Assessment.objects.with_scores().get(
        organisation__slug="jan-lan", framework__fiscal_year=2566
    )
    assert assessment.official_total == Decimal("84.14")
    band = assessment.framework.scheme().levels
    level = next(b for b in band if b.label == assessment.summary().level)
    assert level.label == "ต้องปรับปรุง" and not level.passed
    memo = ReportText.objects.get(organisation__slug="jan-lan", kind="memo")
    assert memo.texts["number"] == "อจ ๗๑๙๐๑/-"
    assert memo.texts["date"] == "2024-02-20"


def test_hua_ruea_has_six_month_progress(demo):
    progress = Progress.objects.filter(measure__organisation__slug="hua-ruea")
    assert progress.count() == 9
    assert set(progress.values_list("round", flat=True)) == {"half"}
    organisation = Organisation.objects.get(slug="hua-ruea")
    assert organisation.place == "อำเภอวาปีปทุม จังหวัดมหาสารคาม"
    assert organisation.units.filter(kind="position", name="นักวิชาการคอมพิวเตอร์").exists()


def test_loading_twice_duplicates_nothing_and_keeps_users(demo):
    before = counts()
    user = User.objects.get(username="janlan")
    user.set_password("changed-by-the-user")
    user.save()
    call_command("load_demo", force=True, verbosity=0, stdout=open("/dev/null", "w"))
    call_command("demo_users", force=True, stdout=open("/dev/null", "w"))
    assert counts() == before
    user.refresh_from_db()
    assert user.check_password("changed-by-the-user")
    assert User.objects.get(username="janlan-unit").unit.name == "งานนิติการ"


def test_demo_users_refuse_without_debug(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("demo_users", stdout=open("/dev/null", "w"))


@pytest.mark.parametrize("command", ["load_demo", "generate_national"])
def test_demo_data_commands_refuse_without_debug(settings, db, command):
    """Demo rows never land in a production database by accident: without DEBUG nothing is written."""
    from django.core.management.base import CommandError

    settings.DEBUG = False
    before = Organisation.objects.count()
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command(command, stdout=open("/dev/null", "w"))
    assert Organisation.objects.count() == before


def test_demo_staff_logins_manage_their_members(demo):
    managers = User.objects.filter(can_manage_members=True)
    assert set(managers.values_list("username", flat=True)) == {"banmo", "huaruea", "bothong", "janlan"}
    assert all(user.manages_members for user in managers)


def test_loading_as_a_person_names_them_and_keeps_due_dates_and_statuses(demo):
    """The loader writes through the services: every organisation, unit, user, measure and progress
    history row names the `--actor`, and each measure's due date and status are the named steps' own."""
    from measures import derived

    def derived_fields():
        return sorted(
            Measure.objects.values_list("organisation__slug", "fiscal_year", "number", "due_date", "status")
        )

    before = derived_fields()
    tables = [model.history.model for model in (Organisation, OrgUnit, User, Measure, Progress, Assessment)]
    since = {
        table: table.objects.order_by("-history_id").values_list("history_id", flat=True).first()
        for table in tables
    }
    call_command("load_demo", force=True, actor="admin", verbosity=0, stdout=open("/dev/null", "w"))
    call_command("demo_users", actor="admin", force=True, stdout=open("/dev/null", "w"))
    admin = User.objects.get(username="admin")
    rows = [row for table, top in since.items() for row in table.objects.filter(history_id__gt=top or 0)]
    assert {type(row).__name__ for row in rows} == {table.__name__ for table in tables}
    assert [row for row in rows if row.history_user_id != admin.pk] == []
    assert derived_fields() == before
    for measure in Measure.objects.prefetch_related("progress"):
        entries = [(p.reported_on, p.pk, p.status) for p in measure.progress.all()]
        assert (measure.due_date, measure.status) == (
            derived.due_date(measure),
            derived.latest_status(entries),
        )


def test_stored_totals_and_levels_match_the_scores(demo):
    """save() refreshes nothing: the loader's services store every assessment's summary themselves."""
    assessments = list(Assessment.objects.with_scores())
    assert len(assessments) == 3  # hua-ruea has measures only
    for assessment in assessments:
        summary = assessment.summary()
        assert (assessment.total, assessment.level) == (summary.total, summary.level), assessment
        assert assessment.level and assessment.passed is not None, assessment
    history = Assessment.history.model.objects.filter(history_type="+")
    assert {(row.history_user, row.history_change_reason) for row in history} == {
        (None, "ระบบ: โหลดข้อมูลตัวอย่าง (load_demo) ไม่มีผู้ใช้")
    }
