"""Column widths computed from content, for tables printed with `table-layout: fixed`.

WeasyPrint's auto layout measures every cell's min-content and max-content width with Pango (one layout
per word of each cell under keep-all): about a third of a measure table's render. The fixed layout lays
each cell out once at a given width; the widths come from here, estimated from the bundled Sarabun's
advance widths (read once with fontTools; Thai marks advance 0, no shaping):

    column_widths(columns, width_cm) -> [cm, ...]      pure: ColumnText(header, cells) per column
    fit_table(columns, width_cm) -> Fit(widths, header_pt, header_lines)
    fit_columns(html, width_cm) -> html                 a <colgroup> of computed widths in every table

Rules, in order: every column at least as wide as its longest unbreakable run (between spaces and the
U+200B typeset.py puts between words), capped at MAX_WORD_SHARE of the table so one run no column can hold
(a long file name without separators: keep-all leaves the renderer no emergency break) runs over its own
column rule instead of crushing every other column; its header on at most two lines, the header row set
smaller (down to 8 pt) where two lines at 10 pt do not fit and on more lines only where 8 pt does not
either; the rest shared in proportion to the text that would wrap at those minimums (a column of one-line figures
gets no more than its minimum).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

CM = 72 / 2.54  # points per cm
# From static/css/print.css: table font-size, cell padding left + right and rule width.
FONT_PT = 10.0
PADDING_PT = 2 * 5.0 + 0.6
# Estimates leave out kerning and shaping. Against Pango's word boxes on the demo and stress documents a
# regular run came out at 0.89–1.00 of its estimate (p5–p95, median 0.98): a little room for the rest,
# and more for a header, which wraps onto a third line when its two lines come out a point too wide.
RUN_MARGIN = 1.01
HEADER_MARGIN = 1.04
MAX_WORD_SHARE = 0.4  # of the table's width: no unbreakable run makes its column wider than this
HEADER_LINES = 2
SHORTER_BY = 1.05  # a smaller header row is taken when the table comes out this much shorter
HEADER_SIZES = [FONT_PT - 0.25 * i for i in range(9)]  # 10 pt down to 8 pt, where two lines need it
PAGE_TEXT_WIDTH_CM = {"portrait": 21.0 - 3.0 - 2.0, "landscape": 29.7 - 3.0 - 2.0}  # A4 less @page margins
FONTS = Path(__file__).resolve().parents[3] / "static" / "fonts" / "sarabun"
ZERO = set("\u200b\u200c\u200d\u2060\ufeff\n")  # no advance, whatever the font says
BREAKS = re.compile(r"[ \t\r\n\u200b]+")  # keep-all: the only break opportunities (a no-break space is not)


@dataclass(frozen=True)
class ColumnText:
    header: str  # the header cell's text (bold); "" when the table has none
    cells: tuple[str, ...]  # the column's body cells, paragraphs separated by "\n"


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """{code point: advance in em}, and the space's: from the bundled font, read once per process."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS / ("Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf"), lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    table = {code: metrics[glyph][0] / units for code, glyph in font.getBestCmap().items()}
    return table, table[0x20]


def text_width(text: str, *, bold: bool = False, size: float = FONT_PT) -> float:
    """Points: the sum of the characters' advances (an unknown character counts as a Thai consonant)."""
    table, _ = _advances(bold)
    return sum(table.get(ord(ch), 0.0 if ch in ZERO else 0.58) for ch in text) * size


def _runs(text: str) -> list[str]:
    return [r for r in BREAKS.split(text) if r]


def widest_run(text: str, *, bold: bool = False) -> float:
    return max((text_width(r, bold=bold) for r in _runs(text)), default=0.0)


def _paragraphs(text: str, *, bold: bool = False) -> list[tuple[list[float], list[float]]]:
    """Per paragraph: the width of each run, and of the break before it (a space; nothing at U+200B)."""
    out = []
    space = text_width(" ", bold=bold)
    for paragraph in text.split("\n"):
        widths, gaps = [], []
        for match in re.finditer(r"([ \t\r\u200b]*)([^ \t\r\u200b]+)", paragraph):
            gaps.append(space if widths and match.group(1).strip("\u200b") else 0.0)
            widths.append(text_width(match.group(2), bold=bold))
        if widths:
            out.append((widths, gaps))
    return out


def lines_width(text: str, lines: int, *, bold: bool = False) -> float:
    """Points: the narrowest measure in which `text` wraps to at most `lines` lines per paragraph (the
    renderer fills lines greedily, which never needs more lines than the best split)."""
    return max((_split_width(w, g, lines) for w, g in _paragraphs(text, bold=bold)), default=0.0)


def _line_count(widths: list[float], gaps: list[float], measure: float) -> int:
    used, count = widths[0], 1
    for width, gap in zip(widths[1:], gaps[1:], strict=True):
        if used + gap + width <= measure:
            used += gap + width
        else:
            count, used = count + 1, width
    return count


def _split_width(widths: list[float], gaps: list[float], lines: int) -> float:
    """Smallest measure in which greedy filling cuts `widths` into at most `lines` lines (bisection)."""
    if not widths:
        return 0.0

    def fits(measure: float) -> bool:
        return _line_count(widths, gaps, measure) <= lines

    low, high = max(widths), sum(widths) + sum(gaps)
    if fits(low):
        return low
    while high - low > 0.1:
        middle = (low + high) / 2
        low, high = (low, middle) if fits(middle) else (middle, high)
    return high


@dataclass(frozen=True)
class Fit:
    widths: list[float]  # cm, summing to the table's width, each with its padding and rule
    header_pt: float  # the header row's font size (FONT_PT unless smaller ones were needed)
    header_lines: int  # the most lines a header was allowed (HEADER_LINES unless they could not fit)


def fit_table(columns: list[ColumnText], width_cm: float) -> Fit:
    """Widths for `columns` across `width_cm` and the header row's size (the module's rules). Of the
    header sizes at which every header fits on two lines, the largest whose table comes out within
    SHORTER_BY of the shortest: a smaller header row that leaves the text columns more room is worth it."""
    total = width_cm * CM
    cap = total * MAX_WORD_SHARE
    body = [min(max((widest_run(c) for c in col.cells), default=0.0) * RUN_MARGIN, cap) for col in columns]
    head_words = [widest_run(col.header, bold=True) * HEADER_MARGIN for col in columns]  # at 10 pt
    cells = [[_paragraphs(c) for c in col.cells] for col in columns]
    # a paragraph's length: its runs (one over the cap counts as the cap: it overflows whatever happens)
    lengths = [[sum(min(w, cap) for w in p[0]) for c in col for p in c] for col in cells]
    measured = {n: [lines_width(c.header, n, bold=True) * HEADER_MARGIN for c in columns] for n in (2,)}
    fits: list[tuple[float, Fit]] = []  # (estimated lines of the tallest column, fit)
    for lines in range(HEADER_LINES, 13):
        if lines not in measured:
            measured[lines] = [lines_width(c.header, lines, bold=True) * HEADER_MARGIN for c in columns]
        for size in HEADER_SIZES if lines == HEADER_LINES else HEADER_SIZES[-1:]:
            scale = size / FONT_PT
            need = [
                max(b, min(h * scale, cap)) + PADDING_PT for b, h in zip(body, measured[lines], strict=True)
            ]
            if sum(need) <= total:
                # the text that does not fit on one line at the minimum width: what more width shortens
                amounts = [
                    sum(max(0.0, n - m + PADDING_PT) for n in col)
                    for col, m in zip(lengths, need, strict=True)
                ]
                widths = _share(need, amounts, total)
                fits.append((_height(cells, widths), Fit([w / CM for w in widths], size, lines)))
        if fits:
            shortest = min(height for height, _ in fits)
            return next(fit for height, fit in fits if height <= shortest * SHORTER_BY)
    # Not even the widest runs fit: every column in proportion to its widest run (the longest overflow).
    words = [
        max(b, h * HEADER_SIZES[-1] / FONT_PT) + PADDING_PT for b, h in zip(body, head_words, strict=True)
    ]
    return Fit([w * total / sum(words) / CM for w in words], HEADER_SIZES[-1], 0)


def _height(cells: list[list[list[tuple[list[float], list[float]]]]], widths: list[float]) -> int:
    """Lines of the tallest column at these widths: a cheap stand-in for the table's height."""
    return max(
        sum(_line_count(w, g, width - PADDING_PT) for cell in column for w, g in cell)
        for column, width in zip(cells, widths, strict=True)
    )


def column_widths(columns: list[ColumnText], width_cm: float) -> list[float]:
    """Widths in cm (summing to `width_cm`), each including its padding and rule."""
    return fit_table(columns, width_cm).widths if columns else []


def _share(minimum: list[float], amounts: list[float], total: float) -> list[float]:
    """Widths ≥ `minimum`, summing to `total`, the space above the minimums in proportion to `amounts`
    (water filling: a column whose share is below its minimum keeps its minimum, the rest share again)."""
    if not any(amounts):
        amounts = minimum
    fixed: set[int] = set()
    while True:
        free = total - sum(minimum[i] for i in fixed)
        weight = sum(a for i, a in enumerate(amounts) if i not in fixed)
        widths = [
            minimum[i] if i in fixed else (free * a / weight if weight else free)
            for i, a in enumerate(amounts)
        ]
        short = {i for i, w in enumerate(widths) if i not in fixed and w < minimum[i]}
        if not short:
            return widths
        fixed |= short


# --- the HTML pass ---------------------------------------------------------------------------------


TABLE = re.compile(r"<table\b.*?</table>", re.S | re.I)
COLGROUP = re.compile(r"<colgroup\b.*?</colgroup>", re.S | re.I)
HARD_BREAKS = {"br", "p", "li", "div", "ul"}


class _Cells(HTMLParser):
    """The cells of one table: (row, column, colspan, is a header, text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells: list[tuple[int, int, int, bool, list[str]]] = []
        self.row = -1
        self.taken: dict[tuple[int, int], bool] = {}  # (row, column) covered by a rowspan from above
        self.column = 0
        self.text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.row += 1
            self.column = 0
        elif tag in ("td", "th"):
            attrs = dict(attrs)
            colspan = _int(attrs.get("colspan"))
            rowspan = _int(attrs.get("rowspan"))
            while (self.row, self.column) in self.taken:
                self.column += 1
            for r in range(self.row, self.row + rowspan):
                for c in range(self.column, self.column + colspan):
                    self.taken[(r, c)] = True
            self.text = []
            self.cells.append((self.row, self.column, colspan, tag == "th", self.text))
            self.column += colspan
        elif tag in HARD_BREAKS and self.text is not None:
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.text = None
        elif tag in HARD_BREAKS and self.text is not None:
            self.text.append("\n")

    def handle_data(self, data):
        if self.text is not None:
            self.text.append(data)

    @property
    def count(self) -> int:
        return max((c + 1 for (_, c) in self.taken), default=0)


def _int(value) -> int:
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return 1


def table_columns(table_html: str) -> list[ColumnText]:
    """The columns of one table's HTML: header text from its <th> cells, body texts from its one-column
    <td> cells (a cell across columns, as a group heading row, sets no column's width)."""
    parser = _Cells()
    parser.feed(table_html)
    headers: list[list[str]] = [[] for _ in range(parser.count)]
    cells: list[list[str]] = [[] for _ in range(parser.count)]
    for _, column, colspan, is_header, parts in parser.cells:
        if colspan != 1:
            continue
        text = "".join(parts).strip("\n")
        (headers if is_header else cells)[column].append(text)
    return [ColumnText(header="\n".join(h), cells=tuple(c)) for h, c in zip(headers, cells, strict=True)]


def colgroup(widths_cm: list[float]) -> str:
    total = sum(widths_cm)
    cols = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in widths_cm)
    return f"<colgroup>{cols}</colgroup>"


def _fit_one(match: re.Match, width_cm: float) -> str:
    table = match.group(0)
    columns = table_columns(table)
    if not columns:
        return table
    fit = fit_table(columns, width_cm)
    group = colgroup(fit.widths)
    if fit.header_pt < FONT_PT:
        table = re.sub(r"<thead\b", f'<thead style="font-size:{fit.header_pt:g}pt"', table, count=1)
    if COLGROUP.search(table):
        return COLGROUP.sub(lambda _: group, table, count=1)
    caption = re.search(r"</caption\s*>", table, re.I)
    at = caption.end() if caption else table.index(">") + 1
    return table[:at] + group + table[at:]


def headers_fit(html: str, width_cm: float) -> bool:
    """Whether every table's headers print on at most two lines at `width_cm` (typeset HTML)."""
    for match in TABLE.finditer(html):
        columns = table_columns(match.group(0))
        if columns and fit_table(columns, width_cm).header_lines != HEADER_LINES:
            return False
    return True


def fit_columns(html: str, width_cm: float) -> str:
    """`html` with a <colgroup> of computed widths in every <table> (replacing any it had); `width_cm` is
    the width the tables span (the page's text width)."""
    return TABLE.sub(lambda m: _fit_one(m, width_cm), html)
