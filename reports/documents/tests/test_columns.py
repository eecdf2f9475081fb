"""Column widths from content (reports/documents/pdf/columns.py): pure, on typeset text (U+200B between words)."""

from reports.documents.pdf.columns import (
    CM,
    PADDING_PT,
    ColumnText,
    column_widths,
    fit_columns,
    fit_table,
    lines_width,
    table_columns,
    text_width,
    widest_run,
)

Z = "\u200b"
MEASURE = [  # the annual report's standard layout, as typeset.py prints it
    ColumnText("มาตรการ", (f"๑.{Z}มาตรการ{Z}เผยแพร่{Z}ข้อมูล{Z}ต่อ{Z}สาธารณะ",)),
    ColumnText(f"ขั้นตอน{Z}หรือ{Z}วิธีการ", (f"จัดทำ{Z}ประกาศ{Z}และ{Z}เผยแพร่{Z}ทาง{Z}เว็บไซต์",) * 3),
    ColumnText("ผู้รับผิดชอบ", ("สำนักปลัด",)),
    ColumnText(f"ระยะเวลา{Z}ดำเนินการ", (f"ต.ค. ๖๕ ถึง{Z}ก.ย. ๖๖",)),
    ColumnText(f"ผล{Z}การ{Z}ดำเนินการ", (f"มี{Z}การ{Z}เผยแพร่{Z}ข้อมูล{Z}ครบถ้วน{Z}ทุก{Z}ข้อ " * 6,)),
    ColumnText("ข้อเสนอแนะ", ("",)),
]


def lines_at(text: str, width_pt: float, *, bold: bool = False) -> int:
    """Lines of `text` filled greedily into `width_pt`."""
    count, used = 1, 0.0
    for run in text.replace(Z, " ").split():
        width = text_width(run, bold=bold)
        if used and used + text_width(" ", bold=bold) + width > width_pt:
            count, used = count + 1, width
        else:
            used += (text_width(" ", bold=bold) if used else 0) + width
    return count


def test_widths_fill_the_table_and_follow_the_amount_of_text():
    widths = column_widths(MEASURE, 16.0)
    assert abs(sum(widths) - 16.0) < 1e-6
    title, steps, responsible, period, done, suggestion = widths
    assert done == max(widths)  # the most text
    assert steps > title and steps > period
    assert suggestion < done / 2  # an empty column gets what its header needs, little more


def test_every_header_fits_on_two_lines_and_every_word_in_its_column():
    for width_cm in (16.0, 24.7):  # portrait, landscape
        fit = fit_table(MEASURE, width_cm)
        assert 8.0 <= fit.header_pt <= 10.0 and fit.header_lines == 2
        for column, width in zip(MEASURE, fit.widths, strict=True):
            inner = width * CM - PADDING_PT
            assert lines_at(column.header, inner * 10.0 / fit.header_pt, bold=True) <= 2
            assert all(widest_run(c) <= inner for c in column.cells)


def test_landscape_widens_the_columns_with_text():
    portrait, landscape = column_widths(MEASURE, 16.0), column_widths(MEASURE, 24.7)
    assert landscape[4] > portrait[4] * 1.4


def test_a_long_header_gets_two_lines_not_four():
    header = f"ระยะเวลา{Z}ดำเนินการ"
    two = lines_width(header, 2, bold=True)
    assert two == max(text_width("ระยะเวลา", bold=True), text_width("ดำเนินการ", bold=True))
    assert lines_width(header, 1, bold=True) > two
    columns = [ColumnText(header, ("ต.ค. ๖๕",)), ColumnText("ผล", (f"ข้อความ{Z}ยาว " * 80,))]
    fit = fit_table(columns, 16.0)
    assert lines_at(header, (fit.widths[0] * CM - PADDING_PT) * 10.0 / fit.header_pt, bold=True) == 2


def test_a_very_long_word_does_not_take_the_table():
    word = "ก" * 200  # a run no column can hold (typeset.py cuts Thai ones into syllables first)
    text = f"ข้อความ{Z}ยาว{Z}" * 150
    columns = [ColumnText("ก", (word,)), ColumnText("ข", (text,)), ColumnText("ค", ("ข้อความ",))]
    long, text_column, short = column_widths(columns, 16.0)
    assert text_column > long  # the word counts as at most MAX_WORD_SHARE of the table, not as 12 cm
    assert short * CM - PADDING_PT >= widest_run("ข้อความ")


def test_many_columns_headers_shrink_before_they_take_more_lines():
    header = f"ผลลัพธ์{Z}หรือ{Z}ความสำเร็จ{Z}ของ{Z}การ{Z}ดำเนินการ"
    columns = [ColumnText("ลำดับ", ("๑.",))] + [ColumnText(header, ("ข้อความ",)) for _ in range(4)]
    fit = fit_table(columns, 16.0)
    assert 8.0 <= fit.header_pt < 10.0 and fit.header_lines == 2
    assert abs(sum(fit.widths) - 16.0) < 1e-6
    seven = fit_table([ColumnText(header, ("ข้อความ",)) for _ in range(7)], 16.0)
    assert seven.header_pt == 8.0 and seven.header_lines == 4  # more lines only when 8 pt cannot fit
    assert abs(sum(seven.widths) - 16.0) < 1e-6


def test_the_html_pass_reads_cells_with_spans_and_writes_a_colgroup():
    table = (
        "<table><caption>ตาราง</caption><thead><tr><th>ลำดับ</th><th>ประเด็น</th><th>คะแนน</th></tr></thead>"
        '<tbody><tr><td rowspan="2">๑.</td><td>การ&nbsp;เปิดเผย</td><td>๙๘.๒๔</td></tr>'
        '<tr><td>ข้อ<br>สอง</td><td>๕๐</td></tr><tr class="group"><td colspan="3">กลุ่ม</td></tr></tbody></table>'
    )
    columns = table_columns(table)
    assert [c.header for c in columns] == ["ลำดับ", "ประเด็น", "คะแนน"]
    assert [c.cells for c in columns] == [("๑.",), ("การ\u00a0เปิดเผย", "ข้อ\nสอง"), ("๙๘.๒๔", "๕๐")]
    out = fit_columns(f"<p>ก่อน</p>{table}", 16.0)
    assert out.count("<col ") == 3
    assert out.index("</caption>") < out.index("<colgroup>") < out.index("<thead")
    assert fit_columns(out, 16.0) == out  # the colgroup is replaced, not added again
