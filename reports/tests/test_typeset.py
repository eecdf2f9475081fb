"""Thai line breaking for print (reports/pdf/typeset.py): words whole, ฯ/ๆ glued, names and numbers kept."""

from reports.pdf.typeset import names_of, typeset


def test_words_become_spans_with_break_opportunities_between_them():
    out = typeset("<td>ผู้รับผิดชอบดำเนินการ</td>")
    assert out == '<td><span class="w">ผู้รับผิดชอบ</span><wbr><span class="w">ดำเนินการ</span></td>'


def test_mai_yamok_and_paiyannoi_are_glued_to_the_word_before():
    out = typeset("<p>ช่องทางต่าง ๆ สำนักปลัดฯ ดำเนินการ ฯลฯ</p>")
    assert '<span class="w">ต่าง&nbsp;ๆ</span>' in out
    assert '<span class="w">ปลัดฯ</span>' in out
    assert '<span class="w">ดำเนินการ&nbsp;ฯลฯ</span>' in out


def test_names_people_and_numbers_stay_whole():
    names = names_of({"organisation": {"name": "องค์การบริหารส่วนตำบลจานลาน", "district": "พนา"}})
    assert "จานลาน" in names
    out = typeset("<p>อบต.จานลาน (นายสมชาย ใจดี) ได้ ๙๘.๒๔ คะแนน</p>", names)
    assert '<span class="w">จานลาน</span>' in out
    assert '<span class="w">นายสมชาย&nbsp;ใจดี</span>' in out
    assert '<span class="w">๙๘.๒๔</span>' in out


def test_a_word_longer_than_any_column_may_break_between_clusters():
    word = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ" * 2
    out = typeset(f"<td>{word}</td>")
    assert '<span class="w">' + word not in out
    assert out.count("<wbr>") >= len(word) // 12


def test_markup_styles_and_escapes_are_left_alone():
    html = '<head><title>รายงาน</title><style>p{}</style></head><p class="x">a &amp; b &lt;c&gt;</p>'
    assert typeset(html) == html
    assert typeset("<p>ดูที่ http://www.banmor.go.th/x</p>").count("<wbr>") >= 3
