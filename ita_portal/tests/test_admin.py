"""The Django admin stays usable: adding a user (role, organisation and unit on the first page,
validated in Thai), autocompletes for organisation and unit, units narrowed to the chosen organisation."""

import json

import pytest
from django.urls import reverse

from ita_portal.models import User
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

ADD_USER = reverse("admin:ita_portal_user_add")


def new_user(**fields):
    return {
        "username": "new-clerk",
        "usable_password": "true",
        "password1": "ต้นมะม่วง-2569-สีเขียว",
        "password2": "ต้นมะม่วง-2569-สีเขียว",
        "role": Role.STAFF,
        "organisation": "",
        "unit": "",
        "supervised_province_ref": "",
        "supervised_district_ref": "",
        **fields,
    }


def test_the_add_page_asks_for_role_organisation_and_unit(admin_client):
    response = admin_client.get(ADD_USER)
    body = response.content.decode()
    assert response.status_code == 200
    for field in ("id_role", "id_organisation", "id_unit", "id_supervised_province_ref"):
        assert f'id="{field}"' in body
    # autocompletes, not a <select> of every organisation and unit
    assert body.count("admin-autocomplete") >= 2
    assert "js/admin_units_of_organisation.js" in body


def test_admin_adds_a_staff_user(admin_client):
    organisation = OrganisationFactory()
    response = admin_client.post(ADD_USER, new_user(organisation=organisation.pk))
    assert response.status_code == 302
    user = User.objects.get(username="new-clerk")
    assert user.organisation == organisation and user.role == Role.STAFF
    assert user.check_password("ต้นมะม่วง-2569-สีเขียว")


def test_admin_adds_a_unit_staff_user_with_their_unit(admin_client):
    unit = OrgUnitFactory()
    response = admin_client.post(
        ADD_USER, new_user(role=Role.UNIT_STAFF, organisation=unit.organisation_id, unit=unit.pk)
    )
    assert response.status_code == 302
    assert User.objects.get(username="new-clerk").unit == unit


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"role": Role.STAFF}, "organisation", "บทบาทนี้ต้องระบุหน่วยงาน"),
        ({"role": Role.EXECUTIVE}, "organisation", "บทบาทนี้ต้องระบุหน่วยงาน"),
        ({"role": Role.SUPERVISOR}, "supervised_province_ref", "ผู้กำกับดูแลและผู้ดูแลระดับจังหวัดต้องระบุจังหวัด"),
    ],
)
def test_a_missing_organisation_is_a_thai_error_not_a_500(admin_client, fields, field, message):
    response = admin_client.post(ADD_USER, new_user(**fields))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors[field] == [message]
    assert message in response.content.decode()
    assert not User.objects.filter(username="new-clerk").exists()


def test_a_unit_of_another_organisation_is_refused(admin_client):
    organisation, foreign_unit = OrganisationFactory(), OrgUnitFactory()
    response = admin_client.post(
        ADD_USER, new_user(role=Role.UNIT_STAFF, organisation=organisation.pk, unit=foreign_unit.pk)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"] == ["กอง/งานต้องอยู่ในหน่วยงานของผู้ใช้"]


def _unit_choices(admin_client, **extra):
    params = {"app_label": "ita_portal", "model_name": "user", "field_name": "unit", "term": "", **extra}
    response = admin_client.get(reverse("admin:autocomplete"), params)
    assert response.status_code == 200
    return {row["text"] for row in json.loads(response.content)["results"]}


def test_the_unit_autocomplete_lists_the_chosen_organisations_units_only(admin_client):
    ours = OrgUnitFactory(name="กองคลัง")
    OrgUnitFactory(name="กองช่าง")  # another organisation's
    assert _unit_choices(admin_client, organisation=ours.organisation_id) == {"กองคลัง"}
    assert _unit_choices(admin_client, organisation="") == set()  # no organisation chosen yet
    assert _unit_choices(admin_client) == {"กองคลัง", "กองช่าง"}  # without the script: Django's own


def test_the_unit_script_is_a_static_file(client):
    from django.contrib.staticfiles import finders

    path = finders.find("js/admin_units_of_organisation.js")
    assert path, "served from static/, allowed by a CSP without inline scripts"
    source = open(path, encoding="utf-8").read()
    assert "organisation=" in source and "ajaxPrefilter" in source


def test_the_change_pages_still_answer(admin_client):
    unit = OrgUnitFactory()
    user = User.objects.create_user("clerk", role=Role.UNIT_STAFF, organisation=unit.organisation, unit=unit)
    assert admin_client.get(reverse("admin:ita_portal_user_change", args=[user.pk])).status_code == 200
    assert admin_client.get(reverse("admin:ita_portal_orgunit_change", args=[unit.pk])).status_code == 200
    page = admin_client.get(reverse("admin:ita_portal_organisation_change", args=[unit.organisation_id]))
    assert page.status_code == 200


ADD_ORGANISATION = reverse("admin:ita_portal_organisation_add")


def new_organisation(**fields):
    return {
        "name": "องค์การบริหารส่วนตำบลบ้านใหม่",
        "short_name": "",
        "kind": "sao",
        "province_ref": "44",
        "district_ref": "4409",
        "use_thai_digits": "on",
        "units-TOTAL_FORMS": "0",
        "units-INITIAL_FORMS": "0",
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_adding_an_organisation_asks_for_no_slug_the_portal_makes_it(admin_client):
    """Issue 11: the URL slug is made by the portal (from the DLA code, else org-<n>), never typed."""
    from ita_portal.models import Organisation

    body = admin_client.get(ADD_ORGANISATION).content.decode()
    assert 'name="slug"' not in body and "id_slug" not in body

    response = admin_client.post(ADD_ORGANISATION, new_organisation(dla_code="6440999"))
    assert response.status_code == 302, response.content.decode()[:3000]
    with_code = Organisation.objects.get(dla_code="6440999")
    assert with_code.slug == "dla-6440999"
    assert with_code.history.latest().history_user is not None

    OrganisationFactory(slug="org-3")  # a taken org-<n> is skipped
    response = admin_client.post(ADD_ORGANISATION, new_organisation(name="เทศบาลตำบลไม่มีรหัส", dla_code=""))
    assert response.status_code == 302
    without_code = Organisation.objects.get(name="เทศบาลตำบลไม่มีรหัส")
    assert without_code.slug.startswith("org-") and without_code.slug != "org-3"
    # the change page shows the slug but does not take a typed one
    change = admin_client.get(reverse("admin:ita_portal_organisation_change", args=[without_code.pk]))
    assert without_code.slug in change.content.decode() and 'name="slug"' not in change.content.decode()


def test_a_province_admin_added_in_the_admin_covers_the_whole_province(admin_client, admin_user):
    response = admin_client.post(
        ADD_USER,
        new_user(role=Role.PROVINCE_ADMIN, supervised_province_ref="44", supervised_district_ref="4409"),
    )
    assert response.status_code == 302
    user = User.objects.get(username="new-clerk")
    # The service's named step: the shown names follow the references; a province admin has no district.
    assert (user.supervised_province, user.supervised_district_ref_id, user.supervised_district) == (
        "มหาสารคาม",
        None,
        "",
    )
    assert user.history.first().history_user == admin_user


def test_deleting_a_unit_in_the_admin_goes_through_the_service(admin_client, admin_user):
    from ita_portal.tests.factories import UserFactory

    unit = OrgUnitFactory()
    child = OrgUnitFactory(organisation=unit.organisation, parent=unit)
    member = UserFactory(role=Role.UNIT_STAFF, organisation=unit.organisation, unit=child)
    version = type(unit.organisation).objects.get(pk=unit.organisation_id).data_version
    response = admin_client.post(reverse("admin:ita_portal_orgunit_delete", args=[unit.pk]), {"post": "yes"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.unit is None and member.history.first().history_user == admin_user
    deleted = unit.history.model.objects.filter(history_type="-")
    assert {row.id for row in deleted} == {unit.pk, child.pk}
    assert {row.history_user for row in deleted} == {admin_user}
    assert type(unit.organisation).objects.get(pk=unit.organisation_id).data_version == version + 1
