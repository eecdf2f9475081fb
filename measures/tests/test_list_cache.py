"""The measure list's cached body (ita_portal.page_cache): a repeat view costs a few queries whatever the
data size, and any write of what the list shows, or a different edit right, gets a fresh body."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ita_portal.scoping import Role
from measures.services import measure_create, measure_update, progress_record

from .conftest import make_user

pytestmark = pytest.mark.django_db

# session, user (with its organisation); nothing of the measures, the units or the framework
REPEAT_VIEW_QUERIES = 2


def page(client, org, **params):
    response = client.get(reverse("measures:list", kwargs={"org": org.slug}), {"fiscal_year": 2567, **params})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("measures", [2, 30])
def test_a_repeat_view_costs_the_same_few_queries_at_any_size(client, org, pr_unit, measures):
    for i in range(measures):
        measure = measure_create(
            organisation=org, fiscal_year=2567, title=f"มาตรการ {i}", units=[pr_unit], actor=None
        )
        progress_record(measure=measure, round="half", done="ทำแล้ว", status="done", actor=None)
    client.force_login(make_user(Role.STAFF, org))
    page(client, org)
    with CaptureQueriesContext(connection) as queries:
        body = page(client, org)
    assert len(queries) <= REPEAT_VIEW_QUERIES and f"พบ {measures} มาตรการ" in body


def test_writes_show_at_once(client, org, pr_unit):
    measure = measure_create(
        organisation=org, fiscal_year=2567, title="ติดประกาศ", units=[pr_unit], actor=None
    )
    client.force_login(make_user(Role.STAFF, org))
    assert "ติดประกาศ" in page(client, org)
    measure_update(measure=measure, expected_version=None, actor=None, title="ติดประกาศที่ศาลา")
    assert "ติดประกาศที่ศาลา" in page(client, org)
    assert "ติดประกาศที่ศาลา" not in page(client, org, status="done")
    progress_record(measure=measure, round="half", done="ติดแล้ว", status="done", actor=None)
    assert "ติดประกาศที่ศาลา" in page(client, org, status="done")


def test_the_edit_buttons_follow_the_user_not_the_cache(client, org):
    measure_create(organisation=org, fiscal_year=2567, title="ติดประกาศ", actor=None)
    client.force_login(make_user(Role.STAFF, org))
    assert "+ เพิ่มมาตรการ" in page(client, org)
    client.force_login(make_user(Role.EXECUTIVE, org))
    body = page(client, org)
    assert "ติดประกาศ" in body and "+ เพิ่มมาตรการ" not in body
