"""Who changed what and when on an assessment: its official figures and every score row, as lines a
person can read ("ตัวชี้วัดที่ 3: 95.00 → 97.00"), from the simple-history tables."""

from __future__ import annotations

from collections import defaultdict

from .models import Assessment, IndicatorScore, QuestionScore, ToolScore

TRACKED = {
    "official_total": "คะแนนรวมที่ประกาศ",
    "official_level": "ระดับผลที่ประกาศ",
    "notes": "หมายเหตุ",
    "score": "คะแนน",
    "part1_score": "ส่วนที่ ๑",
    "part2_score": "ส่วนที่ ๒",
    "passed": "ผ่าน/ไม่ผ่าน",
}


def _show(value) -> str:
    if value is None or value == "":
        return "–"
    if value is True:
        return "ผ่าน"
    if value is False:
        return "ไม่ผ่าน"
    return str(value)


def assessment_history(assessment: Assessment, limit: int = 40) -> list[dict]:
    """Newest first: {when, who, what, changes: [(field, old, new)], kind}."""
    sources = [
        (assessment.history.all(), lambda r: "ผลการประเมิน"),
        (
            ToolScore.history.filter(assessment_id=assessment.pk).select_related("tool"),
            lambda r: f"เครื่องมือ {r.tool.code}",
        ),
        (
            IndicatorScore.history.filter(assessment_id=assessment.pk).select_related("indicator"),
            lambda r: f"ตัวชี้วัดที่ {r.indicator.number}",
        ),
        (
            QuestionScore.history.filter(assessment_id=assessment.pk).select_related("question"),
            lambda r: f"ข้อ {r.question.code}",
        ),
    ]
    entries = []
    for records, label in sources:
        by_object = defaultdict(list)
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            by_object[record.id].append(record)
        for versions in by_object.values():
            previous = None
            for record in versions:
                changes = []
                for field, name in TRACKED.items():
                    if not hasattr(record, field):
                        continue
                    old = getattr(previous, field) if previous is not None else None
                    new = getattr(record, field) if record.history_type != "-" else None
                    if old != new:
                        changes.append((name, _show(old), _show(new)))
                if changes or record.history_type == "-":
                    entries.append(
                        {
                            "when": record.history_date,
                            "who": record.history_user,
                            "what": label(record),
                            "kind": {"+": "เพิ่ม", "~": "แก้ไข", "-": "ลบ"}[record.history_type],
                            "changes": changes,
                        }
                    )
                previous = record
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]
