"""The official documents: the four documents (builder per document, a plain dict, + template + renderer)
and everything that serves them: views.py / text_views.py / urls.py (preview, PDF, texts, layout; URL
namespace "reports"), forms.py, emblem.py + emblem_views.py (the Garuda), csp.py (the print template's
inline-style hashes), invitation_views.py (the printed invitation code sheet), and pdf/, the only
renderer (WeasyPrint is imported there and nowhere else; the dashboards call it too).

    build_half / build_annual / build_analysis / build_memo(*, organisation, fiscal_year) -> dict
    document_html(...) / document_pdf(...)  render one document, optionally behind its cover memo

PDFs are cached (Django's cache framework) under the organisation's `data_version`: every write of what a
document prints bumps it (ita_portal.changes: the organisation's rows through `organisation_changed`,
the Garuda and the frameworks through `site_changed`), so an unchanged document is never printed twice
and finding it costs no query beyond the organisation row the view has loaded anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version

from django.template.loader import render_to_string
from django.utils import timezone

from ita_portal import changes
from ita_portal.models import Organisation
from ita_portal.safe_cache import cache_get, cache_set

from ..models import DocumentKind
from .analysis import build_analysis
from .annual import build_annual
from .common import TEMPLATE_VERSION
from .half import build_half
from .layouts import document_layout_set, layouts_of
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
    only between words, names kept whole (reports/documents/pdf/typeset.py, in the markup a browser obeys)."""
    from .pdf.typeset import names_of, typeset

    context = document_context(
        organisation=organisation, fiscal_year=fiscal_year, kind=kind, with_memo=with_memo
    )
    html = render_to_string(DOCUMENTS[kind].template, {**context, **(extra or {}), "for_pdf": False})
    return typeset(html, names_of(context.get("doc")) + names_of(context.get("memo")), screen=True)


# What the bytes are made with besides the data: our templates and builders, and the renderer (WeasyPrint
# releases change renders, ecosystem.md), so an upgrade prints anew.
RENDER_STAMP = (TEMPLATE_VERSION, version("weasyprint"))


def pdf_cache_key(*, organisation: Organisation, fiscal_year: int, kind: str, with_memo: bool = False) -> str:
    # The day is part of the key: an unsaved memo is dated today.
    return changes.cache_key(
        "reports.pdf",
        RENDER_STAMP,
        organisation.pk,
        organisation.data_version,
        int(fiscal_year),
        str(kind),
        bool(with_memo),
        timezone.localdate().isoformat(),
    )


def portrait_too_narrow(*, organisation: Organisation, fiscal_year: int, kind: str) -> bool:
    """True when a table of the document, printed in portrait, cannot set its headers on two lines (six
    columns whose widest words fill the 16 cm): the document page then suggests landscape. Cached
    under the organisation's data version, as the PDF is."""
    from .pdf import PAGE_TEXT_WIDTH_CM, render_html
    from .pdf.columns import headers_fit

    key = changes.cache_key(
        "reports.fit", RENDER_STAMP, organisation.pk, organisation.data_version, fiscal_year, kind
    )
    cached = cache_get("default", key)
    if cached is None:
        context = document_context(organisation=organisation, fiscal_year=fiscal_year, kind=kind)
        html = render_html(DOCUMENTS[kind].template, context)
        cached = "fits" if headers_fit(html, PAGE_TEXT_WIDTH_CM["portrait"]) else "narrow"
        cache_set("default", key, cached, CACHE_SECONDS)
    return cached == "narrow"


def document_pdf(
    *, organisation: Organisation, fiscal_year: int, kind: str, with_memo: bool = False
) -> bytes:
    """The PDF bytes, from the cache when nothing the document prints has changed. `organisation` as
    loaded for this request: its `data_version` is the cache key's version."""
    from .pdf import render_pdf  # WeasyPrint is imported on first use only

    key = pdf_cache_key(organisation=organisation, fiscal_year=fiscal_year, kind=kind, with_memo=with_memo)
    pdf = cache_get("default", key)
    if pdf is None:
        context = document_context(
            organisation=organisation, fiscal_year=fiscal_year, kind=kind, with_memo=with_memo
        )
        pdf = render_pdf(DOCUMENTS[kind].template, context)
        cache_set("default", key, pdf, CACHE_SECONDS)
    return pdf
