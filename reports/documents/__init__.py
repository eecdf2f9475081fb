"""The four official documents: builder (plain dict) + template + renderer.

    build_half / build_annual / build_analysis / build_memo(*, organisation, fiscal_year) -> dict
    document_html(...) / document_pdf(...)  render one document, optionally behind its cover memo

PDFs are cached (Django's cache framework) under a key made of the organisation, year, document, its
orientation and `data_version()` — a digest of the last changes of everything a document prints — so an unchanged
document is never printed twice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from ita_portal.models import Organisation
from ita_portal.safe_cache import cache_get, cache_set

from ..models import DocumentKind, SiteEmblem
from .analysis import build_analysis
from .annual import build_annual
from .common import data_version, saved_texts
from .half import build_half
from .layouts import chosen_orientation, document_layout_set, layouts_of
from .memo import build_memo, memo_defaults, memo_texts, memo_texts_save, memo_version

__all__ = [
    "DOCUMENTS",
    "build_half",
    "build_annual",
    "build_analysis",
    "build_memo",
    "document_layout_set",
    "layouts_of",
    "memo_defaults",
    "memo_texts",
    "memo_texts_save",
    "memo_version",
    "document_context",
    "document_html",
    "document_pdf",
    "pdf_cache_key",
]


@dataclass(frozen=True)
class Document:
    kind: str
    label: str
    builder: Callable[..., dict]
    template: str
    slug: str  # file name of the download


DOCUMENTS = {
    d.kind: d
    for d in (
        Document(
            DocumentKind.HALF,
            DocumentKind.HALF.label,
            build_half,
            "reports/pdf/half.html",
            "half-year-report",
        ),
        Document(
            DocumentKind.ANNUAL,
            DocumentKind.ANNUAL.label,
            build_annual,
            "reports/pdf/annual.html",
            "annual-report",
        ),
        Document(
            DocumentKind.ANALYSIS,
            DocumentKind.ANALYSIS.label,
            build_analysis,
            "reports/pdf/analysis.html",
            "analysis-report",
        ),
        Document(DocumentKind.MEMO, DocumentKind.MEMO.label, build_memo, "reports/pdf/memo.html", "memo"),
    )
}
CACHE_SECONDS = 7 * 24 * 3600


def document_context(
    *, organisation: Organisation, fiscal_year: int, kind: str, with_memo: bool = False
) -> dict:
    document = DOCUMENTS[kind]
    context = {"doc": document.builder(organisation=organisation, fiscal_year=fiscal_year)}
    if with_memo and kind != DocumentKind.MEMO:
        context["memo"] = build_memo(organisation=organisation, fiscal_year=fiscal_year)
    return context


def document_html(
    *,
    organisation: Organisation,
    fiscal_year: int,
    kind: str,
    with_memo: bool = False,
    extra: dict | None = None,
) -> str:
    """The print-friendly HTML preview (screen toolbar included via `extra`), typeset as the PDF is: breaks
    only between words, names kept whole (reports/pdf/typeset.py, in the markup a browser obeys)."""
    from ..pdf.typeset import names_of, typeset

    context = document_context(
        organisation=organisation, fiscal_year=fiscal_year, kind=kind, with_memo=with_memo
    )
    html = render_to_string(DOCUMENTS[kind].template, {**context, **(extra or {}), "for_pdf": False})
    return typeset(html, names_of(context.get("doc")) + names_of(context.get("memo")), screen=True)


def pdf_cache_key(*, organisation: Organisation, fiscal_year: int, kind: str, with_memo: bool = False) -> str:
    # The day is part of the key: an unsaved memo is dated today. So is the site-wide Garuda's version
    # when a memo is printed (a new Garuda is not a change of the organisation's data).
    garuda = ""
    if with_memo or kind == DocumentKind.MEMO:
        emblem = SiteEmblem.current()
        garuda = f"g{emblem.version if emblem and emblem.garuda else 0}"
    return ":".join(
        [
            "reports.pdf",
            str(organisation.pk),
            str(fiscal_year),
            kind,
            "m" if with_memo else "-",
            # The paper (portrait/landscape) is the organisation's choice per document: part of the key.
            chosen_orientation(saved_texts(organisation, fiscal_year, kind), kind),
            data_version(organisation),
            timezone.localdate().isoformat(),
            garuda,
        ]
    )


def document_pdf(
    *, organisation: Organisation, fiscal_year: int, kind: str, with_memo: bool = False
) -> bytes:
    """The PDF bytes, from the cache when nothing the document prints has changed."""
    from ..pdf import render_pdf  # WeasyPrint is imported on first use only

    key = pdf_cache_key(organisation=organisation, fiscal_year=fiscal_year, kind=kind, with_memo=with_memo)
    pdf = cache_get("default", key)
    if pdf is None:
        context = document_context(
            organisation=organisation, fiscal_year=fiscal_year, kind=kind, with_memo=with_memo
        )
        pdf = render_pdf(DOCUMENTS[kind].template, context)
        cache_set("default", key, pdf, CACHE_SECONDS)
    return pdf
