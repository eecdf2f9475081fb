"""Sign-in, the landing page and the organisation page over HTTP."""

import pytest
from django.urls import reverse

from ita_portal.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_is_thai(client):
    response = client.get("/accounts/login/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "เข้าสู่ระบบ" in body and 'lang="th"' in body
    assert "csrfmiddlewaretoken" in body


def test_wrong_password_gets_a_thai_message(client):
    UserFactory(username="clerk")
    response = client.post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    assert response.status_code == 200
    assert "รหัสผ่านที่ถูกต้อง" in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_home_lists_what_the_user_may_open(client, demo):
    client.login(username="janlan", password="ita-demo-2567")
    body = client.get(reverse("home")).content.decode()
    assert "องค์การบริหารส่วนตำบลจานลาน" in body
    assert "84.14" in body and "ต้องปรับปรุง" in body
    assert "บ่อทอง" not in body


def test_supervisor_home_lists_the_province(client, demo):
    client.login(username="supervisor-mk", password="ita-demo-2567")
    body = client.get(reverse("home")).content.decode()
    assert "หัวเรือ" in body and "จานลาน" not in body


def test_organisation_page_shows_official_and_computed(client, demo):
    client.login(username="bothong", password="ita-demo-2567")
    response = client.get(reverse("organisation_detail", kwargs={"org": "bo-thong"}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "93.73" in body and "98.24" in body and "ผ่านดี" in body
    assert "อำเภอหนองม่วง จังหวัดลพบุรี" in body


def test_another_organisations_page_is_404(client, demo):
    client.login(username="bothong", password="ita-demo-2567")
    assert client.get(reverse("organisation_detail", kwargs={"org": "jan-lan"})).status_code == 404
    assert client.get(reverse("organisation_detail", kwargs={"org": "no-such-org"})).status_code == 404


def test_mismatch_between_official_and_computed_is_shown(client):
    from assessments.services import assessment_create
    from assessments.tests.samples import BO_THONG_2566

    organisation = OrganisationFactory()
    assessment_create(
        organisation=organisation,
        fiscal_year=2566,
        official_total="95.00",
        indicator_scores=BO_THONG_2566,
        actor=None,
    )
    user = UserFactory(organisation=organisation)
    client.force_login(user)
    body = client.get(reverse("organisation_detail", kwargs={"org": organisation.slug})).content.decode()
    assert "ไม่ตรงกับที่คำนวณ" in body and "93.73" in body


def test_logout_is_a_post(client):
    user = UserFactory()
    client.force_login(user)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_home_at_a_glance_counts_overdue_and_due_this_month(client):
    import datetime as dt

    from measures.tests.factories import MeasureFactory, ProgressFactory
    from reports.dashboards.summary import build_home

    user = UserFactory()
    org = user.organisation
    today = dt.date(2024, 2, 10)  # FY2567
    MeasureFactory(
        organisation=org, fiscal_year=2567, reporting_deadline=dt.date(2024, 1, 31), title="ส่งรายงานไตรมาส"
    )
    MeasureFactory(
        organisation=org, fiscal_year=2567, reporting_deadline=dt.date(2024, 2, 20), title="ประชุมประจำเดือน"
    )
    done = MeasureFactory(organisation=org, fiscal_year=2567, reporting_deadline=dt.date(2024, 1, 15))
    ProgressFactory(measure=done, status="done", reported_on=dt.date(2024, 1, 10))
    MeasureFactory(organisation=org, fiscal_year=2566)  # another year: not counted
    data = build_home(user=user, today=today)
    entry = data["entries"][0]
    assert data["year"] == 2567
    assert entry["total_measures"] == 3
    assert dict(entry["by_status"]) == {"ยังไม่ดำเนินการ": 2, "อยู่ระหว่างดำเนินการ": 0, "ดำเนินการแล้วเสร็จ": 1}
    assert [str(m) for m in entry["overdue"]] == ["ส่งรายงานไตรมาส"]
    assert [str(m) for m in entry["due_this_month"]] == ["ประชุมประจำเดือน"]


def test_home_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    from ita_portal.scoping import Role
    from measures.tests.factories import MeasureFactory

    supervisor = UserFactory(role=Role.SUPERVISOR, organisation=None, supervised_province="มหาสารคาม")
    client.force_login(supervisor)
    for n in (2, 12):
        for _ in range(n):
            MeasureFactory(organisation=OrganisationFactory(province="มหาสารคาม"), fiscal_year=2570)
        with django_assert_max_num_queries(12):
            assert client.get(reverse("home")).status_code == 200
