"""The official list of provinces and districts, the matching rule that never guesses, and scope by
reference (issue 11)."""

import io

import pytest
from django.core.management import call_command

from ita_portal import geo
from ita_portal.geo_unmatched import unmatched_places
from ita_portal.models import District, Organisation, Province, User
from ita_portal.scoping import Role
from ita_portal.services import organisation_save
from ita_portal.tests.factories import OrganisationFactory, UserFactory


def tables():
    return geo.lookup_tables(*geo.official_rows())


def test_the_official_list_has_77_provinces_and_their_districts():
    provinces, districts = geo.official_rows()
    assert len(provinces) == 77 and len({c for c, _ in provinces}) == 77
    assert len(districts) == 928
    assert ("4409", "44", "วาปีปทุม") in districts


def test_a_district_is_matched_only_within_its_province():
    provinces, districts = tables()
    assert (
        geo.match_place("มหาสารคาม", "อ.วาปีปทุม", provinces=provinces, districts=districts).district_code
        == "4409"
    )
    assert (
        geo.match_place("จังหวัด มหาสารคาม", "เมือง", provinces=provinces, districts=districts).district_code
        == "4401"
    )
    # เฉลิมพระเกียรติ is in five provinces: without a province nothing is matched, and the reason says so
    blank = geo.match_place("", "เฉลิมพระเกียรติ", provinces=provinces, districts=districts)
    assert blank.province_code is None and "ไม่เดา" in blank.problem
    wrong = geo.match_place("มหาสารคาม", "พนา", provinces=provinces, districts=districts)
    assert (wrong.province_code, wrong.district_code) == ("44", None) and "พนา" in wrong.problem
    typo = geo.match_place("มหาสาคาม", "วาปีปทุม", provinces=provinces, districts=districts)
    assert typo.province_code is None and "มหาสาคาม" in typo.problem


@pytest.mark.django_db
def test_the_tables_are_loaded_by_the_migration():
    assert Province.objects.count() == 77 and District.objects.count() == 928
    assert geo.geo_load(Province, District) == 0  # idempotent


@pytest.mark.django_db
def test_names_written_by_a_fixture_get_references_and_references_decide_the_names():
    org = OrganisationFactory(province="มหาสารคาม", district="อำเภอนาเชือก")
    assert (org.province_ref_id, org.district_ref_id, org.district) == ("44", "4407", "นาเชือก")
    org = Organisation.objects.get(pk=org.pk)
    org.district_ref = District.objects.get(pk="4409")
    organisation_save(organisation=org, actor=UserFactory(role=Role.ADMIN, organisation=None))
    assert Organisation.objects.get(pk=org.pk).district == "วาปีปทุม"


@pytest.mark.django_db
def test_a_typo_no_longer_hides_an_organisation_from_its_supervisor():
    supervisor = UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="มหาสารคาม")
    mine = OrganisationFactory()
    # The shown name differs (written by hand somewhere), the reference still says มหาสารคาม.
    Organisation.objects.filter(pk=mine.pk).update(province="มหาสารคาม ")
    assert list(Organisation.objects.visible_to(supervisor)) == [mine]


@pytest.mark.django_db
def test_a_supervisor_whose_district_does_not_match_sees_nothing_rather_than_the_province():
    OrganisationFactory()
    typo = UserFactory(
        role=Role.SUPERVISOR,
        organisation=None,
        supervised_province="มหาสารคาม",
        supervised_district="วาปีปทุมม",
    )
    assert typo.supervised_province_ref_id is None
    assert not Organisation.objects.visible_to(typo).exists()
    assert any(u.name == typo.username for u in unmatched_places())


@pytest.mark.django_db
def test_geo_unmatched_lists_what_did_not_match():
    OrganisationFactory(name="อบต.ไม่มีจังหวัด", province="", district="เฉลิมพระเกียรติ")
    OrganisationFactory(name="อบต.พิมพ์ผิด", province="มหาสาคาม", district="วาปีปทุม")
    OrganisationFactory(name="อบต.ถูกต้อง")
    out = io.StringIO()
    call_command("geo_unmatched", stdout=out)
    text = out.getvalue()
    assert "อบต.ไม่มีจังหวัด" in text and "อบต.พิมพ์ผิด" in text and "อบต.ถูกต้อง" not in text
    assert "ไม่ตรงกับรายชื่อทางการ 2 รายการ" in text


@pytest.mark.django_db
def test_the_data_migration_matches_existing_rows_and_leaves_the_rest(django_db_blocker):
    from django.apps import apps

    from ita_portal.migrations import __name__ as package  # noqa: F401

    migration = __import__("ita_portal.migrations.0012_geo_load_match_j", fromlist=["forwards"])
    good = OrganisationFactory()
    unknown = OrganisationFactory(province="ไม่มีจังหวัดนี้", district="")
    supervisor = UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="มหาสารคาม")
    Organisation.objects.update(province_ref=None, district_ref=None)
    User.objects.update(supervised_province_ref=None, supervised_district_ref=None)
    migration.forwards(apps, None)
    good.refresh_from_db(), unknown.refresh_from_db(), supervisor.refresh_from_db()
    assert (good.province_ref_id, good.district_ref_id) == ("44", "4409")
    assert unknown.province_ref_id is None and unknown.province == "ไม่มีจังหวัดนี้"
    assert supervisor.supervised_province_ref_id == "44"
