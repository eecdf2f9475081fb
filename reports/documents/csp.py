"""The Content-Security-Policy exception of the document previews.

The official documents are one set of templates (templates/reports/pdf/) for WeasyPrint and for the
browser's print preview. They carry their print CSS inline — a `<style>` block (page counters, the font
faces) and `style="width:…"` on table columns — which the site-wide policy (`style-src 'self'`) blocks.
Rather than `'unsafe-inline'`, a preview response allows exactly the styles it was rendered with: the
SHA-256 of each `<style>` block and each `style` attribute, plus `'unsafe-hashes'` (which lets hashes
match style attributes, CSP Level 3). Text people typed is escaped by the templates, so it can never form
a `<style>` element or a `style` attribute and is never covered by these hashes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

from django.http import HttpResponse

STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
ANY_TAG = re.compile(r"<[a-z][^>]*>", re.IGNORECASE)
# A style attribute inside a tag: preceded by whitespace, its value in double or single quotes.
ATTRIBUTE_IN_TAG = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_style_sources(markup: str) -> list[str]:
    """CSP sources for every inline style of `markup`, sorted (an empty list when there is none).

    The browser hashes what it parsed: a `<style>` element's text as written (raw text, but with the
    line breaks normalised to LF) and a style attribute's value after its character references are
    decoded."""
    markup = markup.replace("\r\n", "\n").replace("\r", "\n")
    blocks = {_source(m.group(1)) for m in STYLE_ELEMENT.finditer(markup)}
    outside_styles = STYLE_ELEMENT.sub("", markup)
    attributes = set()
    for tag in ANY_TAG.finditer(outside_styles):
        for m in ATTRIBUTE_IN_TAG.finditer(tag.group(0)):
            value = m.group(1) if m.group(1) is not None else m.group(2)
            attributes.add(_source(html.unescape(value)))
    sources = sorted(blocks | attributes)
    if attributes:
        sources.append("'unsafe-hashes'")
    return sources


def allow_own_inline_styles(response: HttpResponse) -> HttpResponse:
    """Adds the hashes of the response's own inline styles to its `style-src` (django-csp's per-response
    update; the rest of the site-wide policy is unchanged)."""
    sources = inline_style_sources(response.content.decode(response.charset or "utf-8"))
    if sources:
        response._csp_update = {"style-src": sources}
    return response
