"""Every demo document (the four samples × the four documents) and the stress documents, printed and read
back by the printed-page check: no text over text, no line starting with ฯ/ๆ/a mark, no break inside a
word or syllable that would have fitted its column (reports/pdf/layout_check.py); and their page flow: no
part of a split row under two lines, no page of only the repeated header and a row's end, no heading last
on its page, no one-word last line (reports/pdf/flow.py)."""

import io

import pytest

from ita_portal.models import Organisation
from reports.documents import DOCUMENTS, document_context
from reports.pdf import render_html
from reports.pdf.layout_check import check_printed

pytestmark = pytest.mark.django_db

SAMPLES = ["ban-mo", "hua-ruea", "bo-thong", "jan-lan"]
KINDS = ["half", "annual", "analysis", "memo"]
CASES = [(slug, kind) for slug in [*SAMPLES, "stress"] for kind in KINDS]


@pytest.fixture(scope="module")
def printed(django_db_blocker, django_db_setup):
    """(slug, kind) -> layout report, each document printed once for the module."""
    from django.core.management import call_command

    from reports.tests.stress import stress_organisation

    out = {}
    with django_db_blocker.unblock():
        call_command("load_demo", verbosity=0, stdout=io.StringIO())
        stress_organisation()
        for slug, kind in CASES:
            org = Organisation.objects.get(slug=slug)
            context = document_context(organisation=org, fiscal_year=2566, kind=kind)
            html = render_html(DOCUMENTS[kind].template, context)
            out[(slug, kind)] = check_printed(html)[1]
        Organisation.objects.filter(slug__in=[*SAMPLES, "stress"]).delete()
    return out


@pytest.mark.parametrize("slug,kind", CASES)
def test_no_text_over_text(printed, slug, kind):
    assert [str(f) for f in printed[(slug, kind)].overlaps] == []


@pytest.mark.parametrize("slug,kind", CASES)
def test_no_line_starts_with_paiyannoi_mai_yamok_or_a_mark(printed, slug, kind):
    assert [str(f) for f in printed[(slug, kind)].bad_starts] == []


@pytest.mark.parametrize("slug,kind", CASES)
def test_no_break_inside_a_word_or_syllable_that_fits(printed, slug, kind):
    assert [str(f) for f in printed[(slug, kind)].bad_breaks] == []


@pytest.mark.parametrize("slug,kind", CASES)
def test_page_flow(printed, slug, kind):
    assert [str(f) for f in printed[(slug, kind)].page_flow] == []


def test_the_stress_documents_provoke_the_page_flow_fixes(printed):
    """The stress data splits rows over pages: the first layout has something to fix, so the fixes run."""
    before = [f.kind for kind in KINDS for f in printed[("stress", kind)].page_flow_before]
    assert "header-only" in before or "fragment" in before
