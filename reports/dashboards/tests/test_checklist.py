"""The first-run checklist on the organisation page: four items, each linking to its page, computed in
a fixed number of queries, shown to editors until every item is done."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Framework
from assessments.tests.factories import AssessmentFactory
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory
from measures.tests.factories import MeasureFactory
from reports.dashboards.checklist import (
    OrganisationFacts,
    build_checklist,
    checklist_items,
    latest_result_year,
)

TODAY = dt.date(2024, 12, 1)  # FY2568: the latest result is 2567's, this year's measures are 2568's
URLS = {k: f"/{k}/" for k in ("profile", "units", "assessment", "measures")}
COMPLETE_PROFILE = {
    "mayor_name": "นายสมหมาย ศิริอนันต์",
    "mayor_position": "นายกองค์การบริหารส่วนตำบลทดสอบ",
    "clerk_name": "นางสาวใจดี มีสุข",
    "clerk_position": "ปลัดองค์การบริหารส่วนตำบล",
    "letter_code": "มค ๗๘๑๐๑",
}


def facts(**changes):
    values = dict(
        profile_missing=(),
        has_units=True,
        latest_year=2567,
        has_latest_assessment=True,
        measures_year=2568,
        has_measures=True,
    )
    return OrganisationFacts(**{**values, **changes})


def test_everything_done():
    items = checklist_items(facts(), URLS)
    assert [i.key for i in items] == ["profile", "units", "assessment", "measures"]
    assert all(i.done for i in items) and [i.url for i in items] == list(URLS.values())


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"profile_missing": ("ชื่อปลัด",)}, "profile"),
        ({"has_units": False}, "units"),
        ({"has_latest_assessment": False}, "assessment"),
        ({"has_measures": False}, "measures"),
    ],
)
def test_each_item_on_its_own(change, key):
    items = {i.key: i for i in checklist_items(facts(**change), URLS)}
    assert [k for k, i in items.items() if not i.done] == [key]


def test_missing_profile_fields_are_named():
    item = checklist_items(facts(profile_missing=("ชื่อนายก", "รหัสหนังสือ (ที่)")), URLS)[0]
    assert item.detail == "ยังไม่ได้กรอก: ชื่อนายก, รหัสหนังสือ (ที่)"


def test_no_assessment_item_before_any_framework():
    assert "assessment" not in [i.key for i in checklist_items(facts(latest_year=None), URLS)]


@pytest.mark.parametrize(
    ("today", "years", "expected"),
    [
        (dt.date(2024, 12, 1), [2565, 2566, 2567, 2568], 2567),
        (dt.date(2024, 9, 30), [2565, 2566, 2567, 2568], 2566),
        (dt.date(2030, 1, 1), [2565, 2566], 2566),
        (dt.date(2020, 1, 1), [2565], None),
    ],
)
def test_latest_result_year(today, years, expected):
    assert latest_result_year(today, years) == expected


@pytest.mark.django_db
def test_builder_on_a_new_and_on_a_finished_organisation():
    organisation = OrganisationFactory()
    new = build_checklist(organisation=organisation, today=TODAY)
    assert new["done_count"] == 0 and not new["done"]
    assert new["items"][2].url == f"/o/{organisation.slug}/assessments/2567/edit/"
    assert new["items"][3].url == f"/o/{organisation.slug}/measures/new/?year=2568"
    for name, value in COMPLETE_PROFILE.items():
        setattr(organisation, name, value)
    organisation.save()
    OrgUnitFactory(organisation=organisation)
    AssessmentFactory(organisation=organisation, framework=Framework.objects.get(fiscal_year=2567))
    MeasureFactory(organisation=organisation, fiscal_year=2568)
    assert build_checklist(organisation=organisation, today=TODAY)["done"]


@pytest.mark.django_db
def test_an_older_assessment_or_last_years_measures_do_not_count():
    organisation = OrganisationFactory(**COMPLETE_PROFILE)
    AssessmentFactory(organisation=organisation, framework=Framework.objects.get(fiscal_year=2566))
    MeasureFactory(organisation=organisation, fiscal_year=2567)
    items = {i.key: i.done for i in build_checklist(organisation=organisation, today=TODAY)["items"]}
    assert items == {"profile": True, "units": False, "assessment": False, "measures": False}


@pytest.mark.django_db
def test_fixed_query_count():
    small = OrganisationFactory()
    with CaptureQueriesContext(connection) as few:
        build_checklist(organisation=small, today=TODAY)
    big = OrganisationFactory()
    for n in range(5):
        OrgUnitFactory(organisation=big)
        MeasureFactory(organisation=big, fiscal_year=2568, number=n + 1)
    with CaptureQueriesContext(connection) as many:
        build_checklist(organisation=big, today=TODAY)
    assert len(few) == len(many) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown"), [(Role.STAFF, True), (Role.EXECUTIVE, False), (Role.UNIT_STAFF, False)]
)
def test_shown_to_editors_until_done(client, role, shown):
    organisation = OrganisationFactory()
    unit = OrgUnitFactory(organisation=organisation)
    client.force_login(UserFactory(organisation=organisation, role=role, unit=unit))
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert ("data-checklist" in html) is shown
    if shown:
        assert f'href="/o/{organisation.slug}/profile/"' in html
        assert 'data-checklist-item="units" data-done="1"' in html


@pytest.mark.django_db
def test_gone_once_done(client):
    from django.utils import timezone

    from ita_portal.fiscal import fiscal_year_of

    organisation = OrganisationFactory(**COMPLETE_PROFILE)
    OrgUnitFactory(organisation=organisation)
    year = latest_result_year(
        timezone.localdate(), list(Framework.objects.values_list("fiscal_year", flat=True))
    )
    AssessmentFactory(organisation=organisation, framework=Framework.objects.get(fiscal_year=year))
    MeasureFactory(organisation=organisation, fiscal_year=fiscal_year_of(timezone.localdate()))
    client.force_login(UserFactory(organisation=organisation))
    assert "data-checklist" not in client.get(organisation.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_home_points_an_editor_to_the_unfinished_checklist(client):
    organisation = OrganisationFactory()
    client.force_login(UserFactory(organisation=organisation))
    html = client.get("/").content.decode()
    assert "data-home-checklist" in html and "ทำแล้ว 0 จาก 4" in html
    client.force_login(UserFactory(organisation=organisation, role=Role.EXECUTIVE))
    assert "data-home-checklist" not in client.get("/").content.decode()
