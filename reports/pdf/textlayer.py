"""A correct text layer for Thai in WeasyPrint 70 PDFs (upstream issue Kozea/WeasyPrint#2841, unfixed in 70.0).

What goes wrong upstream: WeasyPrint maps each glyph to Unicode once, in the font's ToUnicode CMap, with the
text of the first cluster it was drawn in. HarfBuzz splits SARA AM (ำ) into NIKHAHIT + SARA AA glyphs inside
one cluster and shares those glyphs with other words, so "ดำเนินงาน" extracts as "ดาเนินงาน" or
"ด้ำเนินก้ำร"; tone marks drawn as clusters of their own, with negative advances, are moved by
`pdftotext` to the next line ("ช่วย", "คู่มือ").

What this module does (the approach of the closed upstream PR #2869, extended to whole grapheme clusters):
1. glyphs are grouped into *units*: a base character with every combining mark after it (and SARA AM).
   A unit whose glyphs do not map one-to-one onto its characters is wrapped in marked content
   `/Span <</ActualText (its text)>> BDC … EMC`, which PDF readers (poppler, pdf.js, Acrobat, screen readers)
   use instead of the glyphs' ToUnicode entries;
2. a glyph first met inside such a unit gets an empty provisional ToUnicode entry (it must exist: the font
   subsetter keeps exactly the glyphs listed there), replaced when the glyph is later drawn on its own.

It replaces `weasyprint.draw.text.draw_first_line` with a copy of the 70.0 function changed in the marked
places only (`# [ita]`). `install()` refuses any other WeasyPrint major: re-check the copy on upgrade.
"""

from __future__ import annotations

import unicodedata
from io import BytesIO
from xml.etree import ElementTree

import pydyf
import weasyprint
from PIL import Image
from weasyprint.draw import text as wp_text
from weasyprint.images import RasterImage, SVGImage
from weasyprint.logger import LOGGER
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.fonts import get_hb_object_data
from weasyprint.text.line_break import get_last_word_end

SUPPORTED_MAJOR = "70."
SARA_AM = "\u0e33"


def _joins_previous(char: str) -> bool:
    """A character drawn as part of the grapheme before it: combining marks (Thai vowels above/below, tone
    marks, Mn/Mc/Me in general) and SARA AM, which shaping splits into a mark and a vowel."""
    return char == SARA_AM or unicodedata.category(char) in ("Mn", "Mc", "Me")


def _actual_text(text: str) -> pydyf.Dictionary:
    # A PDF text string in UTF-16BE with its byte-order mark, written as a hex string.
    return pydyf.Dictionary({"ActualText": "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"})


def _units(glyph_item, num_glyphs, clusters, utf8_text) -> list[tuple[int, int, str]]:
    """[(first glyph, last glyph + 1, text)] for an LTR run: grapheme-sized groups of glyphs."""
    offset, length = glyph_item.item.offset, glyph_item.item.length
    starts = sorted({clusters[i] for i in range(num_glyphs)})
    ends = {s: (starts[k + 1] if k + 1 < len(starts) else length) for k, s in enumerate(starts)}
    units: list[list] = []
    for i in range(num_glyphs):
        start = clusters[i]
        first_char = utf8_text[offset + start : offset + ends[start]].decode(errors="replace")[:1]
        if units and (start == units[-1][3] or (first_char and _joins_previous(first_char))):
            units[-1][1] = i + 1
            units[-1][4] = max(units[-1][4], ends[start])
            units[-1][3] = start
        else:
            units.append([i, i + 1, start, start, ends[start]])
    return [(u[0], u[1], utf8_text[offset + u[2] : offset + u[4]].decode(errors="replace")) for u in units]


def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
    """Draw the given ``textbox`` line to the document ``stream``."""
    # Don’t draw lines with only invisible characters.
    if not textbox.text.strip():
        return []

    if textbox.style["font_size"] < 1e-6:  # default float precision used by pydyf
        return []

    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)

    if text_overflow == "ellipsis" or block_ellipsis != "none":
        assert textbox.pango_layout.max_width is not None
        max_width = textbox.pango_layout.max_width
        pango.pango_layout_set_width(textbox.pango_layout.layout, int(max_width * TO_UNITS))
        if text_overflow == "ellipsis":
            pango.pango_layout_set_ellipsize(textbox.pango_layout.layout, pango.PANGO_ELLIPSIZE_END)
        else:
            if block_ellipsis == "auto":
                ellipsis = "…"
            else:
                assert block_ellipsis[0] == "string"
                ellipsis = block_ellipsis[1]

            # Remove last word if hyphenated.
            new_text = textbox.pango_layout.text
            if new_text.endswith(textbox.style["hyphenate_character"]):
                last_word_end = get_last_word_end(
                    new_text[: -len(textbox.style["hyphenate_character"])], textbox.style["lang"]
                )
                if last_word_end:
                    new_text = new_text[:last_word_end]

            textbox.pango_layout.set_text(new_text + ellipsis)

    first_line, index = textbox.pango_layout.get_first_line()

    if block_ellipsis != "none":
        while index:
            last_word_end = get_last_word_end(
                textbox.pango_layout.text[: -len(ellipsis)], textbox.style["lang"]
            )
            if last_word_end is None:
                break
            new_text = textbox.pango_layout.text[:last_word_end]
            textbox.pango_layout.set_text(new_text + ellipsis)
            first_line, index = textbox.pango_layout.get_first_line()

    stream.set_text_matrix(*matrix.values)
    previous_pango_font = None
    string = ""
    x_advance = 0
    emojis = []
    run = first_line.runs[0]
    while run != ffi.NULL:
        # Get Pango objects.
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        glyphs_info = glyph_string.glyphs
        num_glyphs = glyph_string.num_glyphs
        clusters = glyph_string.log_clusters
        utf8_text = None

        pango_font = glyph_item.item.analysis.font
        if pango_font != previous_pango_font:
            # Add font file content and get font size.
            previous_pango_font = pango_font
            font, font_size = stream.add_font(pango_font)

            # Workaround for https://gitlab.gnome.org/GNOME/pango/-/issues/530.
            # This is also needed by raster emoji fonts, see #2800.
            if pango.pango_version() < 14802 or font.png:
                font_size = textbox.style["font_size"]

            # Go through the run glyphs.
            if string:
                stream.show_text(string)
            string = ""
            stream.set_font_size(font.hash, 1 if font.bitmap else font_size)
        string += "<"

        # [ita] Grapheme units of this run; the ones whose glyphs are not one glyph per character get
        # an ActualText span. Right-to-left runs keep the upstream behaviour.
        provisional = font.__dict__.setdefault("_ita_provisional", set())  # fonts are shared by all pages
        wrap_at, wrap_end = {}, set()
        if not glyph_item.item.analysis.level % 2 and not font.bitmap:
            utf8_text = textbox.pango_layout.text.encode()
            for first, last, unit_text in _units(glyph_item, num_glyphs, clusters, utf8_text):
                if last - first > 1 or len(unit_text) > 1:
                    wrap_at[first] = unit_text
                    wrap_end.add(last - 1)
        in_unit = False

        for i, glyph_info in enumerate(glyphs_info[0:num_glyphs]):
            glyph_id = glyph_info.glyph
            width = glyph_info.geometry.width

            # [ita] Open the unit's marked content: close the pending TJ array first (TJ advances the
            # text position, so splitting the array keeps every glyph where it was).
            if i in wrap_at:
                string = string[:-1] if string.endswith("<") else string + ">"
                if string:
                    stream.show_text(string)
                stream.begin_marked_content("Span", _actual_text(wrap_at[i]))
                string = "<"
                in_unit = True

            # Display zero-width empty glyph.
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                string += f">{-width / font_size}<"
                if i in wrap_end:  # [ita] close the unit even when its last glyph is empty
                    string = string[:-1] if string.endswith("<") else string + ">"
                    if string:
                        stream.show_text(string)
                    stream.end_marked_content()
                    string, in_unit = "<", False
                continue

            # Display .notdef and log warning for missing glyphs.
            if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                codepoint = glyph_id - pango.PANGO_GLYPH_UNKNOWN_FLAG
                LOGGER.warning(
                    '.notdef glyph rendered for Unicode string unsupported by fonts: "%s" (U+%04X)',
                    chr(codepoint),
                    codepoint,
                )
                glyph_id = font.get_unused_glyph_id(codepoint)
                font.widths[glyph_id] = round(width * 1000 * FROM_UNITS / font_size)
                if 0 not in font.widths:
                    # "width" is actually Pango’s get_approximate_char_width. Force
                    # .notdef’s to use this width, even if it’s not the right, as we
                    # want to keep Pango’s layout for next glyphs.
                    font.widths[0] = font.widths[glyph_id]

            # Create mapping between glyphs and Unicode codepoints.
            # [ita] Inside a unit a glyph only gets an empty provisional entry; its first use outside any
            # unit (or a later one) gives it its real text.
            if in_unit:
                if glyph_id not in font.to_unicode:
                    font.to_unicode[glyph_id] = ""
                    provisional.add(glyph_id)
            elif glyph_id not in font.to_unicode or glyph_id in provisional:
                provisional.discard(glyph_id)
                # Get positions of the glyph in the UTF-8 string.
                offset = glyph_item.item.offset
                t1 = clusters[i]
                if glyph_item.item.analysis.level % 2:  # rtl
                    t2 = glyph_item.item.length if i == 0 else clusters[i - 1]
                else:
                    t2 = glyph_item.item.length if i == num_glyphs - 1 else clusters[i + 1]
                utf8_text = utf8_text or textbox.pango_layout.text.encode()
                font.to_unicode[glyph_id] = utf8_text[offset + t1 : offset + t2].decode()

            # Set horizontal and vertical offsets.
            offset = glyph_info.geometry.x_offset / font_size
            rise = glyph_info.geometry.y_offset / 1000
            if rise:
                if string[-1] == "<":
                    string = string[:-1]
                else:
                    string += ">"
                if string:
                    stream.show_text(string)
                stream.set_text_rise(-rise)
                string = ""
                if offset:
                    string = f"{-offset}"
                string += f"<{glyph_id:02x}>" if font.bitmap else f"<{glyph_id:04x}>"
                stream.show_text(string)
                stream.set_text_rise(0)
                string = "<"
            else:
                if offset:
                    string += f">{-offset}<"
                string += f"{glyph_id:02x}" if font.bitmap else f"{glyph_id:04x}"

            # Get glyph logical widths.
            if glyph_id in font.widths:
                logical_width = font.widths[glyph_id]
            else:
                pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                logical_width = font.widths[glyph_id] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size
                )

            # Set kerning, word spacing, letter spacing.
            kerning = logical_width + offset - width * 1000 * FROM_UNITS / font_size
            if kerning:
                string += f">{int(kerning)}<"

            # Create list of emojis.
            if font.svg:
                svg_data = get_hb_object_data(font.hb_face, "svg", glyph_id)
                if svg_data:
                    # Do as explained in specification
                    # https://learn.microsoft.com/typography/opentype/spec/svg
                    tree = ElementTree.fromstring(svg_data)
                    if tree.get("id") != f"glyph{glyph_id}":
                        defs = ElementTree.Element("defs")
                        for child in list(tree):
                            defs.append(child)
                            tree.remove(child)
                        tree.append(defs)
                        ElementTree.SubElement(tree, "use", attrib={"href": f"#glyph{glyph_id}"})
                    if "viewBox" not in tree.attrib:
                        tree.attrib["viewBox"] = f"0 0 {font.upem} {font.upem}"
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    emojis.append([image, font, a, d, x_advance, 0])
            elif font.png:
                png_data = get_hb_object_data(font.hb_font, "png", glyph_id)
                if png_data:
                    pillow_image = Image.open(BytesIO(png_data))
                    image_id = f"{font.hash}{glyph_id}"
                    image = RasterImage(pillow_image, image_id, png_data)
                    d = logical_width / 1000
                    a = pillow_image.width / pillow_image.height * d
                    pango.pango_font_get_glyph_extents(
                        pango_font, glyph_id, stream.ink_rect, stream.logical_rect
                    )
                    f = -stream.logical_rect.y
                    f = f * FROM_UNITS / font_size - font_size
                    emojis.append([image, font, a, d, x_advance, f])
            elif font.colr:
                svg_data = get_hb_object_data(font.hb_font, "colr", glyph_id)
                if svg_data:
                    tree = ElementTree.fromstring(svg_data)
                    image = SVGImage(tree, None, None, None)
                    a = d = 1
                    e = x_advance - kerning
                    emojis.append([image, font, a, d, e, -textbox.baseline])

            x_advance += (logical_width + offset - kerning) / 1000

            # [ita] Close the unit's marked content after its last glyph (and that glyph's kerning).
            if i in wrap_end:
                string = string[:-1] if string.endswith("<") else string + ">"
                if string:
                    stream.show_text(string)
                stream.end_marked_content()
                string, in_unit = "<", False

        # Close the last glyphs list, remove if empty.
        if string[-1] == "<":
            string = string[:-1]
        else:
            string += ">"

    # Draw text.
    # [ita] the string may be empty when the line ended with a unit: TJ of nothing is skipped.
    if string:
        stream.show_text(string)

    return emojis


_original = wp_text.draw_first_line


def install() -> None:
    """Use the patched glyph loop for every WeasyPrint render in this process (idempotent)."""
    if not weasyprint.__version__.startswith(SUPPORTED_MAJOR):
        raise RuntimeError(
            f"reports/pdf/textlayer.py patches WeasyPrint {SUPPORTED_MAJOR}x; found {weasyprint.__version__}. "
            "Check whether issue #2841 is fixed upstream, then drop or update the patch."
        )
    wp_text.draw_first_line = draw_first_line


def uninstall() -> None:
    """Back to WeasyPrint's own text layer (used by the benchmark and tests to compare)."""
    wp_text.draw_first_line = _original
