"""Benchmark of the official documents: WeasyPrint (our pipeline) against headless Chromium, same HTML.

    .venv/bin/python bench/render_reports.py [--repeat N] [--no-chromium] [--all]

Builds a throw-away SQLite database in a temporary folder (the portal's own database is never touched):
the frameworks, the four demo organisations and a large synthetic one (60 measures × 4 progress entries,
long Thai texts, two assessments, 7 analysis issues). For each document it prints pages, seconds (warm
process: fonts configured once, best of N), seconds per page, peak RSS, the page flow (layouts, problems
found in the first layout > left in the printed one, and the seconds the check and the extra layouts
added: reports/documents/pdf/flow.py), the text-layer check (Thai words
missing from PDFium's text, and from poppler's `pdftotext` default layout mode where poppler is installed) and the same for Chromium's PDF of the same HTML (a cold
`chromium --print-to-pdf` process each, as a command-line peer), with the ratio ours/Chromium; then the
same HTML printed by one warm Chromium (Playwright driving /usr/bin/chromium, launched once, as a PDF
service would run it: `page.goto` + `page.pdf`, best of N) and the ratio ours/warm.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="ita-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
LONG = (
    "เจ้าหน้าที่ผู้รับผิดชอบดำเนินการประชาสัมพันธ์ช่องทางการติดต่อสื่อสารของหน่วยงานให้ประชาชนรับทราบอย่างทั่วถึง "
    "ผ่านเว็บไซต์ เฟซบุ๊ก ไลน์ และป้ายประกาศ พร้อมทั้งรายงานผลการดำเนินงานต่อผู้บริหารเป็นประจำทุกเดือน "
    "เพื่อให้การปฏิบัติงานเป็นไปตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสที่กำหนดไว้อย่างมีประสิทธิภาพ"
)


def setup_data():
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_frameworks", verbosity=0, stdout=io.StringIO())
    call_command("load_demo", force=True, verbosity=0, stdout=io.StringIO())
    return synthetic_organisation()


def synthetic_organisation():
    import datetime as dt

    from assessments.models import AnalysisIssue, AnalysisIssueQuestion, Framework, Recommendation
    from assessments.services import assessment_create
    from ita_portal.models import Organisation, OrgUnit
    from measures.services import measure_create, progress_record

    org = Organisation.objects.create(
        slug="bench-large",
        name="องค์การบริหารส่วนตำบลทดสอบขนาดใหญ่",
        short_name="อบต.ทดสอบขนาดใหญ่",
        district="พนา",
        province="อำนาจเจริญ",
        letter_code="อจ ๙๙๙๙๙",
        head_name="นางทดสอบ ระบบ",
        head_position="หัวหน้าสำนักปลัด",
        mayor_name="นายทดสอบ นายก",
        mayor_position="นายกองค์การบริหารส่วนตำบลทดสอบขนาดใหญ่",
    )
    units = [
        OrgUnit.objects.create(organisation=org, name=n)
        for n in ("สำนักปลัด", "กองคลัง", "กองช่าง", "งานประชาสัมพันธ์")
    ]
    scores = {n: f"{80 + n * 1.5:.2f}" for n in range(1, 11)}
    last = assessment_create(organisation=org, fiscal_year=2565, indicator_scores=scores, actor=None)
    assessment_create(
        organisation=org,
        fiscal_year=2566,
        indicator_scores={n: f"{min(100, float(v) + (n % 3) - 1):.2f}" for n, v in scores.items()},
        actor=None,
    )
    fw = last.framework
    questions = list(fw.questions.select_related("indicator").exclude(answer="item")[:20])
    for i, q in enumerate(questions[:12]):
        rec = Recommendation.objects.create(
            assessment=last,
            question=q,
            indicator=q.indicator,
            score="85.50",
            kind="strength" if i % 3 == 0 else "weakness",
            issue="ประเด็น " + LONG[:120],
            advice="หน่วยงานควร" + LONG,
            order=i,
        )
        rec.assigned_units.set(units[:2])
    this = fw.assessments.model.objects.get(organisation=org, framework__fiscal_year=2566)
    issues = []
    for n in range(1, 8):
        issue = AnalysisIssue.objects.create(
            assessment=this,
            number=n,
            title=f"ประเด็นการวิเคราะห์ที่ {n} การดำเนินงาน",
            analysis="\n\n".join([LONG] * 4),
            limitation=LONG,
        )
        for k, q in enumerate(Framework.objects.get(fiscal_year=2566).questions.exclude(answer="item")[:10]):
            AnalysisIssueQuestion.objects.create(
                issue=issue, question=q, score="97.50", remark="รักษาระดับ" if k == 0 else "", order=k
            )
        issues.append(issue)
    oit = fw.tools.get(code="OIT")
    indicator = fw.indicators.get(number=9)
    for n in range(1, 61):
        m = measure_create(
            organisation=org,
            fiscal_year=2566,
            title=f"มาตรการที่ {n} " + LONG[:90],
            issue="ประเด็นที่ต้องพัฒนา " + LONG[:80],
            tool=oit,
            indicators=[indicator],
            steps=[LONG[:100], LONG[100:200], "รายงานผู้บริหาร"],
            units=units[n % 4 : n % 4 + 1],
            reporting=LONG[:150],
            reporting_deadline=dt.date(2023, 3, 31),
            suggestion=LONG[:100],
            actor=None,
        )
        for k, (round_, day) in enumerate(
            [
                ("half", dt.date(2022, 12, 15)),
                ("half", dt.date(2023, 3, 20)),
                ("annual", dt.date(2023, 6, 30)),
                ("annual", dt.date(2023, 9, 25)),
            ]
        ):
            progress_record(
                measure=m,
                round=round_,
                done=f"ครั้งที่ {k + 1} " + LONG[:160],
                outcome=LONG[:90] if round_ == "annual" else "",
                status="done",
                reported_on=day,
                completed_on=day,
                actor=None,
            )
    for n, issue in enumerate(issues * 2, start=1):
        measure_create(
            organisation=org,
            fiscal_year=2567,
            title="วิธีการ " + LONG[:100],
            steps=[LONG[:80], LONG[80:160]],
            units=units[:1],
            analysis_issues=[issue],
            number=n,
            actor=None,
        )
    return org


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def preview_file(html: str, name: str) -> Path:
    """The preview HTML as a local file, its static URLs made local files too."""
    html = html.replace('"/static/', f'"file://{ROOT}/static/').replace(
        "'/static/", f"'file://{ROOT}/static/"
    )
    src = TMP / f"{name}.html"
    src.write_text(html, encoding="utf-8")
    return src


def chromium_pdf(html: str, name: str) -> tuple[bytes, float]:
    """Chromium prints the preview HTML (static URLs made local files), one cold process, as a CLI peer."""
    src, out = preview_file(html, name), TMP / f"{name}-chromium.pdf"
    start = time.perf_counter()
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            *CHROMIUM_ARGS,
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out.read_bytes(), time.perf_counter() - start


class WarmChromium:
    """One Chromium kept running (Playwright, Debian's /usr/bin/chromium: never a downloaded browser), one
    page reused, as a PDF service would: each print loads the file and calls page.pdf() with the CSS page
    size, no header or footer (what `--print-to-pdf --no-pdf-header-footer` does)."""

    def __init__(self):
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop in this thread
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self._page = self._browser.new_page()

    def pdf(self, src: Path) -> bytes:
        self._page.goto(src.as_uri(), wait_until="load")
        self._page.evaluate("document.fonts.ready.then(() => true)")
        return self._page.pdf(prefer_css_page_size=True, display_header_footer=False)

    def best(self, src: Path, repeat: int) -> tuple[bytes, float]:
        self.pdf(src)  # the first load of a document reads its fonts and stylesheet: not what is timed
        best, pdf = None, b""
        for _ in range(repeat):
            start = time.perf_counter()
            pdf = self.pdf(src)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        return pdf, best

    def close(self):
        self._browser.close()
        self._playwright.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="renders per document (best is shown)")
    parser.add_argument("--no-chromium", action="store_true")
    parser.add_argument(
        "--all", action="store_true", help="every demo document and the test suite's stress organisation too"
    )
    args = parser.parse_args()

    from reports.documents import DOCUMENTS, document_context, document_html
    from reports.documents.pdf import html_to_pdf, print_html, render_html
    from reports.documents.pdf.check import missing_words, poppler_text, thai_words

    def misses(html: str, pdf: bytes) -> str:
        """Missing words: PDFium's text, then poppler's layout mode ('-' where poppler is absent)."""
        layout = poppler_text(pdf)
        poppler = "-" if layout is None else str(len(missing_words(html, pdf, text=layout)))
        return f"{len(missing_words(html, pdf)):>6}{poppler:>5}"

    print(f"database: {TMP / 'bench.sqlite3'} (throw-away)")
    large = setup_data()
    from ita_portal.models import Organisation

    cases = [
        ("hua-ruea", "half"),
        ("ban-mo", "annual"),
        ("jan-lan", "annual"),
        ("bo-thong", "analysis"),
        ("jan-lan", "memo"),
    ] + [(large.slug, k) for k in ("half", "annual", "analysis", "memo")]
    if args.all:
        from reports.documents.tests.stress import stress_organisation

        stress = stress_organisation()
        kinds = ("half", "annual", "analysis", "memo")
        cases = [
            (slug, k)
            for slug in ("ban-mo", "hua-ruea", "bo-thong", "jan-lan", stress.slug, large.slug)
            for k in kinds
        ]
    html_to_pdf("<p>ทดสอบ</p>")  # fonts and WeasyPrint imports, once per process as in the server
    header = (
        f"{'document':<22}{'pages':>6}{'s':>7}{'s/page':>8}{'peakMB':>8}{'words':>7}{'miss':>6}{'ppl':>5}"
        f"{'lay':>4}{'flow':>7}{'+s':>6}{'+%':>5}"
        f" | {'chr pages':>9}{'chr s':>7}{'chr s/p':>8}{'miss':>6}{'ppl':>5}{'ratio':>7}"
        f" | {'warm pages':>10}{'warm s':>7}{'warm s/p':>9}{'ratio':>7}"
    )
    warm = None if args.no_chromium else WarmChromium()
    print(header)
    print("-" * len(header))
    flow_total = [0.0, 0.0, 0]  # seconds, of which page flow, documents laid out twice or more
    for slug, kind in cases:
        org = Organisation.objects.get(slug=slug)
        context = document_context(organisation=org, fiscal_year=2566, kind=kind)
        html = render_html(DOCUMENTS[kind].template, context)
        best, pdf, flow = None, b"", None
        for _ in range(args.repeat):
            start = time.perf_counter()
            pdf, report = print_html(html)
            elapsed = time.perf_counter() - start
            if best is None or elapsed < best:
                best, flow = elapsed, report
        flow_total[0] += best
        flow_total[1] += flow.extra_seconds
        flow_total[2] += flow.layouts > 1
        n = pages(pdf)
        (TMP / f"{slug}-{kind}.pdf").write_bytes(pdf)
        line = (
            f"{slug + '/' + kind:<22}{n:>6}{best:>7.2f}{best / n:>8.3f}{peak_mb():>8.0f}"
            f"{len(thai_words(html)):>7}{misses(html, pdf)}"
            f"{flow.layouts:>4}{f'{len(flow.before)}>{len(flow.after)}':>7}{flow.extra_seconds:>6.2f}"
            f"{100 * flow.extra_seconds / (best - flow.extra_seconds):>5.0f}"
        )
        if not args.no_chromium:
            preview = document_html(organisation=org, fiscal_year=2566, kind=kind)
            cpdf, csec = chromium_pdf(preview, f"{slug}-{kind}")
            cn = pages(cpdf)
            line += (
                f" | {cn:>9}{csec:>7.2f}{csec / cn:>8.3f}{misses(preview, cpdf)}"
                f"{(best / n) / (csec / cn):>7.2f}"
            )
            wpdf, wsec = warm.best(preview_file(preview, f"{slug}-{kind}"), args.repeat)
            (TMP / f"{slug}-{kind}-warm.pdf").write_bytes(wpdf)
            wn = pages(wpdf)
            line += f" | {wn:>10}{wsec:>7.2f}{wsec / wn:>9.3f}{(best / n) / (wsec / wn):>7.2f}"
        print(line, flush=True)
    if warm is not None:
        warm.close()
    print(
        f"\npage flow: {flow_total[2]} of {len(cases)} documents laid out again; it added {flow_total[1]:.2f} s "
        f"to {flow_total[0] - flow_total[1]:.2f} s ({100 * flow_total[1] / (flow_total[0] - flow_total[1]):.0f} %). "
        "lay = layouts, flow = problems in the first layout > in the printed one (reports/documents/pdf/flow.py), "
        "+s / +% = what the check and the extra layouts added to one plain layout and the PDF."
    )
    print(
        f"\nPDFs in {TMP}. ratio = (our s/page) / (Chromium s/page): cold = one `chromium --print-to-pdf` "
        "process per document, warm = one running Chromium (Playwright page.pdf, best of --repeat); 'miss' = "
        "Thai words of the HTML missing from PDFium's text (pypdfium2), 'ppl' = from poppler's pdftotext "
        "layout mode ('-': poppler not installed)."
    )


if __name__ == "__main__":
    main()
