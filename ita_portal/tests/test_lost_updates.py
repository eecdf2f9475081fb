"""Lost updates (finding 6 of issue 9): two people open the same form, both save. The second save is
refused with the Thai message and what the first person changed; the first person's data is kept.
Covers the organisation profile, a responsible unit, a recommendation and the memo texts, over HTTP on
the real database."""

import pytest
from django.urls import reverse

from assessments.models import Recommendation
from assessments.services import assessment_create
from ita_portal.models import Organisation, OrgUnit
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory
from reports.models import DocumentKind, ReportText

pytestmark = pytest.mark.django_db

STALE = "บันทึกข้อมูลนี้ไปแล้วหลังจากที่ท่านเปิดหน้านี้"


def as_post(form) -> dict:
    """What a browser submits for the form as loaded (disabled fields and files are not sent)."""
    data = {}
    for bound in form:
        field = bound.field
        if field.disabled or bound.name == "logo":
            continue
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            data[bound.name] = "on"
        elif isinstance(value, list | tuple):
            data[bound.name] = [str(v) for v in value]
        else:
            data[bound.name] = str(value)
    return data


@pytest.fixture
def two(client, django_user_model):
    """Two staff members of one organisation, each with their own browser."""
    from django.test import Client

    organisation = OrganisationFactory()
    first = UserFactory(organisation=organisation, username="somchai", first_name="สมชาย", last_name="ใจดี")
    second = UserFactory(organisation=organisation, username="somsri", first_name="สมศรี", last_name="ขยัน")
    a, b = Client(), Client()
    a.force_login(first)
    b.force_login(second)
    return organisation, a, b


def both_open(a, b, url):
    form_a = as_post(a.get(url).context["form"])
    form_b = as_post(b.get(url).context["form"])
    return form_a, form_b


def assert_refused(response, *, shows: str):
    assert response.status_code == 200
    page = response.content.decode()
    assert STALE in page and "สมชาย ใจดี" in page  # the message names who saved first
    assert "ข้อมูลนี้ถูกแก้ไขโดยผู้อื่นระหว่างที่ท่านเปิดหน้านี้" in page
    assert shows in page  # what the other person changed


def test_profile_second_save_is_refused_and_the_first_kept(two):
    organisation, a, b = two
    url = reverse("org:profile", kwargs={"org": organisation.slug})
    form_a, form_b = both_open(a, b, url)
    assert a.post(url, {**form_a, "mayor_name": "นายหนึ่ง ก่อนใคร"}).status_code == 302
    response = b.post(url, {**form_b, "mayor_name": "นายสอง ทีหลัง"})
    assert_refused(response, shows="นายหนึ่ง ก่อนใคร")
    assert Organisation.objects.get(pk=organisation.pk).mayor_name == "นายหนึ่ง ก่อนใคร"
    # What the second person typed is still in the form; saving again is a deliberate overwrite.
    again = as_post(response.context["form"])
    assert again["mayor_name"] == "นายสอง ทีหลัง"
    assert b.post(url, again).status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).mayor_name == "นายสอง ทีหลัง"


def test_unit_second_save_is_refused_and_the_first_kept(two):
    organisation, a, b = two
    unit = OrgUnitFactory(organisation=organisation, name="กองคลัง")
    url = reverse("org:unit_edit", kwargs={"org": organisation.slug, "pk": unit.pk})
    form_a, form_b = both_open(a, b, url)
    assert a.post(url, {**form_a, "name": "กองคลังและพัสดุ"}).status_code == 302
    response = b.post(url, {**form_b, "name": "กองการเงิน"})
    assert_refused(response, shows="กองคลังและพัสดุ")
    assert OrgUnit.objects.get(pk=unit.pk).name == "กองคลังและพัสดุ"
    assert unit.history.first().history_user.username == "somchai"


def test_recommendation_second_save_is_refused_and_the_first_kept(two):
    organisation, a, b = two
    assessment = assessment_create(organisation=organisation, fiscal_year=2566, actor=None)
    rec = Recommendation.objects.create(
        assessment=assessment, kind="weakness", tool=assessment.framework.tools.first(), advice="เดิม"
    )
    url = reverse(
        "assessments:recommendation_edit", kwargs={"org": organisation.slug, "year": 2566, "pk": rec.pk}
    )
    form_a, form_b = both_open(a, b, url)
    assert a.post(url, {**form_a, "advice": "ควรเผยแพร่ข้อมูลให้ครบ"}).status_code == 302
    response = b.post(url, {**form_b, "advice": "ควรทำอย่างอื่น"})
    assert_refused(response, shows="ควรเผยแพร่ข้อมูลให้ครบ")
    rec.refresh_from_db()
    assert rec.advice == "ควรเผยแพร่ข้อมูลให้ครบ" and rec.version == 2
    assert rec.history.first().history_user.username == "somchai"


@pytest.mark.parametrize("saved_before", [False, True], ids=["draft", "saved"])
def test_memo_second_save_is_refused_and_the_first_kept(two, saved_before):
    organisation, a, b = two
    url = reverse("reports:memo_edit", kwargs={"org": organisation.slug, "year": 2566})
    if saved_before:
        form = as_post(a.get(url).context["form"])
        assert a.post(url, {**form, "subject": "ฉบับแรก"}).status_code == 302
    form_a, form_b = both_open(a, b, url)
    assert a.post(url, {**form_a, "subject": "เรื่องที่สมชายพิมพ์"}).status_code == 302
    response = b.post(url, {**form_b, "subject": "เรื่องที่สมศรีพิมพ์"})
    assert_refused(response, shows="เรื่องที่สมชายพิมพ์")
    assert "เรื่อง" in response.content.decode()
    row = ReportText.objects.get(organisation=organisation, fiscal_year=2566, kind=DocumentKind.MEMO)
    assert row.texts["subject"] == "เรื่องที่สมชายพิมพ์"
    assert row.history.first().history_user.username == "somchai"  # the actor is recorded


def test_an_admin_save_bumps_the_version_so_an_open_form_is_refused(client, two):
    organisation, a, b = two
    unit = OrgUnitFactory(organisation=organisation, name="กองช่าง")
    url = reverse("org:unit_edit", kwargs={"org": organisation.slug, "pk": unit.pk})
    form_b = as_post(b.get(url).context["form"])
    admin = UserFactory(organisation=None, is_staff=True, is_superuser=True, username="admin")
    client.force_login(admin)
    change = reverse("admin:ita_portal_orgunit_change", args=[unit.pk])
    response = client.post(change, {"name": "กองช่างโยธา", "kind": "unit", "order": "0"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert OrgUnit.objects.get(pk=unit.pk).version == 2
    assert unit.history.first().history_user == admin
    assert STALE in b.post(url, {**form_b, "name": "กองช่างใหม่"}).content.decode()
    assert OrgUnit.objects.get(pk=unit.pk).name == "กองช่างโยธา"
