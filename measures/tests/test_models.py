"""Measure and progress rules: periods inside the fiscal year, derived status and overdue."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory
from measures import derived
from measures.models import Measure, Progress, Status
from measures.services import measure_create, progress_delete, progress_record

from .factories import MeasureFactory, ProgressFactory

pytestmark = pytest.mark.django_db


def errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def test_measure_with_steps_and_units_in_order():
    organisation = OrganisationFactory()
    units = [OrgUnitFactory(organisation=organisation, name=n) for n in ("สำนักปลัด", "กองคลัง")]
    measure = measure_create(
        organisation=organisation,
        fiscal_year=2567,
        title="เผยแพร่ข้อมูลสาธารณะ",
        steps=["ศึกษาองค์ประกอบ", "", "รายงานผู้บริหาร"],
        units=units,
        period_start=dt.date(2023, 10, 1),
        period_end=dt.date(2024, 3, 1),
        actor=None,
    )
    assert list(measure.steps.values_list("order", "text")) == [(1, "ศึกษาองค์ประกอบ"), (2, "รายงานผู้บริหาร")]
    assert set(measure.units.all()) == set(units)
    assert measure.number == 1


def test_end_month_before_start_is_refused():
    measure = MeasureFactory.build(
        organisation=OrganisationFactory(), period_start=dt.date(2024, 3, 1), period_end=dt.date(2023, 12, 1)
    )
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "เดือนสิ้นสุดต้องไม่ก่อนเดือนเริ่ม" in errors(error.value)


def test_period_outside_the_fiscal_year_is_refused():
    measure = MeasureFactory.build(
        organisation=OrganisationFactory(),
        fiscal_year=2567,
        period_start=dt.date(2023, 9, 1),
        period_end=dt.date(2023, 12, 1),
    )
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "ต้องอยู่ในปีงบประมาณ 2567" in errors(error.value)


def test_half_a_period_is_refused():
    measure = MeasureFactory.build(organisation=OrganisationFactory(), period_start=dt.date(2023, 10, 1))
    with pytest.raises(ValidationError):
        measure.full_clean()


def test_unit_of_another_organisation_is_refused_and_nothing_saved():
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError):
        measure_create(
            organisation=organisation, fiscal_year=2567, title="x", units=[OrgUnitFactory()], actor=None
        )
    assert not Measure.objects.filter(organisation=organisation).exists()


def test_status_comes_from_the_latest_progress():
    measure = MeasureFactory()
    assert measure.status == Status.NOT_STARTED
    ProgressFactory(measure=measure, reported_on=dt.date(2024, 3, 31), status="in_progress")
    ProgressFactory(measure=measure, reported_on=dt.date(2024, 9, 30), status="done", round="annual")
    assert Measure.objects.get(pk=measure.pk).status == Status.DONE


def test_overdue_at_the_fiscal_year_boundary():
    measure = MeasureFactory(fiscal_year=2567)  # whole year: due 30 Sep 2024
    assert measure.due_date == dt.date(2024, 9, 30)
    assert not measure.is_overdue(today=dt.date(2024, 9, 30))
    assert measure.is_overdue(today=dt.date(2024, 10, 1))
    ProgressFactory(measure=measure, status="done", reported_on=dt.date(2024, 9, 1))
    assert not Measure.objects.get(pk=measure.pk).is_overdue(today=dt.date(2024, 10, 1))


def test_deadline_overrides_the_period_end():
    measure = MeasureFactory(
        fiscal_year=2567,
        period_start=dt.date(2023, 10, 1),
        period_end=dt.date(2024, 3, 1),
        reporting_deadline=dt.date(2024, 1, 31),
    )
    assert measure.period_bounds == (dt.date(2023, 10, 1), dt.date(2024, 3, 31))
    assert measure.due_date == dt.date(2024, 1, 31)
    assert measure.is_overdue(today=dt.date(2024, 2, 1))


def test_progress_done_needs_what_was_done():
    with pytest.raises(ValidationError) as error:
        progress_record(measure=MeasureFactory(), round="half", status="done", done="  ", actor=None)
    assert "บันทึกผลการดำเนินการก่อน" in errors(error.value)


def test_progress_with_a_link_without_scheme_is_refused_and_nothing_saved():
    measure = MeasureFactory()
    with pytest.raises(ValidationError):
        progress_record(
            measure=measure, round="half", done="ประชาสัมพันธ์", links=["www.example.go.th"], actor=None
        )
    assert not Progress.objects.filter(measure=measure).exists()


def test_overdue_and_due_soon_querysets_count_in_sql():
    organisation = OrganisationFactory()
    late = MeasureFactory(
        organisation=organisation, fiscal_year=2567, reporting_deadline=dt.date(2024, 1, 31)
    )
    soon = MeasureFactory(
        organisation=organisation, fiscal_year=2567, reporting_deadline=dt.date(2024, 2, 20)
    )
    done = MeasureFactory(
        organisation=organisation, fiscal_year=2567, reporting_deadline=dt.date(2024, 1, 15)
    )
    ProgressFactory(measure=done, status="done", reported_on=dt.date(2024, 1, 10))
    today = dt.date(2024, 2, 1)
    rows = Measure.objects.filter(organisation=organisation)
    assert list(rows.overdue(today)) == [late]
    assert list(rows.due_between(today, today + dt.timedelta(days=30))) == [soon]
    assert rows.get(pk=done.pk).status == Status.DONE


def test_deleting_the_latest_progress_restores_the_earlier_status():
    measure = MeasureFactory()
    ProgressFactory(measure=measure, status="in_progress", reported_on=dt.date(2024, 3, 31))
    last = ProgressFactory(measure=measure, status="done", reported_on=dt.date(2024, 9, 30))
    progress_delete(progress=last, actor=None)
    assert Measure.objects.get(pk=measure.pk).status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    ("entries", "status"),
    [
        ([], Status.NOT_STARTED),
        ([(dt.date(2024, 3, 31), 1, "done"), (dt.date(2024, 9, 30), 2, "in_progress")], "in_progress"),
        # Reported in the other order: the later report still decides.
        ([(dt.date(2024, 9, 30), 1, "done"), (dt.date(2024, 3, 31), 2, "in_progress")], "done"),
        # An undated entry counts as the earliest; on the same day the later entry decides.
        ([(None, 3, "done"), (dt.date(2024, 3, 31), 1, "in_progress")], "in_progress"),
        ([(None, 1, "in_progress"), (None, 2, "done")], "done"),
        ([(dt.date(2024, 3, 31), 2, "done"), (dt.date(2024, 3, 31), 1, "in_progress")], "done"),
    ],
)
def test_status_is_that_of_the_latest_report(entries, status):
    assert derived.latest_status(entries) == status


@pytest.mark.parametrize(
    ("fields", "due"),
    [
        ({}, dt.date(2024, 9, 30)),  # the whole fiscal year 2567
        ({"period_start": dt.date(2023, 10, 1), "period_end": dt.date(2024, 2, 1)}, dt.date(2024, 2, 29)),
        (
            {"period_end": dt.date(2024, 2, 1), "reporting_deadline": dt.date(2024, 1, 15)},
            dt.date(2024, 1, 15),
        ),
    ],
)
def test_due_date_rule(fields, due):
    fields = {"period_start": fields.get("period_end"), **fields}
    assert derived.due_date(Measure(fiscal_year=2567, **fields)) == due
