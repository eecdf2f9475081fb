"""The text-layer check: does a PDF reader give back every Thai word of the HTML a PDF was printed from?

Used by the tests and the benchmark. The reader is PDFium (pip's `pypdfium2`, which honours the
`/ActualText` spans of `textlayer.py`), so nothing beyond pip is needed; poppler's `pdftotext` is an extra
reader used only where it is installed (`poppler_text` answers None otherwise, e.g. CI has it, a laptop
may not). Words are pythainlp's (`newmm`); a word counts as found when it occurs in the extracted text with
all whitespace removed, because Thai line breaks (libthai's dictionary) do not always fall where
pythainlp's words end. `embedded_fonts` lists a PDF's fonts with pypdf (what `pdffonts` shows).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

THAI = re.compile(r"[\u0e01-\u0e5b]")
WHITESPACE = re.compile(r"\s+")


class _Text(HTMLParser):
    SKIP = {"style", "script", "title", "head", "nav"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(data)


def html_text_chunks(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.chunks


def thai_words(html: str) -> set[str]:
    """Every distinct Thai word of the HTML's visible text, one text node at a time."""
    from pythainlp.tokenize import word_tokenize

    words: set[str] = set()
    for chunk in html_text_chunks(html):
        for token in word_tokenize(chunk, keep_whitespace=False):
            token = token.strip()
            if token and THAI.search(token):
                words.add(token)
    return words


def pdf_text(pdf: bytes) -> str:
    """The text of every page in content-stream order, as PDFium extracts it (pages joined by a form feed)."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        pages = []
        for page in doc:
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\f".join(pages).replace("\r\n", "\n")
    finally:
        doc.close()


def page_images(pdf: bytes, dpi: int = 80) -> list:
    """Every page as a PIL image (PDFium), for a look at a render without poppler's `pdftoppm`."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil() for page in doc]
    finally:
        doc.close()


def embedded_fonts(pdf: bytes) -> list[tuple[str, bool]]:
    """[(base font name, embedded?)] of every font used by a page or a form it draws (pypdf)."""
    from pypdf import PdfReader
    from pypdf.generic import IndirectObject

    def resolved(obj):
        return obj.get_object() if isinstance(obj, IndirectObject) else obj

    found: dict[tuple, tuple[str, bool]] = {}
    seen: set[int] = set()

    def descriptor_embedded(font) -> bool:
        descriptor = resolved(font.get("/FontDescriptor"))
        return bool(descriptor) and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))

    def walk(resources):
        resources = resolved(resources)
        if not resources or id(resources) in seen:
            return
        seen.add(id(resources))
        for ref in (resolved(resources.get("/Font")) or {}).values():
            font = resolved(ref)
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            if font.get("/Subtype") == "/Type0":
                descendants = [resolved(d) for d in resolved(font["/DescendantFonts"])]
                embedded = all(descriptor_embedded(d) for d in descendants)
            elif font.get("/Subtype") == "/Type3":
                embedded = True  # glyphs drawn by the font's own content streams
            else:
                embedded = descriptor_embedded(font)
            key = ref.idnum if isinstance(ref, IndirectObject) else id(font)
            found[key] = (name, embedded)
        for xobject in (resolved(resources.get("/XObject")) or {}).values():
            xobject = resolved(xobject)
            if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
                walk(xobject["/Resources"])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return list(found.values())


def poppler_text(pdf: bytes, *args: str) -> str | None:
    """poppler's `pdftotext` (with `args`, e.g. "-raw"), or None where poppler is not installed."""
    if not shutil.which("pdftotext"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", *args, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


def mupdf_text(pdf: bytes) -> str | None:
    """MuPDF's text (PyMuPDF), or None where it is not installed. PyMuPDF is AGPL: it is never a
    dependency of the portal; CI installs it beside the tests (.ci/run) as a third reader. Debian's
    `mutool` 1.21 is not used: it ignores /ActualText and prints U+FFFD for the glyphs inside a cluster."""
    try:
        import pymupdf
    except ImportError:
        return None
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return "\n".join(page.get_text() for page in document)


def _split_across_lines(word: str, lines: list[str]) -> bool:
    """True when the word ends one extracted line and its rest starts another: a table row that runs
    over a page puts the other cells (and the next page's header) between the two halves of a word
    that libthai broke at the page end ("ผู้ปฏิบัติ|งาน")."""
    ends = {line[-len(word) :][-k:] for line in lines for k in range(1, len(word))}
    starts = {line[:k] for line in lines for k in range(1, len(word))}
    return any(word[:k] in ends and word[k:] in starts for k in range(1, len(word)))


def missing_words(html: str, pdf: bytes, *, text: str | None = None) -> list[str]:
    """The Thai words of `html` missing from the PDF's text: PDFium's, or `text` extracted by another reader."""
    if text is None:
        text = pdf_text(pdf)
    extracted = WHITESPACE.sub("", text)
    missing = [w for w in thai_words(html) if WHITESPACE.sub("", w) not in extracted]
    if missing:
        lines = [WHITESPACE.sub("", line) for line in text.splitlines() if line.strip()]
        missing = [w for w in missing if not _split_across_lines(WHITESPACE.sub("", w), lines)]
    return sorted(missing)
