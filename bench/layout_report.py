"""The printed-page figures of issue 10, per document: overlapping words, bad line starts, bad breaks
(inside a word / a syllable that would have fitted), body characters per 16 cm line, pages, seconds per
page (best of N renders) — for the 16 demo documents and the stress organisation.

    .venv/bin/python bench/layout_report.py [--repeat N] [--out DIR]

Throw-away SQLite database (as bench/render_reports.py). With --out, writes each PDF and its HTML there.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="ita-layout-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'layout.sqlite3'}"
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--only", help="slug/kind substring filter")
    args = parser.parse_args()
    from django.core.management import call_command

    from ita_portal.models import Organisation
    from reports.documents import DOCUMENTS, document_context
    from reports.documents.pdf import html_to_pdf, render_html
    from reports.documents.pdf.layout_check import body_chars_per_line, check_html_pdf
    from reports.documents.tests.stress import stress_organisation

    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_frameworks", verbosity=0, stdout=io.StringIO())
    call_command("load_demo", force=True, verbosity=0, stdout=io.StringIO())
    stress_organisation()
    html_to_pdf("<p>ทดสอบ</p>")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
    header = (
        f"{'document':<20}{'pages':>6}{'s/page':>8}{'overlap':>8}{'start':>6}{'word':>6}{'syll':>6}{'cpl':>7}"
    )
    print(header)
    print("-" * len(header))
    total = {"pages": 0, "seconds": 0.0}
    for slug in ("ban-mo", "hua-ruea", "bo-thong", "jan-lan", "stress"):
        org = Organisation.objects.get(slug=slug)
        for kind in ("half", "annual", "analysis", "memo"):
            name = f"{slug}/{kind}"
            if args.only and args.only not in name:
                continue
            html = render_html(
                DOCUMENTS[kind].template, document_context(organisation=org, fiscal_year=2566, kind=kind)
            )
            best, pdf = None, b""
            for _ in range(args.repeat):
                start = time.perf_counter()
                pdf = html_to_pdf(html)
                elapsed = time.perf_counter() - start
                best = elapsed if best is None else min(best, elapsed)
            report = check_html_pdf(html, pdf)
            pages = max(line.page for line in report.lines)
            total["pages"] += pages
            total["seconds"] += best
            words = sum(f.kind == "word" for f in report.bad_breaks)
            cpl = body_chars_per_line(report.lines)
            print(
                f"{name:<20}{pages:>6}{best / pages:>8.3f}{len(report.overlaps):>8}{len(report.bad_starts):>6}"
                f"{words:>6}{len(report.bad_breaks) - words:>6}{cpl if cpl is not None else '-':>7}",
                flush=True,
            )
            if args.out:
                (args.out / f"{slug}-{kind}.pdf").write_bytes(pdf)
                (args.out / f"{slug}-{kind}.html").write_text(html, encoding="utf-8")
    print(
        f"\nall: {total['pages']} pages, {total['seconds']:.2f} s, {total['seconds'] / total['pages']:.3f} s/page"
    )


if __name__ == "__main__":
    main()
