"""Dashboard aggregates, role isolation and the query budget."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Framework
from assessments.services import assessment_create, assessment_scores_set
from assessments.tests.samples import BO_THONG_2566
from ita_portal.models import Organisation
from ita_portal.scoping import Role
from ita_portal.services import unit_update
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory
from measures.models import Measure, Status
from measures.services import measure_create, progress_record
from reports.dashboards import OverviewFilters, build_org_dashboard, build_overview, thai_sort_key

pytestmark = pytest.mark.django_db


GOOD = {**BO_THONG_2566, 10: "90"}  # every indicator passes


def scores(**changes):
    out = dict(GOOD)
    out.update({int(k[1:]): v for k, v in changes.items()})
    return out


def indicator(framework_year, number):
    return Framework.objects.get(fiscal_year=framework_year).indicators.get(number=number)


# ---------------------------------------------------------------- organisation dashboard


def test_indicator_changes_have_signs_and_two_decimals():
    org = OrganisationFactory()
    assessment_create(
        organisation=org,
        fiscal_year=2566,
        indicator_scores=scores(i1="90.00", i2="96.00", i10="80"),
        actor=None,
    )
    assessment_create(
        organisation=org,
        fiscal_year=2567,
        indicator_scores=scores(i1="91.25", i2="95.50", i10="80"),
        actor=None,
    )
    data = build_org_dashboard(organisation=org, today=dt.date(2024, 5, 1))
    rows = {i["number"]: i for i in data["indicators"]}
    assert data["latest"]["year"] == 2567 and data["previous"]["year"] == 2566
    assert (rows[1]["change"], rows[1]["direction"]) == (Decimal("1.25"), "up")
    assert (rows[2]["change"], rows[2]["direction"]) == (Decimal("-0.50"), "down")
    assert (rows[10]["change"], rows[10]["direction"]) == (Decimal("0.00"), "same")
    assert rows[10]["below"] and not rows[1]["below"]
    assert data["below_count"] == 1
    assert [p["year"] for p in data["history"]] == [2566, 2567]


def test_no_last_year_means_no_change():
    org = OrganisationFactory()
    assessment_create(organisation=org, fiscal_year=2565, indicator_scores=GOOD, actor=None)
    assessment_create(organisation=org, fiscal_year=2567, indicator_scores=GOOD, actor=None)  # 2566 missing
    data = build_org_dashboard(organisation=org, today=dt.date(2024, 5, 1))
    assert data["previous"] is None and data["total_change"] is None
    assert all(i["change"] is None for i in data["indicators"])
    assert len(data["history"]) == 2  # the trend keeps every recorded year


def _measure(org, *, year=2567, due_month=None, indicators=(), units=(), **kw):
    extra = {}
    if due_month:
        extra = {"period_start": due_month, "period_end": due_month}
    return measure_create(
        organisation=org,
        fiscal_year=year,
        title=kw.pop("title", "มาตรการทดสอบ"),
        indicators=indicators,
        units=units,
        **extra,
        **kw,
        actor=None,
    )


def test_overdue_at_the_fiscal_year_boundary():
    org = OrganisationFactory()
    unit = OrgUnitFactory(organisation=org, name="กองคลัง")
    late = _measure(org, title="ทั้งปี", units=[unit])  # whole FY2567: due 30 Sep 2024
    finished = _measure(org, title="เสร็จแล้ว")
    progress_record(
        measure=finished,
        round="annual",
        done="ทำแล้ว",
        status=Status.DONE,
        reported_on=dt.date(2024, 9, 1),
        actor=None,
    )
    assert Measure.objects.get(pk=late.pk).due_date == dt.date(2024, 9, 30)

    last_day = build_org_dashboard(organisation=org, today=dt.date(2024, 9, 30))
    assert last_day["fiscal_year"] == 2567 and last_day["fallback_from"] is None
    assert last_day["counts"]["overdue"] == 0 and last_day["counts"]["not_started"] == 1
    assert [m["first_line"] for m in last_day["due_soon"]] == ["ทั้งปี"]

    # 1 October is a new fiscal year: 2568 has no measures yet, so 2567 is shown and is overdue.
    next_day = build_org_dashboard(organisation=org, today=dt.date(2024, 10, 1))
    assert next_day["current_fiscal_year"] == 2568
    assert (next_day["fiscal_year"], next_day["fallback_from"]) == (2567, 2568)
    assert next_day["counts"] == {**next_day["counts"], "overdue": 1, "not_started": 0, "done": 1, "total": 2}
    assert [m["first_line"] for m in next_day["overdue"]] == ["ทั้งปี"]
    assert next_day["overdue"][0]["units"] == ["กองคลัง"] and next_day["overdue"][0]["late_days"] == 1
    assert next_day["by_unit"] == [{"name": "กองคลัง", "total": 1, "done": 0, "overdue": 1}]

    # Asking for 2568 explicitly shows the empty year, not the fallback.
    chosen = build_org_dashboard(organisation=org, fiscal_year=2568, today=dt.date(2024, 10, 1))
    assert chosen["counts"]["total"] == 0 and chosen["fallback_from"] is None


def test_failing_indicators_without_a_measure():
    org = OrganisationFactory()
    # Measures of 2567 answer the 2566 assessment: 7 and 10 fail there.
    assessment_create(
        organisation=org, fiscal_year=2566, indicator_scores=scores(i7="84.99", i10="80"), actor=None
    )
    _measure(org, indicators=[indicator(2566, 10)])
    data = build_org_dashboard(organisation=org, fiscal_year=2567, today=dt.date(2024, 5, 1))
    assert data["gap_source_year"] == 2566
    assert [(g["number"], g["score"]) for g in data["gaps"]] == [(7, Decimal("84.99"))]

    # Matched by number: a link to indicator 7 of another year's framework also covers it.
    _measure(org, indicators=[indicator(2567, 7)])
    assert build_org_dashboard(organisation=org, fiscal_year=2567, today=dt.date(2024, 5, 1))["gaps"] == []


def test_weakest_questions_and_failed_items():
    org = OrganisationFactory()
    assessment_create(
        organisation=org,
        fiscal_year=2566,
        indicator_scores=GOOD,
        question_scores={"I1": "70.50", "I2": "99", "E1": "88.10", "O1": False, "O2": True},
        actor=None,
    )
    data = build_org_dashboard(organisation=org, today=dt.date(2024, 5, 1))
    assert [q["code"] for q in data["weakest"]][:2] == ["I1", "E1"]
    assert [q["code"] for q in data["failed_items"]] == ["O1"]


# ---------------------------------------------------------------- overview


def _three_organisations():
    a = OrganisationFactory(
        name="องค์การบริหารส่วนตำบลกระบี่", short_name="อบต.กระบี่", province="มหาสารคาม", district="วาปีปทุม"
    )
    b = OrganisationFactory(
        name="องค์การบริหารส่วนตำบลเขาใหญ่", short_name="อบต.เขาใหญ่", province="มหาสารคาม", district="นาเชือก"
    )
    c = OrganisationFactory(
        name="องค์การบริหารส่วนตำบลโคกสูง", short_name="อบต.โคกสูง", province="ลพบุรี", district="หนองม่วง"
    )
    for org, oit in ((a, ("100", "100")), (b, ("40", "40")), (c, ("100", "90"))):
        assessment_create(organisation=org, fiscal_year=2565, indicator_scores=GOOD, actor=None)
        assessment_create(
            organisation=org, fiscal_year=2566, indicator_scores=scores(i9=oit[0], i10=oit[1]), actor=None
        )
    return a, b, c


def test_pass_rate_distribution_and_changes():
    a, b, c = _three_organisations()
    admin = UserFactory(role=Role.ADMIN, organisation=None)
    data = build_overview(user=admin, filters=OverviewFilters(fiscal_year=2566), today=dt.date(2024, 5, 1))
    assert data["year"] == 2566 and data["count"] == 3 and data["assessed"] == 3
    assert data["passed"] == 2 and data["pass_rate"] == "66.7%"
    assert sum(d["count"] for d in data["distribution"]) == 3
    rows = {r["pk"]: r for r in data["rows"]}
    assert rows[b.pk]["failing"] == 2 and rows[b.pk]["direction"] == "down" and rows[b.pk]["passed"] is False
    assert rows[a.pk]["direction"] == "up" and rows[a.pk]["change"] == Decimal("2.00")
    assert rows[c.pk]["change"] == Decimal("0.00") and rows[c.pk]["direction"] == "same"
    per = {i["number"]: i for i in data["per_indicator"]}
    assert per[10]["this"] == Decimal("76.67") and per[10]["failing"] == 1


def test_sort_by_total_and_thai_name_order():
    a, b, c = _three_organisations()
    admin = UserFactory(role=Role.ADMIN, organisation=None)
    by_total = build_overview(user=admin, filters=OverviewFilters(fiscal_year=2566, sort="-total"))["rows"]
    assert [r["pk"] for r in by_total] == [a.pk, c.pk, b.pk]
    names = ["ไชโย", "อ่างทอง", "เขาใหญ่", "กระบี่", "หนองบัว", "โคกสูง"]
    for name in names:
        OrganisationFactory(name=name, short_name=name, province="สระบุรี")
    rows = build_overview(user=admin, filters=OverviewFilters(province="สระบุรี"))["rows"]
    expected = ["กระบี่", "เขาใหญ่", "โคกสูง", "ไชโย", "หนองบัว", "อ่างทอง"]  # dictionary order, not code points
    assert [r["name"] for r in rows] == expected
    rank = thai_sort_key(names)
    assert sorted(names, key=rank.get) == expected


def test_filters_province_district_kind():
    _three_organisations()
    admin = UserFactory(role=Role.ADMIN, organisation=None)
    assert build_overview(user=admin, filters=OverviewFilters(province="มหาสารคาม"))["count"] == 2
    assert (
        build_overview(user=admin, filters=OverviewFilters(province="มหาสารคาม", district="นาเชือก"))["count"]
        == 1
    )
    assert build_overview(user=admin, filters=OverviewFilters(kind="pao"))["count"] == 0


# ---------------------------------------------------------------- roles over HTTP


def test_roles_see_only_their_scope(client):
    a, b, c = _three_organisations()
    executive = UserFactory(role=Role.EXECUTIVE, organisation=a)
    client.force_login(executive)
    assert client.get(reverse("dashboards:organisation", kwargs={"org": a.slug})).status_code == 200
    assert client.get(reverse("dashboards:organisation", kwargs={"org": b.slug})).status_code == 404
    body = client.get(reverse("dashboards:overview")).content.decode()
    assert "กระบี่" in body and "เขาใหญ่" not in body and "โคกสูง" not in body

    supervisor = UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="มหาสารคาม")
    client.force_login(supervisor)
    body = client.get(reverse("dashboards:overview")).content.decode()
    assert "กระบี่" in body and "เขาใหญ่" in body and "โคกสูง" not in body
    # A province filter outside the scope shows nothing, not the other province.
    assert "โคกสูง" not in client.get(reverse("dashboards:overview"), {"province": "ลพบุรี"}).content.decode()
    assert client.get(reverse("dashboards:organisation", kwargs={"org": b.slug})).status_code == 200
    assert client.get(reverse("dashboards:organisation", kwargs={"org": c.slug})).status_code == 404

    district = UserFactory(
        role=Role.SUPERVISOR, organisation=None, supervised_province="มหาสารคาม", supervised_district="นาเชือก"
    )
    client.force_login(district)
    body = client.get(reverse("dashboards:overview")).content.decode()
    assert "เขาใหญ่" in body and "กระบี่" not in body
    assert client.get(reverse("dashboards:organisation", kwargs={"org": a.slug})).status_code == 404

    client.force_login(UserFactory(role=Role.STAFF, organisation=c))
    assert client.get(reverse("dashboards:organisation", kwargs={"org": a.slug})).status_code == 404
    assert (
        client.get(reverse("dashboards:overview_export", kwargs={"fmt": "csv"}))
        .content.decode("utf-8-sig")
        .count("\n")
        == 2
    )


def test_anonymous_is_sent_to_login(client):
    org = OrganisationFactory()
    for url in (reverse("dashboards:overview"), reverse("dashboards:organisation", kwargs={"org": org.slug})):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_demo_pages_render(client, demo):
    client.login(username="janlan-exec", password="ita-demo-2567")
    body = client.get(reverse("dashboards:organisation", kwargs={"org": "jan-lan"})).content.decode()
    assert "๘๔.๑๔" in body  # อบต.จานลาน prints Thai digits
    # only base.html's: the vendored Bootstrap and submit-once.js
    assert "<svg" in body and body.count("<script") == 2 and "submit-once.js" in body
    client.login(username="supervisor-mk", password="ita-demo-2567")
    assert client.get(reverse("dashboards:overview")).status_code == 200
    assert client.get(reverse("dashboards:organisation", kwargs={"org": "hua-ruea"})).status_code == 200
    assert client.get(reverse("dashboards:organisation", kwargs={"org": "jan-lan"})).status_code == 404


def test_print_view_renders(client, demo):
    client.login(username="bothong", password="ita-demo-2567")
    url = reverse("dashboards:organisation_brief", kwargs={"org": "bo-thong"})
    response = client.get(url)
    # The print CSS is a static file (the Content-Security-Policy allows no inline <style>) ...
    assert response.status_code == 200 and "<style" not in response.content.decode()
    assert "/static/css/brief.css" in response.content.decode()
    # ... which WeasyPrint loads as well: the PDF is one A4 page set in the bundled Sarabun.
    import io

    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(client.get(url, {"format": "pdf"}).content))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    fonts = {str(f["/BaseFont"]) for f in pdf.pages[0]["/Resources"]["/Font"].values()}
    assert any("Sarabun" in name for name in fonts), fonts


# ---------------------------------------------------------------- query budget

# (+1 on PostgreSQL the first time a connection prepares the version query)
ORG_DASHBOARD_QUERIES = 17  # session, user, organisation, data version + 12 of the builder
OVERVIEW_QUERIES = 14  # session, user, data version + 10 of the builder and filter choices
CACHED_QUERIES = 3  # a repeat view: session, user, then the organisation in the URL or the overview's version


def _national(n, measures):
    call_command(
        "generate_national",
        force=True,
        organisations=n,
        provinces=3,
        years=3,
        measures=measures,
        stdout=StringIO(),
    )
    admin = UserFactory(role=Role.ADMIN, organisation=None)
    return admin


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size, measures", [(3, 2), (30, 8)])
def test_query_budget(client, django_assert_max_num_queries, size, measures):
    admin = _national(size, measures)
    client.force_login(admin)
    org = Organisation.objects.filter(slug__startswith="nat-").order_by("pk").last()
    dashboard = reverse("dashboards:organisation", kwargs={"org": org.slug})
    overview = reverse("dashboards:overview")
    with django_assert_max_num_queries(ORG_DASHBOARD_QUERIES):
        client.get(dashboard)
    for params in (
        {},
        {"sort": "-total"},
        {"sort": "failing"},
        {"sort": "-overdue", "province": org.province},
    ):
        with django_assert_max_num_queries(OVERVIEW_QUERIES):
            client.get(overview, params)


def test_query_count_does_not_grow_with_data(client):
    admin = _national(3, 2)
    client.force_login(admin)
    first = Organisation.objects.filter(slug__startswith="nat-").order_by("pk").last()
    small = (
        _count(client, reverse("dashboards:organisation", kwargs={"org": first.slug})),
        _count(client, reverse("dashboards:overview")),
    )
    call_command(
        "generate_national",
        force=True,
        organisations=30,
        provinces=5,
        years=3,
        measures=8,
        flush=True,
        stdout=StringIO(),
    )
    last = Organisation.objects.filter(slug__startswith="nat-").order_by("pk").last()
    large = (
        _count(client, reverse("dashboards:organisation", kwargs={"org": last.slug})),
        _count(client, reverse("dashboards:overview")),
    )
    # Bounded by the same constants at both sizes (a list that happens to be empty skips its
    # follow-up query, so the small set may use one or two fewer).
    for counts in (small, large):
        assert counts[0] <= ORG_DASHBOARD_QUERIES and counts[1] <= OVERVIEW_QUERIES
    assert large[1] == small[1]


def test_cached_page_follows_score_changes(client):
    """A repeat view costs a few queries, and a saved score shows at once (the version moves)."""
    org = OrganisationFactory(use_thai_digits=False)
    assessment = assessment_create(organisation=org, fiscal_year=2566, indicator_scores=GOOD, actor=None)
    client.force_login(UserFactory(role=Role.EXECUTIVE, organisation=org))
    url = reverse("dashboards:organisation", kwargs={"org": org.slug})
    assert "90.00" in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len(queries) <= CACHED_QUERIES
    assessment_scores_set(assessment=assessment, indicator_scores={10: "77.77"}, actor=None)
    body = client.get(url).content.decode()
    assert "77.77" in body and "ต่ำกว่าเกณฑ์" in body

    admin = UserFactory(role=Role.ADMIN, organisation=None)
    client.force_login(admin)
    overview = reverse("dashboards:overview")
    assert "77.77" in client.get(overview).content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(overview)
    assert len(queries) <= CACHED_QUERIES
    assessment_scores_set(assessment=assessment, indicator_scores={10: "66.66"}, actor=None)
    assert "66.66" in client.get(overview).content.decode()
    client.force_login(UserFactory(role=Role.EXECUTIVE, organisation=org))
    assert "(0 มาตรการ)" in client.get(url, {"year": 2567}).content.decode()
    measure_create(organisation=org, fiscal_year=2567, title="มาตรการใหม่หลังแคช", actor=None)
    assert "(1 มาตรการ)" in client.get(url, {"year": 2567}).content.decode()


def test_cached_dashboard_follows_unit_renames_and_progress(client):
    """Renaming a unit or recording progress bumps the organisation's data version: no stale page."""
    from ita_portal.tests.factories import OrgUnitFactory
    from measures.services import progress_record

    org = OrganisationFactory(use_thai_digits=False)
    unit = OrgUnitFactory(organisation=org, name="กองช่าง")
    measure = measure_create(
        organisation=org, fiscal_year=2567, title="ซ่อมป้ายประกาศ", units=[unit], actor=None
    )
    client.force_login(UserFactory(role=Role.EXECUTIVE, organisation=org))
    url = reverse("dashboards:organisation", kwargs={"org": org.slug})
    assert "กองช่าง" in client.get(url, {"year": 2567}).content.decode()
    unit_update(unit=unit, data={"name": "กองช่างและผังเมือง"}, expected_version=None, actor=None)
    assert "กองช่างและผังเมือง" in client.get(url, {"year": 2567}).content.decode()
    progress_record(measure=measure, round="half", done="เปลี่ยนป้ายแล้ว", status="done", actor=None)
    body = client.get(url, {"year": 2567}).content.decode()
    assert "เปลี่ยนป้ายแล้ว" in body


# ---------------------------------------------------------------- the cached page shell


def _dashboard(client, org, **params):
    return client.get(reverse("dashboards:organisation", kwargs={"org": org.slug}), params).content.decode()


def test_member_repeat_view_reads_no_organisation_row(client):
    """A member's own organisation comes with the user (ita_portal.scoping.own_organisation)."""
    org = OrganisationFactory()
    client.force_login(UserFactory(role=Role.EXECUTIVE, organisation=org))
    _dashboard(client, org)
    with CaptureQueriesContext(connection) as queries:
        _dashboard(client, org)
    assert len(queries) <= 2  # session (cache miss falls back to the table) and the user with organisation
    assert not [q for q in queries if 'FROM "ita_portal_organisation"' in q["sql"]]


def test_page_shell_is_per_user(client):
    org = OrganisationFactory()
    first = UserFactory(role=Role.EXECUTIVE, organisation=org, first_name="สมชาย", last_name="ใจดี")
    second = UserFactory(role=Role.STAFF, organisation=org, first_name="สมหญิง", last_name="รักงาน")
    for user, other in ((first, second), (second, first), (first, second)):
        client.force_login(user)
        for _ in range(2):
            body = _dashboard(client, org)
            assert user.first_name in body and other.first_name not in body
    org.short_name = "อบต.ชื่อใหม่"
    org.save()
    assert "แดชบอร์ด อบต.ชื่อใหม่" in _dashboard(client, org)
    # One user, several organisations: each page has its own shell.
    client.force_login(UserFactory(role=Role.ADMIN, organisation=None))
    other = OrganisationFactory(short_name="ทต.อีกแห่ง")
    for _ in range(2):
        assert "แดชบอร์ด อบต.ชื่อใหม่" in _dashboard(client, org)
        assert "แดชบอร์ด ทต.อีกแห่ง" in _dashboard(client, other)


def test_cached_page_keeps_csrf_working():
    """The shell is cached with a placeholder for the CSRF token; each request gets a valid one."""
    from django.test import Client

    org = OrganisationFactory()
    user = UserFactory(role=Role.EXECUTIVE, organisation=org)
    for _ in range(2):  # two sessions: the second is served the shell the first one cached
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        for _ in range(2):
            body = _dashboard(client, org)
        assert "@@" not in body
        token = body.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert client.post(reverse("logout")).status_code == 403  # the check is really on
        assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302


def test_messages_show_once_on_a_cached_page(client):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    org = OrganisationFactory()
    client.force_login(UserFactory(role=Role.EXECUTIVE, organisation=org))
    _dashboard(client, org)  # the shell is cached without messages
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "บันทึกผลการดำเนินงานแล้ว")])
    assert "บันทึกผลการดำเนินงานแล้ว" in _dashboard(client, org)
    assert "บันทึกผลการดำเนินงานแล้ว" not in _dashboard(client, org)


def test_overview_shell_follows_the_user(client):
    _three_organisations()
    supervisor = UserFactory(
        role=Role.SUPERVISOR, organisation=None, supervised_province="มหาสารคาม", first_name="ผู้กำกับ"
    )
    admin = UserFactory(role=Role.ADMIN, organisation=None, first_name="ผู้ดูแล", is_staff=True)
    for user, other in ((supervisor, admin), (admin, supervisor)):
        client.force_login(user)
        for _ in range(2):
            body = client.get(reverse("dashboards:overview")).content.decode()
            assert user.first_name in body and other.first_name not in body
            assert ("ผู้ดูแลระบบ</a>" in body) == user.is_staff


def test_overview_follows_a_rename_or_move(client):
    """Nothing but the organisation row changes: the overview still shows the new name and place."""
    a, b, _ = _three_organisations()
    client.force_login(UserFactory(role=Role.ADMIN, organisation=None))
    overview = reverse("dashboards:overview")
    assert "อบต.กระบี่" in client.get(overview).content.decode()
    a.short_name = "อบต.ชื่อใหม่"
    a.save()
    assert "อบต.ชื่อใหม่" in client.get(overview).content.decode()
    filtered = client.get(overview, {"province": "ลพบุรี"}).content.decode()
    assert "อบต.เขาใหญ่" not in filtered
    b.province = "ลพบุรี"
    b.save()
    assert "อบต.เขาใหญ่" in client.get(overview, {"province": "ลพบุรี"}).content.decode()


def test_placeholder_text_typed_by_users_stays_text(client, settings):
    """The shell's placeholders are the template's own positions, not strings searched for: a short name
    or a user name that contains the old placeholder texts is shown as typed, and the page is the same
    as one rendered without the cache (CSRF tokens aside, which are masked per response)."""
    import re

    typed = "@@dashboard-body-7f3a@@ @@csrf-token-7f3a@@"
    org = OrganisationFactory(short_name=f"อบต.{typed}")
    client.force_login(UserFactory(role=Role.STAFF, organisation=org, first_name=typed))

    def normal(html):
        return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+"', r'\1TOKEN"', html)

    settings.DASHBOARD_CACHE = False
    uncached = normal(_dashboard(client, org))
    settings.DASHBOARD_CACHE = True
    for _ in range(2):  # the shell is rendered and cached, then served from the cache
        page = _dashboard(client, org)
        title = page.split("<title>")[1].split("</title>")[0]
        assert title == f"แดชบอร์ด อบต.{typed} · ITA Portal"
        assert normal(page) == uncached
