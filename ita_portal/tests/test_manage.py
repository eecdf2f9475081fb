"""/manage/ across roles and organisations (issue 11): system administrators manage every organisation,
a province administrator their province's; everyone else is refused."""

import pytest
from django.urls import reverse

from ita_portal.models import Organisation, User
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    mine = OrganisationFactory(name="อบต.ในจังหวัด", dla_code="6440999")
    other = OrganisationFactory(name="อบต.ต่างจังหวัด", province="อำนาจเจริญ", district="พนา")
    return mine, other


def province_admin():
    return UserFactory(role=Role.PROVINCE_ADMIN, organisation=None, supervised_province="มหาสารคาม")


def pages(org):
    return [
        reverse("manage:home"),
        reverse("manage:add"),
        reverse("manage:import"),
        reverse("manage:import_template", kwargs={"fmt": "csv"}),
        reverse("manage:move", kwargs={"slug": org.slug}),
        reverse("manage:deactivate", kwargs={"slug": org.slug}),
    ]


@pytest.mark.parametrize("role", [Role.STAFF, Role.UNIT_STAFF, Role.EXECUTIVE, Role.SUPERVISOR])
def test_other_roles_are_refused(client, world, role):
    mine, _ = world
    unit = OrgUnitFactory(organisation=mine) if role == Role.UNIT_STAFF else None
    area = role == Role.SUPERVISOR
    client.force_login(
        UserFactory(
            role=role,
            organisation=None if area else mine,
            unit=unit,
            supervised_province="มหาสารคาม" if area else "",
        )
    )
    for url in pages(mine):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {}).status_code == 403, url
    assert Organisation.objects.get(pk=mine.pk).is_active


def test_anonymous_is_sent_to_login(client, world):
    for url in pages(world[0]):
        assert "/accounts/login/" in client.get(url)["Location"]


def test_a_province_administrator_sees_only_their_province(client, world):
    mine, other = world
    client.force_login(province_admin())
    body = client.get(reverse("manage:home")).content.decode()
    assert "อบต.ในจังหวัด" in body and "อบต.ต่างจังหวัด" not in body
    for url in pages(other)[4:]:
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404
    assert Organisation.objects.get(pk=other.pk).is_active


def test_a_system_administrator_sees_every_organisation_and_searches(client, world):
    client.force_login(UserFactory(role=Role.ADMIN, organisation=None))
    body = client.get(reverse("manage:home")).content.decode()
    assert "อบต.ในจังหวัด" in body and "อบต.ต่างจังหวัด" in body
    body = client.get(reverse("manage:home"), {"q": "6440999"}).content.decode()
    assert "อบต.ในจังหวัด" in body and "อบต.ต่างจังหวัด" not in body
    # a NUL in the query is the Thai 400 page (ita_portal.middleware), not a 500
    assert client.get(reverse("manage:home"), {"q": "\x00"}).status_code == 400


def test_adding_an_organisation_makes_its_slug_from_the_code(client):
    actor = province_admin()
    client.force_login(actor)
    page = client.get(reverse("manage:add")).content.decode()
    assert "js/manage.js" in page and 'data-province="44"' in page and 'data-province="37"' not in page
    response = client.post(
        reverse("manage:add"),
        {
            "kind": "sao",
            "name": "องค์การบริหารส่วนตำบลใหม่",
            "dla_code": "๖๔๔๐๙๙๘",
            "province_ref": "44",
            "district_ref": "4407",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    org = Organisation.objects.get(dla_code="6440998")
    assert (org.slug, org.province, org.district) == ("dla-6440998", "มหาสารคาม", "นาเชือก")
    record = org.history.get()
    assert record.history_user == actor and record.history_type == "+"


def test_a_province_administrator_cannot_add_elsewhere_or_reuse_a_code(client, world):
    client.force_login(province_admin())
    response = client.post(
        reverse("manage:add"),
        {
            "kind": "sao",
            "name": "อบต.ไกล",
            "dla_code": "3700199",
            "province_ref": "37",
            "district_ref": "3704",
        },
    )
    assert response.status_code == 200 and not Organisation.objects.filter(dla_code="3700199").exists()
    response = client.post(
        reverse("manage:add"),
        {
            "kind": "sao",
            "name": "อบต.ซ้ำ",
            "dla_code": "6440999",
            "province_ref": "44",
            "district_ref": "4409",
        },
    )
    assert "มีหน่วยงานที่ใช้รหัส อปท. นี้อยู่แล้ว" in response.content.decode()


def test_a_province_administrator_changes_the_district_within_their_province(client, world):
    mine, _ = world
    actor = province_admin()
    client.force_login(actor)
    url = reverse("manage:move", kwargs={"slug": mine.slug})
    response = client.post(url, {"district_ref": "3704", "version": mine.version})  # พนา, อำนาจเจริญ
    assert response.status_code == 200
    assert Organisation.objects.get(pk=mine.pk).district == "วาปีปทุม"
    response = client.post(url, {"district_ref": "4407", "version": mine.version})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.district == "นาเชือก" and mine.history.first().history_user == actor


def test_deactivating_asks_first_then_closes_the_organisation_and_its_accounts(client, world):
    mine, _ = world
    member = UserFactory(organisation=mine)
    actor = province_admin()
    client.force_login(actor)
    url = reverse("manage:deactivate", kwargs={"slug": mine.slug})
    assert "ยืนยันการปิดใช้งาน" in client.get(url).content.decode()
    assert Organisation.objects.get(pk=mine.pk).is_active  # a GET changes nothing
    assert client.post(url).status_code == 302
    mine.refresh_from_db()
    assert not mine.is_active and not User.objects.get(pk=member.pk).is_active
    assert mine.history.first().history_user == actor


def test_a_province_administrator_reads_as_a_supervisor_but_does_not_edit(client, world):
    mine, _ = world
    client.force_login(province_admin())
    assert client.get(reverse("organisation_detail", kwargs={"org": mine.slug})).status_code == 200
    assert client.get(reverse("dashboards:overview")).status_code == 200
    assert client.get(reverse("org:profile", kwargs={"org": mine.slug})).status_code == 403
    assert client.get(reverse("measures:create", kwargs={"org": mine.slug})).status_code == 403
