"""The analysis report (รายงานการวิเคราะห์ผลการประเมิน ITA; sample 002): the year's scores, the issues
analysed, the next year's plan (part 2) and the organisation's limitations (part 3)."""

from __future__ import annotations

from ita_portal.models import Organisation

from ..models import DocumentKind
from .common import (
    assessment_for,
    fmt_for,
    lines,
    measures_of,
    organisation_block,
    paragraphs,
    responsible_of,
    saved_texts,
    steps_of,
    text,
)
from .layouts import chosen_orientation

PART1_HEADERS = ["ลำดับ", "หัวข้อ", "เครื่องมือการประเมิน", "ข้อคำถาม", "คะแนน", "ข้อบกพร่อง/ข้อแก้ไข/ปรับปรุง/รักษาระดับ"]
PART2_HEADERS = [
    "หัวข้อ",
    "วิธีการนำผลวิเคราะห์ไปสู่การปฏิบัติ",
    "ผู้รับผิดชอบ/ผู้ที่เกี่ยวข้อง",
    "ขั้นตอน/วิธีปฏิบัติ",
    "ระยะเวลาดำเนินงาน",
]
PART3_HEADERS = ["ประเด็นการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานภาครัฐ", "ข้อจำกัดของหน่วยงาน"]


def _headers(texts: dict, key: str, default: list[str]) -> list[str]:
    saved = texts.get(key)
    return saved if isinstance(saved, list) and len(saved) == len(default) else default


def build_analysis(*, organisation: Organisation, fiscal_year: int) -> dict:
    """The analysis of the `fiscal_year` result; part 2 lists the measures of the next fiscal year that
    answer each issue."""
    fmt = fmt_for(organisation)
    texts = saved_texts(organisation, fiscal_year, DocumentKind.ANALYSIS)
    assessment = assessment_for(organisation, fiscal_year)
    plan_year = fiscal_year + 1
    base = {
        "kind": DocumentKind.ANALYSIS.value,
        "kind_label": DocumentKind.ANALYSIS.label,
        "fiscal_year": fiscal_year,
        "orientation": chosen_orientation(texts, DocumentKind.ANALYSIS),
        "thai_digits": fmt.thai_digits,
        "organisation": organisation_block(organisation),
        "title_lines": lines(
            text(
                texts,
                "title",
                "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน\n"
                "แสดงการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
                f"ในปีงบประมาณ พ.ศ. {fmt.num(fiscal_year)}",
            )
        ),
        "report_heading": text(
            texts, "report_heading", "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน"
        ),
    }
    if assessment is None:
        return {**base, "assessment": False}
    summary = assessment.summary()
    tools_by_code = {t.code: t for t in assessment.framework.tools.all()}
    official = {s.tool.code: s for s in assessment.tool_scores.all()}
    tool_rows = []
    for code, tool in sorted(tools_by_code.items(), key=lambda kv: kv[1].order):
        # An item without a score prints without one: a dash would stand for a figure nobody has.
        row = {
            "name": tool.name,
            "code": code,
            "score": fmt.score(summary.tools.get(code), blank=""),
            "parts": [],
        }
        if code in official:
            row["parts"] = [
                {"label": f"ส่วนที่ {fmt.num(n)}", "score": fmt.score(value)}
                for n, value in ((1, official[code].part1_score), (2, official[code].part2_score))
                if value is not None
            ]
        tool_rows.append(row)
    indicator_names = {i.number: i.name for i in assessment.framework.indicators.all()}
    indicator_scores = assessment.indicator_score_map()

    issues = list(
        assessment.analysis_issues.prefetch_related("rows__question__indicator__tool").order_by("number")
    )
    part1 = []
    for issue in issues:
        rows, previous_tool = [], None
        for r in issue.rows.all():
            tool_code = r.question.indicator.tool.code
            rows.append(
                {
                    "tool": tool_code if tool_code != previous_tool else "",
                    "question": f"ข้อ {fmt.code(r.question.code)}",
                    "score": fmt.score(r.score),
                    "remark": r.remark,
                }
            )
            previous_tool = tool_code
        _merge(rows)
        part1.append(
            {
                "number": fmt.num(issue.number),
                "title": issue.title,
                "rows": rows,
                "span": len(rows),
                "analysis": paragraphs(issue.analysis),
            }
        )

    by_issue: dict[int, list] = {}
    for measure in measures_of(organisation, plan_year):
        for issue in measure.analysis_issues.all():
            if issue.assessment_id == assessment.pk:
                by_issue.setdefault(issue.number, []).append(measure)
    part2 = []
    for issue in issues:
        mine = by_issue.get(issue.number, [])
        for i, measure in enumerate(mine):
            start, end = measure.period_bounds
            part2.append(
                {
                    "issue": f"{fmt.num(issue.number)}. {issue.title}" if i == 0 else "",
                    "issue_span": len(mine) if i == 0 else 0,  # the issue cell spans its measures' rows
                    "method": measure.title,
                    "method_items": lines(measure.title),  # each line a ▪ bullet, as in sample 002
                    "responsible": responsible_of(measure),
                    "steps": steps_of(measure, fmt),
                    # Sample 002 writes the months in full in every row: "๑ ตุลาคม ๒๕๖๖ – ๓๐ กันยายน ๒๕๖๗".
                    "period": measure.period_text or f"{fmt.date_long(start)} – {fmt.date_long(end)}",
                }
            )
    return {
        **base,
        "assessment": True,
        "intro": paragraphs(texts.get("intro"))
        or [
            f"การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส (ITA) ของ{organisation.name} "
            f"ประจำปีงบประมาณ พ.ศ. {fmt.num(fiscal_year)} "
            + (f"ได้คะแนน {fmt.score(summary.total)} " if summary.total is not None else "")
            + (f"อยู่ในระดับ {summary.level} " if summary.level else "")
            + "ดังรายละเอียดต่อไปนี้"
        ],
        "total": fmt.score(summary.total, blank=""),
        "level": summary.level,
        "tool_scores_heading": text(texts, "tool_scores_heading", "ผลการประเมินรายเครื่องมือ"),
        "tools": tool_rows,
        # Sample 003's organisation has its total only: no list or table of dashes, a sentence instead.
        "tools_scored": any(t["score"] or t["parts"] for t in tool_rows),
        "indicators_scored": any(v is not None for v in indicator_scores.values()),
        "indicator_scores_heading": text(texts, "indicator_scores_heading", "ผลการประเมินรายตัวชี้วัด"),
        "indicator_table_title": text(texts, "indicator_table_title", "สรุปผลการประเมินรายตัวชี้วัด"),
        "indicator_headers": _headers(
            texts, "indicator_table_headers", ["ตัวชี้วัดที่", "รายละเอียดตัวชี้วัด", "คะแนน"]
        ),
        "indicators": [
            {
                "number": fmt.num(n),
                "name": indicator_names[n],
                "score": fmt.score(indicator_scores.get(n), blank=""),
            }
            for n in sorted(indicator_names)
        ],
        "part1_title": text(
            texts,
            "part1_title",
            f"ส่วนที่ {fmt.num(1)} ข้อมูลรายละเอียดการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {fmt.num(fiscal_year)}",
        ),
        "part1_headers": _headers(texts, "part1_table_headers", PART1_HEADERS),
        "issue_analysis_heading": text(texts, "issue_analysis_heading", "วิเคราะห์บรรยายเชิงพรรณนา"),
        "issues": part1,
        "part2_title": text(
            texts,
            "part2_title",
            f"ส่วนที่ {fmt.num(2)} การนำผลการวิเคราะห์แต่ละประเด็นไปสู่การปฏิบัติ ในปีงบประมาณ พ.ศ. {fmt.num(plan_year)}",
        ),
        "part2_headers": _headers(texts, "part2_table_headers", PART2_HEADERS),
        "plan": part2,
        "part3_title_lines": lines(
            text(
                texts,
                "part3_title",
                f"ส่วนที่ {fmt.num(3)}\nการวิเคราะห์ข้อจำกัดของหน่วยงาน\n"
                "ในการดำเนินการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ",
            )
        ),
        "part3_headers": _headers(texts, "part3_table_headers", PART3_HEADERS),
        "limitations": [
            {"issue": f"{fmt.num(i.number)}. {i.title}", "paragraphs": paragraphs(i.limitation)}
            for i in issues
            if i.limitation
        ],
    }


def _merge(rows: list[dict]) -> None:
    """Row spans of sample 002's merged cells: a tool cell spans the rows of its tool, a remark cell the rows
    after it that have none (within the tool); a covered cell gets span 0 and is not printed."""
    tool_at = remark_at = None
    for i, row in enumerate(rows):
        row["tool_span"] = row["remark_span"] = 1
        if row["tool"] or tool_at is None:
            tool_at, remark_at = i, i
            continue
        rows[tool_at]["tool_span"] += 1
        row["tool_span"] = 0
        if row["remark"]:
            remark_at = i
        else:
            rows[remark_at]["remark_span"] += 1
            row["remark_span"] = 0
