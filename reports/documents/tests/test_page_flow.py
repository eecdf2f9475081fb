"""Page flow (reports/documents/pdf/flow.py): the rules on synthetic pages, and each fix on a small printed page
built to provoke it (the demo and stress documents are checked in test_printed_pages.py)."""

from reports.documents.pdf import print_html
from reports.documents.pdf.check import pdf_text
from reports.documents.pdf.flow import Fix, Item, Page, fixes, glue_last_break, is_short_last_word, problems

H = 1000.0


def page(number, *items):
    return Page(number, H, list(items))


def kinds(found):
    return [(p.page, p.kind, p.fix.action if p.fix else None) for p in found]


# --- the rules -------------------------------------------------------------------------------------------


def test_a_whole_row_and_two_line_parts_are_fine():
    pages = [
        page(1, Item("header", 0, 2), Item("row", 1, 5), Item("row", 2, 2, starts=True, ends=False)),
        page(
            2,
            Item("header", 0, 2, starts=False),
            Item("row", 2, 2, starts=False, ends=True),
            Item("para", 3, 9),
        ),
    ]
    assert problems(pages) == []


def test_one_line_of_a_row_at_the_foot_moves_the_row():
    pages = [
        page(1, Item("row", 1, 5), Item("row", 2, 1, starts=True, ends=False)),
        page(2, Item("row", 2, 6, starts=False, ends=True), Item("para", 3, 9)),
    ]
    assert kinds(problems(pages)) == [(1, "fragment", "avoid-inside")]
    assert problems(pages)[0].fix.key == 2


def test_a_group_row_before_a_moved_row_goes_with_it():
    pages = [
        page(1, Item("row", 1, 5), Item("group", 7, 1), Item("row", 2, 1, starts=True, ends=False)),
        page(2, Item("row", 2, 6, starts=False, ends=True)),
    ]
    assert problems(pages)[0].fix == Fix(7, "break-before-page")


def test_one_line_of_a_row_at_the_top_pulls_a_line_with_it():
    pages = [
        page(1, Item("row", 2, 9, starts=True, ends=False)),
        page(2, Item("row", 2, 1, starts=False, ends=True, pull=12), Item("para", 3, 9)),
    ]
    assert problems(pages)[0].fix == Fix(12, "avoid-before")
    no_block = [pages[0], page(2, Item("row", 2, 1, starts=False, ends=True), Item("para", 3, 9))]
    assert problems(no_block)[0].fix == Fix(2, "avoid-inside")


def test_a_page_of_only_the_header_and_a_short_row_end():
    pages = [
        page(1, Item("header", 0, 2), Item("row", 2, 30, height=800, starts=True, ends=False)),
        page(2, Item("header", 0, 2, starts=False), Item("row", 2, 3, height=60, starts=False, ends=True)),
        page(3, Item("heading", 5, 1), Item("para", 6, 9)),
    ]
    assert kinds(problems(pages)) == [(2, "header-only", "avoid-inside")]
    # a page of the middle of a row taller than a page is no fault
    pages[1].items[1] = Item("row", 2, 40, height=900, starts=False, ends=True)
    assert problems(pages) == []


def test_a_heading_last_on_its_page_and_the_heading_before_it_move():
    pages = [
        page(1, Item("para", 1, 30), Item("heading", 2, 1), Item("heading", 3, 1)),
        page(2, Item("para", 4, 9)),
    ]
    assert kinds(problems(pages)) == [(1, "heading", "break-before-page")]
    assert problems(pages)[0].fix.key == 2
    assert problems([pages[0]]) == []  # the last page of the document


def test_a_runt_is_one_short_word():
    def para(line, share):
        return [page(1, Item("para", 1, 3, last_line=line, last_share=share))]

    assert kinds(problems(para("ไป", 0.05))) == [(1, "runt", "glue-last-word")]
    assert problems(para("ตาม\u200bไป", 0.1)) == []
    assert problems(para("พ.ศ.\u00a0๒๕๖๖", 0.1)) == []  # glued: still two words
    assert problems(para("องค์การบริหารส่วนตำบลหนองบัวแดงเหนือพัฒนาเจริญสุขสันต์", 0.8)) == []  # a long name
    one_line = [page(1, Item("para", 1, 1, last_line="ไป", last_share=0.05))]
    assert problems(one_line) == []


def test_a_cell_held_back_from_a_split_rows_part_is_let_break():
    pages = [
        page(1, Item("row", 2, 3, starts=True, ends=False, cells=((20, 3), (21, 0)), held=(21,))),
        page(2, Item("row", 2, 6, starts=False, ends=True, cells=((20, 2), (21, 6)))),
    ]
    assert kinds(problems(pages)) == [(1, "empty-cell", "relax-cell")]
    assert problems(pages)[0].fix == Fix(21, "relax-cell")
    # a part under two lines moves whole: its held cells go with it
    pages[0].items[0] = Item("row", 2, 1, starts=True, ends=False, cells=((20, 1), (21, 0)), held=(21,))
    assert kinds(problems(pages)) == [(1, "fragment", "avoid-inside")]


def test_fixes_one_per_element_a_move_wins():
    found = problems(
        [
            page(1, Item("row", 2, 1, starts=True, ends=False)),
            page(2, Item("row", 2, 1, starts=False, ends=True, pull=9)),
        ]
    )
    assert fixes(found) == [Fix(2, "avoid-inside"), Fix(9, "avoid-before")]


def test_glue_last_break():
    assert glue_last_break(["ไป\u200bตาม\u200bนั้น"]) == ["ไป\u200bตาม\u2060นั้น"]
    assert glue_last_break(["ให้ ", "ดำเนินการ\u200b"]) == ["ให้\u00a0", "ดำเนินการ\u200b"]
    assert glue_last_break(["เดียว"]) is None


# --- the fixes, printed ----------------------------------------------------------------------------------

# A 400×300 px page, no padding: what fits where is arithmetic (a line box of Sarabun at 12px/20px is 20.6 px).
STYLE = """<style>@page { size: 400px 300px; margin: 0 } body { margin: 0; font-size: 12px; line-height: 20px; word-break: keep-all }
p { margin: 0 } table { border-collapse: collapse; width: 100% } td { padding: 0; vertical-align: top }
h2 { margin: 0; font-size: 12px; line-height: 20px }</style>"""


def pages_of(pdf):
    """Each page's text without whitespace (PDFium puts line ends inside Thai clusters)."""
    return ["".join(text.split()) for text in pdf_text(pdf).split("\f")]


def spacer(px):
    return f'<div style="height:{px}px"></div>'


def test_printed_row_head_of_one_line_moves_to_the_next_page():
    row = "".join(f"<p>หนึ่ง{n}</p>" for n in range(5))
    html = f"{STYLE}{spacer(270)}<table><tr><td>{row}</td><td>สอง</td></tr></table>"
    pdf, report = print_html(html)
    assert kinds(report.before) == [(1, "fragment", "avoid-inside")]
    assert report.after == [] and report.layouts == 2
    assert "หนึ่ง0" not in pages_of(pdf)[0] and "หนึ่ง0" in pages_of(pdf)[1]


def test_printed_row_tail_of_one_line_takes_another_with_it():
    row = "".join(f"<p>บรรทัด{n}</p>" for n in range(5))
    html = f"{STYLE}{spacer(215)}<table><tr><td>{row}</td><td>สอง</td></tr></table><p>ต่อ</p>"
    pdf, report = print_html(html)
    assert kinds(report.before) == [(2, "fragment", "avoid-before")]
    assert report.after == []
    first, second = pages_of(pdf)[:2]
    assert "บรรทัด3" not in first and "บรรทัด3" in second and "บรรทัด4" in second


def test_printed_cell_without_a_break_is_not_left_empty():
    # two lines free at the foot: the first cell gives two of its one-line paragraphs, the second has one
    # paragraph of three lines that orphans/widows 2 keep whole, so WeasyPrint 70 prints that cell empty
    # and all of it on the next page; the check finds it and lets the cell break
    first = "".join(f"<p>หนึ่ง{n}</p>" for n in range(4))
    html = f"{STYLE}{spacer(250)}<table><tr><td>{first}</td><td><p>ก๑<br>ก๒<br>ก๓</p></td></tr></table>"
    pdf, report = print_html(html)
    assert kinds(report.before) == [(1, "empty-cell", "relax-cell")]
    assert report.after == []
    assert "ก๑ก๒" in pages_of(pdf)[0] and "ก๓" in pages_of(pdf)[1]


def test_printed_heading_at_the_foot_goes_to_the_next_page():
    body = "".join(f"<p>ย่อหน้า{n}</p>" for n in range(3))
    html = f'{STYLE}{spacer(250)}<h2 style="break-after:auto">หัวข้อ</h2><div style="break-inside:avoid">{body}</div>'
    pdf, report = print_html(html)
    assert kinds(report.before) == [(1, "heading", "break-before-page")]
    assert report.after == []
    assert "หัวข้อ" in pages_of(pdf)[1]


def test_printed_short_last_word_is_glued_before_the_first_layout():
    # two words of five digits (38.7 px each, a space 3.8 px) fill a 90 px line; "ไป" (12.8 px) would go below
    html = f'{STYLE}<p style="width:90px">๐๐๐๐๐ ๐๐๐๐๐ ไป</p>'
    pdf, report = print_html(html)
    assert report.before == [] and report.layouts == 1
    assert "๐๐๐๐๐ไป" in pages_of(pdf)[0]


def test_printed_runt_of_a_longer_word_takes_the_word_before_it():
    # a last word of 21 digits (163 px) is not glued beforehand, but alone under two 38-digit words that
    # fill a 600 px line it is a runt (27 % of the line): the check glues it and lays out again
    html = f'{STYLE}<p style="width:600px">{"๐" * 38} {"๑" * 38} {"๒" * 21}</p>'
    pdf, report = print_html(html)
    assert kinds(report.before) == [(1, "runt", "glue-last-word")]
    assert report.after == [] and report.layouts == 2
    assert "๑" * 38 + "๒" * 21 in pages_of(pdf)[0]


def test_nothing_to_fix_is_one_layout():
    pdf, report = print_html(f"{STYLE}<p>ทดสอบ</p>")
    assert report.layouts == 1 and report.before == []


def test_is_short_last_word():
    assert is_short_last_word("ให้\u200bดำเนินการ\u200bต่อ\u200bไป")
    assert not is_short_last_word("เดียว")
    assert not is_short_last_word("ตาม\u00a0ไป")  # glued already
    assert not is_short_last_word("ของ\u200b" + "ก" * 21)


def test_laying_out_again_from_the_changed_pages_prints_what_a_whole_layout_prints(monkeypatch):
    from reports.documents.pdf import flow

    # five pages; on page 3 a row's first line alone at the foot, so pages 1–2 are kept from the first layout
    row = "".join(f"<p>หนึ่ง{n}</p>" for n in range(5))
    html = (
        f"{STYLE}<div>{''.join(f'<p>ย่อหน้า{n}</p>' for n in range(14 * 2))}</div>{spacer(270)}"
        f"<table><tr><td>{row}</td><td>สอง</td></tr></table>{''.join(f'<p>ท้าย{n}</p>' for n in range(20))}"
    )
    resumed, report = print_html(html)
    assert kinds(report.before) == [(3, "fragment", "avoid-inside")] and report.after == []
    monkeypatch.setattr(flow, "RESUME", False)
    whole, _ = print_html(html)
    assert pdf_text(resumed) == pdf_text(whole)
    assert len(pages_of(resumed)) == 5 and "หนึ่ง0" in pages_of(resumed)[3]
