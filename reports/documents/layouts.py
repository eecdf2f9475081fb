"""Table layouts a document can be printed in: an explicit choice of the organisation, stored with the
document's texts (never inferred from the data), each listing its columns. Saved column headers are keyed by
column id, so a header always sits over its own column whatever layout is chosen.

    chosen_layout(texts, document) -> Layout
    layout_columns(texts, document) -> [{"id", "header", "width"}]
    document_layout_set(*, organisation, fiscal_year, document, layout, actor)  the one write
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from ita_portal import changes
from ita_portal.models import Organisation

from ..models import DocumentKind, ReportText

LAYOUT_KEY = "measures_table_variant"  # in ReportText.texts: the chosen layout's key
HEADERS_KEY = "measures_table_headers"  # in ReportText.texts: {column id: header}


@dataclass(frozen=True)
class Column:
    id: str
    header: str
    width: int  # per cent of the table


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
                Column("title", "มาตรการ", 18),
                Column("steps", "ขั้นตอนหรือวิธีการ", 19),
                Column("responsible", "ผู้รับผิดชอบ", 14),
                Column("period", "ระยะเวลาดำเนินการ", 10),
                Column("done", "ผลการดำเนินการ", 23),
                Column("suggestion", "ข้อเสนอแนะ", 16),
            ),
        ),
        OUTCOME: Layout(
            OUTCOME,
            "มีคอลัมน์ผลลัพธ์",
            (
                Column("title", "มาตรการหรือกิจกรรมในการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใส", 16),
                Column("steps", "วิธีการดำเนินการ (เดิม)", 14),
                Column("done", "สรุปผลการดำเนินการ", 23),
                Column("outcome", "ผลลัพธ์หรือความสำเร็จของการดำเนินการ", 21),
                Column("responsible", "ผู้รับผิดชอบ", 15),
                Column("remark", "หมายเหตุ", 11),
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
    return [{"id": c.id, "header": headers.get(c.id, c.header), "width": c.width} for c in layout.columns]


@changes.write
def document_layout_set(
    *,
    organisation: Organisation,
    fiscal_year: int,
    document: str,
    layout: str,
    actor,
    expected_version: int | None = None,
) -> ReportText:
    """Choose the table layout of one document of one year, with `actor` in the history. Headers saved as a
    list (by position) are keyed by the columns they were shown over first, so none moves to another column.
    Refused (ValidationError) for a document or layout that does not exist, (StaleVersion) when the texts
    were saved since `expected_version`."""
    layouts = layouts_of(document)
    if layout not in layouts:
        raise ValidationError({"layout": "ไม่มีรูปแบบตารางนี้สำหรับเอกสารนี้"})
    from .saving import report_texts_save  # the one write of a document's texts

    row = (
        ReportText.objects.select_for_update()
        .filter(organisation=organisation, fiscal_year=fiscal_year, kind=str(document))
        .first()
    )
    change = {LAYOUT_KEY: layout}
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
