"""Writes to frameworks and assessments: every one a service here, atomic (`@changes.write`), validated,
with a history row naming its actor (`actor=None` only for writes with no user, which then say why in
`reason`). Models' save() and delete() stay plain: derived figures are refreshed here by the named step
Assessment.refresh_summary(), once per write, and each write announces itself once
(`changes.organisation_changed`)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ita_portal import changes
from ita_portal.models import Organisation
from ita_portal.thai import parse_decimal

from .models import (
    AnalysisIssue,
    AnalysisIssueQuestion,
    Assessment,
    Framework,
    Indicator,
    IndicatorScore,
    LevelBand,
    Question,
    QuestionScore,
    Recommendation,
    SubIndicator,
    Tool,
    ToolScore,
)


def _dec(value) -> Decimal | None:
    return parse_decimal(value) if value is not None else None


@changes.write
def framework_load(*, data: Mapping, actor, reason: str = "") -> Framework:
    """Create or update one fiscal year's framework from its fixture dict (fixtures/README.md).

    Rows are updated in place by their natural keys (tool code, indicator number, question code), so
    reloading never breaks the scores that point at them. Level bands are replaced as a whole. The
    framework's history row names `actor` (None for a command, which says so in `reason`).
    """
    framework = Framework.objects.filter(fiscal_year=data["fiscal_year"]).first() or Framework(
        fiscal_year=data["fiscal_year"]
    )
    framework.pass_mark = _dec(data.get("pass_mark", "85"))
    framework.level_scheme = data["level_scheme"]
    framework.verified = bool(data.get("verified", False))
    framework.notes = data.get("notes") or ""
    _save(framework, actor, reason or "โหลดจากไฟล์กรอบการประเมิน")
    tools = {}
    for order, t in enumerate(data["tools"], start=1):
        tools[t["code"]], _ = Tool.objects.update_or_create(
            framework=framework,
            code=t["code"],
            defaults={
                "name": t["name"],
                "name_en": t.get("name_en") or "",
                "weight": _dec(t["weight"]),
                "order": order,
            },
        )
    framework.levels.all().delete()
    LevelBand.objects.bulk_create(
        LevelBand(
            framework=framework,
            label=b["label"],
            min_total=_dec(b["min_total"]),
            min_each_tool=_dec(b.get("min_each_tool")),
            passed=bool(b.get("passed", True)),
            order=order,
        )
        for order, b in enumerate(data["levels"], start=1)
    )
    indicators, subindicators = {}, {}
    for i in data["indicators"]:
        indicator, _ = Indicator.objects.update_or_create(
            framework=framework, number=i["number"], defaults={"name": i["name"], "tool": tools[i["tool"]]}
        )
        indicators[i["number"]] = indicator
        for order, s in enumerate(i.get("subindicators") or [], start=1):
            subindicators[s["code"]], _ = SubIndicator.objects.update_or_create(
                indicator=indicator, code=s["code"], defaults={"name": s["name"], "order": order}
            )
    for order, q in enumerate(data["questions"], start=1):
        Question.objects.update_or_create(
            framework=framework,
            code=q["code"],
            defaults={
                "indicator": indicators[q["indicator"]],
                "subindicator": subindicators.get(q.get("subindicator")) if q.get("subindicator") else None,
                "text": q["text"],
                "answer": q.get("answer", "scale"),
                "order": order,
            },
        )
    weights = sum(t.weight for t in tools.values())
    if weights != 1:
        raise ValidationError(f"น้ำหนักของเครื่องมือปี {framework.fiscal_year} รวมกันได้ {weights} ต้องเท่ากับ 1")
    _year_results_refresh(framework, actor)
    changes.site_changed(actor=actor, what="framework")  # names, bands and weights every page prints
    return framework


def _year_results_refresh(framework: Framework, actor) -> None:
    """A year's rules changed (pass mark, weights, bands, which tool an indicator counts for): every
    assessment of that year stores its summary again, in bulk, and its organisation hears of it."""
    framework = Framework.objects.with_rules().get(pk=framework.pk)
    scheme = framework.scheme()
    assessments = list(
        Assessment.objects.filter(framework=framework).prefetch_related(
            "indicator_scores__indicator", "tool_scores__tool"
        )
    )
    for assessment in assessments:
        assessment.framework = framework
        assessment.set_summary_fields(scheme)
    Assessment.objects.bulk_update(assessments, ["total", "level", "passed"], batch_size=500)
    for assessment in assessments:
        changes.organisation_changed(assessment.organisation_id, actor=actor, what="framework")


@changes.write
def framework_save(*, framework: Framework, actor) -> Framework:
    """Create or edit a year's framework (the admin form); that year's stored results follow its rules."""
    _save(framework, actor)
    _year_results_refresh(framework, actor)
    return framework


@changes.write
def framework_rows_save(*, framework: Framework, created=(), changed=(), deleted=(), actor) -> None:
    """Rule rows of a year (tools, level bands, indicators) edited as rows (the admin's inline tables);
    that year's stored results follow. These rows keep no history: the framework's own row does."""
    created, changed, deleted = list(created), list(changed), list(deleted)
    if not (created or changed or deleted):
        return
    for row in [*created, *changed]:
        row.framework = framework
        row.full_clean()
        row.save()
    for row in deleted:
        row.delete()
    _year_results_refresh(framework, actor)


def _stamp(obj, actor, reason: str = ""):
    """Name the actor (and why, for a write with no user) on the history row `obj`'s save will leave."""
    obj._history_user = actor
    if reason:
        obj._change_reason = reason
    return obj


def _save(obj, actor, reason: str = "") -> None:
    obj.full_clean()
    _stamp(obj, actor, reason).save()


# ---------------------------------------------------------------- score rows, written in bulk

# Per score model: the row's key on the framework, and the value fields a save may change.
SCORE_ROWS = {
    ToolScore: ("tool", ("score", "part1_score", "part2_score")),
    IndicatorScore: ("indicator", ("score",)),
    QuestionScore: ("question", ("score", "passed")),
}


def _clean_row(row) -> None:
    # The key and the assessment are rows this service just read (no existence query per row), and
    # each key is written once per assessment (the service's own read keys the rows; a concurrent
    # writer waits on the assessment's lock), so only the values and the row's own rules are checked.
    key, _ = SCORE_ROWS[type(row)]
    row.full_clean(exclude=["assessment", key], validate_unique=False, validate_constraints=False)


def _history_deleted(model, rows, actor, reason: str) -> None:
    """The "-" history rows of `rows` (simple-history writes those one by one from a signal)."""
    history = model.history.model
    when = timezone.now()
    history.objects.bulk_create(
        history(
            history_date=when,
            history_user=actor,
            history_change_reason=reason or None,
            history_type="-",
            **{f.attname: getattr(row, f.attname) for f in history.tracked_fields},
        )
        for row in rows
    )


def _write_rows(model, *, created=(), changed=(), deleted=(), fields=(), actor, reason: str = "") -> None:
    """Bulk create, update and delete score rows of one model, each with a history row naming `actor`."""
    created, changed, deleted = list(created), list(changed), list(deleted)
    if created:
        bulk_create_with_history(created, model, default_user=actor, default_change_reason=reason)
    if changed:
        bulk_update_with_history(
            changed, model, list(fields), default_user=actor, default_change_reason=reason
        )
    if deleted:
        _history_deleted(model, deleted, actor, reason)
        # Score rows own nothing (no cascade to follow); one DELETE without the per-row signal whose
        # history row would name nobody outside a request.
        rows = model.objects.filter(pk__in=[row.pk for row in deleted])
        rows._raw_delete(rows.db)


def _upsert_scores(assessment: Assessment, model, wanted: Mapping, keys: Mapping, actor, reason: str) -> None:
    """Make `model`'s rows of `assessment` match `wanted` ({key id: {field: value} or None to remove}):
    one read of the existing rows, then only the rows that differ are written."""
    key, fields = SCORE_ROWS[model]
    existing = {getattr(row, f"{key}_id"): row for row in model.objects.filter(assessment=assessment)}
    created, changed, deleted = [], [], []
    for key_id, values in wanted.items():
        row = existing.get(key_id)
        if values is None:
            if row is not None:
                deleted.append(row)
            continue
        if row is None:
            row = model(assessment=assessment, **{key: keys[key_id]}, **values)
            created.append(row)
        elif all(getattr(row, f) == v for f, v in values.items()):
            continue
        else:
            for f, v in values.items():
                setattr(row, f, v)
            setattr(row, key, keys[key_id])  # the framework's row, for clean() without a query
            changed.append(row)
        row.assessment = assessment
        _clean_row(row)
    _write_rows(
        model, created=created, changed=changed, deleted=deleted, fields=fields, actor=actor, reason=reason
    )


def _scores_write(
    assessment: Assessment, *, tool_scores, indicator_scores, question_scores, actor, reason: str = ""
) -> None:
    """The score part of every assessment write: validate the codes against the assessment's year, upsert
    the rows in bulk, refresh the stored summary once and announce the change once."""
    framework = assessment.framework
    tools = {t.code: t for t in framework.tools.all()}
    indicators = {i.number: i for i in framework.indicators.all()}
    questions = {q.code: q for q in framework.questions.all()}
    year = framework.fiscal_year

    wanted_tools = {}
    for code, value in dict(tool_scores).items():
        if code not in tools:
            raise ValidationError({"tool": f"ไม่มีเครื่องมือ {code} ในกรอบการประเมินปี {year}"})
        parts = value if isinstance(value, Mapping) else {"score": value}
        score, part1, part2 = (_dec(parts.get(k)) for k in ("score", "part1", "part2"))
        values = {"score": score, "part1_score": part1, "part2_score": part2}
        wanted_tools[tools[code].pk] = None if all(v is None for v in values.values()) else values

    wanted_indicators = {}
    for number, value in dict(indicator_scores).items():
        number = int(number)
        if number not in indicators:
            raise ValidationError({"indicator": f"ไม่มีตัวชี้วัดที่ {number} ในกรอบการประเมินปี {year}"})
        wanted_indicators[indicators[number].pk] = None if value is None else {"score": _dec(value)}

    wanted_questions = {}
    for code, value in dict(question_scores).items():
        if code not in questions:
            raise ValidationError({"question": f"ไม่มีข้อ {code} ในกรอบการประเมินปี {year}"})
        if value is None:
            values = None
        elif isinstance(value, bool):
            values = {"score": None, "passed": value}
        else:
            values = {"score": _dec(value), "passed": None}
        wanted_questions[questions[code].pk] = values

    by_pk = {
        ToolScore: {t.pk: t for t in tools.values()},
        IndicatorScore: {i.pk: i for i in indicators.values()},
        QuestionScore: {q.pk: q for q in questions.values()},
    }
    for model, wanted in (
        (ToolScore, wanted_tools),
        (IndicatorScore, wanted_indicators),
        (QuestionScore, wanted_questions),
    ):
        if wanted:
            _upsert_scores(assessment, model, wanted, by_pk[model], actor, reason)
    assessment.refresh_summary()
    changes.organisation_changed(assessment.organisation_id, actor=actor, what="scores")


def _framework(fiscal_year: int) -> Framework:
    framework = Framework.objects.with_rules().filter(fiscal_year=fiscal_year).first()
    if framework is None:
        raise ValidationError({"framework": f"ยังไม่มีกรอบการประเมินของปีงบประมาณ {fiscal_year}"})
    return framework


@changes.write
def assessment_create(
    *,
    organisation: Organisation,
    fiscal_year: int,
    official_total=None,
    official_level: str = "",
    tool_scores: Mapping[str, Mapping | object] | None = None,
    indicator_scores: Mapping[int | str, object] | None = None,
    question_scores: Mapping[str, object] | None = None,
    notes: str = "",
    actor,
    reason: str = "",
) -> Assessment:
    """Create an organisation's assessment for a fiscal year with its scores, all or nothing.

    `tool_scores` maps a tool code to a score or to {"score", "part1", "part2"}; `question_scores` maps a
    question code to a score, or to True/False for an OIT item. Raises ValidationError (Thai messages)
    for an unknown year, a duplicate assessment, a question from another year, or a bad score.
    `reason` goes in the history rows (say why when there is no user: actor=None).
    """
    assessment = Assessment(
        organisation=organisation,
        framework=_framework(fiscal_year),
        official_total=_dec(official_total),
        official_level=official_level or "",
        notes=notes,
    )
    _save(assessment, actor, reason)
    _scores_write(
        assessment,
        tool_scores=tool_scores or {},
        indicator_scores=indicator_scores or {},
        question_scores=question_scores or {},
        actor=actor,
        reason=reason,
    )
    return assessment


def _locked(assessment: Assessment) -> Assessment:
    """The assessment's row locked for this write (concurrent score writes of one assessment queue)."""
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    locked.framework = assessment.framework  # keep what the caller prefetched
    return locked


@changes.write
def assessment_scores_set(
    *,
    assessment: Assessment,
    tool_scores: Mapping[str, Mapping | object] = (),
    indicator_scores: Mapping[int | str, object] = (),
    question_scores: Mapping[str, object] = (),
    actor,
    reason: str = "",
) -> None:
    """Set (create, replace or — for None — remove) scores of an assessment; codes must belong to the
    assessment's year."""
    _scores_write(
        _locked(assessment),
        tool_scores=tool_scores,
        indicator_scores=indicator_scores,
        question_scores=question_scores,
        actor=actor,
        reason=reason,
    )
    assessment.refresh_from_db(fields=["total", "level", "passed"])


@changes.write
def assessment_entry_save(
    *,
    organisation: Organisation,
    framework: Framework,
    expected_version: int | None,
    official_total,
    official_level: str,
    tool_scores: Mapping[str, Mapping],
    indicator_scores: Mapping[int, object],
    question_scores: Mapping[str, object],
    actor,
) -> Assessment:
    """Save the whole entry page of one year at once: create the assessment if needed, refuse a stale
    version (someone else saved since the page was opened), then set every score in bulk; all or nothing.
    Pass `framework` with its rules prefetched (Framework.objects.with_rules()) to save the reads."""
    from ita_portal.concurrency import check_and_bump

    assessment = Assessment.objects.filter(organisation=organisation, framework=framework).first()
    if assessment is None:
        assessment = Assessment(organisation=organisation, framework=framework)
    else:
        check_and_bump(assessment, expected_version)  # locks the row
        assessment.framework = framework
    assessment.official_total = _dec(official_total)
    assessment.official_level = official_level or ""
    _save(assessment, actor)
    _scores_write(
        assessment,
        tool_scores=tool_scores,
        indicator_scores=indicator_scores,
        question_scores=question_scores,
        actor=actor,
    )
    return assessment


@changes.write
def assessment_save(*, assessment: Assessment, actor, reason: str = "") -> Assessment:
    """Create or edit an assessment's own fields (official figures, notes) as the admin form set them;
    its organisation and year are fixed once created. Refreshes the stored summary."""
    if assessment.pk is not None:
        before = (
            Assessment.objects.select_for_update()
            .values("organisation_id", "framework_id")
            .get(pk=assessment.pk)
        )
        if (before["organisation_id"], before["framework_id"]) != (
            assessment.organisation_id,
            assessment.framework_id,
        ):
            raise ValidationError("ย้ายผลการประเมินไปหน่วยงานหรือปีอื่นไม่ได้ ให้ลบแล้วสร้างใหม่")
        assessment.version += 1
    _save(assessment, actor, reason)
    assessment.refresh_summary()
    changes.organisation_changed(assessment.organisation_id, actor=actor, what="assessment")
    return assessment


@changes.write
def assessment_score_rows_save(
    *, assessment: Assessment, model, created=(), changed=(), deleted=(), actor, reason: str = ""
) -> None:
    """Score rows of one model edited as rows (the admin's inline tables): validate them, write them in
    bulk with history, refresh the stored summary once."""
    if model not in SCORE_ROWS:
        raise TypeError(f"not a score model: {model}")
    created, changed = list(created), list(changed)
    for row in [*created, *changed]:
        row.assessment = assessment
        row.full_clean()
    key, fields = SCORE_ROWS[model]
    _write_rows(
        model,
        created=created,
        changed=changed,
        deleted=deleted,
        fields=(key, *fields),
        actor=actor,
        reason=reason,
    )
    assessment.refresh_summary()
    changes.organisation_changed(assessment.organisation_id, actor=actor, what="scores")


@changes.write
def assessment_delete(*, assessment: Assessment, actor, reason: str = "") -> None:
    """Delete an assessment with its scores, recommendations and analysis issues; every history row of
    the deletion names `actor` (a cascade would leave them to the request, or to nobody)."""
    for model in SCORE_ROWS:
        _write_rows(model, deleted=model.objects.filter(assessment=assessment), actor=actor, reason=reason)
    for recommendation in assessment.recommendations.all():
        _stamp(recommendation, actor, reason).delete()
    for issue in assessment.analysis_issues.all():
        _stamp(issue, actor, reason).delete()
    organisation_id = assessment.organisation_id
    _stamp(assessment, actor, reason).delete()
    changes.organisation_changed(organisation_id, actor=actor, what="assessment")


# ---------------------------------------------------------------- recommendations

RECOMMENDATION_FIELDS = ("kind", "tool", "indicator", "question", "score", "issue", "advice", "order")


def _recommendation_save(
    recommendation: Recommendation, data: Mapping, actor, *, created: bool, reason: str = ""
) -> Recommendation:
    """Set the fields and the assigned units so that exactly one history row (with the actor) records both."""
    data = dict(data)
    units = data.pop("assigned_units", None)
    unknown = set(data) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise TypeError(f"recommendation fields unexpected: {sorted(unknown)}")
    for name, value in data.items():
        setattr(recommendation, name, value)
    recommendation.full_clean()
    if units is not None:
        units = list(units)
        foreign = [u for u in units if u.organisation_id != recommendation.assessment.organisation_id]
        if foreign:
            raise ValidationError({"assigned_units": f"“{foreign[0]}” ไม่ใช่หน่วยงานผู้รับผิดชอบขององค์กรนี้"})
    _stamp(recommendation, actor, reason)
    recommendation.skip_history_when_saving = True
    try:
        if created:
            recommendation.save()
        if units is not None:
            recommendation.assigned_units.set(units)
    finally:
        del recommendation.skip_history_when_saving
    recommendation.save()
    if created:
        recommendation.history.filter(history_type="~").update(history_type="+")
    # Printed in the analysis report (its PDF is cached under the organisation's data version).
    changes.organisation_changed(
        recommendation.assessment.organisation_id, actor=actor, what="recommendation"
    )
    return recommendation


@changes.write
def recommendation_create(
    *, assessment: Assessment, data: Mapping, actor, reason: str = ""
) -> Recommendation:
    """Add a recommendation to an assessment (`data`: RECOMMENDATION_FIELDS and assigned_units)."""
    return _recommendation_save(
        Recommendation(assessment=assessment), data, actor, created=True, reason=reason
    )


@changes.write
def recommendation_update(
    *, recommendation: Recommendation, data: Mapping, expected_version: int | None, actor
) -> Recommendation:
    """Save an edit of a recommendation unless someone saved it since `expected_version` was loaded
    (StaleVersion)."""
    from ita_portal.concurrency import check_and_bump

    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    check_and_bump(current, expected_version)
    return _recommendation_save(current, data, actor, created=False)


@changes.write
def recommendation_delete(*, recommendation: Recommendation, actor) -> None:
    """Delete a recommendation (measures that answered it lose the link, not the measure)."""
    organisation_id = recommendation.assessment.organisation_id
    _stamp(recommendation, actor).delete()
    changes.organisation_changed(organisation_id, actor=actor, what="recommendation")


# ---------------------------------------------------------------- analysis issues (the analysis report's ประเด็น)

ANALYSIS_ISSUE_FIELDS = ("number", "title", "analysis", "limitation")
ANALYSIS_ROW_FIELDS = ("question", "score", "remark")


def _analysis_rows_set(issue: AnalysisIssue, rows) -> None:
    """Replace the issue's question rows by `rows` ({question, score, remark}), in this order."""
    lines = []
    for order, row in enumerate(rows, start=1):
        unknown = set(row) - set(ANALYSIS_ROW_FIELDS)
        if unknown:
            raise TypeError(f"analysis row fields unexpected: {sorted(unknown)}")
        line = AnalysisIssueQuestion(
            issue=issue,
            question=row["question"],
            score=_dec(row.get("score")),
            remark=row.get("remark") or "",
            order=order,
        )
        line.full_clean(exclude=["issue"])
        lines.append(line)
    issue.rows.all().delete()
    AnalysisIssueQuestion.objects.bulk_create(lines)


def _analysis_issue_save(issue: AnalysisIssue, data: Mapping, rows, actor, reason: str) -> AnalysisIssue:
    unknown = set(data) - set(ANALYSIS_ISSUE_FIELDS)
    if unknown:
        raise TypeError(f"analysis issue fields unexpected: {sorted(unknown)}")
    for name, value in data.items():
        setattr(issue, name, value)
    _save(issue, actor, reason)
    if rows is not None:
        _analysis_rows_set(issue, rows)
    changes.organisation_changed(issue.assessment.organisation_id, actor=actor, what="analysis")
    return issue


@changes.write
def analysis_issue_create(
    *, assessment: Assessment, data: Mapping, rows=(), actor, reason: str = ""
) -> AnalysisIssue:
    """Add an issue to an assessment's analysis (`data`: ANALYSIS_ISSUE_FIELDS; `rows`: the questions
    bearing on it, each {question, score, remark})."""
    return _analysis_issue_save(AnalysisIssue(assessment=assessment), data, rows, actor, reason)


@changes.write
def analysis_issue_update(
    *, issue: AnalysisIssue, data: Mapping, rows=None, actor, reason: str = ""
) -> AnalysisIssue:
    """Edit an issue; `rows`, when given, replaces its question rows."""
    current = AnalysisIssue.objects.select_for_update().select_related("assessment").get(pk=issue.pk)
    return _analysis_issue_save(current, data, rows, actor, reason)


@changes.write
def analysis_issue_rows_save(*, issue: AnalysisIssue, created=(), changed=(), deleted=(), actor) -> None:
    """Question rows of an issue edited as rows (the admin's inline table)."""
    for row in [*created, *changed]:
        row.issue = issue
        row.full_clean()
        row.save()
    for row in deleted:
        row.delete()
    changes.organisation_changed(issue.assessment.organisation_id, actor=actor, what="analysis")


@changes.write
def analysis_issue_delete(*, issue: AnalysisIssue, actor) -> None:
    organisation_id = issue.assessment.organisation_id
    _stamp(issue, actor).delete()
    changes.organisation_changed(organisation_id, actor=actor, what="analysis")


# ---------------------------------------------------------------- a new year's framework without a developer


@changes.write
def framework_copy(*, from_year: int, to_year: int, actor) -> Framework:
    """A new fiscal year's framework as a copy of `from_year`'s: pass mark, level scheme and bands, tools
    and weights, indicators, sub-indicators, questions and OIT items, each then editable in the admin.
    The copy is marked unverified (its notes say from where it was copied) until an administrator
    confirms it against the NACC manual (framework_confirm). Scores and assessments are not copied."""
    source = Framework.objects.with_rules().filter(fiscal_year=from_year).first()
    if source is None:
        raise ValidationError({"from_year": f"ไม่มีกรอบการประเมินของปีงบประมาณ {from_year}"})
    if Framework.objects.filter(fiscal_year=to_year).exists():
        raise ValidationError({"to_year": f"มีกรอบการประเมินของปีงบประมาณ {to_year} อยู่แล้ว"})
    copy = Framework(
        fiscal_year=to_year,
        pass_mark=source.pass_mark,
        level_scheme=source.level_scheme,
        verified=False,
        notes=f"คัดลอกจากกรอบการประเมินปีงบประมาณ {from_year} ยังไม่ได้ตรวจสอบกับคู่มือ ITA {to_year} ของ ป.ป.ช.",
    )
    copy.full_clean()
    copy._history_user = actor
    copy._change_reason = f"คัดลอกจากปี {from_year}"
    copy.save()
    tools = {}
    for tool in source.tools.all():
        tools[tool.pk] = Tool.objects.create(
            framework=copy,
            code=tool.code,
            name=tool.name,
            name_en=tool.name_en,
            weight=tool.weight,
            order=tool.order,
        )
    LevelBand.objects.bulk_create(
        LevelBand(
            framework=copy,
            label=band.label,
            min_total=band.min_total,
            min_each_tool=band.min_each_tool,
            passed=band.passed,
            order=band.order,
        )
        for band in source.levels.all()
    )
    indicators, subindicators = {}, {}
    for indicator in source.indicators.all():
        indicators[indicator.pk] = Indicator.objects.create(
            framework=copy, number=indicator.number, name=indicator.name, tool=tools[indicator.tool_id]
        )
        for sub in indicator.subindicators.all():
            subindicators[sub.pk] = SubIndicator.objects.create(
                indicator=indicators[indicator.pk], code=sub.code, name=sub.name, order=sub.order
            )
    Question.objects.bulk_create(
        Question(
            framework=copy,
            code=q.code,
            indicator=indicators[q.indicator_id],
            subindicator=subindicators.get(q.subindicator_id),
            text=q.text,
            answer=q.answer,
            order=q.order,
        )
        for q in source.questions.all()
    )
    changes.site_changed(actor=actor, what="framework")  # a new year in every page's year choice
    return copy


@changes.write
def framework_confirm(*, framework: Framework, actor) -> Framework:
    """An administrator has checked the year against the NACC manual: mark it verified (in history)."""
    current = Framework.objects.select_for_update().get(pk=framework.pk)
    if not current.verified:
        current.verified = True
        current._history_user = actor
        current._change_reason = "ยืนยันว่าตรงกับคู่มือของ ป.ป.ช. แล้ว"
        current.save(update_fields=["verified"])
        changes.site_changed(actor=actor, what="framework")
    return current
