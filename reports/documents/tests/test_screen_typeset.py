"""The screen preview's typesetting (reports/documents/pdf/typeset.py, screen=True): the same word separation as
the PDF in markup a browser obeys, and nothing of it left in the text."""

from reports.documents.pdf.typeset import typeset, untypeset

HTML = '<td class="num">ผู้รับผิดชอบดำเนินการ อบต.บ้านหม้อ ต่าง ๆ</td><option>ประชาสัมพันธ์</option>'


def test_words_are_nowrap_spans_with_wbr_between_and_names_whole():
    out = typeset(HTML, ["บ้านหม้อ"], screen=True)
    assert '<span class="w">ผู้รับผิดชอบ</span><wbr><span class="w">ดำเนินการ</span>' in out
    assert '<span class="w">อบต</span>.<span class="w">บ้านหม้อ</span>' in out  # no <wbr>: kept together
    assert '<span class="w">ต่าง&nbsp;ๆ</span>' in out  # ๆ never starts a line
    assert "\u200b" not in out  # no invisible character to copy out of the preview
    assert "<option>ประชาสัมพันธ์</option>" in out  # form controls are left alone


def test_the_pdf_marks_are_unchanged_and_untypeset_gives_the_text_back():
    assert typeset(HTML, ["บ้านหม้อ"]).count("\u200b") == 1 and "<span" not in typeset(HTML)
    assert untypeset(typeset(HTML, ["บ้านหม้อ"], screen=True)) == HTML
