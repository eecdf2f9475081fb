"""`word-break: keep-all` for WeasyPrint (reports/documents/pdf/keepall.py): Thai breaks at U+200B and spaces only."""

from reports.documents.pdf import html_to_pdf
from reports.documents.pdf.check import pdf_text
from reports.documents.pdf.keepall import runs

Z = "\u200b"


def test_runs_are_byte_ranges_between_spaces_and_zero_width_spaces():
    text = f"ผู้รับผิดชอบ{Z}ดำเนินการ ab"
    ranges = runs(text)
    data = text.encode()
    assert [data[a:b].decode() for a, b in ranges] == ["ผู้รับผิดชอบ", "ดำเนินการ", "ab"]


def _lines(html: str) -> list[str]:
    text = pdf_text(html_to_pdf(html)).replace(Z, "")
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_a_narrow_column_breaks_only_where_typeset_allows():
    words = ["ผู้รับผิดชอบ", "ดำเนินการ", "ประชาสัมพันธ์", "เผยแพร่", "ข้อมูล"] * 3
    html = (
        '<body class="doc"><style>body { word-break: keep-all; font-size: 12pt; }'
        " p { width: 3.2cm; }</style>"
        f"<p>{Z.join(words)}</p></body>"
    )
    lines = _lines(html)
    assert len(lines) > 3
    for line in lines:  # every line is whole words: libthai would cut "ดำเนิน|การ", "ผู้|รับผิดชอบ"
        rest = line
        while rest:
            word = next((w for w in words if rest.startswith(w)), None)
            assert word, (line, rest)
            rest = rest[len(word) :]
