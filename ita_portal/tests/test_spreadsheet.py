"""The formula neutraliser of exports and its inverse for importers: export → import is exact."""

import csv
import io

import pytest

from ita_portal.spreadsheet import csv_cell, csv_text, csv_text_restore

TEXTS = [
    '=HYPERLINK("http://x","y")',
    "-ทดสอบ",
    "- จัดทำแผน",
    "@x",
    "+1",
    "\tแท็บ",
    "\rขึ้นบรรทัด",
    "'=already",
    "''-two",
    "'plain",
    "สำนักปลัด",
    "",
    "a=b",
    "ข้อ -1",
]


@pytest.mark.parametrize("text", TEXTS)
def test_csv_round_trip_is_exact(text):
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_text(text)])
    (cell,) = next(csv.reader(io.StringIO(buffer.getvalue()), strict=True))
    assert cell[:1] not in {"=", "+", "-", "@", "\t", "\r"}
    assert csv_text_restore(cell) == text


@pytest.mark.parametrize(
    "text, cell",
    [("=1+1", "'=1+1"), ("-ทดสอบ", "'-ทดสอบ"), ("@x", "'@x"), ("+1", "'+1"), ("\tx", "'\tx"), ("ok", "ok")],
)
def test_formula_like_text_gets_one_apostrophe(text, cell):
    assert csv_text(text) == cell


def test_numbers_are_not_neutralised():
    assert csv_cell(-2) == "-2" and csv_cell(None) == "" and csv_cell("-2") == "'-2"
