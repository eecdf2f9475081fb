"""The printed-page check (reports/documents/pdf/layout_check.py) on synthetic lines, and on real PDFs: every demo
document (four samples × four documents) and the stress documents must print with no text over text,
no line starting with ฯ/ๆ/a mark and no break inside a word or syllable that would have fitted."""

import pytest

from reports.documents.pdf.layout_check import (
    Char,
    Line,
    body_chars_per_line,
    check_lines,
    column_of,
    find_bad_breaks,
    find_bad_starts,
    find_overlaps,
    normalise_source,
    split_lines,
)

ADVANCE = 5.0


def chars(text: str, *, x: float = 100.0, y: float = 700.0, height: float = 10.0) -> list[Char]:
    out = []
    for ch in text:
        out.append(Char(ch, x, y, x + ADVANCE, y + height))
        x += ADVANCE
    return out


def line(text: str, *, x=100.0, y=700.0, page=1, column=None, index=0) -> Line:
    return Line(page, chars(text, x=x, y=y), column=column, index=index)


def numbered(*lines: Line) -> list[Line]:
    for i, item in enumerate(lines):
        item.index = i
    return list(lines)


# --- overlaps ------------------------------------------------------------------------------------------


def test_text_printed_over_text_is_found():
    period = line("ต.ค. ๖๕ ถึง", x=300, y=700)
    result = line("จัดประชุม", x=330, y=701)  # the next cell's first line, same baseline
    found = find_overlaps(numbered(period, result))
    assert found and found[0].kind == "overlap"


def test_adjacent_lines_whose_marks_touch_do_not_overlap():
    upper = line("ประชุม", y=700)
    lower = line("ประชุม", y=691.5)  # boxes share 1.5 pt of their 10 pt height
    assert find_overlaps(numbered(upper, lower)) == []


def test_words_side_by_side_do_not_overlap():
    assert find_overlaps(numbered(line("หนึ่ง", x=100), line("สอง", x=200))) == []


# --- line starts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["ๆ ไป", "ฯ ลฯ", "ั้นตอน", "\u200bๆ"])
def test_a_line_starting_with_mai_yamok_paiyannoi_or_a_mark_is_found(text):
    assert find_bad_starts([line(text)])


@pytest.mark.parametrize("text", ["ต่าง ๆ", "กรุงเทพฯ", "ดำเนินการ"])
def test_ordinary_line_starts_pass(text):
    assert find_bad_starts([line(text)]) == []


# --- breaks ------------------------------------------------------------------------------------------------

COLUMN = (95.0, 195.0)  # 100 pt wide, 5 pt padding: 90 pt usable = 18 characters


def two_lines(first: str, second: str, *, column=COLUMN) -> list[Line]:
    return numbered(line(first, y=700, column=column), line(second, y=685, column=column))


def test_a_break_inside_a_syllable_that_fits_is_found():
    found = find_bad_breaks(two_lines("ตามลำดั", "บขั้นตอน"))
    assert [f.text for f in found] == ["ตามลำดั|บ"]


def test_a_break_inside_a_dictionary_word_that_fits_is_found():
    found = find_bad_breaks(two_lines("ผู้รับผิด", "ชอบโครงการ"))
    assert found and found[0].kind == "word" and found[0].text == "ผู้รับผิด|ชอบ"


def test_a_break_between_words_passes():
    assert find_bad_breaks(two_lines("แมวกิน", "ปลาทู")) == []
    assert find_bad_breaks(two_lines("แมวกิน ", "ปลาทู")) == []


def test_a_word_wider_than_its_column_may_break():
    narrow = (95.0, 125.0)  # 20 pt usable: 4 characters, ประชาสัมพันธ์ needs 13
    found = find_bad_breaks(two_lines("ประชา", "สัมพันธ์", column=narrow))
    assert found == []
    # ...but not inside a syllable that fits alone
    found = find_bad_breaks(two_lines("ประชาสัมพัน", "ธ์", column=(95, 165)))
    assert [(f.kind, f.text) for f in found] == [("syllable", "พัน|ธ์")]


def test_a_hard_break_in_the_source_is_not_a_bad_break():
    lines = two_lines("ตามลำดั", "บขั้นตอน")
    source = normalise_source(["ตามลำดั", "บขั้นตอน"])  # two paragraphs (or a <br>) in the HTML
    assert find_bad_breaks(lines, source) == []
    assert find_bad_breaks(lines, normalise_source(["ตามลำดับขั้นตอน"]))


def test_lines_in_other_columns_are_not_one_block():
    a = line("ตามลำดั", y=700, column=COLUMN)
    b = line("บขั้นตอน", y=685, column=(195.0, 295.0), x=200)
    assert find_bad_breaks(numbered(a, b)) == []


def test_a_row_running_over_the_page_is_followed_past_the_repeated_header():
    bottom = line("ตามลำดั", y=60, column=COLUMN, page=1)
    header = line("ขั้นตอน", y=760, column=COLUMN, page=2)
    rest = line("บขั้นตอน", y=740, column=COLUMN, page=2)
    source = normalise_source(["ขั้นตอน", "ตามลำดับขั้นตอน"])
    found = find_bad_breaks(numbered(bottom, header, rest), source)
    assert [f.text for f in found] == ["ตามลำดั|บ"]


def test_a_repeated_header_cell_is_not_taken_for_the_continuation_of_a_row():
    # a narrow column headed "การ / รายงาน": its last cell on page 1 reads "รายงาน", page 2 repeats the
    # header; "รายงานการ" occurs elsewhere in the source (the title), which once paired them
    head = line("การ", y=760, column=COLUMN, page=1)
    bottom = line("รายงาน", y=60, column=COLUMN, page=1)
    repeated = line("การ", y=760, column=COLUMN, page=2)
    source = normalise_source(["รายงานการดำเนินการ", "การ", "รายงาน"])
    assert find_bad_breaks(numbered(head, bottom, repeated), source) == []


# --- reading helpers -----------------------------------------------------------------------------------------


def test_split_lines_by_baseline_return_and_cell_gap():
    row = chars("หนึ่ง", x=100, y=700) + chars("สอง", x=100, y=685)  # next line of the cell
    row += chars("สาม", x=300, y=700)  # the next cell, back on the first baseline
    row += chars("สี่", x=315 + 30, y=700)  # far to the right: another text run
    assert [x.text for x in split_lines(row, page=1)] == ["หนึ่ง", "สอง", "สาม", "สี่"]


def test_column_of_a_line_between_rules_even_when_it_runs_over_the_right_one():
    rules = [(95.0, 600, 720), (195.0, 600, 720), (295.0, 600, 720), (400.0, 100, 200)]
    assert column_of(line("ก" * 30, x=100, y=700), rules) == (95.0, 195.0)
    assert column_of(line("ก", x=60, y=700), rules) is None


def test_characters_per_line_counts_full_body_lines_scaled_to_16_cm():
    full = Line(1, chars("ก" * 90), index=0)  # 450 pt for 90 characters
    short = Line(1, chars("ก" * 10, y=680), index=1)
    assert body_chars_per_line([full, short]) == pytest.approx(90 * 453.5 / 450, abs=0.2)


def test_check_lines_reports_all_three_kinds():
    report = check_lines(
        numbered(
            line("ตามลำดั", y=700, column=COLUMN),
            line("บขั้นตอน", y=685, column=COLUMN),
            line("ๆ ไป", y=600),
        )
    )
    assert report.counts() == {"overlaps": 0, "bad_starts": 1, "bad_breaks": 1}
