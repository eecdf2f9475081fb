"""Hostile URLs answer Thai 404/400 pages, never a 500 (hardening, finding 9): out-of-range fiscal years
in every URL that takes one, a NUL in any filter parameter (PostgreSQL refuses NUL in strings), and page
numbers that cannot exist. The URL patterns and filter fields are read from the URLconf and the filter
classes, so patterns and filters added later are covered too."""

import dataclasses

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ita_portal import fiscal, paging
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.filters import MeasureFilter
from reports.dashboards import OverviewFilters

pytestmark = pytest.mark.django_db

NOT_FOUND = "ไม่พบหน้าที่ต้องการ"
BAD_REQUEST = "คำขอไม่ถูกต้อง"
BAD_YEARS = ["0", "1", "2499", "2701", "9999", "99999", "99999999999999999999"]


def routes(resolvers=None, prefix=""):
    """Every URL pattern as (route, converter names), walking includes."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry.pattern.converters


def year_routes():
    found = [route for route, converters in routes() if "year" in converters]
    assert len(found) >= 8, found  # reports (3) and assessments (5) at least
    return found


def fill(route: str, **values) -> str:
    for name, value in {"org": "x", "kind": "half", "pk": "1", "progress": "1", **values}.items():
        route = route.replace(f"<fiscal_year:{name}>", value).replace(f"<int:{name}>", value)
        route = route.replace(f"<slug:{name}>", value).replace(f"<str:{name}>", value)
    assert "<" not in route, route
    return "/" + route


@pytest.fixture
def staff(client):
    user = UserFactory(role=Role.STAFF)
    client.force_login(user)
    return user


@pytest.fixture
def admin(client):
    user = UserFactory(role=Role.ADMIN, organisation=None)
    OrganisationFactory()
    client.force_login(user)
    return user


@pytest.mark.parametrize("year", BAD_YEARS)
def test_every_url_with_a_year_answers_404_for_a_year_out_of_range(client, staff, year):
    urls = {
        fill(route, org=staff.organisation.slug, year=year, kind=kind)
        for route in year_routes()
        for kind in ("half", "annual", "analysis", "memo")
    }
    for url in sorted(urls):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404, (url, method, response.status_code)
            assert NOT_FOUND in response.content.decode()


def test_a_year_in_range_without_a_framework_is_no_500(client, staff):
    for route in year_routes():
        for kind in ("half", "annual", "analysis", "memo"):
            url = fill(route, org=staff.organisation.slug, year="2550", kind=kind)
            assert client.get(url).status_code in (200, 403, 404, 405), (
                url
            )  # 403: an admin page; 405: POST only


@pytest.mark.parametrize("year", [*BAD_YEARS, "abc", "-1"])
def test_a_bad_year_in_the_query_string_shows_the_latest_year(client, admin, year):
    org = OrganisationFactory()
    for url in ("/overview/", f"/o/{org.slug}/dashboard/", f"/o/{org.slug}/dashboard/brief/"):
        assert client.get(url, {"year": year}).status_code == 200, url
    for fmt in ("csv", "xlsx"):
        assert client.get(f"/overview/export.{fmt}", {"year": year}).status_code == 200


def overview_parameters():
    names = [field.name for field in dataclasses.fields(OverviewFilters)]
    return ["year" if name == "fiscal_year" else name for name in names]


@pytest.mark.parametrize("value", ["\x00", "มหา\x00สารคาม"])
def test_a_nul_in_any_overview_filter_is_a_thai_400(client, admin, value):
    for name in overview_parameters():
        for url in ("/overview/", "/overview/export.csv", "/overview/export.xlsx"):
            response = client.get(url, {name: value})
            assert response.status_code == 400, (url, name)
            assert BAD_REQUEST in response.content.decode()


def test_a_nul_in_any_measures_filter_is_a_thai_400(client, staff):
    url = f"/o/{staff.organisation.slug}/measures/"
    names = [*MeasureFilter.base_filters, "page"]
    assert {"q", "fiscal_year", "status", "unit"} <= set(names)
    for name in names:
        response = client.get(url, {name: "a\x00b"})
        assert response.status_code == 400, name
        assert BAD_REQUEST in response.content.decode()
    assert client.get(url, {"\x00": "1"}).status_code == 400  # in a parameter's name, too


@pytest.mark.parametrize("page", ["99999999999999999999", "100001", "0", "-1", "abc", "1e5", "2"])
def test_a_page_that_cannot_exist_is_a_thai_404(client, admin, page):
    staff = UserFactory(role=Role.STAFF)
    for url in ("/overview/", f"/o/{staff.organisation.slug}/measures/"):
        response = client.get(url, {"page": page})
        assert response.status_code == 404, (url, page)
        assert NOT_FOUND in response.content.decode()


def test_page_one_and_no_page_still_work(client, admin):
    assert client.get("/overview/", {"page": "1"}).status_code == 200
    assert client.get("/overview/").status_code == 200


def test_parse_year_and_page_number():
    assert fiscal.parse_year("2567") == 2567
    assert fiscal.parse_year(" 2567 ") == 2567
    for bad in (None, "", "0", "2499", "2701", "๒๕๖๗x", "25.67", "99999999999999999999", "\x00"):
        assert fiscal.parse_year(bad) is None, bad
    assert paging.page_number(None) == 1 and paging.page_number("") == 1 and paging.page_number("7") == 7
    for bad in ("0", "-1", "abc", "1e5", str(paging.MAX_PAGE + 1), "9" * 40):
        with pytest.raises(paging.Http404):
            paging.page_number(bad)
