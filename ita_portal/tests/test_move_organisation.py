"""Province and district decide which supervisors see an organisation: staff cannot move their own
organisation (finding 3 of issue 9); a system administrator can, and the move is in the history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ita_portal.models import Organisation
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
        "district": organisation.district,
        "province": organisation.province,
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
    assert form.fields["province"].disabled and form.fields["district"].disabled
    assert form["province"].value() == "มหาสารคาม"


def test_a_forged_staff_post_leaves_province_and_district_unchanged(client):
    staff = UserFactory()
    organisation = staff.organisation
    client.force_login(staff)
    url = reverse("org:profile", kwargs={"org": organisation.slug})
    response = client.post(
        url, profile_post(organisation, province="อำนาจเจริญ", district="พนา", phone="045-000000")
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.province, organisation.district) == ("มหาสารคาม", "วาปีปทุม")
    assert organisation.phone == "045-000000"  # the rest of the profile was saved


def test_a_forged_blank_province_is_ignored_too(client):
    staff = UserFactory()
    client.force_login(staff)
    url = reverse("org:profile", kwargs={"org": staff.organisation.slug})
    client.post(url, profile_post(staff.organisation, province="", district=""))
    assert Organisation.objects.get(pk=staff.organisation.pk).province == "มหาสารคาม"


def test_the_service_refuses_a_move_by_staff():
    staff = UserFactory()
    with pytest.raises(ValidationError) as error:
        organisation_profile_update(
            organisation=staff.organisation,
            data={"province": "อำนาจเจริญ"},
            expected_version=None,
            actor=staff,
        )
    assert "province" in error.value.message_dict
    assert Organisation.objects.get(pk=staff.organisation.pk).province == "มหาสารคาม"


def test_an_administrator_moves_it_on_the_profile_form_and_the_history_names_them(client):
    organisation = OrganisationFactory()
    admin = UserFactory(role=Role.ADMIN, organisation=None, first_name="ผู้ดูแล", last_name="ระบบ")
    client.force_login(admin)
    url = reverse("org:profile", kwargs={"org": organisation.slug})
    assert not client.get(url).context["form"].fields["province"].disabled
    response = client.post(url, profile_post(organisation, province="อำนาจเจริญ", district="พนา"))
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
        "district": "พนา",
        "province": "อำนาจเจริญ",
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
