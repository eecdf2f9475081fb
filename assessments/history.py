"""Who changed what and when on an assessment: its official figures and every score row, as lines a
person can read ("ตัวชี้วัดที่ 3: 95.00 → 97.00"), through the one differ (ita_portal/history_diff.py)."""

from __future__ import annotations

from ita_portal import history_diff

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
# A score row is added to the assessment rather than created on its own.
ACTIONS = {"+": "เพิ่ม", "~": "แก้ไข", "-": "ลบ"}


def _passed(value) -> str:
    return {True: "ผ่าน", False: "ไม่ผ่าน"}.get(value, history_diff.BLANK)


def assessment_history(assessment: Assessment, limit: int = 40) -> list[dict]:
    """Newest first: {when, when_text, who, who_name, action, subject, changes: [{field, old, new}]}."""
    sources = [
        (Assessment, assessment.history.all(), lambda r: "ผลการประเมิน"),
        (
            ToolScore,
            ToolScore.history.filter(assessment_id=assessment.pk).select_related("tool"),
            lambda r: f"เครื่องมือ {r.tool.code}",
        ),
        (
            IndicatorScore,
            IndicatorScore.history.filter(assessment_id=assessment.pk).select_related("indicator"),
            lambda r: f"ตัวชี้วัดที่ {r.indicator.number}",
        ),
        (
            QuestionScore,
            QuestionScore.history.filter(assessment_id=assessment.pk).select_related("question"),
            lambda r: f"ข้อ {r.question.code}",
        ),
    ]
    entries = []
    for model, records, subject in sources:
        records = records.select_related("history_user").order_by("history_date", "history_id")
        fields = {name: label for name, label in TRACKED.items() if hasattr(model, name)}
        for record, older in history_diff.with_previous(records):
            changes = history_diff.field_changes(
                model, record, older, fields=fields, show={"passed": _passed}
            )
            if changes or record.history_type == "-":
                entries.append(history_diff.entry(record, changes, actions=ACTIONS, subject=subject(record)))
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]
