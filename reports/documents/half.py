"""The 6-month progress report (รายงานการดำเนินการตามมาตรการ … รอบ ๖ เดือน; sample 001)."""

from __future__ import annotations

from ita_portal.fiscal import Round
from ita_portal.models import Organisation

from ..models import DocumentKind
from .common import (
    fmt_for,
    measures_of,
    organisation_block,
    paragraphs,
    progress_entries,
    responsible_of,
    saved_texts,
    steps_of,
    text,
)
from .layouts import chosen_orientation

HEADING = "รายงานการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
TABLE_HEADERS = [
    "ประเด็นที่ต้องปรับปรุงแก้ไข/ประเด็นที่ต้องพัฒนา",
    "ผู้รับผิดชอบ",
    "ขั้นตอนหรือวิธีการ/มาตรการ",
    "การรายงานผลและการกำกับติดตาม กำหนดเวลาแล้วเสร็จ",
    "การดำเนินการ",
]


def build_half(*, organisation: Organisation, fiscal_year: int) -> dict:
    """The measures of `fiscal_year` grouped by tool and indicator, each with what was reported for the
    6-month round (ต.ค.–มี.ค.)."""
    fmt = fmt_for(organisation)
    texts = saved_texts(organisation, fiscal_year, DocumentKind.HALF)
    groups: list[dict] = []
    for measure in measures_of(organisation, fiscal_year):
        indicators = sorted(measure.indicators.all(), key=lambda i: i.number)
        indicator = indicators[0] if indicators else None
        key = (measure.tool.code if measure.tool else "", indicator.number if indicator else None)
        if not groups or groups[-1]["key"] != key:
            groups.append(
                {
                    "key": key,
                    "tool": f"เครื่องมือการประเมิน {key[0]}" if key[0] else "",
                    "indicator": f"ตัวชี้วัดที่ {fmt.num(indicator.number)} {indicator.name}" if indicator else "",
                    "rows": [],
                }
            )
        deadline = measure.reporting_deadline
        # As written when it is not an exact day; an exact day only when one was entered.
        deadline_line = (
            measure.deadline_text
            if measure.deadline_text
            else f"กำหนดแล้วเสร็จภายใน {fmt.date_long(deadline)}"
            if deadline
            else ""
        )
        groups[-1]["rows"].append(
            {
                "issue": measure.issue or measure.title,
                "responsible": responsible_of(measure),
                "steps": steps_of(measure, fmt),
                "reporting": measure.reporting,
                "deadline": deadline_line,
                "done": progress_entries(measure, Round.HALF, fmt),
            }
        )
    return {
        "kind": DocumentKind.HALF.value,
        "kind_label": DocumentKind.HALF.label,
        "fiscal_year": fiscal_year,
        "orientation": chosen_orientation(texts, DocumentKind.HALF),
        "thai_digits": fmt.thai_digits,
        "organisation": organisation_block(organisation),
        "title": {
            **_title(texts, fiscal_year, fmt),
            "organisation": text(texts, "organisation_line", f"ชื่อหน่วยงาน{organisation.name}"),
            "place": organisation.place,
        },
        "intro": paragraphs(texts.get("intro")),
        "table_headers": headers
        if isinstance(headers := texts.get("table_headers"), list) and len(headers) == len(TABLE_HEADERS)
        else TABLE_HEADERS,
        "groups": [{k: v for k, v in g.items() if k != "key"} for g in groups],
    }


def _title(texts: dict, fiscal_year: int, fmt) -> dict:
    """The heading and the year-and-round line as stored (sample 001 writes the months in full: "… รอบ ๖
    เดือน (เดือนตุลาคม ๒๕๖๕ - มีนาคม ๒๕๖๖)"), or generated; both editable on the texts page."""
    return {
        "heading": text(texts, "heading", HEADING),
        "round": text(
            texts,
            "round_line",
            f"ประจำปีงบประมาณ พ.ศ. {fmt.num(fiscal_year)} รอบ {fmt.num(6)} เดือน "
            f"({fmt.round_span(fiscal_year, Round.HALF)})",
        ),
    }
