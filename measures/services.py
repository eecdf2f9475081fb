"""Writes to measures and progress: atomic, validated, keyword-only, named <entity>_<verb>."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import transaction

from assessments.models import AnalysisIssue, Framework, Indicator, Question, Recommendation, Tool
from ita_portal.models import Organisation, OrgUnit

from .models import EvidenceLink, Measure, MeasureStep, Progress, Status


def source_framework(fiscal_year: int) -> Framework | None:
    """The framework a year's measures answer: last year's ITA result drives this year's measures
    (FY2566 measures answer the 2565 assessment), so its indicators and questions are the ones linked."""
    frameworks = {f.fiscal_year: f for f in Framework.objects.filter(fiscal_year__in=[fiscal_year - 1, fiscal_year])}
    return frameworks.get(fiscal_year - 1) or frameworks.get(fiscal_year)


@transaction.atomic
def measure_create(
    *,
    organisation: Organisation,
    fiscal_year: int,
    title: str,
    steps: Sequence[str] = (),
    units: Iterable[OrgUnit] = (),
    tool: Tool | None = None,
    indicators: Iterable[Indicator] = (),
    questions: Iterable[Question] = (),
    recommendations: Iterable[Recommendation] = (),
    analysis_issues: Iterable[AnalysisIssue] = (),
    number: int | None = None,
    **fields,
) -> Measure:
    """Create a measure with its ordered steps and links; all or nothing."""
    if number is None:
        number = Measure.objects.filter(organisation=organisation, fiscal_year=fiscal_year).count() + 1
    measure = Measure(organisation=organisation, fiscal_year=fiscal_year, title=title, tool=tool, number=number, **fields)
    measure.full_clean()
    measure.save()
    measure_steps_set(measure=measure, steps=steps)
    measure.units.set(_own(organisation, units))
    measure.indicators.set(indicators)
    measure.questions.set(questions)
    measure.recommendations.set(recommendations)
    measure.analysis_issues.set(analysis_issues)
    return measure


def _own(organisation: Organisation, units: Iterable[OrgUnit]) -> list[OrgUnit]:
    units = list(units)
    foreign = [u for u in units if u.organisation_id != organisation.pk]
    if foreign:
        from django.core.exceptions import ValidationError

        raise ValidationError({"units": f"“{foreign[0]}” ไม่ใช่หน่วยงานผู้รับผิดชอบขององค์กรนี้"})
    return units


@transaction.atomic
def measure_steps_set(*, measure: Measure, steps: Sequence[str]) -> None:
    """Replace the measure's steps with `steps`, in order; blank lines are dropped."""
    measure.steps.all().delete()
    MeasureStep.objects.bulk_create(
        MeasureStep(measure=measure, order=i, text=text.strip())
        for i, text in enumerate((s for s in steps if s and s.strip()), start=1)
    )


@transaction.atomic
def progress_record(
    *,
    measure: Measure,
    round: str,
    done: str = "",
    outcome: str = "",
    status: str = Status.IN_PROGRESS,
    reported_on: dt.date | None = None,
    completed_on: dt.date | None = None,
    links: Iterable[str] = (),
    actor=None,
) -> Progress:
    """Record what was done on a measure for a round, with evidence links; all or nothing."""
    progress = Progress(
        measure=measure,
        round=round,
        done=done or "",
        outcome=outcome or "",
        status=status,
        reported_on=reported_on,
        completed_on=completed_on,
        created_by=actor,
    )
    progress.full_clean()
    progress.save()
    for url in links:
        link = EvidenceLink(progress=progress, url=url)
        link.full_clean(exclude=["progress"])
        link.save()
    return progress
