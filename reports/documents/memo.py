"""The cover memo (บันทึกข้อความ; sample 003) that goes in front of a report. Its texts are the saved ones
(ReportText kind "memo") or, until someone saves them, a draft pre-filled from the organisation and the
report it covers. Layout rules: ../shared/reference/ita-framework.md §5 (ระเบียบงานสารบรรณ, แบบที่ 29)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ita_portal.models import Organisation

from ..models import DocumentKind, ReportText, SiteEmblem
from .common import fmt_for, lines, organisation_block, paragraphs, saved_texts
from .emblem import garuda_urls
from .layouts import PORTRAIT
from .saving import report_texts_save

SUBJECTS = {
    DocumentKind.HALF: "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน รอบ {six} เดือน",
    DocumentKind.ANNUAL: "รายงานผลการดำเนินงานเพื่อส่งเสริมคุณธรรมและความโปร่งใสของหน่วยงาน",
    DocumentKind.ANALYSIS: "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงาน",
}
# Every text a person may edit, in the order of the form (and of the memo).
FIELDS = [
    "document",
    "department",
    "phone",
    "number",
    "date",
    "subject",
    "to",
    "background",
    "facts",
    "proposal",
    "closing",
    "signer_name",
    "signer_position",
    "opinion_title",
    "opinion_text",
    "opinion_name",
    "opinion_position",
    "order_title",
    "order_text",
    "order_name",
    "order_position",
]


def memo_defaults(
    *, organisation: Organisation, fiscal_year: int, document: str = DocumentKind.ANNUAL
) -> dict:
    """The draft of a memo nobody has saved yet, from the organisation's profile and the report it covers."""
    fmt = fmt_for(organisation)
    document = (
        DocumentKind(document)
        if document in DocumentKind.values and document != DocumentKind.MEMO
        else DocumentKind.ANNUAL
    )
    year = fmt.num(fiscal_year)
    office = f"สำนักปลัด{organisation.name}"
    subject = SUBJECTS[document].format(six=fmt.num(6)) + f" ประจำปีงบประมาณ พ.ศ. {year}"
    website = f" {organisation.website}" if organisation.website else ""
    return {
        "document": document.value,
        "department": office,
        "phone": organisation.phone,
        "number": f"{organisation.letter_code}/" if organisation.letter_code else "",
        "date": timezone.localdate().isoformat(),
        "subject": subject,
        "to": organisation.mayor_position or f"นายก{organisation.name}",
        "background": f"ตามที่{organisation.name} ได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        f"ประจำปีงบประมาณ พ.ศ. {year} ไปแล้ว โดยมีวัตถุประสงค์เพื่อให้เจ้าหน้าที่ใช้เป็นแนวทางปฏิบัติ นั้น",
        "facts": f"บัดนี้ {office} ได้จัดทำ{subject} เสร็จเรียบร้อยแล้ว รายละเอียดตามเอกสารที่แนบมาพร้อมนี้",
        "proposal": f"{fmt.num(1)}. เห็นควรแจ้งทุกส่วนราชการทราบและดำเนินการตามมาตรการที่กำหนดต่อไป\n"
        f"{fmt.num(2)}. เห็นควรประชาสัมพันธ์ให้ประชาชนทราบทางเว็บไซต์ของหน่วยงาน{website} ต่อไป",
        "closing": "จึงเรียนมาเพื่อโปรดพิจารณา",
        "signer_name": organisation.head_name,
        "signer_position": organisation.head_position,
        "opinion_title": f"ความเห็นปลัด{organisation.name}",
        "opinion_text": "",
        "opinion_name": organisation.clerk_name,
        "opinion_position": organisation.clerk_position,
        "order_title": f"คำสั่งนายก{organisation.name}",
        "order_text": "",
        "order_name": organisation.mayor_name,
        "order_position": organisation.mayor_position,
    }


def memo_texts(*, organisation: Organisation, fiscal_year: int) -> tuple[dict, bool]:
    """(texts, saved): the saved memo over the draft, key by key (a blank saved key keeps the draft's)."""
    saved = saved_texts(organisation, fiscal_year, DocumentKind.MEMO)
    draft = memo_defaults(
        organisation=organisation, fiscal_year=fiscal_year, document=saved.get("document") or "annual"
    )
    merged = {key: (saved.get(key) if saved.get(key) not in (None, "") else draft[key]) for key in FIELDS}
    return merged, bool(saved)


def memo_texts_save(
    *, organisation: Organisation, fiscal_year: int, texts: dict, expected_version: int | None = None, actor
) -> ReportText:
    """Store the memo's texts for the year (keys outside FIELDS that were saved before are kept), with
    `actor` in the history; the version check of report_texts_save (0: the page showed the draft)."""
    return report_texts_save(
        organisation=organisation,
        document=DocumentKind.MEMO,
        fiscal_year=fiscal_year,
        texts={k: texts.get(k, "") for k in FIELDS},
        expected_version=expected_version,
        actor=actor,
    )


def memo_version(*, organisation: Organisation, fiscal_year: int) -> int:
    """The version of the saved memo, or 0 for the draft (nothing saved yet)."""
    row = ReportText.objects.filter(
        organisation=organisation, fiscal_year=fiscal_year, kind=DocumentKind.MEMO
    )
    return row.values_list("version", flat=True).first() or 0


def build_memo(*, organisation: Organisation, fiscal_year: int) -> dict:
    """The memo as printed: labels, dates in Thai long form, body paragraphs, signature and endorsements."""
    fmt = fmt_for(organisation)
    texts, saved = memo_texts(organisation=organisation, fiscal_year=fiscal_year)
    try:
        date = dt.date.fromisoformat(texts["date"]) if texts["date"] else None
    except ValueError:
        date = None
    return {
        "kind": DocumentKind.MEMO.value,
        "kind_label": DocumentKind.MEMO.label,
        "fiscal_year": fiscal_year,
        "orientation": PORTRAIT,  # the ระเบียบงานสารบรรณ form, whatever the document behind it
        "thai_digits": fmt.thai_digits,
        "saved": saved,
        "covers": texts["document"],
        "organisation": organisation_block(organisation),
        # The site-wide ครุฑ (pdf / screen URLs, empty until a system administrator uploads it).
        "garuda": garuda_urls(SiteEmblem.current()),
        "department": texts["department"],
        "phone": texts["phone"],
        "number": texts["number"],
        "date": fmt.date_long(date),
        "subject": texts["subject"],
        "to": texts["to"],
        "sections": [
            {"title": title, "paragraphs": paragraphs(texts[key])}
            for title, key in (
                ("เรื่องเดิม", "background"),
                ("ข้อเท็จจริง", "facts"),
                ("ข้อเสนอเพื่อพิจารณา", "proposal"),
            )
            if texts[key]
        ],
        "closing": texts["closing"],
        "signer": {"name": texts["signer_name"], "position_lines": lines(texts["signer_position"])},
        "endorsements": [
            {
                "title": texts[f"{who}_title"],
                "paragraphs": paragraphs(texts[f"{who}_text"]),
                "name": texts[f"{who}_name"],
                "position_lines": lines(texts[f"{who}_position"]),
            }
            for who in ("opinion", "order")
            if texts[f"{who}_title"] or texts[f"{who}_name"]
        ],
    }
