"""One default fiscal year (ita_portal/fiscal.py:default_fiscal_year) on every page: for one
organisation the home page, the measures list and the dashboard open on the same year and count the
same overdue measures, for its staff and for the supervisor who also sees other organisations."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from ita_portal.fiscal import fiscal_year_bounds, fiscal_year_of
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.services import measure_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    """Bothong has no measures this year: two overdue ones last year and one planned for next year.
    Its neighbour has this year's measures (the old home page then showed this year for both)."""
    today = timezone.localdate()
    current = fiscal_year_of(today)
    bothong = OrganisationFactory(province="มหาสารคาม")
    neighbour = OrganisationFactory(province="มหาสารคาม")
    last_start, _ = fiscal_year_bounds(current - 1)
    for n in (1, 2):
        measure_create(
            organisation=bothong,
            fiscal_year=current - 1,
            title=f"ค้างจากปีก่อน {n}",
            reporting_deadline=last_start + dt.timedelta(days=30 * n),
            actor=None,
        )
    measure_create(organisation=bothong, fiscal_year=current + 1, title="แผนปีหน้า", actor=None)
    measure_create(organisation=neighbour, fiscal_year=current, title="ของปีนี้", actor=None)
    return bothong, current - 1


def seen_by(client, user, organisation) -> dict:
    client.force_login(user)
    home = client.get(reverse("home"))
    entry = next(e for e in home.context["entries"] if e["organisation"] == organisation)
    listed = client.get(reverse("measures:list", kwargs={"org": organisation.slug}))
    dashboard = client.get(
        reverse("dashboards:organisation", kwargs={"org": organisation.slug})
    ).content.decode()
    return {
        "home": (entry["year"], entry["overdue_count"]),
        "list": (listed.context["year"], listed.context["overdue_count"]),
        "dashboard": (
            int(re.search(r'data-measures-year="(\d+)"', dashboard)[1]),
            int(re.search(r'data-overdue-count="(\d+)"', dashboard)[1]),
        ),
    }


def test_staff_see_one_year_and_one_overdue_count_on_home_list_and_dashboard(client, setting):
    bothong, year = setting
    staff = UserFactory(organisation=bothong)
    assert seen_by(client, staff, bothong) == {"home": (year, 2), "list": (year, 2), "dashboard": (year, 2)}


def test_a_supervisor_sees_the_same_year_and_count_for_one_organisation_on_every_screen(client, setting):
    bothong, year = setting
    supervisor = UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="มหาสารคาม")
    assert seen_by(client, supervisor, bothong) == {
        "home": (year, 2),
        "list": (year, 2),
        "dashboard": (year, 2),
    }


def test_the_home_page_says_which_fiscal_year_each_organisation_counts(client, setting):
    bothong, year = setting
    supervisor = UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="มหาสารคาม")
    client.force_login(supervisor)
    body = client.get(reverse("home")).content.decode()
    assert f"มาตรการปีงบประมาณ {year}" in body and f"มาตรการปีงบประมาณ {year + 1}" in body
