"""Every text of the 6-month, annual and analysis documents that staff may edit, declared per document.

A declaration names each text (its key in ReportText.texts, a dotted path for parts of a list or a
nested part), its Thai label, whether it is one line or paragraphs, and its limit. Its default is what
the builder prints when nothing is saved: the form builds the document once with the declared keys left
out (`defaults_document`) and reads each default from there, so a default is written in one place only,
the builder.

Paths:
    "title"                       a text
    "cover.title_lines"           a list of lines inside a nested part (one line of the form = one item)
    "measures_table_headers.2"    one item of a fixed-length list (column headers)
    "tool_sections.IIT.title"     one part of the section saved for a tool (list of {"tool": code, …})
    "activities.0.text"           one part of the n-th activity (list of {"title", "text"})
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ita_portal.models import Organisation
from ita_portal.text_limits import NARRATIVE, NOTE, TITLE

from ..models import DocumentKind
from .common import saved_texts, texts_override

HEADER = 200  # one column header
LINE = TITLE  # a title or heading


@dataclass(frozen=True)
class Editable:
    name: str
    label: str
    default: str = ""
    multiline: bool = False
    limit: int = LINE
    group: str = ""
    month: bool = False  # "YYYY-MM", chosen with a month picker
    as_list: bool = False  # stored as a list of lines (cover lines)
    of: int = 0  # an item of a list of this length (column headers); a list of another length is not printed

    @property
    def top(self) -> str:
        return self.name.split(".")[0]

    @property
    def form_name(self) -> str:
        return self.name.replace(".", "__")


@dataclass(frozen=True)
class Spec:
    """One declared text before its default is known; `pick(doc)` reads the default from the document
    built without saved texts and returns None when the document has no such part (then the text is
    not offered)."""

    name: str
    label: str
    pick: Callable[[dict], object]
    multiline: bool = False
    limit: int = LINE
    month: bool = False
    as_list: bool = False
    of: int = 0


def _paras(value) -> str:
    return "\n\n".join(value) if isinstance(value, list) else (value or "")


def _lines(value) -> str:
    return "\n".join(value) if isinstance(value, list) else (value or "")


def _get(*path):
    def pick(doc):
        value = doc
        for part in path:
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        return value

    return pick


def _then(pick, convert):
    return lambda doc: None if (value := pick(doc)) is None else convert(value)


def _blank(doc) -> str:
    return ""


# Keys the builders read that are not texts: the layout and orientation choice has its own form
# (reports.documents.layouts).
LAYOUT_KEYS = {
    DocumentKind.ANNUAL: {"measures_table_variant", "orientation"},
    DocumentKind.HALF: {"orientation"},
    DocumentKind.ANALYSIS: {"orientation"},
}
# Old spellings still read for documents saved before the form existed; saving the form drops them.
LEGACY_KEYS = {
    DocumentKind.ANNUAL: {"intro": "result_text"},
    DocumentKind.HALF: {},
    DocumentKind.ANALYSIS: {},
}


def _headers(key: str, doc_key: tuple, count: int) -> list[Spec]:
    return [
        Spec(f"{key}.{i}", f"หัวคอลัมน์ที่ {i + 1}", _get(*doc_key, i), limit=HEADER, of=count)
        for i in range(count)
    ]


def _column_headers(key: str, columns: list[dict]) -> list[Spec]:
    """Headers saved by column id ({id: header}, reports.documents.layouts): each sits over its own column
    whichever layout is chosen."""
    return [
        Spec(f"{key}.{c['id']}", f"หัวคอลัมน์ที่ {i + 1}", _get("measures", "columns", i, "header"), limit=HEADER)
        for i, c in enumerate(columns)
    ]


def _annual(doc: dict, saved: dict) -> list[tuple[str, list[Spec]]]:
    tools = doc.get("recommendations", {}).get("tools", [])
    activities = [a for a in saved.get("activities") or [] if isinstance(a, dict)]
    return [
        (
            "ชื่อรายงานและปก",
            [
                Spec("title", "ชื่อรายงาน (พิมพ์ที่หัวหน้าแรกเมื่อไม่มีปก)", _get("title")),
                Spec(
                    "cover.title_lines",
                    "ข้อความบนปก (บรรทัดละหนึ่งบรรทัด; เว้นว่างไว้เพื่อไม่พิมพ์ปก)",
                    _then(_get("cover", "title_lines"), _lines),
                    multiline=True,
                    limit=NOTE // 2,
                    as_list=True,
                ),
                Spec(
                    "cover.footer_lines",
                    "ข้อความท้ายปก (บรรทัดละหนึ่งบรรทัด)",
                    _then(_get("cover", "footer_lines"), _lines),
                    multiline=True,
                    limit=NOTE // 2,
                    as_list=True,
                ),
            ],
        ),
        (
            "คำนำ",
            [
                Spec("preface_title", "หัวข้อคำนำ", _get("preface", "title")),
                Spec("preface", "คำนำ (เว้นบรรทัดระหว่างย่อหน้า)", _blank, multiline=True, limit=NARRATIVE),
                Spec("preface_signature", "ลงชื่อท้ายคำนำ", _get("preface", "signature")),
                Spec("preface_month", "เดือนและปีท้ายคำนำ", _blank, limit=7, month=True),
            ],
        ),
        (
            "หลักการและเหตุผล",
            [
                Spec("principles_title", "หัวข้อหลักการและเหตุผล", _get("principles", "title")),
                Spec("principles", "หลักการและเหตุผล", _blank, multiline=True, limit=NARRATIVE),
            ],
        ),
        (
            "ผลการประเมินที่นำมาปรับปรุง",
            [
                Spec("result_title", "หัวข้อ", _get("result", "title")),
                Spec(
                    "result_text",
                    "ย่อหน้าเปิด",
                    _then(_get("result", "paragraphs"), _paras),
                    multiline=True,
                    limit=NARRATIVE,
                ),
            ],
        ),
        (
            "ข้อเสนอแนะ",
            [Spec("recommendations_title", "หัวข้อข้อเสนอแนะ", _get("recommendations", "title"))]
            + [
                spec
                for i, t in enumerate(tools)
                for spec in (
                    Spec(
                        f"tool_sections.{t['code']}.title",
                        f"หัวข้อ {t['code']}",
                        _get("recommendations", "tools", i, "title"),
                    ),
                    Spec(
                        f"tool_sections.{t['code']}.strength_intro",
                        f"{t['code']}: ข้อความนำจุดแข็ง",
                        _get("recommendations", "tools", i, "strength_intro"),
                        multiline=True,
                        limit=NOTE,
                    ),
                    Spec(
                        f"tool_sections.{t['code']}.weakness_intro",
                        f"{t['code']}: ข้อความนำข้อที่ต้องปรับปรุง",
                        _get("recommendations", "tools", i, "weakness_intro"),
                        multiline=True,
                        limit=NOTE,
                    ),
                )
            ],
        ),
        (
            "ผลลัพธ์หรือความสำเร็จของการดำเนินงาน",
            [
                Spec("outcomes_title", "หัวข้อ", _get("outcomes", "title")),
                Spec("outcomes", "ผลลัพธ์หรือความสำเร็จของการดำเนินงาน", _blank, multiline=True, limit=NARRATIVE),
            ],
        ),
        (
            "ตารางมาตรการ",
            [Spec("measures_title", "หัวข้อตาราง", _get("measures", "title"))]
            + _column_headers("measures_table_headers", doc["measures"]["columns"]),
        ),
        (
            "กิจกรรมที่ดำเนินการ",
            [
                spec
                for i in range(min(len(activities) + 1, 20))
                for spec in (
                    Spec(f"activities.{i}.title", f"กิจกรรมที่ {i + 1}: หัวข้อ", _blank),
                    Spec(
                        f"activities.{i}.text",
                        f"กิจกรรมที่ {i + 1}: รายละเอียด (บรรทัดละหนึ่งย่อหน้า)",
                        _blank,
                        multiline=True,
                        limit=NARRATIVE,
                    ),
                )
            ],
        ),
        (
            "ตารางเปรียบเทียบผลการประเมิน",
            [
                Spec("comparison_title", "หัวข้อตาราง", _get("comparison", "title")),
                *_headers("comparison_headers", ("comparison", "headers"), 5),
                Spec("comparison_total", "แถวคะแนนรวม", _get("comparison", "total", "name")),
            ],
        ),
    ]


def _half(doc: dict, saved: dict) -> list[tuple[str, list[Spec]]]:
    return [
        (
            "ชื่อรายงาน",
            [
                Spec("heading", "ชื่อรายงาน", _get("title", "heading")),
                Spec("round_line", "บรรทัดปีงบประมาณและรอบ", _get("title", "round")),
                Spec("organisation_line", "บรรทัดชื่อหน่วยงาน", _get("title", "organisation")),
                Spec("intro", "ย่อหน้านำ", _then(_get("intro"), _paras), multiline=True, limit=NARRATIVE),
            ],
        ),
        ("ตาราง", _headers("table_headers", ("table_headers",), len(doc["table_headers"]))),
    ]


def _analysis(doc: dict, saved: dict) -> list[tuple[str, list[Spec]]]:
    def headers(key, doc_key):
        return _headers(key, (doc_key,), len(doc.get(doc_key) or []))

    return [
        (
            "ชื่อรายงาน",
            [
                Spec(
                    "title", "ชื่อรายงาน (บรรทัดละหนึ่งบรรทัด)", _then(_get("title_lines"), _lines), multiline=True
                ),
                Spec("report_heading", "หัวเรื่อง", _get("report_heading")),
                Spec("intro", "ย่อหน้านำ", _then(_get("intro"), _paras), multiline=True, limit=NARRATIVE),
            ],
        ),
        (
            "ผลการประเมิน",
            [
                Spec("tool_scores_heading", "หัวข้อผลรายเครื่องมือ", _get("tool_scores_heading")),
                Spec("indicator_scores_heading", "หัวข้อผลรายตัวชี้วัด", _get("indicator_scores_heading")),
                Spec("indicator_table_title", "ชื่อตารางตัวชี้วัด", _get("indicator_table_title")),
                *headers("indicator_table_headers", "indicator_headers"),
            ],
        ),
        (
            "ส่วนที่ ๑",
            [
                Spec("part1_title", "หัวข้อส่วนที่ ๑", _get("part1_title")),
                *headers("part1_table_headers", "part1_headers"),
                Spec("issue_analysis_heading", "หัวข้อการวิเคราะห์", _get("issue_analysis_heading")),
            ],
        ),
        (
            "ส่วนที่ ๒",
            [
                Spec("part2_title", "หัวข้อส่วนที่ ๒", _get("part2_title")),
                *headers("part2_table_headers", "part2_headers"),
            ],
        ),
        (
            "ส่วนที่ ๓",
            [
                Spec(
                    "part3_title",
                    "หัวข้อส่วนที่ ๓ (บรรทัดละหนึ่งบรรทัด)",
                    _then(_get("part3_title_lines"), _lines),
                    multiline=True,
                ),
                *headers("part3_table_headers", "part3_headers"),
            ],
        ),
    ]


DECLARATIONS = {DocumentKind.HALF: _half, DocumentKind.ANNUAL: _annual, DocumentKind.ANALYSIS: _analysis}
# The top-level keys each declaration may offer (the parts of lists and of nested texts sit under them).
TOP_KEYS = {
    DocumentKind.HALF: {"heading", "round_line", "organisation_line", "intro", "table_headers"},
    DocumentKind.ANNUAL: {
        "title",
        "cover",
        "preface_title",
        "preface",
        "preface_signature",
        "preface_month",
        "principles_title",
        "principles",
        "result_title",
        "result_text",
        "recommendations_title",
        "tool_sections",
        "outcomes_title",
        "outcomes",
        "measures_title",
        "measures_table_headers",
        "activities",
        "comparison_title",
        "comparison_headers",
        "comparison_total",
    },
    DocumentKind.ANALYSIS: {
        "title",
        "report_heading",
        "intro",
        "tool_scores_heading",
        "indicator_scores_heading",
        "indicator_table_title",
        "indicator_table_headers",
        "part1_title",
        "part1_table_headers",
        "issue_analysis_heading",
        "part2_title",
        "part2_table_headers",
        "part3_title",
        "part3_table_headers",
    },
}
EDITABLE_KINDS = tuple(DECLARATIONS)


def declared_keys(kind: str) -> set[str]:
    """Every key of the document's saved texts the builders may read: texts, layout choices, old spellings."""
    kind = DocumentKind(kind)
    return TOP_KEYS[kind] | LAYOUT_KEYS[kind] | set(LEGACY_KEYS[kind])


def defaults_document(*, organisation: Organisation, fiscal_year: int, kind: str, saved: dict) -> dict:
    """The document as printed with none of its texts saved (layout choices and other keys kept)."""
    from . import DOCUMENTS

    keep = {k: v for k, v in saved.items() if k not in TOP_KEYS[kind] and k not in LEGACY_KEYS[kind]}
    with texts_override(organisation, fiscal_year, kind, keep):
        return DOCUMENTS[kind].builder(organisation=organisation, fiscal_year=fiscal_year)


def editable_texts(
    *, organisation: Organisation, fiscal_year: int, kind: str
) -> list[tuple[str, list[Editable]]]:
    """The declared texts of one document, grouped as on the page, each with the default it prints."""
    kind = DocumentKind(kind)
    saved = saved_texts(organisation, fiscal_year, kind)
    doc = defaults_document(organisation=organisation, fiscal_year=fiscal_year, kind=kind, saved=dict(saved))
    groups = []
    for group, specs in DECLARATIONS[kind](doc, dict(saved)):
        fields = []
        for spec in specs:
            default = spec.pick(doc)
            if default is None:
                continue
            fields.append(
                Editable(
                    name=spec.name,
                    label=spec.label,
                    default=str(default),
                    multiline=spec.multiline,
                    limit=spec.limit,
                    group=group,
                    month=spec.month,
                    as_list=spec.as_list,
                    of=spec.of,
                )
            )
        if fields:
            groups.append((group, fields))
    return groups


# -- reading and writing one declared text inside a document's saved texts


def saved_value(texts: dict, field: Editable, kind: str = "") -> str | None:
    """The saved text of `field` (None when nothing is saved for it)."""
    top, *rest = field.name.split(".")
    value = texts.get(top)
    if value is None and kind and top in LEGACY_KEYS[DocumentKind(kind)].values():
        old = {v: k for k, v in LEGACY_KEYS[DocumentKind(kind)].items()}[top]
        value = texts.get(old)
    if top == "tool_sections":
        code, *rest = rest
        value = next((s for s in value or [] if isinstance(s, dict) and s.get("tool") == code), None)
    if field.of and isinstance(value, list) and len(value) != field.of:
        return None  # the builder prints its own headers then
    for part in rest:
        if isinstance(value, list) and part.isdigit():
            value = value[int(part)] if int(part) < len(value) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            value = None
    if isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    return value if isinstance(value, str) and value.strip() else None


def current_value(texts: dict, field: Editable, kind: str = "") -> str:
    saved = saved_value(texts, field, kind)
    return field.default if saved is None else saved


def _own(field: Editable, value: str | None) -> str | None:
    """The text to store: None when blank or the same as the default (the default then follows the data)."""
    if value is None or not value.strip() or value.strip() == field.default.strip():
        return None
    return value


def texts_update(kind: str, fields: list[Editable], values: dict, saved: dict) -> dict:
    """The new value of every top-level key the fields cover ({key: value, or None to remove it}), from
    the form's `values` ({field name: text, or None to restore the default})."""
    kind = DocumentKind(kind)
    by_top: dict[str, list[Editable]] = {}
    for field in fields:
        by_top.setdefault(field.top, []).append(field)
    out: dict = {old: None for old in LEGACY_KEYS[kind]}
    for top, group in by_top.items():
        own = {f.name: _own(f, values.get(f.name)) for f in group}
        if len(group) == 1 and group[0].name == top:
            out[top] = own[top]
        elif top == "tool_sections":
            codes = list(dict.fromkeys(f.name.split(".")[1] for f in group))
            others = [s for s in saved.get(top) or [] if isinstance(s, dict) and s.get("tool") not in codes]
            mine = []
            for code in codes:
                parts = {
                    f.name.split(".")[2]: own[f.name]
                    for f in group
                    if f.name.split(".")[1] == code and own[f.name] is not None
                }
                if parts:
                    mine.append({"tool": code, **parts})
            out[top] = (others + mine) or None
        elif top == "activities":
            items = []
            for i in sorted({int(f.name.split(".")[1]) for f in group}):
                item = {
                    f.name.split(".")[2]: own[f.name] or "" for f in group if f.name.split(".")[1] == str(i)
                }
                if any(item.values()):
                    items.append(item)
            out[top] = items or None
        elif all(f.name.split(".")[1].isdigit() for f in group):  # a fixed list (column headers)
            ordered = sorted(group, key=lambda f: int(f.name.split(".")[1]))
            if all(own[f.name] is None for f in ordered):
                out[top] = None
            else:
                out[top] = [own[f.name] or f.default for f in ordered]
        else:  # a nested part (cover lines)
            part = {}
            for f in group:
                value = own[f.name]
                if value is not None:
                    sub = f.name.split(".", 1)[1]
                    part[sub] = (
                        [line.strip() for line in value.splitlines() if line.strip()] if f.as_list else value
                    )
            out[top] = part or None
    return out
