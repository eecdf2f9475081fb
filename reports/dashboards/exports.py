"""The overview table as CSV (UTF-8 with BOM, so Excel opens Thai text) and XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from assessments.scoring import change
from ita_portal.spreadsheet import csv_cell, xlsx_text_cell
from ita_portal.text_input import clean_text

HEADER = [
    "ลำดับ",
    "หน่วยงาน",
    "ประเภท",
    "อำเภอ",
    "จังหวัด",
    "คะแนนรวม",
    "ระดับผล",
    "ผ่านเกณฑ์",
    "คะแนนปีก่อน",
    "เปลี่ยนแปลง",
    "ตัวชี้วัดต่ำกว่าเกณฑ์",
    "มาตรการเกินกำหนด",
]


def table_rows(rows, kinds: dict[str, str]) -> list[list]:
    """Plain cells in the order of HEADER; scores stay Decimal so spreadsheets can sum them."""
    out = []
    for i, r in enumerate(rows, start=1):
        passed = "" if r["passed"] is None else ("ผ่าน" if r["passed"] else "ไม่ผ่าน")
        out.append(
            [
                i,
                r["name"],
                kinds.get(r["kind"], r["kind"]),
                r["district"],
                r["province"],
                r["total"],
                r["level"] or "",
                passed,
                r["last_total"],
                change(r["total"], r["last_total"]),
                r["failing"] if r["total"] is not None else None,
                r["overdue"],
            ]
        )
    return [[printable(v) for v in row] for row in out]


def printable(value):
    """A cell without the control characters openpyxl refuses (IllegalCharacterError: one stray BEL in an
    organisation's name stored before input was cleaned made the export 500 for everyone who sees it)."""
    return clean_text(value, multiline=False) if isinstance(value, str) else value


def to_csv(cells: list[list]) -> bytes:
    """Text cells pass through the formula neutraliser (ita_portal.spreadsheet); scores keep 2 places."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in cells:
        writer.writerow([f"{v:.2f}" if isinstance(v, Decimal) else csv_cell(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(cells: list[list], *, title: str) -> bytes:
    """Text is written as typed strings (never formulas, text unchanged); scores as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    # write_only streams rows: a national table (7,850 rows) stays small in memory.
    book = Workbook(write_only=True)
    sheet = book.create_sheet("ภาพรวม")
    sheet.freeze_panes = "A3"
    heading = xlsx_text_cell(sheet, title)
    heading.font = Font(bold=True)
    sheet.append([heading])
    sheet.append([xlsx_text_cell(sheet, name) for name in HEADER])
    for row in cells:
        out = []
        for value in row:
            if isinstance(value, Decimal):
                cell = WriteOnlyCell(sheet, value=float(value))
                cell.number_format = "0.00"
                out.append(cell)
            elif isinstance(value, str):
                out.append(xlsx_text_cell(sheet, value))
            else:
                out.append(value)
        sheet.append(out)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
