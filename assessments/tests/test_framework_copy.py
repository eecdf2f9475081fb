"""A new year's framework without a developer: system administrators copy last year's, it is marked
unverified until confirmed; everyone else is refused."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Framework
from assessments.services import assessment_create, framework_confirm, framework_copy
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
BO_THONG_2566 = {
    1: "99.63",
    2: "95.76",
    3: "99.27",
    4: "98.72",
    5: "97.80",
    6: "93.54",
    7: "95.52",
    8: "93.55",
    9: "100",
    10: "80",
}


@pytest.fixture
def admin():
    return UserFactory(role=Role.ADMIN, organisation=None, is_superuser=True, is_staff=True)


def test_copy_carries_every_rule_and_is_unverified(admin):
    source = Framework.objects.with_rules().get(fiscal_year=2569)
    copy = framework_copy(from_year=2569, to_year=2570, actor=admin)
    copy = Framework.objects.with_rules().get(pk=copy.pk)
    assert not copy.verified and "คัดลอกจาก" in copy.notes
    assert copy.scheme() == source.scheme()
    fields = ("code", "text", "answer", "indicator__number", "subindicator__code", "order")
    assert list(copy.questions.values_list(*fields)) == list(source.questions.values_list(*fields))
    assert copy.history.first().history_user == admin
    # scoring works on the new year at once
    assessment = assessment_create(
        organisation=OrganisationFactory(), fiscal_year=2570, indicator_scores=BO_THONG_2566, actor=None
    )
    assert str(assessment.summary().computed.total) == "93.73"


def test_copy_refuses_an_existing_year_or_a_missing_source(admin):
    with pytest.raises(ValidationError, match="มีกรอบการประเมินของปีงบประมาณ 2569 อยู่แล้ว"):
        framework_copy(from_year=2568, to_year=2569, actor=admin)
    with pytest.raises(ValidationError, match="ไม่มีกรอบการประเมิน"):
        framework_copy(from_year=2400, to_year=2571, actor=admin)


def test_confirm_marks_verified_in_history(admin):
    framework = framework_confirm(framework=Framework.objects.get(fiscal_year=2569), actor=admin)
    assert framework.verified
    assert framework.history.first().history_change_reason == "ยืนยันว่าตรงกับคู่มือของ ป.ป.ช. แล้ว"


def test_screen_copies_and_sends_to_the_admin_forms(client, admin):
    client.force_login(admin)
    page = client.get(reverse("frameworks:list")).content.decode()
    assert 'data-framework="2569"' in page and "ยังไม่ได้ตรวจสอบ" in page
    response = client.post(reverse("frameworks:list"), {"from_year": "2569", "to_year": "2570"})
    copy = Framework.objects.get(fiscal_year=2570)
    assert (
        response.status_code == 302
        and response["Location"] == f"/admin/assessments/framework/{copy.pk}/change/"
    )
    assert client.get(response["Location"]).status_code == 200
    again = client.post(reverse("frameworks:list"), {"from_year": "2569", "to_year": "2570"})
    assert "อยู่แล้ว" in again.content.decode()
    client.post(reverse("frameworks:confirm", kwargs={"year": 2570}))
    assert Framework.objects.get(fiscal_year=2570).verified


@pytest.mark.parametrize("role", [Role.STAFF, Role.EXECUTIVE, Role.SUPERVISOR])
def test_others_are_refused(client, role):
    user = UserFactory(role=role, supervised_province="มหาสารคาม" if role == Role.SUPERVISOR else "")
    client.force_login(user)
    assert client.get(reverse("frameworks:list")).status_code == 403
    assert (
        client.post(reverse("frameworks:list"), {"from_year": "2569", "to_year": "2570"}).status_code == 403
    )
    assert client.post(reverse("frameworks:confirm", kwargs={"year": 2569})).status_code == 403
    assert not Framework.objects.filter(fiscal_year=2570).exists()
    assert not Framework.objects.get(fiscal_year=2569).verified


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("frameworks:list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
