"""Organisation profile and responsible units over HTTP."""

import pytest
from django.urls import reverse

from ita_portal.models import OrgUnit
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile_data(**extra):
    return {
        "name": "องค์การบริหารส่วนตำบลทดสอบ",
        "kind": "sao",
        "district": "พนา",
        "province": "อำนาจเจริญ",
        "use_thai_digits": "on",
        **extra,
    }


def test_staff_edits_the_profile_and_a_bare_website_gets_https(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("org:profile", kwargs={"org": user.organisation.slug})
    response = client.post(url, profile_data(website="www.janlan-acr.go.th", mayor_name="นายสมหมาย ศิริอนันต์"))
    assert response.status_code == 302
    user.organisation.refresh_from_db()
    assert user.organisation.website == "https://www.janlan-acr.go.th"
    assert user.organisation.mayor_name == "นายสมหมาย ศิริอนันต์"


def test_logo_must_be_an_image_by_content(client, media_root):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user = UserFactory()
    client.force_login(user)
    url = reverse("org:profile", kwargs={"org": user.organisation.slug})
    fake = SimpleUploadedFile("emblem.png", b"not really a png", content_type="image/png")
    response = client.post(url, profile_data(logo=fake))
    assert response.status_code == 200 and "รูปภาพ" in response.content.decode()


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.UNIT_STAFF, Role.SUPERVISOR, Role.PROVINCE_ADMIN])
def test_readers_cannot_edit_profile_or_units(client, role):
    organisation = OrganisationFactory()
    unit = OrgUnitFactory(organisation=organisation)
    area = role in (Role.SUPERVISOR, Role.PROVINCE_ADMIN)
    user = UserFactory(
        role=role,
        organisation=None if area else organisation,
        unit=unit if role == Role.UNIT_STAFF else None,
        supervised_province=organisation.province if area else "",
    )
    client.force_login(user)
    org = {"org": organisation.slug}
    assert client.get(reverse("org:units", kwargs=org)).status_code == 200
    for url in (
        reverse("org:profile", kwargs=org),
        reverse("org:unit_create", kwargs=org),
        reverse("org:unit_edit", kwargs={**org, "pk": unit.pk}),
        reverse("org:unit_delete", kwargs={**org, "pk": unit.pk}),
    ):
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "x"}).status_code == 403
    assert OrgUnit.objects.filter(pk=unit.pk).exists()


def test_another_organisations_units_are_404(client):
    user = UserFactory()
    other_unit = OrgUnitFactory()
    client.force_login(user)
    org = {"org": other_unit.organisation.slug}
    assert client.get(reverse("org:units", kwargs=org)).status_code == 404
    assert client.get(reverse("org:profile", kwargs=org)).status_code == 404
    # a unit of another organisation through one's own organisation's URL is not found either
    own = {"org": user.organisation.slug, "pk": other_unit.pk}
    assert client.get(reverse("org:unit_edit", kwargs=own)).status_code == 404
    assert client.post(reverse("org:unit_delete", kwargs=own)).status_code == 404


def test_unit_tree_add_duplicate_and_cycle(client):
    user = UserFactory()
    client.force_login(user)
    org = {"org": user.organisation.slug}
    client.post(reverse("org:unit_create", kwargs=org), {"name": "สำนักปลัด", "kind": "unit", "order": 1})
    office = OrgUnit.objects.get(name="สำนักปลัด")
    client.post(
        reverse("org:unit_create", kwargs=org),
        {"name": "งานนิติการ", "kind": "unit", "parent": office.pk, "order": 2},
    )
    child = OrgUnit.objects.get(name="งานนิติการ")
    assert child.parent == office
    duplicate = client.post(
        reverse("org:unit_create", kwargs=org), {"name": "สำนักปลัด", "kind": "unit", "order": 3}
    )
    assert "มีหน่วยงานชื่อนี้อยู่แล้ว" in duplicate.content.decode()
    cycle = client.post(
        reverse("org:unit_edit", kwargs={**org, "pk": office.pk}),
        {"name": "สำนักปลัด", "kind": "unit", "parent": child.pk, "order": 1},
    )
    assert cycle.status_code == 200 and "สังกัดตัวเอง" in cycle.content.decode()
    page = client.get(reverse("org:units", kwargs=org)).content.decode()
    assert page.index("สำนักปลัด") < page.index("งานนิติการ")


def test_deleting_a_unit_asks_first_and_says_what_it_touches(client):
    from measures.tests.factories import MeasureFactory

    user = UserFactory()
    unit = OrgUnitFactory(organisation=user.organisation, name="กองคลัง")
    MeasureFactory(organisation=user.organisation).units.add(unit)
    client.force_login(user)
    url = reverse("org:unit_delete", kwargs={"org": user.organisation.slug, "pk": unit.pk})
    assert "เป็นผู้รับผิดชอบของ 1 มาตรการ" in client.get(url).content.decode()
    client.post(url)
    assert not OrgUnit.objects.filter(pk=unit.pk).exists()
