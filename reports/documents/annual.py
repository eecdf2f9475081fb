"""The annual result report (รายงานผลการดำเนินงานตามมาตรการ … ประจำปีงบประมาณ; samples 000 and 003)."""

from __future__ import annotations

import datetime as dt

from assessments import scoring
from assessments.models import Assessment, RecommendationKind
from ita_portal.fiscal import Round
from ita_portal.models import Organisation

from ..models import DocumentKind
from .common import (
    Fmt,
    assessment_for,
    fmt_for,
    lines,
    measures_of,
    organisation_block,
    paragraphs,
    period_of,
    progress_entries,
    responsible_of,
    saved_texts,
    steps_of,
    text,
    units_text,
)
from .layouts import chosen_layout, chosen_orientation, layout_columns


def build_annual(*, organisation: Organisation, fiscal_year: int) -> dict:
    """What was done on the measures of `fiscal_year`, opened by the result they answer (last year's
    assessment; this year's, under its own year, when last year's is not in the portal) and its NACC
    recommendations, closed by this year's indicator scores against last year's."""
    fmt = fmt_for(organisation)
    texts = saved_texts(organisation, fiscal_year, DocumentKind.ANNUAL)
    previous = assessment_for(organisation, fiscal_year - 1)
    current = assessment_for(organisation, fiscal_year)
    measures = measures_of(organisation, fiscal_year)

    title = text(
        texts,
        "title",
        "รายงานผลการดำเนินงานตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"{organisation.name} ประจำปีงบประมาณ พ.ศ. {fmt.num(fiscal_year)}",
    )
    cover = texts.get("cover") or {}
    preface_month = texts.get("preface_month")
    # The layout is the organisation's explicit choice (reports.services.document_layout_set), never the data's.
    layout = chosen_layout(texts, DocumentKind.ANNUAL)
    columns = layout_columns(texts, DocumentKind.ANNUAL)

    return {
        "kind": DocumentKind.ANNUAL.value,
        "kind_label": DocumentKind.ANNUAL.label,
        "fiscal_year": fiscal_year,
        "orientation": chosen_orientation(texts, DocumentKind.ANNUAL),
        "thai_digits": fmt.thai_digits,
        "organisation": organisation_block(organisation),
        "title": title,
        "cover": {
            "title_lines": cover.get("title_lines") or [],
            "footer_lines": cover.get("footer_lines") or [],
        },
        "preface": {
            "title": text(texts, "preface_title", "คำนำ"),
            "paragraphs": paragraphs(texts.get("preface")),
            "signature": text(texts, "preface_signature"),
            "month": fmt.month_long(dt.date.fromisoformat(f"{preface_month}-01")) if preface_month else "",
        },
        "principles": {
            "title": text(texts, "principles_title", "หลักการและเหตุผล"),
            "paragraphs": paragraphs(texts.get("principles")),
        },
        "result": {
            "title": text(texts, "result_title"),
            "paragraphs": paragraphs(texts.get("result_text") or texts.get("intro"))
            or _opening(organisation, fiscal_year, previous, current, fmt),
        },
        "recommendations": {
            "title": text(texts, "recommendations_title", "ข้อเสนอแนะ/แนวทางดำเนินการตามข้อเสนอแนะ"),
            "tools": _recommendations(organisation, previous, texts, fmt) if previous else [],
        },
        "outcomes": {"title": text(texts, "outcomes_title"), "paragraphs": paragraphs(texts.get("outcomes"))},
        "measures": {
            "title": text(texts, "measures_title"),
            "variant": layout.key,
            "layout_label": layout.label,
            "columns": columns,
            "headers": [c["header"] for c in columns],
            "rows": [_measure_row(m, number, fmt) for number, m in enumerate(measures, start=1)],
        },
        "activities": [
            {"title": a.get("title") or "", "paragraphs": [line for line in lines(a.get("text"))]}
            for a in texts.get("activities") or []
        ],
        "comparison": _comparison(previous, current, fiscal_year, fmt, texts),
    }


def _opening(
    organisation, fiscal_year: int, previous: Assessment | None, current: Assessment | None, fmt: Fmt
) -> list[str]:
    """Sample 000's opening sentence, from the data: the measures of year N answer the assessment of N−1.
    Without it, this year's result is cited under its own year as sample 003 states it, never as the
    result the measures were driven by."""
    if previous is not None:
        summary = previous.summary()
        return [
            f"จากการประเมินผลคุณธรรมและความโปร่งใสในการดำเนินงานของ{organisation.name} "
            f"ประจำปีงบประมาณ พ.ศ. {fmt.num(previous.fiscal_year)} โดยภาพรวมได้คะแนน {fmt.score(summary.total)} "
            f"อยู่ในระดับ {summary.level} {organisation.name}ได้นำข้อเสนอแนะมาปรับปรุง "
            "เพื่อขับเคลื่อนมาตรการส่งเสริมคุณธรรมและความโปร่งใสในหน่วยงานภาครัฐ "
            f"ประจำปีงบประมาณ พ.ศ. {fmt.num(fiscal_year)} ดังนี้"
        ]
    if current is not None:
        summary = current.summary()
        return [
            f"ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ{organisation.name} "
            f"ประจำปีงบประมาณ พ.ศ. {fmt.num(current.fiscal_year)} อยู่ในระดับ {summary.level} "
            f"ด้วยผลคะแนน {fmt.score(summary.total)} คะแนน"
        ]
    return []


def _recommendations(organisation, assessment: Assessment, texts: dict, fmt: Fmt) -> list[dict]:
    """Per tool (framework order): strengths to keep, then weaknesses to fix, with the saved intros."""
    sections = {s.get("tool"): s for s in texts.get("tool_sections") or [] if isinstance(s, dict)}
    recs = list(
        assessment.recommendations.select_related("tool", "indicator", "question")
        .prefetch_related("assigned_units__parent")
        .order_by("order", "pk")
    )
    out = []
    for tool in sorted(assessment.framework.tools.all(), key=lambda t: t.order):
        mine = [r for r in recs if _tool_code(r) == tool.code]
        if not mine:
            continue
        saved = sections.get(tool.code, {})
        intros = " ".join(text(saved, key) for key in ("strength_intro", "weakness_intro"))
        items = {
            kind: [_recommendation(r, fmt) for r in mine if r.kind == kind and not _told_in(r, intros)]
            for kind in RecommendationKind
        }
        had = {kind: any(r.kind == kind for r in mine) for kind in RecommendationKind}
        out.append(
            {
                "code": tool.code,
                "title": text(
                    saved, "title", f"ข้อเสนอแนะสำหรับการประเมินตาม{tool.name} ({tool.name_en}: {tool.code})"
                ),
                "strength_intro": text(
                    saved,
                    "strength_intro",
                    f"หน่วยงาน {organisation.name} ได้คะแนนสูงในข้อต่อไปนี้ ควรรักษามาตรฐานไว้"
                    if had[RecommendationKind.STRENGTH]
                    else "",
                ),
                "strengths": items[RecommendationKind.STRENGTH],
                "weakness_intro": text(
                    saved,
                    "weakness_intro",
                    "ทั้งนี้ ควรพัฒนาและปรับปรุงการดำเนินการในข้อต่อไปนี้ ซึ่งผู้ตรวจประเมินมีข้อเสนอแนะในการปรับปรุง"
                    if had[RecommendationKind.WEAKNESS]
                    else "",
                ),
                "weaknesses": items[RecommendationKind.WEAKNESS],
            }
        )
    return out


def _squash(value: str) -> str:
    return "".join((value or "").split())


def _told_in(rec, intros: str) -> bool:
    """The saved intro already tells this item in its own words (sample 000 writes E๔ into the EIT intro):
    printing it again would say it twice."""
    issue = _squash(rec.issue)
    return bool(issue) and issue in _squash(intros)


def _tool_code(rec) -> str:
    if rec.tool:
        return rec.tool.code
    if rec.question:
        return rec.question.indicator.tool.code
    return rec.indicator.tool.code if rec.indicator else ""


def _recommendation(rec, fmt: Fmt) -> dict:
    target = (
        f"ข้อ {fmt.code(rec.question.code)}"
        if rec.question
        else f"ตัวชี้วัดที่ {fmt.num(rec.indicator.number)}"
        if rec.indicator
        else rec.tool.code
        if rec.tool
        else ""
    )
    return {
        "target": target,
        # An OIT item is passed or not: it has no score to print ("ข้อ O๓๔ หน่วยงานต้อง…" in sample 000).
        "score": fmt.score(rec.score)
        if rec.score is not None and not (rec.question and rec.question.is_item)
        else "",
        "issue": rec.issue,
        "advice": rec.advice,
        "assigned_to": units_text(rec.assigned_units.all(), between=" และ "),
    }


def _measure_row(measure, number: int, fmt: Fmt) -> dict:
    done = progress_entries(measure, Round.ANNUAL, fmt, fallback=True)
    return {
        "title": f"{fmt.num(measure.number or number)}. {measure.title}",
        "steps": steps_of(measure, fmt),
        "responsible": [responsible_of(measure)] if responsible_of(measure) else [],
        "period": period_of(measure, fmt),
        "done": [
            {"text": e["done"], "date": e["date"], "evidence": e["evidence"]} for e in done if e["done"]
        ],
        "outcomes": [e["outcome"] for e in done if e["outcome"]]
        or ([measure.expected_outcome] if measure.expected_outcome else []),
        "suggestion": measure.suggestion,
        "remark": measure.remark,
    }


def _comparison(
    previous: Assessment | None, current: Assessment | None, fiscal_year: int, fmt: Fmt, texts: dict
) -> dict:
    """The ten indicators (and the overall score) last year against this year, with the signed change; none
    unless both years are in the portal (a table of dashes would print figures nobody has)."""
    if previous is None or current is None:
        return {}
    frameworks = [a.framework for a in (current, previous) if a is not None]
    names: dict[int, str] = {}
    for framework in reversed(frameworks):  # this year's names win
        names.update({i.number: i.name for i in framework.indicators.all()})
    last = previous.indicator_score_map() if previous else {}
    this = current.indicator_score_map() if current else {}

    def row(label_no: str, name: str, a, b) -> dict:
        change = scoring.change(b, a)
        return {
            "number": label_no,
            "name": name,
            "last": fmt.score(a),
            "this": fmt.score(b),
            "change": fmt.signed(change),
            "direction": "" if change is None else ("up" if change > 0 else "down" if change < 0 else "same"),
        }

    rows = [row(fmt.num(n), names[n], last.get(n), this.get(n)) for n in sorted(names)]
    total_last = previous.summary().total if previous else None
    total_this = current.summary().total if current else None
    headers = [
        "ตัวชี้วัดที่",
        "ตัวชี้วัด",
        f"คะแนนปี {fmt.num(fiscal_year - 1)}",
        f"คะแนนปี {fmt.num(fiscal_year)}",
        "เพิ่ม/ลด",
    ]
    saved_headers = texts.get("comparison_headers")
    return {
        "title": text(texts, "comparison_title", "ผลการประเมินรายตัวชี้วัดเทียบกับปีที่ผ่านมา"),
        "headers": saved_headers
        if isinstance(saved_headers, list) and len(saved_headers) == len(headers)
        else headers,
        "rows": rows,
        "total": row("", text(texts, "comparison_total", "คะแนนรวม"), total_last, total_this),
    }
