"""Load the sample organisations of fixtures/demo/*.json (format in fixtures/README.md).

Lives in `reports` because it writes to every app and `reports` is the one app allowed to import all
the others. Loading is idempotent: an organisation with the same slug keeps its row (and its users)
but has everything it owns replaced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from assessments.models import AnalysisIssue, Framework, Recommendation
from assessments.services import (
    analysis_issue_create,
    assessment_create,
    assessment_delete,
    recommendation_create,
)
from ita_portal import changes
from ita_portal.models import Organisation, OrgUnit
from ita_portal.services import organisation_derived_set, unit_create, unit_delete
from ita_portal.thai import parse_decimal
from measures.services import measure_create, measure_delete, progress_record, source_framework

from ..models import ReportText

# The history rows of the loaded assessments name no user: say who wrote them.
DEMO_REASON = "ระบบ: โหลดข้อมูลตัวอย่าง (load_demo) ไม่มีผู้ใช้"


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _month(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(f"{value}-01") if value else None


def _text(value) -> str:
    return value or ""


@changes.write
def demo_organisation_load(*, data: Mapping, actor) -> Organisation:
    """Load one demo organisation; `actor` (None: the command) is named on every history row."""
    organisation = _load_organisation(data["organisation"], actor)
    for measure in organisation.measures.all():
        measure_delete(measure=measure, actor=actor)
    for assessment in organisation.assessments.all():
        assessment_delete(assessment=assessment, actor=actor, reason=DEMO_REASON)
    organisation.report_texts.all().delete()
    for unit in organisation.units.filter(parent=None):
        unit_delete(unit=unit, actor=actor)

    units = _load_units(organisation, data.get("units") or [], actor=actor)
    recommendations: dict[str, Recommendation] = {}
    issues: dict[str, AnalysisIssue] = {}
    for a in data.get("assessments") or []:
        _load_assessment(organisation, a, units, recommendations, issues, actor=actor)
    for m in data.get("measures") or []:
        _load_measure(organisation, m, units, recommendations, issues, actor=actor)
    for kind, texts in (data.get("documents") or {}).items():
        texts = dict(texts)
        ReportText.objects.create(
            organisation=organisation, fiscal_year=texts.pop("fiscal_year"), kind=kind, texts=texts
        )
    return organisation


def _load_organisation(org_data: Mapping, actor) -> Organisation:
    """The organisation row with the fixture's profile: kept (with its users) when the slug exists."""
    organisation = Organisation.objects.filter(slug=org_data["slug"]).first() or Organisation(
        slug=org_data["slug"]
    )
    # The fixtures write the place as names; the named step points them at the official list (exact
    # match), as an import's names are.
    for name in [*Organisation.PROFILE_FIELDS, *Organisation.PLACE_NAMES]:
        if org_data.get(name) is not None:
            setattr(organisation, name, org_data[name])
    organisation_derived_set(organisation)
    organisation._history_user = actor
    organisation.save()
    changes.organisation_changed(organisation.pk, actor=actor, what="organisation")
    return organisation


def _load_units(organisation, nodes, parent=None, units=None, counter=None, *, actor) -> dict[str, OrgUnit]:
    units = {} if units is None else units
    counter = counter if counter is not None else [0]
    for node in nodes:
        counter[0] += 1
        unit = units.get(node["name"])
        if unit is None:
            data = {
                "parent": parent,
                "name": node["name"],
                "kind": node.get("kind", "unit"),
                "order": counter[0],
            }
            unit = unit_create(organisation=organisation, data=data, actor=actor)
            units[unit.name] = unit
        _load_units(organisation, node.get("children") or [], unit, units, counter, actor=actor)
    return units


def _units(names, units) -> list[OrgUnit]:
    seen, out = set(), []
    for name in names or []:
        if name not in seen:
            seen.add(name)
            out.append(units[name])
    return out


def _load_assessment(organisation, a, units, recommendations, issues, *, actor) -> None:
    raw_tools = a.get("tool_scores") or {}
    tool_scores = {}
    for code in ("IIT", "EIT", "OIT"):
        parts = {
            "score": raw_tools.get(code),
            "part1": raw_tools.get(f"{code}_PART1"),
            "part2": raw_tools.get(f"{code}_PART2"),
        }
        if any(v is not None for v in parts.values()):
            tool_scores[code] = parts
    assessment = assessment_create(
        organisation=organisation,
        fiscal_year=a["fiscal_year"],
        official_total=a.get("official_total"),
        official_level=a.get("official_level") or "",
        tool_scores=tool_scores,
        indicator_scores=a.get("indicator_scores") or {},
        question_scores=a.get("question_scores") or {},
        actor=actor,
        reason=DEMO_REASON,
    )
    framework = assessment.framework
    tools = {t.code: t for t in framework.tools.all()}
    indicators = {i.number: i for i in framework.indicators.all()}
    questions = {q.code: q for q in framework.questions.all()}
    for order, r in enumerate(a.get("recommendations") or [], start=1):
        recommendations[r["key"]] = recommendation_create(
            assessment=assessment,
            data={
                "tool": tools.get(r.get("tool")),
                "indicator": indicators.get(r.get("indicator")),
                "question": questions.get(r.get("question")),
                "score": parse_decimal(r.get("score")),
                "kind": r["kind"],
                "issue": _text(r.get("issue")),
                "advice": _text(r.get("advice")),
                "order": order,
                "assigned_units": _units(r.get("assigned_to"), units),
            },
            actor=actor,
            reason=DEMO_REASON,
        )
    for i in a.get("analysis_issues") or []:
        issues[i["key"]] = analysis_issue_create(
            assessment=assessment,
            data={
                "number": i["number"],
                "title": i["title"],
                "analysis": _text(i.get("analysis")),
                "limitation": _text(i.get("limitation")),
            },
            rows=[
                {
                    "question": questions[row["question"]],
                    "score": row.get("score"),
                    "remark": _text(row.get("remark")),
                }
                for row in i.get("questions") or []
            ],
            actor=actor,
            reason=DEMO_REASON,
        )


def _load_measure(organisation, m, units, recommendations, issues, *, actor) -> None:
    """The measure and its progress through the measure services: the due date and the status come
    from the named steps (measures.derived), exactly as the portal's own pages store them."""
    framework: Framework | None = source_framework(m["fiscal_year"])
    tools = {t.code: t for t in framework.tools.all()} if framework else {}
    indicators = {i.number: i for i in framework.indicators.all()} if framework else {}
    questions = {q.code: q for q in framework.questions.all()} if framework else {}
    measure = measure_create(
        organisation=organisation,
        fiscal_year=m["fiscal_year"],
        number=m.get("number"),
        title=m["title"],
        issue=_text(m.get("issue")),
        tool=tools.get(m.get("tool")),
        indicators=[indicators[n] for n in m.get("indicators") or []],
        questions=[questions[c] for c in m.get("questions") or []],
        recommendations=[recommendations[k] for k in m.get("recommendations") or []],
        analysis_issues=[issues[k] for k in m.get("analysis_issues") or []],
        steps=m.get("steps") or [],
        units=_units(m.get("units"), units),
        period_start=_month(m.get("period_start")),
        period_end=_month(m.get("period_end")),
        period_text=_text(m.get("period_text")),
        reporting=_text(m.get("reporting")),
        reporting_deadline=_date(m.get("reporting_deadline")),
        deadline_text=_text(m.get("deadline_text")),
        responsible_text=_text(m.get("responsible_text")),
        expected_outcome=_text(m.get("expected_outcome")),
        suggestion=_text(m.get("suggestion")),
        remark=_text(m.get("remark")),
        actor=actor,
    )
    for p in m.get("progress") or []:
        progress_record(
            measure=measure,
            round=p["round"],
            done=_text(p.get("done")),
            outcome=_text(p.get("outcome")),
            status=p.get("status") or "in_progress",
            reported_on=_date(p.get("reported_on")),
            completed_on=_date(p.get("completed_on")),
            links=p.get("evidence_links") or [],
            actor=actor,
        )
