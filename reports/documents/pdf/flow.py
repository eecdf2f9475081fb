"""Page flow of the official documents: lay out, check, lay out again.

What a careful typist never prints, and CSS alone cannot promise in WeasyPrint 70 (it keeps orphans and
widows inside one paragraph, not for the parts of a split table row):
- "fragment": a table row split over two pages with fewer than two lines on one side of the break;
- "header-only": a page holding only the repeated table header and the short end of a row;
- "heading": a heading (h1–h3, a table caption, a group row of a table) last on its page;
- "runt": a paragraph (outside tables) whose last line is one short word alone ("ไป");
- "empty-cell": a split row whose part on a page has a cell with no line while its text comes on a later
  page (a cell with no break allowed by orphans/widows and `break-*: avoid` is printed empty by WeasyPrint
  70, all its text on the next page); fixed by letting that cell break anyway.

`render(html, …)` glues short last words beforehand (most runts never happen), lays the document out,
reads the pages into plain `Page`/`Item` records (`layout_of`), and `problems(...)` (pure, unit-tested on
synthetic pages) lists what is wrong, each with the element to change and how (`Fix`). The fixes go onto
the computed styles of the document's own boxes (a forced break before a heading, `break-inside: avoid` on
a row, `break-before: avoid` on a cell's last block so it takes a line of its neighbour with it; a runt's
last two words glued; a held-back cell's avoids and orphans/widows lifted, and widows in its column
below) and the same boxes are laid out again with the same layout context: no re-parse, no style cascade,
and only the problem pages and what follows them while their start changed are re-made
(`_install_resume`). At most `MAX_PASSES` layouts; nothing to fix costs only the check (bench/README.md).
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field

MAX_PASSES = 4  # the landscape stress documents need four: each fix moves the rows after it
HEADINGS = {"h1", "h2", "h3", "h4", "caption"}
MIN_LINES = 2
# A page holding only the repeated header and the end of a row is flagged when that end fills less than
# this share of the page: the last lines of a row alone under a header (a row taller than a page leaves
# full pages of its middle, which are fine).
HEADER_ONLY_SHARE = 0.25
# A last line of one word is a runt when it fills less than this share of the line ("ไป"); a long name
# alone on its line is not.
RUNT_SHARE = 0.3
# A last word this short (display characters) is glued to the one before before the first layout: well
# under RUNT_SHARE of the 16 cm body line (77 characters).
SHORT_WORD = 20
LAST_WORD = re.compile(r"([ \u200b\u00a0\u2060]+)([^ \u200b\u00a0\u2060]+)$")
BREAKS = " \u200b\t\n"  # where a line may break (typeset.py puts U+200B between Thai words)
WORD_BREAK = re.compile(r"[ \u200b\u00a0\u2060]+")  # between words (glued ones too)


@dataclass(frozen=True)
class Item:
    """One element's part on one page, in flow order. `key` names the element within one render."""

    kind: (
        str  # "row", "group" (a table's group-heading row), "header" (a thead row), "heading", "para", "text"
    )
    key: int
    lines: int  # line boxes of this part (a row: its tallest cell)
    height: float = 0.0
    starts: bool = True  # the element's first part
    ends: bool = True  # the element's last part
    pull: int | None = None  # row parts: the first block of its tallest cell that starts on this page
    last_line: str = ""  # paragraphs: the text of its last line here
    last_share: float = 1.0  # paragraphs: the width of that line over the paragraph's
    cells: tuple[tuple[int, int], ...] = ()  # row parts: (key, lines) of each cell here
    held: tuple[int, ...] = ()  # row parts: the cells with no line here whose text comes on a later page


@dataclass
class Page:
    number: int  # 1-based
    height: float  # of the content area
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Fix:
    key: int
    action: str  # "break-before-page", "avoid-inside", "avoid-before", "glue-last-word", "relax-cell"


@dataclass(frozen=True)
class Problem:
    page: int
    kind: str  # "fragment", "header-only", "heading", "runt", "empty-cell"
    key: int
    text: str
    fix: Fix | None

    def __str__(self) -> str:
        return f"p.{self.page} {self.kind}: {self.text}"


# --- the rules (pure) -----------------------------------------------------------------------------------


def _pushed(page: Page, index: int) -> int:
    """The key to move to the next page so that item `index` goes there with the headings before it."""
    while index > 0 and page.items[index - 1].kind in ("heading", "group") and page.items[index - 1].lines:
        index -= 1
    return page.items[index].key


def _row_fix(page: Page, index: int, row: Item) -> Fix:
    if index > 0 and page.items[index - 1].kind in ("heading", "group"):
        first = _pushed(page, index)
        if first != row.key:
            return Fix(first, "break-before-page")
    return Fix(row.key, "avoid-inside")


def problems(pages: list[Page]) -> list[Problem]:
    found: list[Problem] = []
    for p, page in enumerate(pages):
        last_page = p == len(pages) - 1
        items = page.items
        for i, item in enumerate(items):
            if item.kind == "row" and not (item.starts and item.ends) and item.lines < MIN_LINES:
                if item.starts:  # the row's first line alone at the foot of the page
                    fix = _row_fix(page, i, item)
                else:  # the row's last line alone at the top of the next page: take one with it
                    fix = (
                        Fix(item.pull, "avoid-before")
                        if item.pull is not None
                        else Fix(item.key, "avoid-inside")
                    )
                where = "head" if item.starts else "tail"
                found.append(
                    Problem(page.number, "fragment", item.key, f"{where} of {item.lines} line(s)", fix)
                )
            # a cell printed empty beside the others' first lines, its text all on the next page (a part
            # under MIN_LINES is a fragment: the whole row moves)
            if item.kind == "row" and item.lines >= MIN_LINES and item.held:
                for cell in item.held:
                    found.append(
                        Problem(
                            page.number,
                            "empty-cell",
                            cell,
                            "a cell with no line here",
                            Fix(cell, "relax-cell"),
                        )
                    )
            if (
                item.kind == "para"
                and item.lines >= 2
                and item.last_share < RUNT_SHARE
                and len(WORD_BREAK.split(item.last_line.strip(BREAKS))) == 1
            ):
                found.append(
                    Problem(
                        page.number, "runt", item.key, item.last_line.strip(), Fix(item.key, "glue-last-word")
                    )
                )
        content = [item for item in items if item.lines]
        body = [item for item in content if item.kind != "header"]
        if (
            len(body) == 1
            and len(content) > 1
            and body[0].kind == "row"
            and not body[0].starts
            and body[0].height < HEADER_ONLY_SHARE * page.height
            and not any(pr.page == page.number and pr.key == body[0].key for pr in found)
        ):
            found.append(
                Problem(
                    page.number,
                    "header-only",
                    body[0].key,
                    "header and a row's end",
                    Fix(body[0].key, "avoid-inside"),
                )
            )
        if content and not last_page and content[-1].kind in ("heading", "group"):
            index = items.index(content[-1])
            found.append(
                Problem(
                    page.number,
                    "heading",
                    content[-1].key,
                    "last on the page",
                    Fix(_pushed(page, index), "break-before-page"),
                )
            )
    return found


def fixes(found: list[Problem]) -> list[Fix]:
    """One fix per element, in order (a row both pushed and pulled is pushed: avoid covers both)."""
    chosen: dict[int, Fix] = {}
    for problem in found:
        fix = problem.fix
        if fix is None:
            continue
        if fix.key not in chosen or fix.action in ("break-before-page", "avoid-inside"):
            chosen[fix.key] = fix
    return list(chosen.values())


def is_short_last_word(text: str) -> bool:
    """Whether the paragraph `text` ends in a short word after a break opportunity (not one glued)."""
    last = LAST_WORD.search(text.strip(BREAKS))
    if last is None or not re.search(r"[ \u200b]", last.group(1)):
        return False
    return sum(1 for ch in last.group(2) if unicodedata.category(ch) not in ("Mn", "Mc", "Me")) <= SHORT_WORD


def glue_last_break(texts: list[str]) -> list[str] | None:
    """The text runs of a paragraph with the break opportunity before its last word made non-breaking
    (U+200B made U+2060 WORD JOINER, spaces one U+00A0: still two words to the check), or None when there
    is none."""
    out = list(texts)
    seen_word = False
    for n in range(len(out) - 1, -1, -1):
        text = out[n]
        for i in range(len(text) - 1, -1, -1):
            if text[i] not in BREAKS:
                seen_word = True
            elif seen_word:
                start = i
                while start > 0 and text[start - 1] in BREAKS:
                    start -= 1
                glue = "\u00a0" if " " in text[start : i + 1] else "\u2060"
                out[n] = text[:start] + glue + text[i + 1 :]
                return out
    return None


# --- reading WeasyPrint's laid-out pages ------------------------------------------------------------------


@dataclass
class FlowReport:
    """What each layout pass found (the last entry is what the printed document keeps)."""

    passes: list[list[Problem]] = field(default_factory=list)
    layout_seconds: list[float] = field(default_factory=list)  # each layout
    check_seconds: float = 0.0  # reading the pages and the rules, all passes

    @property
    def before(self) -> list[Problem]:
        return self.passes[0] if self.passes else []

    @property
    def after(self) -> list[Problem]:
        return self.passes[-1] if self.passes else []

    @property
    def layouts(self) -> int:
        return len(self.passes)

    @property
    def extra_seconds(self) -> float:
        """What the page flow added to one plain layout: the check and the layouts after the first."""
        return sum(self.layout_seconds[1:]) + self.check_seconds


def _lines(box) -> list:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        return [box]
    return [line for child in getattr(box, "children", ()) for line in _lines(child)]


def _line_text(line) -> str:
    from weasyprint.formatting_structure import boxes

    return "".join(b.text for b in line.descendants() if isinstance(b, boxes.TextBox))


def _classes(box) -> set[str]:
    element = box.element
    return set((element.get("class") or "").split()) if element is not None else set()


class _Reader:
    """Walks laid-out pages into `Page`s; `elements[key]` is the element a key names."""

    def __init__(self):
        self.keys: dict[int, int] = {}
        self.elements: list = []
        self.seen: set[int] = set()

    def key(self, element) -> int:
        k = self.keys.get(id(element))
        if k is None:
            k = self.keys[id(element)] = len(self.elements)
            self.elements.append(element)
        return k

    def pages(self, page_boxes) -> list[Page]:
        out = []
        for number, page_box in enumerate(page_boxes, start=1):
            page = Page(number, page_box.height)
            root = page_box.children[0]  # the html box; then footnote areas and margin boxes
            self.walk(root, page, header=False, in_table=False)
            out.append(page)
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        later: dict[int, int] = {}  # a cell's key -> the last page where it has a line
        for page in out:
            for item in page.items:
                first.setdefault(item.key, page.number)
                last[item.key] = page.number
                for cell, lines in item.cells:
                    if lines:
                        later[cell] = page.number
        for page in out:
            page.items = [
                Item(
                    **{
                        **item.__dict__,
                        "starts": first[item.key] == page.number,
                        "ends": last[item.key] == page.number,
                        "held": tuple(
                            cell
                            for cell, lines in item.cells
                            if not lines and later.get(cell, 0) > page.number
                        ),
                    }
                )
                if item.kind == "row"
                else item
                for item in page.items
            ]
        return out

    def walk(self, box, page: Page, *, header: bool, in_table: bool) -> None:
        from weasyprint.formatting_structure import boxes

        tag = box.element_tag
        if isinstance(box, boxes.TableRowBox):
            self.row(box, page, header)
            return
        if tag in HEADINGS or isinstance(box, boxes.TableCaptionBox):
            page.items.append(Item("heading", self.key(box.element), len(_lines(box)), box.height))
            self.mark_seen(box)
            return
        if isinstance(box, boxes.BlockReplacedBox):
            page.items.append(Item("text", self.key(box.element), 1, box.height))
            return
        children = getattr(box, "children", ())
        if children and all(isinstance(c, boxes.LineBox) for c in children):
            lines = list(children)
            kind = "para" if tag == "p" and not in_table else "text"
            last = lines[-1]
            used = max((c.position_x + c.margin_width() for c in last.children), default=last.position_x)
            page.items.append(
                Item(
                    kind,
                    self.key(box.element),
                    len(lines),
                    box.height,
                    last_line=_line_text(last),
                    last_share=(used - last.position_x) / box.width if box.width else 1.0,
                )
            )
            self.seen.add(id(box.element))
            return
        for child in children:
            if isinstance(child, boxes.LineBox):
                page.items.append(Item("text", self.key(box.element), 1, child.height))
                continue
            self.walk(
                child,
                page,
                header=header or bool(getattr(child, "is_header", False)),
                in_table=in_table or isinstance(child, boxes.TableBox),
            )

    def row(self, box, page: Page, header: bool) -> None:
        kind = "header" if header else "group" if "group" in _classes(box) else "row"
        per_cell = [(len(_lines(cell)), cell) for cell in box.children]
        lines, tallest = max(per_cell, key=lambda pair: pair[0], default=(0, None))
        pull = self.fresh_block(tallest) if tallest is not None and id(box.element) in self.seen else None
        cells = tuple((self.key(cell.element), n) for n, cell in per_cell)
        page.items.append(Item(kind, self.key(box.element), lines, box.height, pull=pull, cells=cells))
        self.mark_seen(box)

    def fresh_block(self, cell) -> int | None:
        """The first block inside `cell` (depth first) that did not appear on an earlier page."""
        from weasyprint.formatting_structure import boxes

        for child in cell.descendants():
            if child is cell or not isinstance(child, boxes.BlockBox) or child.element is cell.element:
                continue
            if id(child.element) not in self.seen:
                return self.key(child.element)
        return None

    def mark_seen(self, box) -> None:
        for child in box.descendants():
            if child.element is not None:
                self.seen.add(id(child.element))


def layout_of(page_boxes) -> tuple[list[Page], list]:
    """The laid-out pages as `Page`s, and the elements their keys name."""
    reader = _Reader()
    return reader.pages(page_boxes), reader.elements


# --- fixing and laying out again ----------------------------------------------------------------------


def _boxes_of(root) -> dict[int, list]:
    out: dict[int, list] = {}
    for box in root.descendants():
        if box.element is not None:
            out.setdefault(id(box.element), []).append(box)
    return out


def _set(box, name: str, value: str) -> None:
    style = box.style.copy()
    style[name] = value
    box.style = style


def _glue(owner) -> bool:
    from weasyprint.formatting_structure import boxes

    texts = [b for b in owner.descendants() if isinstance(b, boxes.TextBox)]
    glued = glue_last_break([b.text for b in texts])
    if glued is None:
        return False
    for b, text in zip(texts, glued, strict=True):
        b.text = text
    return True


def glue_short_last_words(root) -> int:
    """Before the first layout: in every paragraph outside tables, glue a short last word to the one
    before it, as `problems` would ask after a layout (a runt costs no second layout then)."""
    from weasyprint.formatting_structure import boxes

    glued = 0
    stack = [root]
    while stack:
        box = stack.pop()
        if isinstance(box, boxes.TableBox):
            continue
        if box.element_tag == "p" and isinstance(box, boxes.BlockBox):
            text = "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))
            if is_short_last_word(text) and _glue(box):
                glued += 1
            continue
        stack.extend(getattr(box, "children", ()))
    return glued


def apply(chosen: list[Fix], elements: list, root) -> int:
    """Put the fixes onto the boxes the next layout starts from; the number actually applied."""
    from weasyprint.formatting_structure import boxes

    by_element = _boxes_of(root)
    applied = 0
    for fix in chosen:
        found = by_element.get(id(elements[fix.key]), [])
        if fix.action == "glue-last-word":
            applied += bool(found) and _glue(found[0])
            continue
        if fix.action == "relax-cell":
            if found:
                held, *below = _column_from(found[0], root)
                applied += _relax(held, ("orphans", "widows")) + sum(
                    _relax(cell, ("widows",)) for cell in below
                )
            continue
        target = found[0] if found else None
        if fix.action == "avoid-inside":
            target = next((b for b in found if isinstance(b, boxes.TableRowBox)), None)
        if target is None:
            continue
        name, value = {
            "break-before-page": ("break_before", "page"),
            "avoid-inside": ("break_inside", "avoid"),
            "avoid-before": ("break_before", "avoid"),
        }[fix.action]
        if target.style[name] != value:
            _set(target, name, value)
            applied += 1
        if fix.action == "avoid-before":
            target.flow_pinned = True  # a later relax-cell of its cell keeps it
    return applied


def _column_from(cell, root) -> list:
    """`cell` and the cells below it in its column: the next layout moves the rows after a fixed one, and
    their cells of that column would be held back in turn (one more layout each); relaxed now, they cost
    none."""
    from weasyprint.formatting_structure import boxes

    table = next(
        (b for b in root.descendants() if isinstance(b, boxes.TableBox) and cell in b.descendants()),
        None,
    )
    if table is None:
        return [cell]
    cells = [b for b in table.descendants() if isinstance(b, boxes.TableCellBox)]
    index = cells.index(cell)
    return [c for c in cells[index:] if c.grid_x == cell.grid_x]


def _relax(cell, lines: tuple[str, ...]) -> bool:
    """Let a held-back cell break where its text reaches the foot of the page: first its blocks' "avoid"
    between them (print.css keeps a cell's first and last two blocks together; with paragraphs of two or
    three lines kept whole by orphans/widows that can leave no break at all, and WeasyPrint 70 then prints
    the cell empty and its whole text on the next page), and when that was done already, orphans/widows
    too. A block a fix pulled with its neighbour ("avoid-before") stays so."""
    from weasyprint.formatting_structure import boxes

    blocks = [b for b in cell.descendants() if b is not cell and isinstance(b, boxes.BlockBox)]
    changed = False
    for box in blocks:
        for name in ("break_before", "break_after"):
            if box.style[name] == "avoid" and not (
                name == "break_before" and getattr(box, "flow_pinned", False)
            ):
                _set(box, name, "auto")
                changed = True
    if changed:
        return True
    for box in [cell, *blocks]:  # the cell's own lines when its text is not in a block
        for name in lines:
            if box.style[name] > 1:
                _set(box, name, 1)
                changed = True
    return changed


RESUME = True  # lay out again from the first changed page only (False: the whole document)


def _install_resume() -> None:
    """Let `layout_document` start from a page of the previous layout: WeasyPrint's own re-pagination
    (for page counters) keeps every page whose start state is unchanged and re-makes those marked
    `content_changed`. `context.flow_restart` (a page index) and `context.flow_previous` (the previous
    layout's pages as they were before margin boxes were added) ask for that; without them nothing
    changes. `flow_restart` lists the page indexes to re-make. Pinned to WeasyPrint 70 (keepall.SUPPORTED_MAJOR)."""
    import weasyprint.layout as wp_layout

    if getattr(wp_layout, "_ita_flow_resume", False):
        return
    initialize, make_all = wp_layout.initialize_page_maker, wp_layout.make_all_pages

    def initialize_page_maker(context, root_box):
        restart = getattr(context, "flow_restart", None)
        if restart is None:
            return initialize(context, root_box)
        context.flow_restart = None
        for index in restart:
            context.page_maker[index][-1]["content_changed"] = True

    def make_all_pages(context, root_box, html, pages):
        previous = getattr(context, "flow_previous", None)
        if previous is not None and not pages:
            context.flow_previous = None
            pages = []
            for page, children, root_children in previous:
                page.children = children  # as make_all_pages left it: no margin boxes yet
                children[0].children = root_children
                pages.append(page)
        raw = []
        for page in make_all(context, root_box, html, pages):
            raw.append((page, page.children, page.children[0].children))
            yield page
        context.flow_raw = raw

    wp_layout.initialize_page_maker = initialize_page_maker
    wp_layout.make_all_pages = make_all_pages
    wp_layout._ita_flow_resume = True


def render(html, *, stylesheets, font_config):
    """`HTML.render()` with the page-flow passes: (WeasyPrint Document, FlowReport)."""
    from weasyprint import DEFAULT_OPTIONS
    from weasyprint.css.counters import CounterStyle
    from weasyprint.document import Document, DocumentMetadata
    from weasyprint.document import Page as PrintedPage
    from weasyprint.formatting_structure.build import build_formatting_structure
    from weasyprint.html import get_html_metadata
    from weasyprint.layout import layout_document

    options = {**DEFAULT_OPTIONS, "stylesheets": stylesheets}
    counter_style = CounterStyle()
    # Document._render, split so that the boxes and the layout context outlive one layout.
    context = Document._build_layout_context(html, font_config, counter_style, {}, options)
    root = build_formatting_structure(
        html.etree_element,
        context.style_for,
        context.get_image_from_uri,
        html.base_url,
        context.target_collector,
        counter_style,
        context.footnotes,
    )
    report = FlowReport()
    start = time.perf_counter()
    glue_short_last_words(root)
    report.check_seconds += time.perf_counter() - start
    _install_resume()
    while True:
        start = time.perf_counter()
        page_boxes = list(layout_document(html, root, context))
        laid_out = time.perf_counter()
        layout, elements = layout_of(page_boxes)
        found = problems(layout)
        report.passes.append(found)
        more = found and report.layouts < MAX_PASSES and apply(fixes(found), elements, root)
        if more and RESUME:
            # A fix changes its problem's page and at most the one before (where a split row or a
            # paragraph starts): WeasyPrint re-makes those, and every page whose start then changed.
            context.flow_restart = sorted({i for p in found for i in (p.page - 2, p.page - 1) if i >= 0})
            context.flow_previous = context.flow_raw
        report.layout_seconds.append(laid_out - start)
        report.check_seconds += time.perf_counter() - laid_out
        if not more:
            break
    document = Document(
        [PrintedPage(box) for box in page_boxes],
        DocumentMetadata(**get_html_metadata(html)),
        html.url_fetcher,
        font_config,
        {},
        options["output_intent"],
    )
    document._html = html
    return document, report
