"""Writes to measures and progress: atomic, validated, keyword-only, named <entity>_<verb>, with an actor.

Each one names its actor on every history row it writes, stores the derived fields through the named
steps (measure_derived_set, measure_status_refresh) and announces the organisation's change once
(ita_portal.changes)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from assessments.models import AnalysisIssue, Framework, Indicator, Question, Recommendation, Tool
from ita_portal import changes, fiscal
from ita_portal.concurrency import check_and_bump
from ita_portal.models import Organisation, OrgUnit
from ita_portal.text_input import clean_text

from . import derived
from .models import EvidenceFile, EvidenceLink, Measure, MeasureStep, Progress, Status
from .uploads import check_evidence_file

# Fields a person edits on the measure form (everything but links, steps and derived fields).
MEASURE_FIELDS = (
    "number",
    "title",
    "issue",
    "tool",
    "period_start",
    "period_end",
    "period_text",
    "responsible_text",
    "reporting",
    "reporting_deadline",
    "deadline_text",
    "expected_outcome",
    "suggestion",
    "remark",
)
PROGRESS_FIELDS = ("round", "reported_on", "done", "outcome", "completed_on", "status")


def source_framework(fiscal_year: int) -> Framework | None:
    """The framework a year's measures answer: last year's ITA result drives this year's measures
    (FY2566 measures answer the 2565 assessment), so its indicators and questions are the ones linked."""
    frameworks = {
        f.fiscal_year: f for f in Framework.objects.filter(fiscal_year__in=[fiscal_year - 1, fiscal_year])
    }
    return frameworks.get(fiscal_year - 1) or frameworks.get(fiscal_year)


# ---------------------------------------------------------------- measures


@changes.write
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
    actor,
    change_reason: str | None = None,
    **fields,
) -> Measure:
    """Create a measure with its ordered steps and links; all or nothing. `actor` (None for the
    system, e.g. the demo loader) is named on its history row."""
    if number is None:
        number = next_measure_number(organisation, fiscal_year)
    measure = Measure(
        organisation=organisation, fiscal_year=fiscal_year, title=title, tool=tool, number=number, **fields
    )
    measure.full_clean()
    links = {
        "units": _own_units(organisation, units),
        "indicators": list(indicators),
        "questions": list(questions),
        "recommendations": _own_recommendations(organisation, recommendations),
        "analysis_issues": list(analysis_issues),
    }
    _save_with_links(measure, links, actor=actor, reason=change_reason, created=True)
    measure_steps_set(measure=measure, steps=steps, actor=actor)
    return measure


@changes.write
def measure_update(
    *,
    measure: Measure,
    expected_version: int | None,
    actor,
    steps: Sequence[str] | None = None,
    units: Iterable[OrgUnit] | None = None,
    indicators: Iterable[Indicator] | None = None,
    questions: Iterable[Question] | None = None,
    recommendations: Iterable[Recommendation] | None = None,
    **fields,
) -> Measure:
    """Save a person's edit of a measure, unless someone else saved it since they opened it
    (raises StaleVersion); None for a link list or the steps leaves it unchanged."""
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"measure_update() got unexpected fields {sorted(unknown)}")
    check_and_bump(measure, expected_version)
    for name, value in fields.items():
        setattr(measure, name, value)
    measure.full_clean()
    links = {
        "units": None if units is None else _own_units(measure.organisation, units),
        "indicators": None if indicators is None else list(indicators),
        "questions": None if questions is None else list(questions),
        "recommendations": None
        if recommendations is None
        else _own_recommendations(measure.organisation, recommendations),
    }
    reason = None
    if steps is not None:
        reason = _steps_change(list(measure.steps.values_list("text", flat=True)), _clean_steps(steps))
        measure_steps_set(measure=measure, steps=steps, actor=actor)
    _save_with_links(measure, links, actor=actor, reason=reason)
    return measure


@changes.write
def measure_delete(*, measure: Measure, actor) -> None:
    """Delete a measure with its steps, progress and evidence (files are removed once committed)."""
    names = list(EvidenceFile.objects.filter(progress__measure=measure).values_list("file", flat=True))
    # The cascade deletes its progress rows too: each of their history rows names the actor.
    for progress in Progress.objects.filter(measure=measure):
        progress._history_user = actor
        progress.delete()
    measure._history_user = actor
    measure.delete()
    _delete_files_on_commit(names)
    changes.organisation_changed(measure.organisation_id, actor=actor, what="measure")


@changes.write
def measure_save(*, measure: Measure, actor, change_reason: str | None = None) -> Measure:
    """Save a measure as edited field by field (the Django admin: new or changed), with its derived
    fields and `actor` on the history row. The links are the caller's (the admin form sets them)."""
    if measure.pk is not None:
        check_and_bump(measure, None)  # a measure form open elsewhere then sees this save
    measure.full_clean()
    _save_with_links(measure, {}, actor=actor, reason=change_reason, created=measure.pk is None)
    return measure


def measure_derived_set(measure: Measure) -> None:
    """Named step: store the due date the measure's dates give (measures.derived.due_date). Every
    service that saves a measure calls it once, just before saving."""
    measure.due_date = derived.due_date(measure)


def measure_status_refresh(measure_id: int) -> str:
    """Named step: store the status of the measure's latest progress entry (measures.derived); the
    progress services call it once after they write. A derived field: no history row of its own."""
    status = derived.latest_status(
        Progress.objects.filter(measure_id=measure_id).values_list("reported_on", "pk", "status")
    )
    Measure.objects.filter(pk=measure_id).update(status=status)
    return status


def next_measure_number(organisation: Organisation, fiscal_year: int) -> int:
    """The number a new measure of the year gets: one after the highest."""
    top = Measure.objects.filter(organisation=organisation, fiscal_year=fiscal_year).aggregate(
        n=Max("number")
    )["n"]
    return (top or 0) + 1


def _save_with_links(
    measure: Measure, links: dict, *, actor, reason: str | None, created: bool = False
) -> None:
    """Save the measure and set its links so that exactly one history row records both: simple-history
    would otherwise write one row per save and one per m2m change, and the first row of a new
    measure would show it without its units."""
    measure_derived_set(measure)
    measure._history_user = actor
    measure._change_reason = (reason or "")[:100] or None
    measure.skip_history_when_saving = True
    try:
        if created:
            measure.save()
        for name, rows in links.items():
            if rows is not None:
                getattr(measure, name).set(rows)
    finally:
        del measure.skip_history_when_saving
    measure.save()
    if created:
        measure.history.filter(history_type="~").update(history_type="+")
    changes.organisation_changed(measure.organisation_id, actor=actor, what="measure")


def _own_units(organisation: Organisation, units: Iterable[OrgUnit]) -> list[OrgUnit]:
    units = list(units)
    foreign = [u for u in units if u.organisation_id != organisation.pk]
    if foreign:
        raise ValidationError({"units": f"“{foreign[0]}” ไม่ใช่หน่วยงานผู้รับผิดชอบขององค์กรนี้"})
    return units


def _own_recommendations(organisation: Organisation, recommendations: Iterable[Recommendation]) -> list:
    rows = list(recommendations)
    ids = {r.pk for r in rows}
    if (
        ids
        and Recommendation.objects.filter(pk__in=ids).exclude(assessment__organisation=organisation).exists()
    ):
        raise ValidationError({"recommendations": "ข้อเสนอแนะที่เลือกไม่ใช่ของหน่วยงานนี้"})
    return rows


def _clean_steps(steps: Sequence[str]) -> list[str]:
    cleaned = (clean_text(s).strip() for s in steps if s)
    return [s for s in cleaned if s]


def _steps_change(old: list[str], new: list[str]) -> str | None:
    """A short note for the history row: steps are rows of their own, not fields of the measure."""
    if old == new:
        return None
    added = len([s for s in new if s not in old])
    removed = len([s for s in old if s not in new])
    parts = []
    if added:
        parts.append(f"เพิ่ม {added}")
    if removed:
        parts.append(f"ลบ {removed}")
    if not parts:
        parts.append("เรียงลำดับใหม่")
    elif [s for s in new if s in old] != [s for s in old if s in new]:
        parts.append("เรียงลำดับใหม่")
    return f"ขั้นตอน/วิธีการ: {' '.join(parts)} (จาก {len(old)} เป็น {len(new)} ขั้นตอน)"


@changes.write
def measure_steps_set(*, measure: Measure, steps: Sequence[str], actor) -> None:
    """Replace the measure's steps with `steps`, in order; blank lines are dropped. (Steps have no
    history of their own: measure_update notes the change on the measure's row.)"""
    rows = [
        MeasureStep(measure=measure, order=i, text=text)
        for i, text in enumerate(_clean_steps(steps), start=1)
    ]
    for row in rows:
        try:
            row.full_clean(exclude=["measure"])
        except ValidationError as error:
            raise ValidationError({"steps": [f"ขั้นตอนที่ {row.order}: {m}" for m in error.messages]}) from None
    measure.steps.all().delete()
    MeasureStep.objects.bulk_create(rows)
    changes.organisation_changed(measure.organisation_id, actor=actor, what="measure")


def _shift_years(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


@changes.write
def measures_copy_year(
    *, organisation: Organisation, source_year: int, target_year: int, actor, add_to_existing: bool = False
) -> list[Measure]:
    """Start a fiscal year from another year's measures: titles, issues, steps, units, reporting and
    periods (moved by the difference in years); no progress. Links to the ITA framework are carried
    over by tool code, indicator number and question code where the target year's framework has them;
    recommendations are not (they belong to one assessment).

    Refuses when the target year already has measures, unless `add_to_existing`.
    """
    if source_year == target_year:
        raise ValidationError({"target_year": "ปีงบประมาณปลายทางต้องไม่ใช่ปีเดียวกับปีต้นทาง"})
    existing = Measure.objects.filter(organisation=organisation, fiscal_year=target_year).count()
    if existing and not add_to_existing:
        raise ValidationError(
            {
                "target_year": f"ปีงบประมาณ {target_year} มีมาตรการอยู่แล้ว {existing} มาตรการ "
                "หากต้องการเพิ่มมาตรการที่คัดลอกต่อท้าย โปรดติ๊กยืนยัน"
            },
            code="target_has_measures",
        )
    sources = list(
        Measure.objects.filter(organisation=organisation, fiscal_year=source_year)
        .select_related("tool")
        .prefetch_related("steps", "units", "indicators", "questions")
        .order_by("number", "pk")
    )
    if not sources:
        raise ValidationError({"source_year": f"ปีงบประมาณ {source_year} ยังไม่มีมาตรการให้คัดลอก"})
    framework = source_framework(target_year)
    tools = {t.code: t for t in framework.tools.all()} if framework else {}
    indicators = {i.number: i for i in framework.indicators.all()} if framework else {}
    questions = {q.code: q for q in framework.questions.all()} if framework else {}
    years = target_year - source_year
    number = next_measure_number(organisation, target_year)
    copies = []
    for source in sources:
        start = fiscal.month_add(source.period_start, 12 * years) if source.period_start else None
        end = fiscal.month_add(source.period_end, 12 * years) if source.period_end else None
        copies.append(
            measure_create(
                organisation=organisation,
                fiscal_year=target_year,
                number=number,
                title=source.title,
                issue=source.issue,
                tool=tools.get(source.tool.code) if source.tool else None,
                indicators=[indicators[i.number] for i in source.indicators.all() if i.number in indicators],
                questions=[questions[q.code] for q in source.questions.all() if q.code in questions],
                steps=[s.text for s in source.steps.all()],
                units=list(source.units.all()),
                period_start=start,
                period_end=end,
                period_text=source.period_text,
                responsible_text=source.responsible_text,
                deadline_text=source.deadline_text,
                reporting=source.reporting,
                reporting_deadline=_shift_years(source.reporting_deadline, years),
                expected_outcome=source.expected_outcome,
                actor=actor,
                change_reason=f"คัดลอกจากมาตรการที่ {source.number} ปีงบประมาณ {source_year}",
            )
        )
        number += 1
    return copies


# ---------------------------------------------------------------- progress and evidence


@changes.write
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
    files: Iterable = (),
    actor,
) -> Progress:
    """Record what was done on a measure for a round, with evidence links and files; all or nothing
    (a refused file leaves neither the entry nor any stored file behind)."""
    files = _checked(files)
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
    _progress_save(progress, links, actor=actor)
    _files_store(progress, files)
    return progress


@changes.write
def progress_update(
    *,
    progress: Progress,
    expected_version: int | None,
    actor,
    links: Iterable[str] | None = None,
    files: Iterable = (),
    remove_files: Iterable[EvidenceFile] = (),
    **fields,
) -> Progress:
    """Save an edit of a progress entry unless someone saved it since it was opened (StaleVersion).
    `links` replaces the entry's links when given; `files` are added; `remove_files` are deleted."""
    unknown = set(fields) - set(PROGRESS_FIELDS)
    if unknown:
        raise TypeError(f"progress_update() got unexpected fields {sorted(unknown)}")
    files = _checked(files)
    check_and_bump(progress, expected_version)
    for name, value in fields.items():
        setattr(progress, name, "" if value is None and name in {"done", "outcome"} else value)
    progress.full_clean()
    notes = []
    removed = [f for f in remove_files if f.progress_id == progress.pk]
    if removed:
        names = [f.file.name for f in removed]
        EvidenceFile.objects.filter(pk__in=[f.pk for f in removed]).delete()
        _delete_files_on_commit(names)
        notes.append(f"ลบไฟล์ {len(removed)}")
    if files:
        notes.append(f"เพิ่มไฟล์ {len(files)}")
    if links is not None:
        old = list(progress.links.order_by("pk").values_list("url", flat=True))
        new = _unique(links)
        if old != new:
            progress.links.all().delete()
            notes.append(f"ลิงก์หลักฐาน {len(old)} → {len(new)}")
        else:
            links = None
    progress._change_reason = ("หลักฐาน: " + ", ".join(notes))[:100] if notes else None
    _progress_save(progress, links or (), actor=actor)
    _files_store(progress, files)
    return progress


def _unique(links: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(u.strip() for u in links if u and u.strip()))


def _checked(files: Iterable) -> list[tuple]:
    """Check every file before anything is written, so a refused file leaves nothing behind."""
    checked, errors = [], []
    for upload in files:
        try:
            checked.append((upload, check_evidence_file(upload)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _progress_save(progress: Progress, links: Iterable[str], *, actor) -> None:
    """Save the entry (one history row, by `actor`), add its new evidence links, and refresh the
    measure's status."""
    progress._history_user = actor
    progress.save()
    for url in _unique(links):
        link = EvidenceLink(progress=progress, url=url)
        link.full_clean(exclude=["progress"])
        link.save()
    _progress_changed(progress, actor)


def _progress_changed(progress: Progress, actor) -> None:
    measure_status_refresh(progress.measure_id)
    changes.organisation_changed(progress.measure.organisation_id, actor=actor, what="progress")


@changes.write
def progress_save(*, progress: Progress, actor) -> Progress:
    """Save a progress entry as edited field by field (the Django admin: new or changed), with the
    measure's status refreshed and `actor` on the history row."""
    if progress.pk is not None:
        check_and_bump(progress, None)
    elif progress.created_by_id is None and getattr(actor, "pk", None):
        progress.created_by = actor
    progress.full_clean()
    _progress_save(progress, (), actor=actor)
    return progress


@changes.write
def progress_delete(*, progress: Progress, actor) -> None:
    """Delete a progress entry with its evidence (files are removed once committed); the measure's
    status falls back to the entry before it."""
    names = list(progress.files.values_list("file", flat=True))
    progress._history_user = actor
    progress.delete()
    _delete_files_on_commit(names)
    _progress_changed(progress, actor)


@changes.write
def progress_links_set(*, progress: Progress, links: Iterable[str], actor) -> Progress:
    """Replace the entry's evidence links (the Django admin's inline), noted on its history row."""
    return progress_update(progress=progress, expected_version=None, actor=actor, links=links)


@changes.write
def evidence_files_delete(*, progress: Progress, files: Iterable[EvidenceFile], actor) -> Progress:
    """Delete some of the entry's evidence files (the Django admin's inline), noted on its history row."""
    return progress_update(progress=progress, expected_version=None, actor=actor, remove_files=files)


def _files_store(progress: Progress, files: list) -> None:
    """Store each (already checked) upload under a random name; the person's file name is kept as
    `original_name` only, so no name reaches the file system. Stored files are removed again if
    saving a row fails; callers store files last, so nothing after them rolls the entry back."""
    stored: list[EvidenceFile] = []
    try:
        for upload, kind in files:
            evidence = EvidenceFile(
                progress=progress,
                original_name=(upload.name or "")[-255:],
                content_type=kind.content_type,
                size=upload.size,
            )
            upload.seek(0)
            evidence.file.save(f"{uuid.uuid4().hex}{kind.extension}", upload, save=False)
            stored.append(evidence)
            evidence.full_clean(exclude=["progress"])
            evidence.save()
    except BaseException:
        for evidence in stored:
            evidence.file.storage.delete(evidence.file.name)
        raise


def _delete_files_on_commit(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    def delete():
        for name in names:
            default_storage.delete(name)

    if names:
        transaction.on_commit(delete)
