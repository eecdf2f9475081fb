"""Thai line breaking like a careful typist, for the HTML a document is printed from.

Pango breaks Thai with libthai's dictionary, which cuts words pythainlp (and a Thai reader) keeps whole
("ดำเนิน|การ", "ผู้|รับผิดชอบ") and, in a narrow column, `overflow-wrap` cuts syllables ("ลำดั|บ").
A WORD JOINER inside Thai text does not stop libthai (ecosystem.md). So `typeset()` rewrites every
text node:

- U+200B ZERO WIDTH SPACE goes between adjacent pythainlp words (newmm): under the print stylesheet's
  `word-break: keep-all` (keepall.py) it and spaces are the only break opportunities, so a word stays on
  one line without a span per word (thousands of inline boxes made rendering 3.7x slower);
- a Thai run ending in "." is an abbreviation ("อบต.") and stays whole;
- ฯ, ๆ and ฯลฯ are glued to the word before them (a space before ๆ becomes a no-break space), so no line
  starts with them;
- names (the organisation, its place, district and province, people with their title) and numbers
  ("๙๘.๒๔", "๑/๒๕๖๖") are one run (spaces in them no-break), with U+200B between them and a Thai word
  next to them only where the two are separate words ("ตามคำสั่ง|องค์การบริหารส่วนตำบล…"), not where the
  dictionary knows the whole ("นายกองค์การบริหารส่วนตำบล"): a name glued to its neighbours made runs
  wider than a column;
- a "/" between Thai words ("สำนัก/กอง") is followed by U+200B;
- a word longer than `MAX_WORD` characters (only a run no dictionary knows) may break between its
  syllables, or between grapheme clusters where a syllable is still too long: a run that long could
  be wider than any column (keep-all leaves `overflow-wrap: anywhere` nothing to cut inside a run).

Column widths then follow content: reports/documents/pdf/columns.py sizes each column from its widest run (and its
header and amount of text) for `table-layout: fixed`.

The screen preview (`typeset(..., screen=True)`) is typeset the same, in markup a browser obeys:
Chromium ignores `word-break: keep-all` for Thai and breaks with ICU's own dictionary, so each word is a
`<span class="w">` that print.css keeps on one line, and the break opportunities are `<wbr>` (no
character: text copied from the preview has no U+200B in it).
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable
from typing import NamedTuple

MAX_WORD = 24  # characters: "องค์การบริหารส่วนตำบล" (21) stays whole
SKIP_TAGS = {"style", "script", "title", "head", "option", "textarea"}  # the last two: the preview's forms
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
THAI_RUN = re.compile(r"(?:[\u0e01-\u0e3a\u0e40-\u0e4e]|\u00a0(?=[ๆฯ]))+")
GLUE = re.compile(r"^(?:ฯลฯ|ฯ|ๆ)")
SPACE_BEFORE_REPEAT = re.compile(r"(?<=[\u0e01-\u0e4e]) (?=[ๆฯ])")
ERA_YEAR = re.compile(r"((?:พ|ค)\.ศ\.) +(?=[0-9\u0e50-\u0e59])")  # "พ.ศ. ๒๕๖๖" on one line
ITEM_CODE = re.compile(r"(ข้อ) +(?=[A-Za-z]?[0-9\u0e50-\u0e59])")  # "ข้อ I๑๙", "ข้อ ๑." on one line
SPACED_DASH = re.compile(r"(?<=\S) ([–-]) (?=\S)")  # "ต.ค. ๖๕ – มี.ค. ๖๖": break after the dash, not before
PERSON = re.compile(
    r"(?:นางสาว|นาง|นาย|ว่าที่\s?ร้อย(?:ตรี|โท|เอก)(?:หญิง)?|ดร\.|ด\.ต\.|จ\.ส\.อ\.)"
    r"[\u0e01-\u0e4e]+(?: [\u0e01-\u0e4e]+)?"
)
NUMBER = re.compile(r"[0-9\u0e50-\u0e59](?:[0-9\u0e50-\u0e59.,:/]*[0-9\u0e50-\u0e59])?%?")
OPEN, CLOSE = "", ""  # a word is one run between break opportunities (keepall.py): no span
WBR = "\u200b"  # ZERO WIDTH SPACE: the only break opportunity inside Thai under `word-break: keep-all`


class Marks(NamedTuple):
    """What goes around a word and between words."""

    open: str
    close: str
    wbr: str


PDF_MARKS = Marks(OPEN, CLOSE, WBR)
SCREEN_MARKS = Marks('<span class="w">', "</span>", "<wbr>")
# A long Latin run (a URL, a file name): a break opportunity after each / . _ - so it never sets a
# column's minimum width.
LONG_LATIN = re.compile(r"[^\s\u0e00-\u0e7f]{16,}")
LATIN_BREAK = re.compile(r"(?<=[/._\-])(?<!www\.)(?=[^/._\-])")  # not after "www."


# Words of these documents that pythainlp's default dictionary cuts in two where a reader sees one word
# ("กระบวน|การทำงาน", "ตัว|ชี้|วัด", "สำนัก|ปลัด", "แนว|ทางการ"): no break inside them. Only breaks are
# taken away, so every break left is still one between pythainlp's words (the layout check's judge).
COMPOUNDS = (
    "กระบวนการ",
    "ตัวชี้วัด",
    "สำนักปลัด",
    "แนวทาง",
    "ช่องทาง",
    "ตอบสนอง",
    "ข้อคิดเห็น",
    "ส่งมอบ",
    "ติดต่อ",
    "ประชาสัมพันธ์",
    "ผู้รับผิดชอบ",
    "ปีงบประมาณ",
    "จัดซื้อจัดจ้าง",
    "ผลประโยชน์ทับซ้อน",
    "ข้อเสนอแนะ",
    "เจ้าหน้าที่",
    "ต้องปรับปรุง",  # an ITA level (the frameworks' bands)
)
MAX_GLUED = 12  # characters
COMPOUND = re.compile("|".join(sorted(COMPOUNDS, key=len, reverse=True)))


def _words(run: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    tokens: list[str] = []
    for token in word_tokenize(run, keep_whitespace=True):
        if tokens and (GLUE.match(token) or token == "\u00a0" or tokens[-1].endswith("\u00a0")):
            tokens[-1] += token
        else:
            tokens.append(token)
    return _glue_compounds(run, tokens)


def _glue_compounds(run: str, tokens: list[str]) -> list[str]:
    """`tokens` with the boundaries inside a COMPOUNDS word taken out, unless the glued word would be
    longer than MAX_GLUED: "กระบวน|การทำงาน" glued is 2.7 cm, wider than the measures table can give
    every column in portrait, so it keeps pythainlp's break."""
    inside = {p for m in COMPOUND.finditer(run) for p in range(m.start() + 1, m.end())}
    if not inside:
        return tokens
    out: list[str] = []
    at = 0
    for token in tokens:
        if out and at in inside and len(out[-1]) + len(token) <= MAX_GLUED:
            out[-1] += token
        else:
            out.append(token)
        at += len(token)
    return out


CLUSTER = re.compile(r".[\u0e31\u0e33-\u0e3a\u0e47-\u0e4e]*", re.S)


def _pieces(word: str) -> list[str]:
    """A word too long for any column: its syllables, and grapheme clusters of any still too long — each
    a place it may break (a made-up string of consonants is nothing but clusters)."""
    from pythainlp.tokenize.newmm import segment

    from .layout_check import _syllable_trie

    out: list[str] = []
    for piece in segment(word, _syllable_trie()):
        out.extend([piece] if len(piece) <= MAX_WORD // 2 else CLUSTER.findall(piece))
    return out


def _thai(run: str, marks: Marks = PDF_MARKS) -> str:
    """A run of Thai letters: its words with U+200B between them."""
    o, c, wbr = marks
    out = []
    for i, word in enumerate(_words(run)):
        if i:
            out.append(wbr)
        if len(word) > MAX_WORD:
            out.append(wbr.join(f"{o}{p}{c}" if len(p) > 1 else p for p in _pieces(word)))
            continue
        out.append(f"{o}{word}{c}" if len(word) > 1 else word)
    return "".join(out).replace("\u00a0", "&nbsp;")


def _latin(text: str, marks: Marks = PDF_MARKS) -> str:
    """Non-Thai text (unescaped), escaped again, with U+200B inside long runs."""
    out, last = [], 0
    for match in LONG_LATIN.finditer(text):
        out.append(htmllib.escape(text[last : match.start()], quote=False))
        out.append(marks.wbr.join(htmllib.escape(p, quote=False) for p in LATIN_BREAK.split(match.group(0))))
        last = match.end()
    out.append(htmllib.escape(text[last:], quote=False))
    return "".join(out)


def _text(text: str, names: list[str], marks: Marks = PDF_MARKS) -> str:
    """One text node (HTML-escaped as in the source)."""
    raw = htmllib.unescape(text)
    if not (THAI_RUN.search(raw) or LONG_LATIN.search(raw) or NUMBER.search(raw)):
        return text
    raw = SPACE_BEFORE_REPEAT.sub("\u00a0", raw)
    raw = ERA_YEAR.sub("\\1\u00a0", raw)
    raw = ITEM_CODE.sub("\\1\u00a0", raw)
    raw = SPACED_DASH.sub("\u00a0\\1 ", raw)
    pieces: list[tuple[str, bool]] = [(raw, False)]  # (text, is a name)
    for pattern in [*(re.escape(n) for n in names), PERSON.pattern, NUMBER.pattern]:
        regex = re.compile(pattern)
        split: list[tuple[str, bool]] = []
        for piece, is_name in pieces:
            if is_name:
                split.append((piece, True))
                continue
            last = 0
            for match in regex.finditer(piece):
                split.append((piece[last : match.start()], False))
                split.append((match.group(0), True))
                last = match.end()
            split.append((piece[last:], False))
        pieces = [p for p in split if p[0]]
    out = []
    for i, (piece, is_name) in enumerate(pieces):
        if i and (is_name or pieces[i - 1][1]) and _word_boundary(pieces[i - 1][0], piece):
            out.append(marks.wbr)  # a name and the Thai word beside it are two words: they may break apart
        if is_name:
            name = htmllib.escape(piece, quote=False).replace(" ", "&nbsp;")
            out.append(f"{marks.open}{name}{marks.close}")
            continue
        last = 0
        for match in THAI_RUN.finditer(piece):
            out.append(_latin(piece[last : match.start()], marks))
            run = match.group(0)
            # An abbreviation ("อบต.", "สปสช."): one word, whatever the dictionary says of its letters.
            abbreviation = piece[match.end() : match.end() + 1] == "." and len(run) <= MAX_WORD // 2
            if abbreviation:
                out.append(f"{marks.open}{run}{marks.close}" if marks.open else run)
            else:
                out.append(_thai(run, marks))
            last = match.end()
        out.append(_latin(piece[last:], marks))
    return SLASH_IN_THAI.sub("/" + marks.wbr, "".join(out)).replace("\u00a0", "&nbsp;")


THAI_END = re.compile(r"[\u0e01-\u0e4e]$")
THAI_START = re.compile(r"^[\u0e01-\u0e2e\u0e40-\u0e44]")  # a letter a word can start with
SLASH_IN_THAI = re.compile(r"(?<=[\u0e01-\u0e4e])/(?=[\u0e01-\u0e2e\u0e40-\u0e44])")  # "สำนัก/กอง"


def _word_boundary(left: str, right: str) -> bool:
    """Thai letters meet where `left` ends and `right` starts, at a boundary of pythainlp's words and
    syllables (the layout check's judges): "ตามคำสั่ง|องค์การบริหารส่วนตำบล…" is one, while
    "นายก" + "องค์การบริหารส่วนตำบล…" is one dictionary word and stays whole."""
    if not (THAI_END.search(left) and THAI_START.match(right)):
        return False
    from .layout_check import _token_around

    left, right = left[-30:], right[:30]
    return all(_token_around(left + right, len(left), engine) is None for engine in ("word", "syllable"))


def names_of(doc: dict | None) -> list[str]:
    """The names a document must never split: its organisation's, and the bare place name."""
    org = (doc or {}).get("organisation") or {}
    names = {org.get(key) or "" for key in ("name", "short_name", "district", "province")}
    for name in list(names):
        for prefix in (
            "องค์การบริหารส่วนตำบล",
            "องค์การบริหารส่วนจังหวัด",
            "เทศบาลตำบล",
            "เทศบาลเมือง",
            "เทศบาลนคร",
            "อบต.",
            "อบจ.",
            "ทต.",
            "ทม.",
            "ทน.",
        ):
            if name.startswith(prefix) and len(name) > len(prefix):
                names.add(name[len(prefix) :])
    return sorted((n for n in names if n.strip()), key=len, reverse=True)


def typeset(html: str, names: Iterable[str] = (), *, screen: bool = False) -> str:
    """The HTML with every visible text node typeset (see the module docstring); `screen`: for a browser."""
    marks = SCREEN_MARKS if screen else PDF_MARKS
    names = sorted({n for n in names if n and n.strip()}, key=len, reverse=True)
    out = []
    skip = 0
    for part in TAG.split(html):
        if not part:
            continue
        if part.startswith("<"):
            match = TAG_NAME.match(part)
            if match and match.group(2).lower() in SKIP_TAGS and not part.endswith("/>"):
                skip += -1 if match.group(1) else 1
                skip = max(skip, 0)
            out.append(part)
        elif skip:
            out.append(part)
        else:
            out.append(_text(part, names, marks))
    return "".join(out)


SCREEN_WORD = re.compile(r'<span class="w">([^<]*)</span>')


def untypeset(html: str) -> str:
    """The screen typesetting taken out again (word spans, <wbr>, the no-break spaces it put in names):
    the text as the template wrote it, for comparing a preview's text."""
    return SCREEN_WORD.sub(r"\1", html.replace("<wbr>", "")).replace("&nbsp;", " ")
