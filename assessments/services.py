"""Writes to frameworks and assessments: atomic, validated, history rows left by simple-history."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from ita_portal import changes
from ita_portal.models import Organisation
from ita_portal.thai import parse_decimal

from .models import (
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
def framework_load(*, data: Mapping) -> Framework:
    """Create or update one fiscal year's framework from its fixture dict (fixtures/README.md).

    Rows are updated in place by their natural keys (tool code, indicator number, question code), so
    reloading never breaks the scores that point at them. Level bands are replaced as a whole.
    """
    framework, _ = Framework.objects.update_or_create(
        fiscal_year=data["fiscal_year"],
        defaults={
            "pass_mark": _dec(data.get("pass_mark", "85")),
            "level_scheme": data["level_scheme"],
            "verified": bool(data.get("verified", False)),
            "notes": data.get("notes") or "",
        },
    )
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
    changes.site_changed(actor=None, what="framework")  # names, bands and weights every page prints
    return framework


def _save(obj, **kwargs) -> None:
    obj.full_clean()
    obj.save(**kwargs)


@transaction.atomic
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
) -> Assessment:
    """Create an organisation's assessment for a fiscal year with its scores, all or nothing.

    `tool_scores` maps a tool code to a score or to {"score", "part1", "part2"}; `question_scores` maps a
    question code to a score, or to True/False for an OIT item. Raises ValidationError (Thai messages)
    for an unknown year, a duplicate assessment, a question from another year, or a bad score.
    """
    framework = Framework.objects.filter(fiscal_year=fiscal_year).first()
    if framework is None:
        raise ValidationError({"framework": f"ยังไม่มีกรอบการประเมินของปีงบประมาณ {fiscal_year}"})
    assessment = Assessment(
        organisation=organisation,
        framework=framework,
        official_total=_dec(official_total),
        official_level=official_level or "",
        notes=notes,
    )
    _save(assessment, refresh_summary=False)
    assessment_scores_set(
        assessment=assessment,
        tool_scores=tool_scores or {},
        indicator_scores=indicator_scores or {},
        question_scores=question_scores or {},
    )
    return assessment


@transaction.atomic
def assessment_scores_set(
    *,
    assessment: Assessment,
    tool_scores: Mapping[str, Mapping | object] = (),
    indicator_scores: Mapping[int | str, object] = (),
    question_scores: Mapping[str, object] = (),
) -> None:
    """Set (create, replace or — for None — remove) scores of an assessment; codes must belong to the
    assessment's year."""
    framework = assessment.framework
    tools = {t.code: t for t in framework.tools.all()}
    indicators = {i.number: i for i in framework.indicators.all()}
    questions = {q.code: q for q in framework.questions.select_related("indicator")}
    year = framework.fiscal_year

    for code, value in dict(tool_scores).items():
        if code not in tools:
            raise ValidationError({"tool": f"ไม่มีเครื่องมือ {code} ในกรอบการประเมินปี {year}"})
        parts = value if isinstance(value, Mapping) else {"score": value}
        values = [_dec(parts.get(k)) for k in ("score", "part1", "part2")]
        row = ToolScore.objects.filter(assessment=assessment, tool=tools[code]).first()
        if all(v is None for v in values):
            if row is not None:
                row.delete()
            continue
        row = row or ToolScore(assessment=assessment, tool=tools[code])
        row.score, row.part1_score, row.part2_score = values
        _save(row, refresh_summary=False)

    for number, value in dict(indicator_scores).items():
        number = int(number)
        if number not in indicators:
            raise ValidationError({"indicator": f"ไม่มีตัวชี้วัดที่ {number} ในกรอบการประเมินปี {year}"})
        row = IndicatorScore.objects.filter(assessment=assessment, indicator=indicators[number]).first()
        if value is None:
            if row is not None:
                row.delete()
            continue
        row = row or IndicatorScore(assessment=assessment, indicator=indicators[number])
        row.score = _dec(value)
        _save(row, refresh_summary=False)

    for code, value in dict(question_scores).items():
        if code not in questions:
            raise ValidationError({"question": f"ไม่มีข้อ {code} ในกรอบการประเมินปี {year}"})
        question = questions[code]
        row = QuestionScore.objects.filter(assessment=assessment, question=question).first()
        if value is None:
            if row is not None:
                row.delete()
            continue
        row = row or QuestionScore(assessment=assessment, question=question)
        if isinstance(value, bool):
            row.passed, row.score = value, None
        else:
            row.passed, row.score = None, _dec(value)
        _save(row)
    assessment.refresh_summary()  # once, after every row (the rows were saved without it)


@transaction.atomic
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
    actor=None,
) -> Assessment:
    """Save the whole entry page of one year at once: create the assessment if needed, refuse a stale
    version (someone else saved since the page was opened), then set every score; all or nothing."""
    from ita_portal.concurrency import check_and_bump

    assessment = Assessment.objects.filter(organisation=organisation, framework=framework).first()
    if assessment is None:
        assessment = Assessment(organisation=organisation, framework=framework)
    else:
        check_and_bump(assessment, expected_version)
    assessment.official_total = _dec(official_total)
    assessment.official_level = official_level or ""
    assessment._history_user = actor
    _save(assessment, refresh_summary=False)
    assessment_scores_set(
        assessment=assessment,
        tool_scores=tool_scores,
        indicator_scores=indicator_scores,
        question_scores=question_scores,
    )
    return assessment


# ---------------------------------------------------------------- recommendations

RECOMMENDATION_FIELDS = ("kind", "tool", "indicator", "question", "score", "issue", "advice", "order")


def _recommendation_save(
    recommendation: Recommendation, data: Mapping, actor, *, created: bool
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
    recommendation._history_user = actor
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


@transaction.atomic
def recommendation_create(*, assessment: Assessment, data: Mapping, actor) -> Recommendation:
    """Add a recommendation to an assessment (`data`: RECOMMENDATION_FIELDS and assigned_units)."""
    return _recommendation_save(Recommendation(assessment=assessment), data, actor, created=True)


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, data: Mapping, expected_version: int | None, actor
) -> Recommendation:
    """Save an edit of a recommendation unless someone saved it since `expected_version` was loaded
    (StaleVersion)."""
    from ita_portal.concurrency import check_and_bump

    current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    check_and_bump(current, expected_version)
    return _recommendation_save(current, data, actor, created=False)


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
