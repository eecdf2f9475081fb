"""Every demo document (the four samples × the four documents) and the stress documents, printed and read
back by the printed-page check: no text over text, no line starting with ฯ/ๆ/a mark, no break inside a
word or syllable that would have fitted its column (reports/pdf/layout_check.py). The documents whose
paper the organisation may turn (all but the memo) are checked in landscape too."""

import io

import pypdfium2 as pdfium
import pytest

from ita_portal.models import Organisation
from reports.documents import DOCUMENTS, document_context
from reports.documents.common import saved_texts, texts_override
from reports.documents.layouts import LANDSCAPE, ORIENTABLE, PORTRAIT
from reports.pdf import html_to_pdf, render_html
from reports.pdf.layout_check import check_html_pdf

pytestmark = pytest.mark.django_db

SAMPLES = ["ban-mo", "hua-ruea", "bo-thong", "jan-lan"]
KINDS = ["half", "annual", "analysis", "memo"]
CASES = [
    (slug, kind, orientation)
    for slug in [*SAMPLES, "stress"]
    for kind in KINDS
    for orientation in (PORTRAIT, LANDSCAPE)
    if orientation == PORTRAIT or kind in ORIENTABLE
]
A4 = (595.28, 841.89)  # pt


@pytest.fixture(scope="module")
def printed(django_db_blocker, django_db_setup):
    """(slug, kind, orientation) -> (layout report, [(width, height) of each page]), each document printed
    once for the module."""
    from django.core.management import call_command

    from reports.tests.stress import stress_organisation

    out = {}
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        stress_organisation()
        for slug, kind, orientation in CASES:
            org = Organisation.objects.get(slug=slug)
            texts = {**saved_texts(org, 2566, kind), "orientation": orientation}
            with texts_override(org, 2566, kind, texts):
                context = document_context(organisation=org, fiscal_year=2566, kind=kind)
            html = render_html(DOCUMENTS[kind].template, context)
            pdf = html_to_pdf(html)
            document = pdfium.PdfDocument(pdf)
            sizes = [tuple(round(v, 2) for v in document[i].get_size()) for i in range(len(document))]
            document.close()
            out[(slug, kind, orientation)] = (check_html_pdf(html, pdf), sizes)
        Organisation.objects.filter(slug__in=[*SAMPLES, "stress"]).delete()
    return out


@pytest.mark.parametrize("slug,kind,orientation", CASES)
def test_no_text_over_text(printed, slug, kind, orientation):
    assert [str(f) for f in printed[(slug, kind, orientation)][0].overlaps] == []


@pytest.mark.parametrize("slug,kind,orientation", CASES)
def test_no_line_starts_with_paiyannoi_mai_yamok_or_a_mark(printed, slug, kind, orientation):
    assert [str(f) for f in printed[(slug, kind, orientation)][0].bad_starts] == []


@pytest.mark.parametrize("slug,kind,orientation", CASES)
def test_no_break_inside_a_word_or_syllable_that_fits(printed, slug, kind, orientation):
    assert [str(f) for f in printed[(slug, kind, orientation)][0].bad_breaks] == []


@pytest.mark.parametrize("slug,kind,orientation", CASES)
def test_every_page_is_a4_in_the_chosen_orientation(printed, slug, kind, orientation):
    sizes = printed[(slug, kind, orientation)][1]
    expected = A4[::-1] if orientation == LANDSCAPE else A4
    assert sizes and set(sizes) == {expected}
