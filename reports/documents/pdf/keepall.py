"""CSS `word-break: keep-all` for WeasyPrint 70, so Thai breaks only where typeset.py says.

WeasyPrint 70 refuses `keep-all`, and Pango breaks Thai with libthai's dictionary, which cuts words
pythainlp keeps whole. Wrapping every word in a `white-space: nowrap` span did keep them whole, but made
thousands of inline boxes (render time 3.7x). Instead, typeset.py puts U+200B ZERO WIDTH SPACE between
words, and this module gives `keep-all` its CSS meaning (css-text-3: no soft wrap opportunity between
letters; spaces and U+200B still break): after WeasyPrint's own `Layout.set_text`, every run of text
between spaces / U+200B gets Pango's `allow_breaks=FALSE` attribute (Pango ≥ 1.44), which clears the line
and character break flags inside it. So one text box per paragraph again, and Pango breaks it only at
our word boundaries. `overflow-wrap: anywhere` can then no longer cut inside a run: typeset.py splits a
run too long for any column into syllables / grapheme clusters itself.
"""

from __future__ import annotations

import re
from functools import lru_cache

import weasyprint
from weasyprint.css.validation import properties as wp_properties
from weasyprint.css.validation.properties import single_keyword
from weasyprint.layout import preferred as wp_preferred
from weasyprint.text import line_break as wp_line_break
from weasyprint.text.ffi import ffi, pango

SUPPORTED_MAJOR = "70."
BREAK = re.compile(r"([ \u200b\t\n\r]+)")
FIRST_BREAK = re.compile(r"[ \u200b]")

try:
    pango.pango_attr_allow_breaks_new  # noqa: B018
except AttributeError:
    ffi.cdef("PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);")


@single_keyword
def _word_break(keyword):
    """``word-break``: WeasyPrint's two keywords, and keep-all."""
    return keyword in ("normal", "break-all", "keep-all")


_word_break.wants_base_url = False
_original_word_break = wp_properties.PROPERTIES["word-break"]
_original_set_text = wp_line_break.Layout.set_text
_original_split_first_line = wp_preferred.split_first_line


@lru_cache(maxsize=4096)  # WeasyPrint sets the same text on many layouts (each line tried, min/max widths)
def runs(text: str) -> tuple[tuple[int, int], ...]:
    """UTF-8 byte ranges of the runs between break opportunities (spaces, U+200B) — pure, tested."""
    out, position = [], 0
    for piece in BREAK.split(text):
        size = len(piece.encode())
        if len(piece) > 1 and not BREAK.fullmatch(piece):
            out.append((position, position + size))
        position += size
    return tuple(out)


def set_text(self, text, justify=False):
    _original_set_text(self, text, justify)
    if self.style["word_break"] != "keep-all" or not self.text:
        return
    ranges = runs(self.text)
    if not ranges:
        return
    attr_list = pango.pango_layout_get_attributes(self.layout)
    if attr_list == ffi.NULL:
        attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    for start, end in ranges:
        attr = pango.pango_attr_allow_breaks_new(False)
        attr.start_index, attr.end_index = start, end
        pango.pango_attr_list_insert(attr_list, attr)
    pango.pango_layout_set_attributes(self.layout, attr_list)


def split_first_line(
    text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
):
    """Min-content widths (a table's auto layout) ask for one line at width 0, once per word of a cell.
    WeasyPrint then lays out only up to the first space, but unspaced Thai would be laid out whole each
    time (quadratic): under keep-all, only up to the first space or U+200B is needed — the same first
    line and resume index."""
    if minimum and not max_width and style["word_break"] == "keep-all":
        match = FIRST_BREAK.search(text)
        if match:
            text = text[: match.end() + 1]
    return _original_split_first_line(
        text, style, context, max_width, justification_spacing, is_line_start=is_line_start, minimum=minimum
    )


def install() -> None:
    """Accept and honour `word-break: keep-all` in every WeasyPrint render of this process (idempotent)."""
    if not weasyprint.__version__.startswith(SUPPORTED_MAJOR):
        raise RuntimeError(
            f"reports/documents/pdf/keepall.py patches WeasyPrint {SUPPORTED_MAJOR}x; found {weasyprint.__version__}. "
            "Check whether it supports `word-break: keep-all` itself, then drop or update the patch."
        )
    wp_properties.PROPERTIES["word-break"] = _word_break
    wp_line_break.Layout.set_text = set_text
    wp_preferred.split_first_line = split_first_line


def uninstall() -> None:
    wp_properties.PROPERTIES["word-break"] = _original_word_break
    wp_line_break.Layout.set_text = _original_set_text
    wp_preferred.split_first_line = _original_split_first_line
