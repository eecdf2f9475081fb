"""Thai line breaking for print (reports/documents/pdf/typeset.py): words whole, ฯ/ๆ glued, names and numbers kept.

A word is a run with no break opportunity in it (U+200B between words; `word-break: keep-all`, keepall.py)."""

import pytest

from reports.documents.pdf.typeset import names_of, typeset

Z = "\u200b"


def runs(html: str) -> list[str]:
    """The runs a line may not break inside: text between tags, spaces and U+200B."""
    import re

    text = re.sub(r"<[^>]*>", " ", html).replace("&nbsp;", "\u00a0")
    return [r for r in re.split(r"[ \u200b]+", text) if r]


def test_words_get_a_zero_width_space_between_them_and_no_span():
    out = typeset("<td>ผู้รับผิดชอบดำเนินการ</td>")
    assert out == f"<td>ผู้รับผิดชอบ{Z}ดำเนินการ</td>"


def test_mai_yamok_and_paiyannoi_are_glued_to_the_word_before():
    out = typeset("<p>ช่องทางต่าง ๆ สำนักปลัดฯ ดำเนินการ ฯลฯ</p>")
    assert "ต่าง\u00a0ๆ" in runs(out)
    assert "สำนักปลัดฯ" in runs(out)  # "สำนักปลัด" is one word (COMPOUNDS); ฯ stays with it
    assert "ดำเนินการ\u00a0ฯลฯ" in runs(out)


@pytest.mark.parametrize(
    "text,whole",
    [
        ("ช่องทางการติดต่อ", "ช่องทาง"),  # pythainlp: ช่อง|ทางการ
        ("ผลคะแนนตัวชี้วัดที่ ๑", "ตัวชี้วัด"),  # ตัว|ชี้|วัด
        ("มอบหมายสำนักปลัดดำเนินการ", "สำนักปลัด"),  # สำนัก|ปลัด
        ("กำหนดแนวทางการปฏิบัติ", "แนวทาง"),  # แนว|ทางการ
        ("อยู่ในระดับต้องปรับปรุง", "ต้องปรับปรุง"),  # ต้อง|ปรับปรุง: a level's name
    ],
)
def test_words_a_reader_sees_as_one_are_never_broken(text, whole):
    assert any(whole in run for run in runs(typeset(f"<p>{text}</p>")))


def test_a_glued_word_never_gets_wider_than_a_portrait_column_allows():
    # pythainlp: กระบวน|การทำงาน; glued it would be one 2.7 cm run (MAX_GLUED), so the break stays
    assert "กระบวน" in runs(typeset("<p>กระบวนการทำงาน</p>"))


def test_the_era_stays_with_its_year_and_a_range_breaks_after_its_dash():
    out = typeset("<p>ปีงบประมาณ พ.ศ. ๒๕๖๖ ระหว่าง ต.ค. ๖๕ – มี.ค. ๖๖</p>")
    assert "พ.ศ.&nbsp;๒๕๖๖" in out and "๖๕&nbsp;– มี.ค." in out


def test_names_people_and_numbers_stay_whole():
    names = names_of({"organisation": {"name": "องค์การบริหารส่วนตำบลจานลาน", "district": "พนา"}})
    assert "จานลาน" in names
    out = typeset("<p>อบต.จานลาน (นายสมชาย ใจดี) ได้ ๙๘.๒๔ คะแนน ของจานลาน</p>", names)
    assert "(นายสมชาย\u00a0ใจดี)" in runs(out)
    assert "๙๘.๒๔" in runs(out)
    assert "อบต.จานลาน" in runs(out)


def test_a_name_breaks_from_the_word_beside_it_only_where_they_are_two_words():
    names = names_of({"organisation": {"name": "องค์การบริหารส่วนตำบลจานลาน"}})
    out = runs(
        typeset("<p>นายกองค์การบริหารส่วนตำบลจานลาน ตามคำสั่งองค์การบริหารส่วนตำบลจานลานได้ ของจานลาน</p>", names)
    )
    # "นายกองค์การบริหารส่วนตำบล" is one dictionary word: the name stays joined to it
    assert "นายกองค์การบริหารส่วนตำบลจานลาน" in out
    # elsewhere the name is a run of its own, so it never makes a column wider than itself
    assert out[1:] == ["ตามคำสั่ง", "องค์การบริหารส่วนตำบลจานลาน", "ได้", "ของ", "จานลาน"]


def test_a_slash_between_thai_words_may_break_after_it():
    assert runs(typeset("<th>ข้อบกพร่อง/ข้อแก้ไข</th>")) == ["ข้อบกพร่อง/", "ข้อแก้ไข"]
    assert "๑/๒๕๖๖" in runs(typeset("<p>ที่ ๑/๒๕๖๖</p>"))


def test_a_word_longer_than_any_column_may_break_between_clusters():
    word = "กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ" * 2
    out = typeset(f"<td>{word}</td>")
    assert max(len(r) for r in runs(out)) <= 12
    assert out.count(Z) >= len(word) // 12


def test_markup_styles_and_escapes_are_left_alone():
    html = '<head><title>รายงาน</title><style>p{}</style></head><p class="x">a &amp; b &lt;c&gt;</p>'
    assert typeset(html) == html
    assert typeset("<p>ดูที่ http://www.banmor.go.th/x</p>").count(Z) >= 3


def test_an_item_code_stays_with_its_word_and_a_url_never_breaks_after_www():
    out = typeset("<td>ข้อ I๑๙ ทางเว็บไซต์ http://www.banmor.go.th/ ต่อไป</td>")
    assert "ข้อ&nbsp;I๑๙" in out
    assert f"www.{Z}" not in out
