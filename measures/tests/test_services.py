"""Measure services: one history row per save, version checks, steps notes, copy-year rules."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ita_portal.concurrency import StaleVersion
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory
from measures.models import Measure
from measures.services import measure_create, measure_update, measures_copy_year

pytestmark = pytest.mark.django_db


def test_create_writes_one_history_row_with_its_units():
    organisation = OrganisationFactory()
    units = [OrgUnitFactory(organisation=organisation) for _ in range(2)]
    actor = UserFactory(organisation=organisation)
    measure = measure_create(organisation=organisation, fiscal_year=2567, title="ก", units=units, actor=actor)
    record = measure.history.get()
    assert record.history_type == "+" and record.history_user == actor
    assert {row.orgunit_id for row in record.units.all()} == {u.pk for u in units}


def test_update_bumps_the_version_and_refuses_a_stale_one():
    organisation = OrganisationFactory()
    actor = UserFactory(organisation=organisation)
    measure = measure_create(
        organisation=organisation, fiscal_year=2567, title="ก", steps=["หนึ่ง"], actor=None
    )
    measure_update(measure=measure, expected_version=1, actor=actor, title="ข", steps=["หนึ่ง", "สอง"])
    assert Measure.objects.get(pk=measure.pk).version == 2
    assert measure.history.count() == 2
    assert measure.history.first().history_change_reason.startswith("ขั้นตอน/วิธีการ: เพิ่ม 1")
    stale = Measure.objects.get(pk=measure.pk)
    stale.version = 1
    with pytest.raises(StaleVersion):
        measure_update(measure=stale, expected_version=1, actor=actor, title="ค", steps=["ทับ"])
    fresh = Measure.objects.get(pk=measure.pk)
    assert fresh.title == "ข" and list(fresh.steps.values_list("text", flat=True)) == ["หนึ่ง", "สอง"]


def test_update_refuses_unknown_fields():
    measure = measure_create(organisation=OrganisationFactory(), fiscal_year=2567, title="ก", actor=None)
    with pytest.raises(TypeError):
        measure_update(measure=measure, expected_version=1, actor=None, organisation=OrganisationFactory())


def test_update_with_a_bad_period_saves_nothing():
    measure = measure_create(
        organisation=OrganisationFactory(), fiscal_year=2567, title="ก", steps=["หนึ่ง"], actor=None
    )
    with pytest.raises(ValidationError):
        measure_update(
            measure=measure,
            expected_version=1,
            actor=None,
            steps=["ใหม่"],
            period_start=dt.date(2024, 3, 1),
            period_end=dt.date(2023, 12, 1),
        )
    fresh = Measure.objects.get(pk=measure.pk)
    assert fresh.version == 1 and list(fresh.steps.values_list("text", flat=True)) == ["หนึ่ง"]


def test_copy_year_maps_framework_links_and_29_february():
    from assessments.models import Framework

    organisation = OrganisationFactory()
    source = Framework.objects.get(fiscal_year=2566)  # measures of 2567 answer the 2566 assessment
    measure_create(
        organisation=organisation,
        fiscal_year=2567,
        title="ก",
        tool=source.tools.get(code="OIT"),
        indicators=[source.indicators.get(number=9)],
        reporting_deadline=dt.date(2024, 2, 29),
        actor=None,
    )
    [copy] = measures_copy_year(organisation=organisation, source_year=2567, target_year=2568, actor=None)
    target = Framework.objects.get(fiscal_year=2567)
    assert copy.tool.framework == target and copy.tool.code == "OIT"
    assert [i.number for i in copy.indicators.all()] == [9] and copy.indicators.get().framework == target
    assert copy.reporting_deadline == dt.date(2025, 2, 28)


def test_copy_from_an_empty_year_is_refused():
    with pytest.raises(ValidationError, match="ยังไม่มีมาตรการ"):
        measures_copy_year(organisation=OrganisationFactory(), source_year=2566, target_year=2567, actor=None)
