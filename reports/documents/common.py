"""Helpers shared by the document builders: formatting by the organisation's digit choice, the organisation
block, saved texts, measure rows, and the template version the PDF cache key carries."""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from dataclasses import dataclass

from assessments.models import Assessment
from ita_portal import thai
from ita_portal.fiscal import Round
from ita_portal.models import Organisation
from measures.models import Measure

from ..models import DocumentKind, ReportText

# Bump when a template or builder changes what a document looks like: cached PDFs are keyed on it.
# 2: typeset Thai, 10.75 pt; 3: content as the samples, evidence; 4: the memo form (issue 10); 5: no
# dashes for scores nobody entered, the cited year as it is, dotted lines for unset signers.
TEMPLATE_VERSION = "5"


@dataclass(frozen=True)
class Fmt:
    """Numbers and dates as the organisation prints them: Thai digits (default) or Arabic, B.E. years."""

    thai_digits: bool = True

    def num(self, value) -> str:
        return "" if value is None else thai.digits(str(value), self.thai_digits)

    def score(self, value, blank: str = "–") -> str:
        return thai.score(value, self.thai_digits, blank=blank)

    def signed(self, value) -> str:
        return thai.signed(value, self.thai_digits)

    def date_long(self, value: dt.date | None) -> str:
        return thai.date_long(value, self.thai_digits)

    def date_medium(self, value: dt.date | None) -> str:
        return thai.date_medium(value, self.thai_digits)

    def month_long(self, value: dt.date | None) -> str:
        return thai.month_long(value, self.thai_digits)

    def round_span(self, fiscal_year: int, round_: Round) -> str:
        """ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖."""
        return thai.round_span(fiscal_year, round_, self.thai_digits)

    def code(self, code: str) -> str:
        """A question code as printed: I7 → I๗."""
        return self.num(code)

    def numbered(self, items: list[str]) -> list[str]:
        """["a", "b"] → ["๑. a", "๒. b"] (one item stays unnumbered)."""
        if len(items) <= 1:
            return list(items)
        return [f"{self.num(i)}. {text}" for i, text in enumerate(items, start=1)]


def fmt_for(organisation: Organisation) -> Fmt:
    return Fmt(thai_digits=organisation.use_thai_digits)


def paragraphs(text: str | None) -> list[str]:
    """Paragraphs of a stored text (blank-line separated); line breaks inside a paragraph are kept."""
    if not text:
        return []
    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n")]
    return [b for b in blocks if b]


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def organisation_block(organisation: Organisation) -> dict:
    return {
        "name": organisation.name,
        "short_name": organisation.short_name or organisation.name,
        "district": organisation.district,
        "province": organisation.province,
        "place": organisation.place,
        "phone": organisation.phone,
        "website": organisation.website,
        "letter_code": organisation.letter_code,
        "logo_url": organisation.logo.url if organisation.logo else "",
    }


class DocumentTexts(dict):
    """A document's saved texts; while `texts_read()` is recording, the keys a builder asks for are noted
    (the test that every key a builder reads is declared editable, reports.documents.editable)."""

    def get(self, key, default=None):
        _note(key)
        return super().get(key, default)

    def __getitem__(self, key):
        _note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _note(key)
        return super().__contains__(key)


_reads: contextvars.ContextVar[set | None] = contextvars.ContextVar("report_text_reads", default=None)
_overrides: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "report_text_overrides", default=None
)


def _note(key) -> None:
    reads = _reads.get()
    if reads is not None:
        reads.add(key)


@contextlib.contextmanager
def texts_read():
    """Collects the keys of saved texts read inside the block: `with texts_read() as keys: build_…()`."""
    keys: set = set()
    token = _reads.set(keys)
    try:
        yield keys
    finally:
        _reads.reset(token)


@contextlib.contextmanager
def texts_override(organisation: Organisation, fiscal_year: int, kind, texts: dict):
    """Builds inside the block read `texts` instead of the saved ones for this document: the preview of
    texts not saved yet, and the defaults (the document with its texts left out)."""
    key = (organisation.pk, int(fiscal_year), str(kind))
    token = _overrides.set({**(_overrides.get() or {}), key: dict(texts)})
    try:
        yield
    finally:
        _overrides.reset(token)


def saved_texts(organisation: Organisation, fiscal_year: int, kind: DocumentKind | str) -> dict:
    override = (_overrides.get() or {}).get((organisation.pk, int(fiscal_year), str(kind)))
    if override is not None:
        return DocumentTexts(override)
    row = ReportText.objects.filter(organisation=organisation, fiscal_year=fiscal_year, kind=kind).first()
    return DocumentTexts(row.texts) if row else DocumentTexts()


def text(texts: dict, key: str, default: str = "") -> str:
    """A saved text, or the default when it is absent or blank."""
    value = texts.get(key)
    return value if isinstance(value, str) and value.strip() else default


def assessment_for(organisation: Organisation, fiscal_year: int) -> Assessment | None:
    return (
        Assessment.objects.filter(organisation=organisation, framework__fiscal_year=fiscal_year)
        .with_scores()
        .first()
    )


def join_and(names: list[str]) -> str:
    """["ก"] → "ก"; ["ก", "ข"] → "กและข"; ["ก", "ข", "ค"] → "ก ขและค" (as the samples join units)."""
    if len(names) <= 1:
        return "".join(names)
    return " ".join(names[:-1]) + "และ" + names[-1]


def units_text(units, between: str = " / ") -> str:
    """Responsible units as the samples write them: units under the same parent joined with และ and followed
    by the parent ("งานงบประมาณและงานประชาสัมพันธ์ สำนักปลัด"); a unit whose parent is itself listed, or that has
    none, by its name; the groups joined by `between` ("สำนักปลัด / ทุกกอง")."""
    units = list(units)
    chosen = {u.pk for u in units}
    groups: list[tuple[object, object, list[str]]] = []
    for u in units:
        parent = u.parent if u.parent_id and u.parent_id not in chosen else None
        key = ("parent", parent.pk) if parent else ("unit", u.pk)
        for group_key, _, names in groups:
            if group_key == key:
                names.append(u.name)
                break
        else:
            groups.append((key, parent, [u.name]))
    return between.join(
        f"{join_and(names)} {parent.name}" if parent else join_and(names) for _, parent, names in groups
    )


def responsible_of(measure: Measure, between: str = " / ") -> str:
    """The responsibility as written on the measure, else its units with their parents."""
    return measure.responsible_text or units_text(measure.units.all(), between)


def evidence_of(progress) -> list[dict]:
    """Links (in full) and file names of a progress entry, as printed under its result."""
    out = [{"kind": "link", "text": link.url, "title": link.title} for link in progress.links.all()]
    out += [{"kind": "file", "text": f.original_name, "title": ""} for f in progress.files.all()]
    return out


def measures_of(organisation: Organisation, fiscal_year: int) -> list[Measure]:
    return list(
        Measure.objects.filter(organisation=organisation, fiscal_year=fiscal_year)
        .select_related("tool")
        .prefetch_related(
            "steps",
            "units__parent",
            "indicators",
            "questions",
            "progress__links",
            "progress__files",
            "analysis_issues",
        )
        .order_by("number", "pk")
    )


def steps_of(measure: Measure, fmt: Fmt) -> list[str]:
    return fmt.numbered([s.text for s in measure.steps.all()])


def period_of(measure: Measure, fmt: Fmt, sep: str = " ถึง ") -> str:
    """ต.ค. ๖๕ ถึง ก.ย. ๖๖: the months as in the samples' tables; the text when it is not a month range."""
    if measure.period_text:
        return measure.period_text
    start, end = measure.period_bounds
    return thai.month_range(start, end, fmt.thai_digits, sep=sep)


def progress_entries(measure: Measure, round_: Round, fmt: Fmt, fallback: bool = False) -> list[dict]:
    """What was done in a round, oldest first, each with its date; other rounds when `fallback` and the
    round has none (an annual report also shows what was reported at six months)."""
    entries = sorted(measure.progress.all(), key=lambda p: (p.reported_on or dt.date.min, p.pk))
    chosen = [p for p in entries if p.round == round_]
    if not chosen and fallback:
        chosen = entries
    return [
        {
            "done": p.done,
            "outcome": p.outcome,
            "date": fmt.date_medium(p.completed_on or p.reported_on),
            "date_in_text": mentions_date(p.done, p.completed_on or p.reported_on),
            "status": p.get_status_display(),
            "evidence": evidence_of(p),
        }
        for p in chosen
    ]


def mentions_date(text: str, date: dt.date | None) -> bool:
    """True when `text` already names the day and B.E. year of `date` (in either digits), so printing the date
    again in brackets would repeat it ("ดำเนินการเมื่อวันที่ ๓๑ เดือน มีนาคม พ.ศ.๒๕๖๖")."""
    if not text or date is None:
        return False
    year = str(date.year + 543)
    found = [thai.digits(year, True) in text or year in text]
    day = str(date.day)
    found.append(thai.digits(day, True) in text or day in text)
    return all(found)
