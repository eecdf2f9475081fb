"""The demo documents the PDF tests read back, printed once per test session (conftest.py)."""

import io

DEMO_DOCUMENTS = [
    ("hua-ruea", "half"),
    ("ban-mo", "annual"),
    ("jan-lan", "annual"),
    ("bo-thong", "analysis"),
    ("jan-lan", "memo"),
]


def print_demo_documents() -> dict[tuple[str, str], tuple[str, bytes]]:
    """Load the demo, print DEMO_DOCUMENTS (the annual reports behind their memo), remove the demo
    again: (slug, kind) -> (html, pdf)."""
    from django.core.management import call_command

    from ita_portal.models import Organisation
    from reports.documents import DOCUMENTS, document_context
    from reports.documents.pdf import html_to_pdf, render_html

    out = {}
    call_command("load_demo", force=True, verbosity=0, stdout=io.StringIO())
    for slug, kind in DEMO_DOCUMENTS:
        org = Organisation.objects.get(slug=slug)
        context = document_context(organisation=org, fiscal_year=2566, kind=kind, with_memo=kind == "annual")
        html = render_html(DOCUMENTS[kind].template, context)
        out[(slug, kind)] = (html, html_to_pdf(html))
    Organisation.objects.filter(slug__in={s for s, _ in DEMO_DOCUMENTS}).delete()
    return out
