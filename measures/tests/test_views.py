"""The measures screens over HTTP: list and search, create/edit with steps, version conflicts,
delete, copy-year, and what people see (B.E. dates, escaped text)."""

import datetime as dt
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Framework
from ita_portal.scoping import Role
from ita_portal.tests.factories import UserFactory
from measures.models import Measure, MeasureStep, Progress
from measures.search import query_tokens
from measures.services import measure_create, progress_record

from .conftest import make_user

pytestmark = pytest.mark.django_db


def list_url(org, **params):
    from urllib.parse import urlencode

    return reverse("measures:list", kwargs={"org": org.slug}) + ("?" + urlencode(params) if params else "")


def titles(response) -> list[str]:
    """The titles the list shows, read from the page (a repeat view is served from the cache, with no
    template context to look at)."""
    cells = re.findall(r'<td class="measure-title">\s*<a [^>]*>(.*?)</a>', response.content.decode(), re.S)
    return [html.unescape(cell.replace("<br>", "\n")) for cell in cells]


# ---------------------------------------------------------------- list, filters, search


def test_search_finds_a_thai_word_inside_unit_and_step_text(client, org, staff, measure, finance_unit):
    by_step = measure_create(
        organisation=org,
        fiscal_year=2567,
        title="มาตรการจัดซื้อจัดจ้าง",
        units=[finance_unit],
        steps=["แจ้งงานประชาสัมพันธ์สำนักปลัดให้เผยแพร่ประกาศ"],
        actor=None,
    )
    measure_create(
        organisation=org, fiscal_year=2567, title="มาตรการลดขั้นตอน", units=[finance_unit], actor=None
    )
    client.force_login(staff)
    response = client.get(list_url(org, q="ประชาสัมพันธ์"))
    assert set(titles(response)) == {measure.title, by_step.title}


def test_search_needs_every_word_and_looks_into_progress(client, org, staff, measure, finance_unit):
    other = measure_create(
        organisation=org, fiscal_year=2567, title="มาตรการเว็บไซต์", units=[finance_unit], actor=None
    )
    progress_record(measure=measure, round="half", done="จัดอบรมเจ้าหน้าที่เรื่องการเผยแพร่ข้อมูล", actor=None)
    client.force_login(staff)
    assert titles(client.get(list_url(org, q="อบรมเจ้าหน้าที่"))) == [measure.title]
    assert titles(client.get(list_url(org, q="เว็บไซต์"))) == [measure.title, other.title]  # a step / a title
    assert titles(client.get(list_url(org, q="เว็บไซต์อบรม"))) == [measure.title]


def test_query_is_segmented_into_words():
    assert query_tokens("งานประชาสัมพันธ์สำนักปลัด") == ["งาน", "ประชาสัมพันธ์", "สำนัก", "ปลัด"]
    assert query_tokens("  เว็บไซต์, เว็บไซต์ ") == ["เว็บไซต์"]
    assert query_tokens("") == []


def test_search_matches_thai_digits_with_arabic_ones(client, org, staff):
    measure_create(organisation=org, fiscal_year=2567, title="แผนปฏิบัติการ ประจำปี ๒๕๖๗", actor=None)
    client.force_login(staff)
    assert len(titles(client.get(list_url(org, q="2567")))) == 1


def test_default_year_is_the_current_one_when_it_has_measures_else_the_latest(client, org, staff):
    measure_create(organisation=org, fiscal_year=2565, title="เก่า", actor=None)
    measure_create(organisation=org, fiscal_year=2566, title="ล่าสุด", actor=None)
    client.force_login(staff)
    response = client.get(list_url(org))
    if response.context["year"] == 2566:  # unless the test runs in a fiscal year that has measures
        assert titles(response) == ["ล่าสุด"]
    assert titles(client.get(list_url(org, fiscal_year="all"))) == ["ล่าสุด", "เก่า"]


def test_filters_by_status_overdue_unit_tool_and_indicator(client, org, staff, measure, finance_unit):
    framework = Framework.objects.get(fiscal_year=2566)
    oit = framework.tools.get(code="OIT")
    late = measure_create(
        organisation=org,
        fiscal_year=2567,
        title="เกินกำหนด",
        units=[finance_unit],
        tool=oit,
        indicators=[framework.indicators.get(number=9)],
        reporting_deadline=dt.date(2024, 1, 31),
        actor=None,
    )
    done = measure_create(
        organisation=org,
        fiscal_year=2567,
        title="เสร็จแล้ว",
        reporting_deadline=dt.date(2024, 1, 31),
        actor=None,
    )
    progress_record(
        measure=done, round="half", status="done", done="ทำแล้ว", completed_on=dt.date(2024, 1, 20), actor=None
    )
    client.force_login(staff)
    year = {"fiscal_year": 2567}
    assert "เกินกำหนด" in titles(client.get(list_url(org, status="overdue", **year)))
    assert "เสร็จแล้ว" not in titles(client.get(list_url(org, status="overdue", **year)))
    assert titles(client.get(list_url(org, status="done", **year))) == ["เสร็จแล้ว"]
    assert titles(client.get(list_url(org, unit=finance_unit.pk, **year))) == [late.title]
    assert titles(client.get(list_url(org, tool="OIT", **year))) == [late.title]
    assert titles(client.get(list_url(org, indicator=9, **year))) == [late.title]
    assert measure.title in titles(client.get(list_url(org, **year)))


def test_unit_filter_offers_only_own_units(client, org, staff, other_measure):
    client.force_login(staff)
    response = client.get(list_url(org, unit=other_measure.units.get().pk))
    assert "unit" in response.context["filter"].form.errors


def test_list_runs_a_fixed_number_of_queries(client, org, staff, pr_unit, finance_unit):
    client.force_login(staff)

    def count(n):
        for i in range(n):
            measure_create(
                organisation=org,
                fiscal_year=2567,
                title=f"ม{i}",
                units=[pr_unit, finance_unit],
                steps=["ก", "ข"],
                actor=None,
            )
        client.get(list_url(org, fiscal_year=2567))  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(list_url(org, fiscal_year=2567, q="ม"))
        assert response.status_code == 200
        return len(queries)

    assert count(2) == count(8)


# ---------------------------------------------------------------- create / edit


def measure_post(org, steps=(), **fields):
    data = {
        "number": "1",
        "title": "มาตรการใหม่",
        "issue": "",
        "tool": "",
        "period_start": "",
        "period_end": "",
        "period_text": "",
        "expected_outcome": "",
        "reporting": "",
        "reporting_deadline": "",
        "suggestion": "",
        "remark": "",
        "version": "",
        "fiscal_year": "2567",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    for i, step in enumerate(steps):
        text, order, delete = (step + (None, None))[:3] if isinstance(step, tuple) else (step, None, None)
        data[f"steps-{i}-text"] = text
        data[f"steps-{i}-ORDER"] = "" if order is None else str(order)
        if delete:
            data[f"steps-{i}-DELETE"] = "on"
    data.update(fields)
    return data


def test_create_with_two_steps_two_units_and_a_month_period(client, org, staff, pr_unit, finance_unit):
    client.force_login(staff)
    response = client.post(
        reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567",
        measure_post(
            org,
            steps=["ขั้นแรก", "ขั้นสอง"],
            units=[pr_unit.pk, finance_unit.pk],
            period_start="0",
            period_end="5",
            reporting_deadline="2024-03-31",
        ),
    )
    measure = Measure.objects.get(title="มาตรการใหม่")
    assert response.status_code == 302
    assert response["Location"] == reverse("measures:detail", kwargs={"org": org.slug, "pk": measure.pk})
    assert list(measure.steps.values_list("text", flat=True)) == ["ขั้นแรก", "ขั้นสอง"]
    assert set(measure.units.all()) == {pr_unit, finance_unit}
    assert (measure.period_start, measure.period_end) == (dt.date(2023, 10, 1), dt.date(2024, 3, 1))
    record = measure.history.get()
    assert record.history_type == "+" and record.history_user == staff
    page = client.get(response["Location"]).content.decode()
    assert "31 มี.ค. 2567" in page  # the deadline in B.E.
    assert "ต.ค. 66" in page and "2024" not in page


def test_a_new_measure_is_numbered_after_the_last_one(client, org, staff, measure):
    client.force_login(staff)
    form = client.get(reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567").context["form"]
    assert form["number"].value() == measure.number + 1
    form = client.get(reverse("measures:create", kwargs={"org": org.slug}) + "?year=2568").context["form"]
    assert form["number"].value() == 1


def test_month_choices_are_the_fiscal_year_in_be(client, org, staff):
    client.force_login(staff)
    page = client.get(reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567").content.decode()
    assert "ตลอดปีงบประมาณ" in page
    assert page.index("ตุลาคม 2566") < page.index("กันยายน 2567")


def test_end_month_before_start_is_refused_next_to_the_field(client, org, staff):
    client.force_login(staff)
    response = client.post(
        reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567",
        measure_post(org, steps=["ก"], period_start="5", period_end="1"),
    )
    assert response.status_code == 200
    assert "เดือนสิ้นสุดต้องไม่ก่อนเดือนเริ่ม" in response.context["form"].errors["period_end"][0]
    assert not Measure.objects.filter(organisation=org).exists()
    assert not MeasureStep.objects.exists()


def test_half_a_period_gets_a_message_next_to_the_month(client, org, staff):
    client.force_login(staff)
    response = client.post(
        reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567",
        measure_post(org, period_start="2"),
    )
    assert "ระบุทั้งเดือนเริ่มและเดือนสิ้นสุด" in response.context["form"].errors["period_end"][0]


def test_units_of_another_organisation_are_not_accepted(client, org, staff, other_measure):
    client.force_login(staff)
    response = client.post(
        reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567",
        measure_post(org, units=[other_measure.units.get().pk]),
    )
    assert "units" in response.context["form"].errors
    assert not Measure.objects.filter(organisation=org).exists()


def test_steps_reorder_and_remove_without_javascript(client, org, staff, measure):
    client.force_login(staff)
    data = measure_post(
        org,
        steps=[("รวบรวมข้อมูล", 2), ("เผยแพร่บนเว็บไซต์", 1), ("ทิ้ง", 3, True), ("ใหม่", 4)],
        title=measure.title,
        version=str(measure.version),
        period_start="0",
        period_end="5",
        units=[u.pk for u in measure.units.all()],
    )
    data["steps-INITIAL_FORMS"] = "2"
    response = client.post(reverse("measures:edit", kwargs={"org": org.slug, "pk": measure.pk}), data)
    assert response.status_code == 302
    assert list(measure.steps.values_list("text", flat=True)) == ["เผยแพร่บนเว็บไซต์", "รวบรวมข้อมูล", "ใหม่"]
    latest = measure.history.first()
    assert "ขั้นตอน/วิธีการ" in latest.history_change_reason


def test_add_step_button_without_javascript_saves_nothing(client, org, staff):
    client.force_login(staff)
    data = measure_post(org, steps=["ก"], add_step="1")
    response = client.post(reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567", data)
    assert response.status_code == 200
    assert response.context["steps"].total_form_count() == 2
    assert not Measure.objects.filter(organisation=org).exists()


def test_html_in_text_is_shown_as_text(client, org, staff, pr_unit):
    client.force_login(staff)
    client.post(
        reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567",
        measure_post(org, steps=["<b>ขั้น</b>"], title='<script>alert("x")</script>'),
    )
    measure = Measure.objects.get(organisation=org)
    page = client.get(reverse("measures:detail", kwargs={"org": org.slug, "pk": measure.pk})).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<b>ขั้น</b>" not in page and "&lt;b&gt;ขั้น&lt;/b&gt;" in page
    list_page = client.get(list_url(org, fiscal_year=2567)).content.decode()
    assert "<script>alert" not in list_page


def test_second_of_two_editors_is_stopped_and_sees_the_first_ones_change(client, org, staff, measure):
    other = UserFactory(role=Role.STAFF, organisation=org, first_name="สมชาย")
    edit = reverse("measures:edit", kwargs={"org": org.slug, "pk": measure.pk})
    base = dict(
        version=str(measure.version),
        period_start="0",
        period_end="5",
        units=[u.pk for u in measure.units.all()],
    )
    client.force_login(other)
    first = client.post(edit, measure_post(org, steps=["รวบรวมข้อมูล"], title="ชื่อที่สมชายแก้", **base))
    assert first.status_code == 302

    client.force_login(staff)
    second = client.post(edit, measure_post(org, steps=["รวบรวมข้อมูล"], title="ชื่อที่สมศรีแก้", **base))
    assert second.status_code == 200
    page = second.content.decode()
    assert "มีผู้อื่น (สมชาย)บันทึกข้อมูลนี้ไปแล้ว" in page
    assert "ชื่อที่สมชายแก้" in page  # the other person's change, in the conflict panel
    assert second.context["form"]["title"].value() == "ชื่อที่สมศรีแก้"  # nothing typed is lost
    measure.refresh_from_db()
    assert measure.title == "ชื่อที่สมชายแก้"

    # Having seen it, saving again is a deliberate decision against the version now on the page.
    again = measure_post(org, steps=["รวบรวมข้อมูล"], title="ชื่อที่สมศรีแก้", **base)
    again["version"] = second.context["form"]["version"].value()
    assert client.post(edit, again).status_code == 302
    measure.refresh_from_db()
    assert measure.title == "ชื่อที่สมศรีแก้"


def test_detail_shows_everything_and_the_change_history(client, org, staff, measure, progress):
    client.force_login(staff)
    edit = reverse("measures:edit", kwargs={"org": org.slug, "pk": measure.pk})
    client.post(
        edit,
        measure_post(
            org,
            steps=["รวบรวมข้อมูล", "เผยแพร่บนเว็บไซต์"],
            title="ชื่อใหม่",
            version=str(measure.version),
            period_start="0",
            period_end="5",
        ),
    )
    response = client.get(reverse("measures:detail", kwargs={"org": org.slug, "pk": measure.pk}))
    page = response.content.decode()
    for text in (
        "ชื่อใหม่",
        "ข้อมูลบนเว็บไซต์ไม่ครบ",
        "รวบรวมข้อมูล",
        "งานประชาสัมพันธ์สำนักปลัด",
        "ประชาสัมพันธ์ผ่านเว็บไซต์แล้ว",
        "https://www.example.go.th/news/1",
        "report.pdf",
        "ประวัติการแก้ไข",
        "สมศรี",
        "31 มี.ค. 2567",
    ):
        assert text in page, text
    history = response.context["history"]
    edited = next(e for e in history if e["action"] == "แก้ไข" and e["subject"] == "มาตรการ")
    title_change = next(c for c in edited["changes"] if c["field"] == "มาตรการ/โครงการ/กิจกรรม")
    assert (title_change["old"], title_change["new"]) == ("มาตรการเผยแพร่ข้อมูลต่อสาธารณะ", "ชื่อใหม่")
    unit_change = next(c for c in edited["changes"] if c["field"] == "ผู้รับผิดชอบ")
    assert "งานประชาสัมพันธ์สำนักปลัด" in unit_change["old"]
    assert any(e["subject"].startswith("ผลการดำเนินการ") for e in history)


def test_delete_asks_first_then_deletes(client, org, staff, measure, progress):
    client.force_login(staff)
    url = reverse("measures:delete", kwargs={"org": org.slug, "pk": measure.pk})
    assert "ยืนยันการลบมาตรการ" in client.get(url).content.decode()
    assert Measure.objects.filter(pk=measure.pk).exists()
    response = client.post(url)
    assert response.status_code == 302
    assert not Measure.objects.filter(pk=measure.pk).exists()
    assert not Progress.objects.filter(measure_id=measure.pk).exists()
    assert measure.history.model.objects.filter(id=measure.pk, history_type="-").get().history_user == staff


# ---------------------------------------------------------------- copy a year


def test_copy_year_copies_text_steps_units_and_shifts_periods(client, org, staff, measure, progress):
    client.force_login(staff)
    url = reverse("measures:copy_year", kwargs={"org": org.slug})
    page = client.get(url).content.decode()
    assert measure.title in page
    response = client.post(url, {"source_year": "2567", "target_year": "2568"})
    assert response.status_code == 302
    copy = Measure.objects.get(organisation=org, fiscal_year=2568)
    assert copy.title == measure.title and copy.issue == measure.issue
    assert list(copy.steps.values_list("text", flat=True)) == ["รวบรวมข้อมูล", "เผยแพร่บนเว็บไซต์"]
    assert list(copy.units.all()) == list(measure.units.all())
    assert (copy.period_start, copy.period_end) == (dt.date(2024, 10, 1), dt.date(2025, 3, 1))
    assert copy.reporting_deadline == dt.date(2025, 3, 31)
    assert not copy.progress.exists()
    assert "คัดลอกจากมาตรการที่" in copy.history.get().history_change_reason


def test_copy_year_refuses_a_year_with_measures_unless_confirmed(client, org, staff, measure):
    measure_create(organisation=org, fiscal_year=2568, title="มีอยู่แล้ว", actor=None)
    client.force_login(staff)
    url = reverse("measures:copy_year", kwargs={"org": org.slug})
    refused = client.post(url, {"source_year": "2567", "target_year": "2568"})
    assert refused.status_code == 200
    assert "ปีงบประมาณ 2568 มีมาตรการอยู่แล้ว 1 มาตรการ" in refused.content.decode()
    assert Measure.objects.filter(organisation=org, fiscal_year=2568).count() == 1
    added = client.post(url, {"source_year": "2567", "target_year": "2568", "add_to_existing": "on"})
    assert added.status_code == 302
    assert list(
        Measure.objects.filter(organisation=org, fiscal_year=2568).values_list("number", flat=True)
    ) == [1, 2]


def test_copy_year_same_year_is_refused(client, org, staff, measure):
    client.force_login(staff)
    response = client.post(
        reverse("measures:copy_year", kwargs={"org": org.slug}),
        {"source_year": "2567", "target_year": "2567"},
    )
    assert "ต้องไม่ใช่ปีเดียวกับปีต้นทาง" in response.content.decode()


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.SUPERVISOR])
def test_read_only_roles_read_everything(client, org, measure, progress, role):
    client.force_login(make_user(role, org))
    page = client.get(reverse("measures:detail", kwargs={"org": org.slug, "pk": measure.pk})).content.decode()
    assert "ประชาสัมพันธ์ผ่านเว็บไซต์แล้ว" in page
