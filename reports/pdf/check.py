"""The text-layer check: does `pdftotext` give back every Thai word of the HTML a PDF was printed from?

Used by the tests and the benchmark (needs poppler's `pdftotext`). Words are pythainlp's (`newmm`); a
word counts as found when it occurs in the extracted text with all whitespace removed, because Thai line
breaks (libthai's dictionary) do not always fall where pythainlp's words end.
"""

from __future__ import annotations

import re
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


def pdftotext(pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", *args, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


def _split_across_lines(word: str, lines: list[str]) -> bool:
    """True when the word ends one extracted line and its rest starts another: a table row that runs
    over a page puts the other cells (and the next page's header) between the two halves of a word
    that libthai broke at the page end ("ผู้ปฏิบัติ|งาน")."""
    ends = {line[-len(word) :][-k:] for line in lines for k in range(1, len(word))}
    starts = {line[:k] for line in lines for k in range(1, len(word))}
    return any(word[:k] in ends and word[k:] in starts for k in range(1, len(word)))


def missing_words(html: str, pdf: bytes, *args: str) -> list[str]:
    """The Thai words of `html` that `pdftotext` (with `args`, e.g. "-raw") does not give back."""
    text = pdftotext(pdf, *args)
    extracted = WHITESPACE.sub("", text)
    missing = [w for w in thai_words(html) if WHITESPACE.sub("", w) not in extracted]
    if missing:
        lines = [WHITESPACE.sub("", line) for line in text.splitlines() if line.strip()]
        missing = [w for w in missing if not _split_across_lines(WHITESPACE.sub("", w), lines)]
    return sorted(missing)
