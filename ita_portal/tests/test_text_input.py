"""clean_text: what a typed text becomes at input (issue 9, finding 8). Pure: no database."""

import pytest

from ita_portal.text_input import clean_nested, clean_text


@pytest.mark.parametrize(
    ("typed", "multiline", "stored"),
    [
        ("สำนัก\u200bปลัด", False, "สำนักปลัด"),  # zero-width space
        ("\ufeffกองคลัง\u2060", False, "กองคลัง"),  # BOM, word joiner
        ("กอง\u200cช่าง\u200d", False, "กองช่าง"),  # ZWNJ, ZWJ
        ("อบต.\x07จานลาน\x00", False, "อบต.จานลาน"),  # BEL, NUL
        ("a\x1b[31mb\x7f\x9bc", False, "a[31mbc"),  # ESC, DEL, C1 CSI
        ("บรรทัด ๑\r\nบรรทัด ๒\rบรรทัด ๓", True, "บรรทัด ๑\nบรรทัด ๒\nบรรทัด ๓"),
        ("ข้อ\tหนึ่ง\nข้อสอง", True, "ข้อ\tหนึ่ง\nข้อสอง"),  # tab and newline kept where lines are allowed
        ("ข้อ\tหนึ่ง\r\nข้อสอง", False, "ข้อ หนึ่ง ข้อสอง"),  # a one-line field gets spaces
        ("ก\u2028ข\x85ค", True, "ก\nข\nค"),  # Unicode line separators become \n
        ("Cafe\u0301", False, "Café"),  # NFC
        ("องค์การบริหารส่วนตำบลจานลาน", False, "องค์การบริหารส่วนตำบลจานลาน"),  # Thai is left as typed
        ("", True, ""),
    ],
)
def test_clean_text(typed, multiline, stored):
    assert clean_text(typed, multiline=multiline) == stored
    assert clean_text(stored, multiline=multiline) == stored  # idempotent


def test_clean_nested_cleans_every_string_of_a_document():
    texts = {"title": "รายงาน\x07", "activities": [{"name": "กิจ\u200bกรรม", "count": 3}], "n": None}
    assert clean_nested(texts) == {
        "title": "รายงาน",
        "activities": [{"name": "กิจกรรม", "count": 3}],
        "n": None,
    }


# -- applied at input: forms and models


@pytest.mark.django_db
def test_profile_form_post_is_stored_clean(client):
    from django.urls import reverse

    from ita_portal.models import Role
    from ita_portal.tests.factories import OrganisationFactory, UserFactory

    # A system administrator: only they may change district and province (finding 3).
    org = OrganisationFactory()
    client.force_login(UserFactory(role=Role.ADMIN, organisation=None))
    response = client.post(
        reverse("org:profile", kwargs={"org": org.slug}),
        {
            "name": "\u200bองค์การบริหารส่วนตำบล\x07จาน\u200bลาน\x00 ",
            "kind": "sao",
            # The place is chosen from the official list now (ita_portal.geo), not typed.
            "district_ref": "3704",
            "province_ref": "37",
            "address": "หมู่ ๑\r\nตำบลจานลาน\x1b",
            "mayor_name": "นาย\tสมหมาย\x9b",
            "use_thai_digits": "on",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.name == "องค์การบริหารส่วนตำบลจานลาน"
    assert (org.district, org.province) == ("พนา", "อำนาจเจริญ")
    assert org.address == "หมู่ ๑\nตำบลจานลาน"
    assert org.mayor_name == "นาย สมหมาย"


@pytest.mark.django_db
def test_model_full_clean_cleans_too_so_services_and_commands_are_covered():
    from ita_portal.tests.factories import OrganisationFactory
    from measures.models import Measure

    measure = Measure(organisation=OrganisationFactory(), fiscal_year=2567, title="มาตร\u200bการ\x07\r\nที่ ๑")
    measure.full_clean()
    assert measure.title == "มาตรการ\nที่ ๑"


@pytest.mark.django_db
def test_a_unit_name_with_a_zero_width_space_is_the_same_name(client):
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from ita_portal.models import OrgUnit
    from ita_portal.tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    url = reverse("org:unit_create", kwargs={"org": user.organisation.slug})
    assert client.post(url, {"name": "สำนักปลัด", "kind": "unit", "order": 1}).status_code == 302
    response = client.post(url, {"name": "สำนัก\u200bปลัด", "kind": "unit", "order": 2})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["มีหน่วยงานชื่อนี้อยู่แล้ว"]
    # A service or command that calls full_clean is refused the same way.
    twin = OrgUnit(organisation=user.organisation, name="\ufeffสำนัก\u200cปลัด")
    with pytest.raises(ValidationError):
        twin.full_clean()
    assert list(OrgUnit.objects.filter(organisation=user.organisation).values_list("name", flat=True)) == [
        "สำนักปลัด"
    ]
