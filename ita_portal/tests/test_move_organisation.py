"""Province and district decide which supervisors see an organisation: staff cannot move their own
organisation (finding 3 of issue 9); a system administrator can, and the move is in the history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ita_portal.models import District, Organisation, Province
from ita_portal.permissions import can_move_organisation
from ita_portal.scoping import Role
from ita_portal.services import organisation_profile_update
from ita_portal.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile_post(organisation, **extra):
    return {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "province_ref": organisation.province_ref_id,
        "district_ref": organisation.district_ref_id,
        "use_thai_digits": "on",
        **extra,
    }


def test_only_system_administrators_may_move_an_organisation():
    organisation = OrganisationFactory()
    assert not can_move_organisation(UserFactory(organisation=organisation), organisation)
    assert not can_move_organisation(UserFactory(role=Role.SUPERVISOR, organisation=None), organisation)
    assert can_move_organisation(UserFactory(role=Role.ADMIN, organisation=None), organisation)
    assert can_move_organisation(UserFactory(is_superuser=True, organisation=None), organisation)


def test_staff_see_province_and_district_but_cannot_edit_them(client):
    staff = UserFactory()
    client.force_login(staff)
    form = client.get(reverse("org:profile", kwargs={"org": staff.organisation.slug})).context["form"]
    assert form.fields["province_ref"].disabled and form.fields["district_ref"].disabled
    assert form["province_ref"].value() == "44"  # มหาสารคาม in the official list


def test_a_forged_staff_post_leaves_province_and_district_unchanged(client):
    staff = UserFactory()
    organisation = staff.organisation
    client.force_login(staff)
    url = reverse("org:profile", kwargs={"org": organisation.slug})
    response = client.post(
        url, profile_post(organisation, province_ref="37", district_ref="3704", phone="045-000000")
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.province, organisation.district) == ("มหาสารคาม", "วาปีปทุม")
    assert organisation.phone == "045-000000"  # the rest of the profile was saved


def test_a_forged_blank_province_is_ignored_too(client):
    staff = UserFactory()
    client.force_login(staff)
    url = reverse("org:profile", kwargs={"org": staff.organisation.slug})
    client.post(url, profile_post(staff.organisation, province_ref="", district_ref=""))
    assert Organisation.objects.get(pk=staff.organisation.pk).province == "มหาสารคาม"


def test_the_service_refuses_a_move_by_staff():
    staff = UserFactory()
    with pytest.raises(ValidationError) as error:
        organisation_profile_update(
            organisation=staff.organisation,
            data={"province_ref": Province.objects.get(pk="37")},
            expected_version=None,
            actor=staff,
        )
    assert "province_ref" in error.value.message_dict
    assert Organisation.objects.get(pk=staff.organisation.pk).province == "มหาสารคาม"


def test_an_administrator_moves_it_on_the_profile_form_and_the_history_names_them(client):
    organisation = OrganisationFactory()
    admin = UserFactory(role=Role.ADMIN, organisation=None, first_name="ผู้ดูแล", last_name="ระบบ")
    client.force_login(admin)
    url = reverse("org:profile", kwargs={"org": organisation.slug})
    assert not client.get(url).context["form"].fields["province_ref"].disabled
    response = client.post(url, profile_post(organisation, province_ref="37", district_ref="3704"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.province, organisation.district) == ("อำนาจเจริญ", "พนา")
    record = organisation.history.first()
    assert record.history_user == admin
    assert (record.province, record.district) == ("อำนาจเจริญ", "พนา")
    assert "มหาสารคาม" in record.history_change_reason and "อำนาจเจริญ" in record.history_change_reason


def test_an_administrator_moves_it_in_the_django_admin_and_the_history_names_them(client):
    organisation = OrganisationFactory()
    admin = UserFactory(role=Role.ADMIN, organisation=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:ita_portal_organisation_change", args=[organisation.pk])
    data = {
        "slug": organisation.slug,
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "district_ref": "3704",
        "province_ref": "37",
        "use_thai_digits": "on",
        "units-TOTAL_FORMS": "0",
        "units-INITIAL_FORMS": "0",
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation.refresh_from_db()
    assert organisation.province == "อำนาจเจริญ"
    assert organisation.history.first().history_user == admin


def test_a_province_administrator_moves_an_organisation_within_their_province_only():
    organisation = OrganisationFactory()  # วาปีปทุม, มหาสารคาม
    province_admin = UserFactory(role=Role.PROVINCE_ADMIN, organisation=None, supervised_province="มหาสารคาม")
    assert can_move_organisation(province_admin, organisation)
    assert can_move_organisation(province_admin, organisation, "44")
    assert not can_move_organisation(province_admin, organisation, "37")
    elsewhere = OrganisationFactory(province="อำนาจเจริญ", district="พนา")
    assert not can_move_organisation(province_admin, elsewhere)
    updated = organisation_profile_update(
        organisation=organisation,
        data={"district_ref": District.objects.get(pk="4407")},  # นาเชือก
        expected_version=None,
        actor=province_admin,
    )
    assert (updated.province, updated.district) == ("มหาสารคาม", "นาเชือก")
    assert updated.history.first().history_user == province_admin
    with pytest.raises(ValidationError):
        organisation_profile_update(
            organisation=organisation,
            data={
                "province_ref": Province.objects.get(pk="37"),
                "district_ref": District.objects.get(pk="3704"),
            },
            expected_version=None,
            actor=province_admin,
        )
    assert Organisation.objects.get(pk=organisation.pk).province == "มหาสารคาม"


def test_a_district_outside_the_chosen_province_is_refused_in_thai():
    organisation = OrganisationFactory()
    admin = UserFactory(role=Role.ADMIN, organisation=None)
    with pytest.raises(ValidationError) as error:
        organisation_profile_update(
            organisation=organisation,
            data={"district_ref": District.objects.get(pk="3704")},  # พนา is in อำนาจเจริญ
            expected_version=None,
            actor=admin,
        )
    assert "อำเภอนี้ไม่อยู่ในจังหวัดที่เลือก" in str(error.value)
