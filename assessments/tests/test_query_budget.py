"""Saving a full entry page is one bulk write: its query count does not grow with the questions."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from assessments.forms import initial_from
from assessments.models import Assessment, QuestionScore
from ita_portal.scoping import Role
from ita_portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Re-saving บ่อทอง's FY2566 page (10 indicators, 88 questions) cost 863 queries when every score row was
# read, cleaned and saved on its own and each save bumped the organisation row.
ENTRY_PAGE_QUERIES = 40


@pytest.fixture
def bo_thong(client):
    call_command(
        "load_demo",
        str(settings.BASE_DIR / "fixtures/demo/bo-thong.json"),
        force=True,
        stdout=open("/dev/null", "w"),
    )
    assessment = Assessment.objects.get(organisation__slug="bo-thong", framework__fiscal_year=2566)
    user = UserFactory(role=Role.STAFF, organisation=assessment.organisation)
    client.force_login(user)
    url = reverse("assessments:edit", kwargs={"org": "bo-thong", "year": 2566})
    return assessment, user, url


def page_data(assessment) -> dict:
    """The entry page as the browser posts it back: every field, blanks included."""
    return {name: "" if value is None else str(value) for name, value in initial_from(assessment).items()}


def test_resaving_the_full_entry_page_has_a_fixed_query_budget(
    client, bo_thong, django_assert_max_num_queries
):
    assessment, _, url = bo_thong
    data = page_data(assessment)
    assert sum(name.startswith("q_") for name in data) == 75
    with django_assert_max_num_queries(ENTRY_PAGE_QUERIES):
        response = client.post(url, data)
    assert response.status_code == 302
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.version == assessment.version + 1
    assert (stored.total, stored.level) == (Decimal("93.73"), "ผ่านดี")


def test_changing_every_score_on_the_page_has_the_same_budget(
    client, bo_thong, django_assert_max_num_queries
):
    """Every question of the year written (75 updated, the 13 blank ones created): still bulk."""
    assessment, user, url = bo_thong
    data = page_data(assessment)
    questions = list(assessment.framework.questions.all())
    assert len(questions) == 88
    for q in questions:
        data[f"q_{q.code}"] = "0" if q.is_item else "77.5"
    data["ind_10"] = "81"
    with django_assert_max_num_queries(ENTRY_PAGE_QUERIES):
        response = client.post(url, data)
    assert response.status_code == 302
    rows = QuestionScore.objects.filter(assessment=assessment)
    assert rows.count() == 88
    assert rows.filter(passed=False).count() == sum(q.is_item for q in questions)
    assert set(rows.exclude(score=None).values_list("score", flat=True)) == {Decimal("77.50")}
    # one history row per written row, each naming the person who saved
    written = QuestionScore.history.filter(assessment_id=assessment.pk, history_user=user)
    assert written.filter(history_type="+").count() == 13 and written.filter(history_type="~").count() == 75
    stored = Assessment.objects.get(pk=assessment.pk)
    assert stored.total == Decimal("93.73")  # official figures win; the computed one moved
    assert stored.summary().computed.total != Decimal("93.73")
