"""Each PDF: A4, only the bundled Sarabun embedded, a text layer that gives back every Thai word, no
fetching outside our static files and uploaded logos."""

import io
import re

import pytest
from pypdf import PdfReader

from reports.documents.pdf import ForbiddenResource, PortalFetcher, html_to_pdf, render_html
from reports.documents.pdf.check import (
    embedded_fonts,
    missing_words,
    mupdf_text,
    page_images,
    pdf_text,
    poppler_text,
    thai_words,
)

from .printed import DEMO_DOCUMENTS

pytestmark = pytest.mark.django_db

A4 = (595.28, 841.89)  # points


@pytest.mark.parametrize("slug,kind", DEMO_DOCUMENTS)
def test_pdf_is_a4_with_only_the_bundled_font(rendered, slug, kind):
    html, pdf = rendered[(slug, kind)]
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
    fonts = embedded_fonts(pdf)
    assert fonts and all(name.split("+", 1)[-1].startswith("ITA-Sarabun") for name, _ in fonts), fonts
    assert all(embedded for _, embedded in fonts), fonts


@pytest.mark.parametrize("slug,kind", DEMO_DOCUMENTS)
def test_text_layer_gives_back_every_thai_word(rendered, slug, kind):
    html, pdf = rendered[(slug, kind)]
    assert "\u0e33" in html  # every document has SARA AM words, the ones upstream WeasyPrint garbles
    # PDFium (pip): text in content-stream order with /ActualText applied, i.e. what our text layer says.
    assert missing_words(html, pdf) == []
    # Extra readers where poppler is installed (CI): -raw is content-stream order too. Default (layout)
    # mode re-orders text by position; in narrow table columns poppler now and then splices a neighbouring
    # cell's line into a word (a layout heuristic, not the text layer). Allow that, rarely.
    raw = poppler_text(pdf, "-raw")
    if raw is not None:
        assert missing_words(html, pdf, text=raw) == []
        missing = missing_words(html, pdf, text=poppler_text(pdf))
        assert len(missing) <= max(1, len(thai_words(html)) // 500), missing
    # MuPDF (PyMuPDF, installed by CI only: AGPL) honours /ActualText as PDFium does.
    mupdf = mupdf_text(pdf)
    if mupdf is not None:
        assert missing_words(html, pdf, text=mupdf) == []


def test_sara_am_and_tone_marks_extract_as_written():
    html = render_html("reports/pdf/memo.html", {"doc": _tiny_memo("ดำเนินงาน สำคัญ ช่วย คู่มือ น้ำ ผู้ใหญ่ จ๋า")})
    pdf = html_to_pdf(html)
    words = ("ดำเนินงาน", "สำคัญ", "ช่วย", "คู่มือ", "น้ำ", "ผู้ใหญ่", "จ๋า")
    for text in (pdf_text(pdf), poppler_text(pdf), mupdf_text(pdf)):
        if text is None:  # poppler or MuPDF not installed: PDFium alone
            continue
        for word in words:
            assert word in text
        assert missing_words(html, pdf, text=text) == []


def test_page_numbers_in_thai_digits(rendered):
    _, pdf = rendered[("bo-thong", "analysis")]
    for text in (pdf_text(pdf), poppler_text(pdf)):
        if text is None:
            continue
        assert re.search(r"-\s*๒\s*-", text)
        assert not re.search(r"-\s*2\s*-", text)


def test_pages_render_as_images_without_poppler(rendered):
    """What poppler's page renderer was used for: a look at the page. PDFium renders it; the page is A4 and not blank."""
    _, pdf = rendered[("jan-lan", "memo")]
    images = page_images(pdf, dpi=36)
    assert images
    width, height = images[0].size
    assert abs(width / height - A4[0] / A4[1]) < 0.01
    assert images[0].convert("L").getextrema()[0] < 128  # some dark ink: text was drawn


def test_fetcher_serves_static_and_logos_and_refuses_the_rest(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "garuda.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("x")
    fetcher = PortalFetcher()
    assert fetcher.local_path("https://ita-portal.invalid/static/css/print.css").name == "print.css"
    assert fetcher.local_path("https://ita-portal.invalid/media/logos/garuda.png").read_bytes() == b"png"
    for url in (
        "https://example.com/static/css/print.css",
        "https://ita-portal.invalid/media/secret.txt",
        "https://ita-portal.invalid/media/logos/../secret.txt",
        "file:///etc/passwd",
        "https://ita-portal.invalid/static/no-such-file.css",
    ):
        with pytest.raises(ForbiddenResource):
            fetcher.local_path(url)


def test_a_remote_resource_stops_the_render():
    with pytest.raises(ForbiddenResource):
        html_to_pdf('<html><body><img src="https://example.com/x.png"></body></html>')


def test_logo_is_embedded_from_media_root(settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logos").mkdir()
    Image.new("RGB", (40, 40), "red").save(tmp_path / "logos" / "emblem.png")
    doc = _tiny_memo("ทดสอบ")
    doc["garuda"] = {"pdf": "/media/logos/emblem.png", "screen": ""}
    pdf = html_to_pdf(render_html("reports/pdf/memo.html", {"doc": doc}))
    assert b"/Subtype /Image" in pdf or b"/Image" in pdf


def _tiny_memo(body: str) -> dict:
    return {
        "kind": "memo",
        "kind_label": "บันทึกข้อความ",
        "fiscal_year": 2566,
        "thai_digits": True,
        "saved": True,
        "covers": "annual",
        "organisation": {"name": "อบต.ทดสอบ", "logo_url": ""},
        "department": "สำนักปลัด",
        "phone": "",
        "number": "",
        "date": "๒๐ กุมภาพันธ์ ๒๕๖๗",
        "subject": "ทดสอบ",
        "to": "นายก",
        "sections": [{"title": "ข้อเท็จจริง", "paragraphs": [body]}],
        "closing": "",
        "signer": {"name": "ผู้ลงนาม", "position_lines": []},
        "endorsements": [],
    }


def test_a_word_split_by_a_page_break_counts_but_a_garbled_one_does_not():
    from reports.documents.pdf.check import _split_across_lines

    lines = ["-เจ้าหน้าที่ผู้ปฏิบัติ", "สำนักปลัด", "งานทุกคนจัดทำ"]
    assert _split_across_lines("ผู้ปฏิบัติงาน", lines)
    assert not _split_across_lines("ดำเนินงาน", ["ดาเนินงาน", "สำนักปลัด"])


def test_embedded_fonts_flags_a_font_that_is_not_embedded():
    """The font check can fail: a PDF naming Helvetica without its font file is reported as not embedded."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=A4[0], height=A4[1])
    helvetica = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(helvetica)})}
    )
    out = io.BytesIO()
    writer.write(out)
    assert embedded_fonts(out.getvalue()) == [("Helvetica", False)]
