"""Table layouts a document can be printed in: an explicit choice of the organisation, stored with the
document's texts (never inferred from the data), each listing its columns. Saved column headers are keyed by
column id, so a header always sits over its own column whatever layout is chosen.

    chosen_layout(texts, document) -> Layout
    layout_columns(texts, document) -> [{"id", "header"}]   (widths follow content: reports/documents/pdf/columns.py)
    chosen_orientation(texts, document) -> "portrait" | "landscape"  (the memo: always portrait)
    document_layout_set(*, organisation, fiscal_year, document, layout, orientation, actor)  the one write
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from ita_portal import changes
from ita_portal.models import Organisation

from ..models import DocumentKind, ReportText

LAYOUT_KEY = "measures_table_variant"  # in ReportText.texts: the chosen layout's key
HEADERS_KEY = "measures_table_headers"  # in ReportText.texts: {column id: header}
ORIENTATION_KEY = "orientation"  # in ReportText.texts: the paper's orientation, one of ORIENTATIONS
PORTRAIT, LANDSCAPE = "portrait", "landscape"
ORIENTATIONS = {PORTRAIT: "แนวตั้ง", LANDSCAPE: "แนวนอน"}
# Documents whose orientation the organisation chooses; the memo (บันทึกข้อความ) is a portrait form.
ORIENTABLE = {DocumentKind.HALF.value, DocumentKind.ANNUAL.value, DocumentKind.ANALYSIS.value}


@dataclass(frozen=True)
class Column:
    id: str
    header: str


@dataclass(frozen=True)
class Layout:
    key: str
    name: str
    columns: tuple[Column, ...]

    @property
    def label(self) -> str:
        """ "มีคอลัมน์ผลลัพธ์: มาตรการ… · วิธีการดำเนินการ (เดิม) · …": the choice names its columns."""
        return f"{self.name}: " + " · ".join(c.header for c in self.columns)


STANDARD = "standard"  # sample 000: measure · steps · responsible · period · result · suggestion
OUTCOME = "outcome"  # sample 003: measure · original method · what was done · outcome · responsible · remark

LAYOUTS: dict[str, dict[str, Layout]] = {
    DocumentKind.ANNUAL.value: {
        STANDARD: Layout(
            STANDARD,
            "ตารางมาตรฐาน (มีคอลัมน์ระยะเวลาและข้อเสนอแนะ)",
            (
                Column("title", "มาตรการ"),
                Column("steps", "ขั้นตอนหรือวิธีการ"),
                Column("responsible", "ผู้รับผิดชอบ"),
                Column("period", "ระยะเวลาดำเนินการ"),
                Column("done", "ผลการดำเนินการ"),
                Column("suggestion", "ข้อเสนอแนะ"),
            ),
        ),
        OUTCOME: Layout(
            OUTCOME,
            "มีคอลัมน์ผลลัพธ์",
            (
                Column("title", "มาตรการหรือกิจกรรมในการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส"),
                Column("steps", "วิธีการดำเนินการ (เดิม)"),
                Column("done", "สรุปผลการดำเนินการ"),
                Column("outcome", "ผลลัพธ์หรือความสำเร็จของการดำเนินการ"),
                Column("responsible", "ผู้รับผิดชอบ"),
                Column("remark", "หมายเหตุ"),
            ),
        ),
    }
}
DEFAULT_LAYOUT = {DocumentKind.ANNUAL.value: STANDARD}


def layouts_of(document: str) -> dict[str, Layout]:
    return LAYOUTS.get(str(document), {})


def chosen_layout(texts: dict, document: str) -> Layout:
    """The stored choice; the document's default (today's layout, whatever the data) when none is stored."""
    layouts = layouts_of(document)
    return layouts.get(texts.get(LAYOUT_KEY)) or layouts[DEFAULT_LAYOUT[str(document)]]


def saved_headers(texts: dict, document: str) -> dict[str, str]:
    """{column id: header} as saved. A list saved before headers were keyed by column is read by position
    against the layout stored with it (the default when none was), never against another layout."""
    saved = texts.get(HEADERS_KEY)
    if isinstance(saved, dict):
        return {k: v for k, v in saved.items() if isinstance(v, str) and v.strip()}
    if isinstance(saved, list):
        stored = layouts_of(document).get(texts.get(LAYOUT_KEY)) or chosen_layout({}, document)
        if len(saved) == len(stored.columns):
            return {
                c.id: h
                for c, h in zip(stored.columns, saved, strict=True)
                if isinstance(h, str) and h.strip()
            }
    return {}


def layout_columns(texts: dict, document: str) -> list[dict]:
    layout = chosen_layout(texts, document)
    headers = saved_headers(texts, document)
    return [{"id": c.id, "header": headers.get(c.id, c.header)} for c in layout.columns]


def chosen_orientation(texts: dict, document: str) -> str:
    """The stored orientation; portrait when none is stored, and always for the memo."""
    if str(document) not in ORIENTABLE:
        return PORTRAIT
    value = texts.get(ORIENTATION_KEY)
    return value if value in ORIENTATIONS else PORTRAIT


@changes.write
def document_layout_set(
    *,
    organisation: Organisation,
    fiscal_year: int,
    document: str,
    layout: str | None = None,
    orientation: str | None = None,
    actor,
    expected_version: int | None = None,
) -> ReportText:
    """Choose the table layout and/or the paper orientation of one document of one year (None: unchanged),
    with `actor` in the history. Headers saved as a list (by position) are keyed by the columns they were
    shown over first, so none moves to another column. Refused (ValidationError) for a layout the document
    does not have, an orientation of the memo or one that does not exist, (StaleVersion) when the texts were
    saved since `expected_version`."""
    if layout is None and orientation is None:
        raise ValidationError("เลือกรูปแบบตารางหรือแนวกระดาษ")
    if layout is not None and layout not in layouts_of(document):
        raise ValidationError({"layout": "ไม่มีรูปแบบตารางนี้สำหรับเอกสารนี้"})
    if orientation is not None and (orientation not in ORIENTATIONS or str(document) not in ORIENTABLE):
        raise ValidationError({"orientation": "เอกสารนี้เลือกแนวกระดาษนี้ไม่ได้"})
    from .saving import report_texts_save  # the one write of a document's texts

    row = (
        ReportText.objects.select_for_update()
        .filter(organisation=organisation, fiscal_year=fiscal_year, kind=str(document))
        .first()
    )
    change: dict = {}
    if orientation is not None:
        # Portrait is the default: not stored, so a document never chosen and one set back read the same.
        change[ORIENTATION_KEY] = None if orientation == PORTRAIT else orientation
    if layout is not None:
        change[LAYOUT_KEY] = layout
        if row is not None and isinstance(row.texts.get(HEADERS_KEY), list):
            change[HEADERS_KEY] = saved_headers(row.texts, document)
    return report_texts_save(
        organisation=organisation,
        document=document,
        fiscal_year=fiscal_year,
        texts=change,
        expected_version=expected_version,
        actor=actor,
    )
