"""The printed-page check: read a PDF's characters with their boxes and find what a careful typist never
prints — text over text, a line that starts with ฯ, ๆ or a combining mark, and a line break inside a
dictionary word or a syllable that would have fitted its column.

    report = check_pdf(pdf_bytes, source_text=visible_text_of_the_html)
    report.overlaps, report.bad_starts, report.bad_breaks   # lists of findings (empty when all is well)

Reading uses pypdfium2 (PDFium honours ActualText, so a cluster's characters come back as written) and
is the only impure part (`read_pdf`); everything else works on `Line`s and is unit-tested on synthetic
ones. Words and syllables are pythainlp's (default `newmm` dictionary; syllable tokenizer), independent of
the libthai dictionary Pango breaks with. Columns are found from the PDF's own vertical rules (table
borders); outside tables the column is the widest line of the document (the body measure).

A break between two lines is judged only when it is soft: with `source_text` (the HTML's visible text)
the two lines' text must run on without a separator in the source, so a `<br>` or a new paragraph is never
taken for a break inside a word. Without `source_text` every pair of consecutive lines of a column counts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

# Characters that never start a Thai line: ฯ (paiyannoi), ๆ (mai yamok), and every combining mark.
NEVER_FIRST = {"\u0e2f", "\u0e46"}
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u00ad\ufeff]")
THAI = re.compile(r"[\u0e01-\u0e5b]")
WHITESPACE = re.compile(r"\s+")
# Two boxes overlap when they share more than this much of the smaller one's height and 1 pt of width:
# adjacent lines' tall marks touch by a point or two, text drawn over text shares most of its height.
OVERLAP_HEIGHT_SHARE = 0.4
OVERLAP_MIN_WIDTH = 1.0
CELL_GAP = 5.0  # pt: a horizontal gap this wide between two characters means another cell or text run


@dataclass(frozen=True)
class Char:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Line:
    """One printed line of one text block (characters in drawing order, PDF points, y upwards)."""

    page: int
    chars: list[Char]
    column: tuple[float, float] | None = None  # the column's inner left/right edges, when known
    index: int = 0
    page_width: float = 595.28  # pt: A4 portrait; a landscape page is 841.89

    @cached_property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @cached_property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @cached_property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars)

    @cached_property
    def y0(self) -> float:
        return min(c.y0 for c in self.chars)

    @cached_property
    def y1(self) -> float:
        return max(c.y1 for c in self.chars)

    @cached_property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Finding:
    page: int  # 1-based
    kind: str  # "overlap", "start", "word", "syllable"
    text: str  # what was found, the break shown as "|"

    def __str__(self) -> str:
        return f"p.{self.page} {self.kind}: {self.text}"


@dataclass
class Report:
    overlaps: list[Finding] = field(default_factory=list)
    bad_starts: list[Finding] = field(default_factory=list)
    bad_breaks: list[Finding] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    # page flow, from the layout (flow.py): what the printed PDF kept, and what the first layout had
    page_flow: list = field(default_factory=list)
    page_flow_before: list = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return self.overlaps + self.bad_starts + self.bad_breaks

    def counts(self) -> dict[str, int]:
        return {
            "overlaps": len(self.overlaps),
            "bad_starts": len(self.bad_starts),
            "bad_breaks": len(self.bad_breaks),
        }


# --- reading (pypdfium2) -----------------------------------------------------------------------------


def read_pdf(pdf: bytes) -> list[Line]:
    """Every printed line of the PDF, in drawing order, with its column when a table rule bounds it."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf)
    lines: list[Line] = []
    try:
        for number in range(len(document)):
            page = document[number]
            textpage = page.get_textpage()
            chars = []
            for i in range(textpage.count_chars()):
                if raw.FPDFText_IsGenerated(textpage, i):
                    continue
                code = raw.FPDFText_GetUnicode(textpage, i)
                if not code:
                    continue
                x0, y0, x1, y1 = textpage.get_charbox(i)
                chars.append(Char(chr(code), x0, y0, x1, y1))
            rules = _vertical_rules(page, raw)
            page_width = page.get_width()
            for line in split_lines(chars, page=number + 1):
                line.column = column_of(line, rules)
                line.page_width = page_width
                lines.append(line)
            textpage.close()
            page.close()
    finally:
        document.close()
    for i, line in enumerate(lines):
        line.index = i
    return lines


def _vertical_rules(page, raw) -> list[tuple[float, float, float]]:
    """Vertical table borders of a page as (x, y_bottom, y_top)."""
    rules = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=5):
        left, bottom, right, top = obj.get_bounds()
        if right - left < 2.5 and top - bottom > 4:
            rules.append(((left + right) / 2, bottom, top))
    return rules


# --- pure parts ----------------------------------------------------------------------------------------


def split_lines(chars: list[Char], *, page: int) -> list[Line]:
    """Group characters (drawing order) into lines: a new line where the text moves to another baseline,
    back to the left, or jumps right by more than a cell gap."""
    lines: list[Line] = []
    current: list[Char] = []
    for ch in chars:
        if ch.text in "\r\n":
            continue
        if current:
            prev = current[-1]
            low = min(c.y0 for c in current)
            high = max(c.y1 for c in current)
            share = min(high, ch.y1) - max(low, ch.y0)
            height = ch.y1 - ch.y0
            if ch.y1 - ch.y0 > 1.0:
                same_row = share > 0.5 * min(height, high - low)
            else:  # a space: its box is a flat line near the baseline, which can lie below the letters
                same_row = low - 0.5 * (high - low) <= ch.y0 <= high
            if not same_row or ch.x0 < prev.x0 - 1.0 or ch.x0 - prev.x1 > CELL_GAP:
                lines.append(Line(page, current))
                current = []
        current.append(ch)
    if current:
        lines.append(Line(page, current))
    return [line for line in lines if line.text.strip()]


def column_of(line: Line, rules: list[tuple[float, float, float]]) -> tuple[float, float] | None:
    """The table column around a line: the nearest rule at or left of its start and the next one to the
    right of that (text that runs over the right rule is still in the column it started in)."""
    middle = (line.y0 + line.y1) / 2
    xs = sorted({round(x, 1) for x, bottom, top in rules if bottom - 1 <= middle <= top + 1})
    left = [x for x in xs if x <= line.x0 + 0.5]
    if not left:
        return None
    right = [x for x in xs if x > left[-1] + 2]
    if not right:
        return None
    return (left[-1], right[0])


def words(line: Line) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The space-separated words of a line with their boxes."""
    out = []
    run: list[Char] = []
    for ch in [*line.chars, None]:
        if ch is None or not ch.text.strip() or INVISIBLE.fullmatch(ch.text):
            if run:
                box = (
                    min(c.x0 for c in run),
                    min(c.y0 for c in run),
                    max(c.x1 for c in run),
                    max(c.y1 for c in run),
                )
                out.append(("".join(c.text for c in run), box))
                run = []
        else:
            run.append(ch)
    return out


def find_overlaps(lines: list[Line]) -> list[Finding]:
    """Pairs of words (from different lines) drawn over each other."""
    found = []
    by_page: dict[int, list] = {}
    for line in lines:
        for word, box in words(line):
            by_page.setdefault(line.page, []).append((line.index, word, box))
    for page, items in by_page.items():
        items.sort(key=lambda item: item[2][0])
        for i, (li, wa, a) in enumerate(items):
            for lj, wb, b in items[i + 1 :]:
                if b[0] >= a[2]:
                    break
                if li == lj:
                    continue
                width = min(a[2], b[2]) - max(a[0], b[0])
                height = min(a[3], b[3]) - max(a[1], b[1])
                smaller = min(a[3] - a[1], b[3] - b[1])
                # A box under 4 pt high is a mark drawn on its own (a tone mark the text layer places
                # separately), not a word: it sits where its letters are.
                if width > OVERLAP_MIN_WIDTH and smaller > 4.0 and height > OVERLAP_HEIGHT_SHARE * smaller:
                    found.append(Finding(page, "overlap", f"{wa} × {wb}"))
    return found


def find_overflows(lines: list[Line]) -> list[Finding]:
    """Words drawn over their column's right rule or off the page (a table wider than the page)."""
    found = []
    for line in lines:
        for word, box in words(line):
            right = line.column[1] if line.column else line.page_width
            if box[2] > right + 1.0 or box[2] > line.page_width:
                found.append(Finding(line.page, "overflow", word))
    return found


def is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


def find_bad_starts(lines: list[Line]) -> list[Finding]:
    found = []
    for line in lines:
        text = INVISIBLE.sub("", line.text).lstrip()
        if text and (text[0] in NEVER_FIRST or is_mark(text[0])):
            found.append(Finding(line.page, "start", text[:20]))
    return found


def _normalise(text: str) -> str:
    return WHITESPACE.sub(" ", INVISIBLE.sub("", text))


def normalise_source(chunks: list[str]) -> str:
    """The HTML's text nodes as one string the lines are looked up in (\\x00 between nodes)."""
    return "\x00".join(_normalise(c) for c in chunks)


def successors(lines: list[Line], source: str | None = None) -> list[tuple[Line, Line]]:
    """Pairs (line, the next line of the same block): the next line drawn, when it sits just below in the
    same column; and, with `source`, for the lowest line of a table column on a page, the first line of
    that column on the next page that continues it in the source (a row running over the page, past the
    repeated header)."""
    pairs = []
    for a, b in zip(lines, lines[1:], strict=False):
        if a.page == b.page and _same_column(a, b) and 0 < a.y0 - b.y0 < 2.2 * max(a.height, b.height, 1):
            pairs.append((a, b))
    if source is None:
        return pairs
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    for page, items in by_page.items():
        following = by_page.get(page + 1)
        if not following:
            continue
        for column in {line.column for line in items if line.column}:
            here = [line for line in items if line.column == column]
            # a repeated header row (the same text at the same place as on this page) continues nothing
            header = {(round(line.x0), line.text) for line in here}
            there = sorted(
                (
                    line
                    for line in following
                    if line.column
                    and abs(line.column[0] - column[0]) < 1
                    and (round(line.x0), line.text) not in header
                ),
                key=lambda line: -line.y1,
            )
            last = min(here, key=lambda line: line.y0)
            for candidate in there[:4]:
                # a longer window than on one page: a coincidence among many lines must not pair them
                if _normalise(last.text[-16:] + candidate.text[:16]) in source:
                    pairs.append((last, candidate))
                    break
    return pairs


def _same_column(a: Line, b: Line) -> bool:
    if a.column or b.column:
        return a.column == b.column
    return min(a.x1, b.x1) > max(a.x0, b.x0)  # the two lines share some width


class ColumnWidths:
    """The usable width of a line's column: between its rules less the padding seen on the left (the
    smallest indent of any line of that column on the page), else the widest line of the document."""

    def __init__(self, lines: list[Line]):
        self.pads: dict[tuple, float] = {}
        for line in lines:
            if line.column:
                key = (line.page, line.column)
                self.pads[key] = min(self.pads.get(key, 1e9), line.x0 - line.column[0])
        self.body = max((line.x1 - line.x0 for line in lines if not line.column), default=0.0)

    def __call__(self, line: Line) -> float:
        if line.column:
            left, right = line.column
            return right - left - 2 * max(0.0, self.pads[(line.page, line.column)])
        return self.body


@lru_cache(maxsize=1)
def _syllable_trie():
    from pythainlp.corpus import thai_syllables
    from pythainlp.util import Trie

    return Trie(thai_syllables())


@lru_cache(maxsize=4096)
def _tokens(text: str, engine: str) -> tuple[str, ...]:
    """pythainlp's words, or its syllables (the `dict` syllable engine: each word cut by the syllable
    dictionary; its default CRF engine needs python-crfsuite, which is not installed)."""
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(text, keep_whitespace=True)
    if engine != "syllable":
        return tuple(words)
    from pythainlp.tokenize.newmm import segment

    trie = _syllable_trie()
    return tuple(s for w in words for s in (segment(w, trie) if THAI.search(w) else [w]))


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_syllables, thai_words

    return frozenset(thai_words()) | frozenset(thai_syllables())


def _token_around(text: str, offset: int, engine: str) -> tuple[int, int] | None:
    """(start, end) of the dictionary word or syllable that the offset falls strictly inside, or None at
    a boundary or inside a run the tokenizer found in no dictionary (a name, a code, a made-up string)."""
    position = 0
    for token in _tokens(text, engine):
        end = position + len(token)
        if position < offset < end:
            return (position, end) if token in _dictionary() else None
        position = end
    return None


def _width(chars: list[Char]) -> float:
    return max(c.x1 for c in chars) - min(c.x0 for c in chars) if chars else 0.0


WINDOW = 30


def find_bad_breaks(lines: list[Line], source: str | None = None) -> list[Finding]:
    """Soft line breaks inside a dictionary word or a syllable whose whole would have fitted the column."""
    found = []
    widths = ColumnWidths(lines)
    for a, b in successors(lines, source):
        head_chars = [c for c in a.chars if not INVISIBLE.fullmatch(c.text)]
        tail_chars = [c for c in b.chars if not INVISIBLE.fullmatch(c.text)]
        head = "".join(c.text for c in head_chars)
        tail = "".join(c.text for c in tail_chars)
        if not head or not tail or head[-1].isspace() or tail[0].isspace():
            continue
        if not (THAI.search(head[-1]) and THAI.search(tail[0])):
            continue
        left, right = head[-WINDOW:], tail[:WINDOW]
        if source is not None and _normalise(left[-8:] + right[:8]) not in source:
            continue  # a hard break (<br>, a new paragraph, another cell)
        joined, offset = left + right, len(left)
        width = widths(a)
        for engine in ("word", "syllable"):
            token = _token_around(joined, offset, engine)
            if token is None:
                continue
            start, end = token
            pieces = head_chars[len(head) - (offset - start) :] + tail_chars[: end - offset]
            needed = _width(head_chars[len(head) - (offset - start) :]) + _width(tail_chars[: end - offset])
            if needed <= width + 0.5 and pieces:
                found.append(Finding(a.page, engine, joined[start:offset] + "|" + joined[offset:end]))
                break
    return found


def check_lines(lines: list[Line], source: str | None = None) -> Report:
    return Report(
        overlaps=find_overlaps(lines) + find_overflows(lines),
        bad_starts=find_bad_starts(lines),
        bad_breaks=find_bad_breaks(lines, source),
        lines=lines,
    )


def check_pdf(pdf: bytes, source_text: str | list[str] | None = None) -> Report:
    """The whole check on a PDF; `source_text` is the HTML's visible text (a string or its text nodes)."""
    if isinstance(source_text, list):
        source = normalise_source(source_text)
    elif source_text is not None:
        source = _normalise(source_text)
    else:
        source = None
    return check_lines(read_pdf(pdf), source)


def check_html_pdf(html: str, pdf: bytes) -> Report:
    from .check import html_text_chunks

    return check_pdf(pdf, html_text_chunks(html))


def _bare(text: str) -> str:
    return WHITESPACE.sub("", INVISIBLE.sub("", unicodedata.normalize("NFC", text)))


def lines_of_texts(lines: list[Line], texts: list[str]) -> dict[str, list[int]]:
    """For each text (a table header, say), the number of lines of each block that prints it: consecutive
    lines of one column of one page, each below the last, whose text is exactly `text` (spaces aside)."""
    wanted = {_bare(t): t for t in texts if _bare(t)}
    found: dict[str, list[int]] = {t: [] for t in texts}
    for i, first in enumerate(lines):
        joined = ""
        for j in range(i, len(lines)):
            line = lines[j]
            if j > i and (
                line.page != first.page or line.column != first.column or line.y1 > lines[j - 1].y1
            ):
                break
            joined += _bare(line.text)
            if joined in wanted:
                found[wanted[joined]].append(j - i + 1)
                break
            if not any(w.startswith(joined) for w in wanted):
                break
    return found


def check_printed(html: str) -> tuple[bytes, Report]:
    """Print `html` (reports.documents.pdf.print_html) and check it: the word boxes of the PDF (this module) and the
    page flow of its layout (flow.py: row parts under two lines, a page of only the repeated header and a
    row's end, a heading last on its page, a one-word last line)."""
    from . import print_html

    pdf, flow_report = print_html(html)
    report = check_html_pdf(html, pdf)
    report.page_flow = flow_report.after
    report.page_flow_before = flow_report.before
    return pdf, report


BODY_MEASURE = 16 / 2.54 * 72  # pt: A4 less 3 cm and 2 cm margins


def body_chars_per_line(lines: list[Line], *, measure: float = BODY_MEASURE) -> float | None:
    """Characters (display cells: code points less combining marks, spaces included — the count a typist
    means; a mark above or below a letter takes no room of its own) per 16 cm of body text: over the lines outside tables
    that fill at least 90 % of the measure (paragraph ends, headings and indented first lines are left
    out), total characters over total width, times the measure."""
    full = [
        line
        for line in lines
        if line.column is None and THAI.search(line.text) and line.x1 - line.x0 >= 0.9 * measure
    ]
    if not full:
        return None
    count = sum(sum(1 for ch in INVISIBLE.sub("", line.text) if not is_mark(ch)) for line in full)
    width = sum(line.x1 - line.x0 for line in full)
    return round(count * measure / width, 1)
