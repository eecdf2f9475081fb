"""Assessment screens over HTTP: entry by typing and pasting, bad input, lost updates, permissions."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Assessment, Recommendation
from assessments.services import assessment_create
from assessments.tests.samples import BO_THONG_2566
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db

BO_THONG = list(BO_THONG_2566.values())


@pytest.fixture
def staff(client):
    user = UserFactory(role=Role.STAFF)
    client.force_login(user)
    return user


def entry_url(org, year=2566):
    return reverse("assessments:edit", kwargs={"org": org.slug, "year": year})


def test_pasting_the_indicator_column_saves_and_computes(client, staff):
    response = client.post(
        entry_url(staff.organisation),
        {"official_total": "๙๓.๗๓", "official_level": "ผ่านดี", "paste_indicators": "\n".join(BO_THONG) + "\n"},
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(organisation=staff.organisation)
    assert assessment.official_total == Decimal("93.73")
    assert (assessment.total, assessment.level, assessment.passed) == (Decimal("93.73"), "ผ่านดี", True)
    assert assessment.indicator_scores.count() == 10
    page = client.get(response.url).content.decode()
    assert "98.24" in page and "94.20" in page and "บันทึกผลการประเมินปี 2566 แล้ว" in page


def test_pasting_oit_items_as_pass_fail(client, staff):
    from assessments.models import Framework

    items = Framework.objects.get(fiscal_year=2566).questions.filter(indicator__tool__code="OIT").count()
    column = ["ผ่าน"] * (items - 2) + ["ไม่ผ่าน", "0"]
    response = client.post(entry_url(staff.organisation), {"paste_OIT": "\n".join(column)})
    assert response.status_code == 302
    rows = Assessment.objects.get().question_scores.filter(question__answer="item")
    assert rows.filter(passed=True).count() == items - 2 and rows.filter(passed=False).count() == 2


def test_a_column_with_the_wrong_number_of_values_is_refused(client, staff):
    response = client.post(entry_url(staff.organisation), {"paste_indicators": "\n".join(BO_THONG[:9])})
    assert response.status_code == 200
    assert "วางมา 9 ค่า แต่ตัวชี้วัดมี 10 ช่อง" in response.content.decode()
    assert not Assessment.objects.exists()
    response = client.post(entry_url(staff.organisation), {"paste_indicators": "\n".join(BO_THONG + ["77"])})
    assert "วางมา 11 ค่า" in response.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("101", "ระหว่าง 0 ถึง 100"),
        ("9.999", "ไม่เกิน 2 ตำแหน่ง"),
        ("เก้าสิบ", "ไม่ใช่ตัวเลข"),
        ("-5", "ระหว่าง 0 ถึง 100"),
    ],
)
def test_bad_scores_get_thai_messages_and_nothing_is_saved(client, staff, value, message):
    response = client.post(entry_url(staff.organisation), {"ind_1": "95", "ind_2": value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Assessment.objects.exists()


def test_thai_digits_are_accepted(client, staff):
    client.post(entry_url(staff.organisation), {"ind_1": "๙๘.๕"})
    assert Assessment.objects.get().indicator_scores.get().score == Decimal("98.50")


def test_second_save_from_a_stale_page_is_refused_and_shows_the_other_change(client, staff):
    organisation = staff.organisation
    client.post(entry_url(organisation), {"ind_1": "90", "version": ""})
    assessment = Assessment.objects.get()
    seen = assessment.version
    other = UserFactory(organisation=organisation, first_name="สมหญิง")
    client.force_login(other)
    assert (
        client.post(
            entry_url(organisation), {"ind_1": "95", "official_total": "91", "version": seen}
        ).status_code
        == 302
    )
    client.force_login(staff)
    response = client.post(entry_url(organisation), {"ind_1": "80", "version": seen})
    body = response.content.decode()
    assert response.status_code == 200
    assert "มีผู้อื่น" in body and "สมหญิง" in body
    assert Assessment.objects.get().indicator_scores.get().score == Decimal("95.00")


def test_clearing_a_score_removes_it(client, staff):
    client.post(entry_url(staff.organisation), {"ind_1": "90", "ind_2": "80"})
    assessment = Assessment.objects.get()
    client.post(entry_url(staff.organisation), {"ind_1": "90", "ind_2": "", "version": assessment.version})
    assert list(Assessment.objects.get().indicator_scores.values_list("indicator__number", flat=True)) == [1]


def test_history_lists_who_changed_which_score(client, staff):
    client.post(entry_url(staff.organisation), {"ind_3": "90"})
    assessment = Assessment.objects.get()
    client.post(entry_url(staff.organisation), {"ind_3": "97", "version": assessment.version})
    page = client.get(
        reverse("assessments:detail", kwargs={"org": staff.organisation.slug, "year": 2566})
    ).content.decode()
    assert "ตัวชี้วัดที่ 3" in page and "90.00 → <strong>97.00</strong>" in page


def test_html_in_text_is_shown_as_text(client, staff):
    assessment = assessment_create(organisation=staff.organisation, fiscal_year=2566, actor=None)
    url = reverse("assessments:recommendation_create", kwargs={"org": staff.organisation.slug, "year": 2566})
    response = client.post(
        url,
        {
            "kind": "weakness",
            "tool": assessment.framework.tools.get(code="EIT").pk,
            "issue": "<script>alert(1)</script>",
            "advice": "ควร<b>ปรับปรุง</b>",
            "order": 1,
        },
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_recommendation_units_only_from_own_organisation(client, staff):
    assessment = assessment_create(organisation=staff.organisation, fiscal_year=2566, actor=None)
    foreign = OrgUnitFactory()
    url = reverse("assessments:recommendation_create", kwargs={"org": staff.organisation.slug, "year": 2566})
    response = client.post(
        url,
        {
            "kind": "strength",
            "tool": assessment.framework.tools.first().pk,
            "assigned_units": [foreign.pk],
            "order": 1,
        },
    )
    assert response.status_code == 200 and not Recommendation.objects.exists()


def test_recommendation_edit_and_delete_with_confirmation(client, staff):
    assessment = assessment_create(organisation=staff.organisation, fiscal_year=2566, actor=None)
    unit = OrgUnitFactory(organisation=staff.organisation, name="สำนักปลัด")
    rec = Recommendation.objects.create(
        assessment=assessment, kind="weakness", tool=assessment.framework.tools.first()
    )
    kwargs = {"org": staff.organisation.slug, "year": 2566, "pk": rec.pk}
    response = client.post(
        reverse("assessments:recommendation_edit", kwargs=kwargs),
        {"kind": "weakness", "tool": rec.tool_id, "score": "๖๕.๕", "assigned_units": [unit.pk], "order": 2},
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.score == Decimal("65.50") and list(rec.assigned_units.all()) == [unit]
    confirm = client.get(reverse("assessments:recommendation_delete", kwargs=kwargs))
    assert "ยืนยันการลบ" in confirm.content.decode()
    client.post(reverse("assessments:recommendation_delete", kwargs=kwargs))
    assert not Recommendation.objects.exists()


# -- permission matrix: role × view × own/other organisation


@pytest.fixture
def world():
    own = OrganisationFactory(slug="own")
    other = OrganisationFactory(slug="other", province="ลพบุรี")
    for org in (own, other):
        assessment = assessment_create(
            organisation=org, fiscal_year=2566, indicator_scores={1: "90"}, actor=None
        )
        Recommendation.objects.create(
            assessment=assessment, kind="weakness", tool=assessment.framework.tools.first()
        )
    unit = OrgUnitFactory(organisation=own, name="งานนิติการ")
    users = {
        Role.STAFF: UserFactory(role=Role.STAFF, organisation=own),
        Role.UNIT_STAFF: UserFactory(role=Role.UNIT_STAFF, organisation=own, unit=unit),
        Role.EXECUTIVE: UserFactory(role=Role.EXECUTIVE, organisation=own),
        Role.SUPERVISOR: UserFactory(
            role=Role.SUPERVISOR, organisation=None, supervised_province=own.province
        ),
        Role.PROVINCE_ADMIN: UserFactory(
            role=Role.PROVINCE_ADMIN, organisation=None, supervised_province=own.province
        ),
    }
    return own, other, users


def urls(org):
    rec = Recommendation.objects.get(assessment__organisation=org)
    year = {"org": org.slug, "year": 2566}
    return {
        "list": reverse("assessments:list", kwargs={"org": org.slug}),
        "detail": reverse("assessments:detail", kwargs=year),
        "edit": reverse("assessments:edit", kwargs=year),
        "rec_create": reverse("assessments:recommendation_create", kwargs=year),
        "rec_edit": reverse("assessments:recommendation_edit", kwargs={**year, "pk": rec.pk}),
        "rec_delete": reverse("assessments:recommendation_delete", kwargs={**year, "pk": rec.pk}),
    }


READ = {"list", "detail"}


@pytest.mark.parametrize(
    "role", [Role.STAFF, Role.UNIT_STAFF, Role.EXECUTIVE, Role.SUPERVISOR, Role.PROVINCE_ADMIN]
)
def test_permission_matrix(client, world, role):
    own, other, users = world
    client.force_login(users[role])
    for name, url in urls(own).items():
        expected = 200 if name in READ or role == Role.STAFF else 403
        assert client.get(url).status_code == expected, (role, name)
    for name, url in urls(other).items():
        assert client.get(url).status_code == 404, (role, name)
        assert client.post(url, {}).status_code == 404, (role, name)
    if role != Role.STAFF:
        assert client.post(urls(own)["edit"], {"ind_1": "10"}).status_code == 403
        assert Assessment.objects.get(organisation=own).indicator_scores.get().score == Decimal("90.00")


def test_anonymous_is_sent_to_login(client, world):
    own, _, _ = world
    for url in urls(own).values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
