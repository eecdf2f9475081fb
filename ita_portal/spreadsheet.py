"""Cells a spreadsheet cannot mistake for formulas (CSV/formula injection, OWASP).

A name such as `=HYPERLINK("http://x","y")` typed into the portal must reach an exported file as
text. Spreadsheets read a CSV cell that starts with = + - @ (and tab or carriage return, which
Excel skips before looking) as a formula, so such a text cell gets a leading apostrophe, the
prefix Excel and LibreOffice themselves use for "this is text". XLSX cells need no prefix: they are
written as typed strings (openpyxl would otherwise store "=..." as a live formula).

`csv_text_restore` is the inverse, for every importer of CSV the portal has or gets, so
export → import gives back the text exactly; Thai steps often start with "-".
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Apostrophes already in front of a trigger are prefixed too, so the inverse is exact:
# "'=x" → "''=x" → "'=x".
_NEEDS_PREFIX = re.compile(r"'*[=+\-@\t\r]")
_PREFIXED = re.compile(r"'+[=+\-@\t\r]")


def csv_text(value: str) -> str:
    """The text as a CSV cell that no spreadsheet evaluates."""
    return "'" + value if _NEEDS_PREFIX.match(value) else value


def csv_text_restore(value: str) -> str:
    """The text a CSV cell written by `csv_text` stood for."""
    return value[1:] if _PREFIXED.match(value) else value


def csv_cell(value) -> str:
    """Any exported value as CSV text: text neutralised, numbers as they are (so -2.00 stays a number)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return csv_text(value)
    return str(value)


def xlsx_text_cell(sheet, value: str):
    """A write-only openpyxl cell holding `value` as a typed string, whatever it starts with."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl guessed "f" for "=..."; the text is written unchanged
    return cell
