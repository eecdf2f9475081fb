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
2. readers that ignore ActualText (pypdf, pdfminer.six: what a search indexer sees) read the glyphs'
   ToUnicode entries, so every glyph of a unit also gets a real entry of its own: the character it was
   shaped from (the font's cmap, followed through its GSUB substitutions, `glyph_sources`). SARA AM's
   SARA AA glyph stands for "ำ" and its NIKHAHIT for nothing, so "ดำ" reads "ดำ", not "ดํา".
   A glyph whose entry must differ from the one it already has (the SARA AA glyph is also plain "า")
   is drawn under a character code of its own, an *alias*: a CID past the font's glyphs that the
   font's CIDToGIDMap sends to the same glyph, with its own ToUnicode entry and width
   (`_alias_code`, `_build_vector_font_dictionary`). The font file itself is not changed.

It replaces `weasyprint.draw.text.draw_first_line` with a copy of the 70.0 function changed in the marked
places only (`# [ita]`), and wraps `weasyprint.pdf.fonts._build_vector_font_dictionary` to add the
CIDToGIDMap of fonts with aliases. `install()` refuses any other WeasyPrint major: re-check both on upgrade.
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
from weasyprint.pdf import fonts as wp_fonts
from weasyprint.text.ffi import FROM_UNITS, TO_UNITS, ffi, pango
from weasyprint.text.fonts import get_hb_object_data
from weasyprint.text.line_break import get_last_word_end

SUPPORTED_MAJOR = "70."
SARA_AM = "\u0e33"
SARA_AA = "\u0e32"
NIKHAHIT = "\u0e4d"


def _joins_previous(char: str) -> bool:
    """A character drawn as part of the grapheme before it: combining marks (Thai vowels above/below, tone
    marks, Mn/Mc/Me in general) and SARA AM, which shaping splits into a mark and a vowel."""
    return char == SARA_AM or unicodedata.category(char) in ("Mn", "Mc", "Me")


_SOURCES: dict[tuple[str, int], dict[int, str]] = {}


def glyph_sources(font) -> dict[int, str]:
    """Glyph id -> the text it draws: from the cmap, then through the GSUB substitutions (a variant such as
    `uni0E49.small` draws what its input draws; a ligature such as `uni0E4D0E48` its components)."""
    key = (font.hash, len(font.file_content))
    if key not in _SOURCES:
        from fontTools.ttLib import TTFont

        ttfont = TTFont(BytesIO(font.file_content), fontNumber=font.index, lazy=True)
        by_name: dict[str, str] = {}
        for codepoint, name in sorted(ttfont.getBestCmap().items()):
            by_name.setdefault(name, chr(codepoint))
        lookups = ttfont["GSUB"].table.LookupList.Lookup if "GSUB" in ttfont else []
        for _ in range(4):  # substitutions of substitutions; four rounds reach every Sarabun glyph
            before = len(by_name)
            for lookup in lookups:
                for table in lookup.SubTable:
                    kind = lookup.LookupType
                    if kind == 7:
                        kind, table = table.ExtensionLookupType, table.ExtSubTable
                    _follow(kind, table, by_name)
            if len(by_name) == before:
                break
        order = ttfont.getGlyphOrder()
        _SOURCES[key] = {gid: by_name[name] for gid, name in enumerate(order) if name in by_name}
    return _SOURCES[key]


def _follow(kind: int, table, by_name: dict[str, str]) -> None:
    """Give the outputs of one GSUB subtable the text of their inputs (outputs that have none yet)."""
    if kind == 1:
        for source, target in table.mapping.items():
            if source in by_name:
                by_name.setdefault(target, by_name[source])
    elif kind == 2:  # decompositions: the outputs are normally characters of their own (ำ -> ํ + า)
        for source, targets in table.mapping.items():
            if source in by_name and targets:
                by_name.setdefault(targets[-1], by_name[source])
    elif kind == 3:
        for source, alternates in table.alternates.items():
            for target in alternates:
                if source in by_name:
                    by_name.setdefault(target, by_name[source])
    elif kind == 4:
        for first, ligatures in table.ligatures.items():
            for ligature in ligatures:
                parts = [first, *ligature.Component]
                if all(part in by_name for part in parts):
                    by_name.setdefault(ligature.LigGlyph, "".join(by_name[part] for part in parts))


def _reads_nothing(glyph_id: int) -> bool:
    """Pango's empty glyph and its .notdef stand-ins for missing characters get no text of their own."""
    return glyph_id == pango.PANGO_GLYPH_EMPTY or bool(glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG)


def unit_texts(unit_text: str, sources: list[str | None]) -> list[str]:
    """Share a unit's text out over its glyphs, in glyph order: each glyph takes the characters it draws
    that the unit still has; SARA AM's glyphs take "ำ" (SARA AA) and nothing (NIKHAHIT). Whatever no glyph
    took goes to the glyphs that took nothing and draw no known character, else to the last glyph that
    reads anything (a source of None: Pango's empty glyph), so the glyphs' texts together are the unit's."""
    left = list(unit_text)
    out = []
    for source in sources:
        text = ""
        for char in source or "":
            if char == SARA_AA and char not in left and SARA_AM in left:
                char = SARA_AM
            elif char == NIKHAHIT and char not in left and SARA_AM in unit_text:
                continue
            if char in left:
                left.remove(char)
                text += char
        out.append(text)
    unknown = [k for k, source in enumerate(sources) if source == ""]
    for k in unknown:
        if left:
            out[k] = left.pop(0)
    drawn = [k for k, source in enumerate(sources) if source is not None]
    if left and drawn:
        out[drawn[-1]] += "".join(left)
    return out


def _alias_code(font, glyph_id: int, text: str, natural: str) -> int:
    """The character code that draws `glyph_id` and reads as `text`: the glyph's own id when `text` is what
    the glyph draws (`natural`) and its ToUnicode entry is free or already that, otherwise an alias (a new
    CID mapped to the glyph, see the module doc). The glyph's own entry keeps its natural text."""
    provisional = font.__dict__.setdefault("_ita_provisional", set())
    current = font.to_unicode.get(glyph_id)
    free = current is None or glyph_id in provisional
    if text == natural and (free or current == text):
        font.to_unicode[glyph_id] = text
        provisional.discard(glyph_id)
        return glyph_id
    if free:  # the subsetter keeps exactly the glyphs listed in to_unicode
        font.to_unicode[glyph_id] = natural
        if natural:
            provisional.discard(glyph_id)
        else:
            provisional.add(glyph_id)
    aliases = font.__dict__.setdefault("_ita_aliases", {})  # (glyph, text) -> code
    if (glyph_id, text) not in aliases:
        # Codes past the font's glyphs are shared with WeasyPrint's codes for missing glyphs
        # (glyph_count + len(missing)): taking one moves that counter on, so neither overlaps.
        code = font.glyph_count + len(font.missing)
        font.glyph_count += 1
        aliases[(glyph_id, text)] = code
        font.__dict__.setdefault("_ita_alias_glyphs", {})[code] = glyph_id
        font.to_unicode[code] = text
    return aliases[(glyph_id, text)]


def _build_vector_font_dictionary(font_dictionary, pdf, font, widths, compress, reference, pdf_version):
    """WeasyPrint's font dictionary, plus a CIDToGIDMap stream when the font has aliases: the font program's
    glyph for every CID (its own for the font's glyphs, the aliased glyph for an alias, .notdef otherwise)."""
    _original_font_dictionary(font_dictionary, pdf, font, widths, compress, reference, pdf_version)
    alias_glyphs = font.__dict__.get("_ita_alias_glyphs")
    if not alias_glyphs or font.bitmap:
        return
    first_alias = min(alias_glyphs)
    missing = set(font.missing.values())
    glyphs = bytearray()
    for cid in range(max(alias_glyphs) + 1):
        gid = alias_glyphs.get(cid, cid if cid < first_alias and cid not in missing else 0)
        glyphs += gid.to_bytes(2, "big")
    cid_to_gid = pydyf.Stream([bytes(glyphs)], compress=compress)
    pdf.add_object(cid_to_gid)
    (descendant,) = font_dictionary["DescendantFonts"]
    pdf.objects[int(descendant.split()[0])]["CIDToGIDMap"] = cid_to_gid.reference


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
        # Each glyph of a unit gets a text of its own (unit_texts), drawn under an alias code if needed.
        provisional = font.__dict__.setdefault("_ita_provisional", set())  # fonts are shared by all pages
        wrap_at, wrap_end, glyph_texts = {}, set(), {}
        if not glyph_item.item.analysis.level % 2 and not font.bitmap:
            utf8_text = textbox.pango_layout.text.encode()
            # Aliases need a CIDToGIDMap, which only TrueType-outline CID fonts have (not CFF).
            sources = glyph_sources(font) if font.type == "ttf" else None
            for first, last, unit_text in _units(glyph_item, num_glyphs, clusters, utf8_text):
                if last - first > 1 or len(unit_text) > 1:
                    wrap_at[first] = unit_text
                    wrap_end.add(last - 1)
                    if sources is None:
                        continue
                    drawn = [glyphs_info[k].glyph for k in range(first, last)]
                    naturals = [None if _reads_nothing(g) else sources.get(g, "") for g in drawn]
                    texts = unit_texts(unit_text, naturals)
                    glyph_texts.update(
                        zip(range(first, last), zip(texts, naturals, strict=True), strict=True)
                    )
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
            # [ita] Inside a unit a glyph reads as its share of the unit's text, under its own id or an alias.
            code = glyph_id
            if in_unit and not _reads_nothing(glyph_info.glyph) and i in glyph_texts:
                code = _alias_code(font, glyph_id, *glyph_texts[i])
            elif in_unit:
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
                string += f"<{code:02x}>" if font.bitmap else f"<{code:04x}>"  # [ita] code, not glyph_id
                stream.show_text(string)
                stream.set_text_rise(0)
                string = "<"
            else:
                if offset:
                    string += f">{-offset}<"
                string += f"{code:02x}" if font.bitmap else f"{code:04x}"  # [ita] code, not glyph_id

            # Get glyph logical widths.
            if glyph_id in font.widths:
                logical_width = font.widths[glyph_id]
            else:
                pango.pango_font_get_glyph_extents(pango_font, glyph_id, stream.ink_rect, stream.logical_rect)
                logical_width = font.widths[glyph_id] = round(
                    stream.logical_rect.width * 1000 * FROM_UNITS / font_size
                )
            font.widths[code] = logical_width  # [ita] an alias has its glyph's width

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
_original_font_dictionary = wp_fonts._build_vector_font_dictionary


def install() -> None:
    """Use the patched glyph loop for every WeasyPrint render in this process (idempotent)."""
    if not weasyprint.__version__.startswith(SUPPORTED_MAJOR):
        raise RuntimeError(
            f"reports/documents/pdf/textlayer.py patches WeasyPrint {SUPPORTED_MAJOR}x; found {weasyprint.__version__}. "
            "Check whether issue #2841 is fixed upstream, then drop or update the patch."
        )
    wp_text.draw_first_line = draw_first_line
    wp_fonts._build_vector_font_dictionary = _build_vector_font_dictionary


def uninstall() -> None:
    """Back to WeasyPrint's own text layer (used by the benchmark and tests to compare)."""
    wp_text.draw_first_line = _original
    wp_fonts._build_vector_font_dictionary = _original_font_dictionary
