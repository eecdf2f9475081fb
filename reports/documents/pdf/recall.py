"""How much of a document's Thai text a PDF reader gives back, read with pip-installed readers.

pypdf and pdfminer.six read only the fonts' ToUnicode maps (they ignore ActualText), which is what a
search indexer sees; PDFium (pypdfium2, the engine of Chrome's viewer) honours ActualText. The measure
is the recall of Thai characters: the multiset of NFC code points U+0E00–U+0E7F of the HTML's visible
text against the extracted text's (SARA AM counts only as ำ, not as NIKHAHIT + SARA AA).
"""

from __future__ import annotations

import io
import unicodedata
from collections import Counter

from .check import html_text_chunks


def thai_characters(text: str) -> Counter:
    return Counter(c for c in unicodedata.normalize("NFC", text) if "\u0e00" <= c <= "\u0e7f")


def thai_recall(html: str, extracted: str) -> float:
    """Share of the HTML's Thai characters (counted with repeats) found in `extracted`."""
    expected = thai_characters(" ".join(html_text_chunks(html)))
    found = expected & thai_characters(extracted)
    return sum(found.values()) / max(sum(expected.values()), 1)


def pypdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def pdfminer_text(pdf: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(pdf))


def pdfium_text(pdf: bytes) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
