"""HTML templates to PDF bytes: the only place that imports WeasyPrint.

`render_pdf(template_name, context)` renders a Django template and prints it. Pinned down here:
- fonts: the bundled Sarabun TTFs (static/fonts/sarabun, OFL) are declared once, in a stylesheet parsed at
  import with one FontConfiguration reused by every render, so no render depends on the server's fonts;
- URLs: the templates' `{% static %}` and uploaded-logo URLs are resolved to local files (staticfiles finders,
  MEDIA_ROOT/logos/); anything else stops the render with `ForbiddenResource` — no network, no silent
  fallback (WeasyPrint only logs a failed fetch and carries on with a system font otherwise);
- text layer: `textlayer.install()` makes Thai words extract as written (issue #2841);
- line breaks: `keepall.install()` gives `word-break: keep-all` its CSS meaning, so Thai breaks only at the
  U+200B typeset.py puts between words;
- tables: an official document's columns get widths computed from their typeset text (columns.py), printed
  with `table-layout: fixed`.
- page flow: `flow.render` lays out, checks the pages (no heading last on a page, no one-line part of a
  split row, no one-word last line) and lays the same boxes out again where needed.
"""

from __future__ import annotations

import mimetypes
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from . import flow, keepall, textlayer
from .columns import PAGE_TEXT_WIDTH_CM, fit_columns
from .typeset import names_of, typeset

# Absolute URLs in the HTML are resolved against this; the host is never contacted (see PortalFetcher).
BASE_URL = "https://ita-portal.invalid/"
FONT_FAMILY = "ITA Sarabun"  # our own name, so a system "Sarabun" can never stand in for the bundled files
FONT_FILES = {  # (weight, style) → file in static/fonts/sarabun/
    ("400", "normal"): "Sarabun-Regular.ttf",
    ("400", "italic"): "Sarabun-Italic.ttf",
    ("600", "normal"): "Sarabun-SemiBold.ttf",
    ("700", "normal"): "Sarabun-Bold.ttf",
    ("700", "italic"): "Sarabun-BoldItalic.ttf",
}


class ForbiddenResource(FatalURLFetchingError):
    """A document asked for something that is neither our static file nor an uploaded logo."""


class PortalFetcher(URLFetcher):
    """Serves `/static/…` through the staticfiles finders and `/media/logos/…` from MEDIA_ROOT; refuses
    everything else loudly (FatalURLFetchingError stops the render instead of a logged warning)."""

    def fetch(self, url, headers=None):
        path = self.local_path(url)
        mime_type, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": mime_type or "application/octet-stream"}
        )

    @staticmethod
    def local_path(url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme == "https" and parts.netloc == urlsplit(BASE_URL).netloc:
            url_path = unquote(parts.path)
            if url_path.startswith(settings.STATIC_URL):
                found = _static_file(url_path.removeprefix(settings.STATIC_URL))
                if found:
                    return found
            if url_path.startswith(settings.MEDIA_URL + "logos/"):
                root = (Path(settings.MEDIA_ROOT) / "logos").resolve()
                candidate = (Path(settings.MEDIA_ROOT) / url_path.removeprefix(settings.MEDIA_URL)).resolve()
                if candidate.is_relative_to(root) and candidate.is_file():
                    return candidate
        raise ForbiddenResource(
            f"PDF rendering may only load our static files and uploaded logos, not {url!r}"
        )


def _static_file(name: str) -> Path | None:
    """A static file by its name: from the app/project folders (finders), or, in production, the collected
    copy whose hashed name `{% static %}` printed (ManifestStaticFilesStorage)."""
    found = finders.find(name)
    if found:
        return Path(found)
    if settings.STATIC_ROOT:
        root = Path(settings.STATIC_ROOT).resolve()
        candidate = (root / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    return None


def _font_faces() -> str:
    rules = []
    for (weight, style), filename in FONT_FILES.items():
        if not finders.find(f"fonts/sarabun/{filename}"):
            raise RuntimeError(f"bundled font missing: static/fonts/sarabun/{filename}")
        rules.append(
            f"@font-face {{ font-family: '{FONT_FAMILY}'; font-weight: {weight}; font-style: {style}; "
            f"src: url('{settings.STATIC_URL}fonts/sarabun/{filename}'); }}"
        )
    return "\n".join(rules)


_lock = threading.Lock()  # WeasyPrint/Pango renders are not thread-safe; one at a time per process
_fonts: tuple[FontConfiguration, CSS] | None = None


def _font_stylesheet() -> tuple[FontConfiguration, CSS]:
    """One FontConfiguration and one parsed @font-face stylesheet for the life of the process."""
    global _fonts
    if _fonts is None:
        config = FontConfiguration()
        # The font files are read once, through the same fetcher as everything else.
        css = CSS(string=_font_faces(), font_config=config, base_url=BASE_URL, url_fetcher=PortalFetcher())
        _fonts = (config, css)
    return _fonts


def render_html(template_name: str, context: dict) -> str:
    """The HTML the PDF is printed from (`for_pdf` tells templates to leave out screen-only parts), its
    Thai text typeset: breaks only between words, names kept whole (typeset.py); an official document's
    tables sized from that text for the page's text width (columns.py)."""
    html = render_to_string(template_name, {**context, "for_pdf": True, "base_url": BASE_URL})
    names = names_of(context.get("doc")) + names_of(context.get("memo"))
    html = typeset(html, names)
    if OFFICIAL_DOCUMENT.search(html):
        html = fit_columns(html, text_width_cm(context.get("doc")))
    return html


OFFICIAL_DOCUMENT = re.compile(r'<body class="doc\b')  # templates/reports/pdf/base.html; not dashboards


def text_width_cm(doc: dict | None) -> float:
    """The width a document's tables span: A4 less the margins of its orientation."""
    orientation = (doc or {}).get("orientation") or "portrait"
    return PAGE_TEXT_WIDTH_CM.get(orientation, PAGE_TEXT_WIDTH_CM["portrait"])


# Symbols the samples use that Sarabun has no glyph for: drawn with CSS instead, so Pango never falls back
# to a system font (DejaVu would be embedded, and differs from server to server).
SYMBOLS = {
    "\u2610": '<span class="ballot"></span>',  # ☐
    "\u2611": '<span class="ballot">/</span>',  # ☑
    "\u2612": '<span class="ballot">x</span>',  # ☒
}


def print_html(html: str) -> tuple[bytes, flow.FlowReport]:
    """The PDF of `html`, and what the page-flow passes found before and after (flow.py)."""
    for symbol, markup in SYMBOLS.items():
        html = html.replace(symbol, markup)
    with _lock:
        textlayer.install()
        keepall.install()
        config, fonts_css = _font_stylesheet()
        source = HTML(string=html, base_url=BASE_URL, url_fetcher=PortalFetcher())
        document, report = flow.render(source, stylesheets=[fonts_css], font_config=config)
        return document.write_pdf(), report


def html_to_pdf(html: str) -> bytes:
    return print_html(html)[0]


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render `template_name` with `context` and print it to PDF bytes (A4 and the rest come from the
    template's CSS). Keep this signature: dashboards call it too."""
    return html_to_pdf(render_html(template_name, context))
