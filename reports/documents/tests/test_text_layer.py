"""The text layer as pip-installed readers see it (issue 10): pypdf and pdfminer.six, which read only
ToUnicode, give back at least 97 % of each demo document's Thai characters (SARA AM as ำ), and PDFium
(which honours ActualText) still gives back every Thai word. Nothing here needs poppler."""

import io
import re

import pypdfium2
import pytest
from PIL import ImageChops

from reports.documents.pdf import html_to_pdf, render_html, textlayer
from reports.documents.pdf.check import _split_across_lines, html_text_chunks, thai_words
from reports.documents.pdf.recall import pdfium_text, pdfminer_text, pypdf_text, thai_characters, thai_recall

from .printed import DEMO_DOCUMENTS
from .test_pdf import _tiny_memo

pytestmark = pytest.mark.django_db

WHITESPACE = re.compile(r"\s+")
HARD = "ดำเนินงาน สำคัญ ช่วย คู่มือ น้ำ น่ำ ผู้ใหญ่ จ๋า ฤๅษี ญี่ปุ่น ฐาน ปั้น ฟ้า กำลัง ค่ำ บันทึกข้อความ"


@pytest.mark.parametrize("reader", [pypdf_text, pdfminer_text], ids=["pypdf", "pdfminer"])
@pytest.mark.parametrize("slug,kind", DEMO_DOCUMENTS)
def test_readers_without_actualtext_give_back_the_thai_characters(rendered, slug, kind, reader):
    html, pdf = rendered[(slug, kind)]
    extracted = reader(pdf)
    assert thai_recall(html, extracted) >= 0.97
    # SARA AM comes back as itself, never as NIKHAHIT + SARA AA
    assert (
        thai_characters(extracted)["\u0e33"]
        >= thai_characters(" ".join(html_text_chunks(html)))["\u0e33"] * 0.97
    )
    assert "\u0e4d\u0e32" not in extracted


@pytest.mark.parametrize("slug,kind", DEMO_DOCUMENTS)
def test_pdfium_gives_back_every_thai_word(rendered, slug, kind):
    html, pdf = rendered[(slug, kind)]
    text = pdfium_text(pdf)
    extracted = WHITESPACE.sub("", text)
    lines = [WHITESPACE.sub("", line) for line in text.splitlines() if line.strip()]
    missing = [
        w
        for w in thai_words(html)
        if WHITESPACE.sub("", w) not in extracted and not _split_across_lines(WHITESPACE.sub("", w), lines)
    ]
    assert missing == []


def _hard_pdf() -> tuple[str, bytes]:
    html = render_html("reports/pdf/memo.html", {"doc": _tiny_memo(HARD)})
    return html, html_to_pdf(html)


def test_hard_words_read_as_written_in_pypdf_and_pdfium():
    _, pdf = _hard_pdf()
    for reader in (pypdf_text, pdfium_text):
        extracted = WHITESPACE.sub("", reader(pdf))
        assert [w for w in HARD.split() if w not in extracted] == [], reader.__name__


def _fonts(pdf: bytes) -> list:
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [font.get_object() for font in page["/Resources"]["/Font"].values()]


def test_aliases_draw_exactly_the_same_glyphs():
    """The aliased codes (CIDToGIDMap) must draw what WeasyPrint's own text layer draws, pixel for pixel."""
    html, ours = _hard_pdf()
    textlayer.uninstall()
    try:
        upstream = html_to_pdf(html)
    finally:
        textlayer.install()
    assert any(not isinstance(font["/DescendantFonts"][0]["/CIDToGIDMap"], str) for font in _fonts(ours))
    pages = [
        pypdfium2.PdfDocument(pdf)[0].render(scale=2).to_pil().convert("RGB") for pdf in (ours, upstream)
    ]
    assert ImageChops.difference(*pages).getbbox() is None


@pytest.mark.parametrize(
    "text, sources, shares",
    [
        ("ดำ", ["ด", "\u0e4d", "า"], ["ด", "", "ำ"]),  # SARA AM: NIKHAHIT reads as nothing, SARA AA as ำ
        ("น้ำ", ["น", "\u0e4d", "\u0e49", "า"], ["น", "", "\u0e49", "ำ"]),  # NIKHAHIT moved before the tone
        ("น่ำ", ["น", "\u0e4d\u0e48", "า"], ["น", "\u0e48", "ำ"]),  # the font's NIKHAHIT + MAI EK ligature
        ("ปั้", ["ป", "\u0e31", "\u0e49"], ["ป", "\u0e31", "\u0e49"]),  # variants draw what their input draws
        ("ฐุ", ["", "\u0e38"], ["ฐ", "\u0e38"]),  # what no glyph drew goes to a glyph of unknown source
        ("กิ", ["ก", "x"], ["ก", "\u0e34"]),  # ... or else to the last glyph
        ("กิ", ["ก", "x", None], ["ก", "\u0e34", ""]),  # ... that reads anything (not Pango's empty glyph)
        ("ฤๅ", ["ฤๅ"], ["ฤๅ"]),
    ],
)
def test_unit_texts_share_the_units_characters_out_over_its_glyphs(text, sources, shares):
    assert textlayer.unit_texts(text, sources) == shares
