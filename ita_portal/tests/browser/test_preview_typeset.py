"""The document preview staff look at before printing is typeset like the PDF (reports/documents/pdf/typeset.py,
screen marks): at a phone's 360 px and a desktop's 1280 px the period column's text stays inside its cell
and never runs over the result column, and no line of the period or result breaks inside a word or a
syllable (pythainlp judges, as reports/documents/pdf/layout_check.py does for the PDF; Chromium's own ICU
dictionary is not the judge)."""

import pytest

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.services import measure_create, progress_record
from reports.documents.layouts import LAYOUTS
from reports.documents.pdf.layout_check import _token_around
from reports.documents.tests.stress import LONG, PERIODS

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLUMNS = [c.id for c in LAYOUTS["annual"]["standard"].columns]
PERIOD, DONE = COLUMNS.index("period"), COLUMNS.index("done")

# For each measure row: the period text's line boxes, the period and result cells' boxes, and for each
# text node of the two cells its text and the offsets where a new line starts inside it.
MEASURE_ROWS = """([period, done]) => [...document.querySelectorAll("table.measures tbody tr")].map(tr => {
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  const cells = tr.children, range = document.createRange();
  range.selectNodeContents(cells[period]);
  const runs = [];
  for (const cell of [cells[period], cells[done]]) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let top = null, run = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("p, td") !== (run && run.block)) {
        run = {block: node.parentElement.closest("p, td"), text: "", breaks: []};
        runs.push(run);
        top = null;
      }
      for (let i = 0; i < node.length; i++) {
        const char = document.createRange();
        char.setStart(node, i);
        char.setEnd(node, i + 1);
        const rect = char.getClientRects()[0];
        if (rect && rect.width > 0) {
          if (top !== null && rect.top > top + 2) run.breaks.push(run.text.length);
          top = rect.top;
        }
        run.text += node.data[i];
      }
    }
  }
  return {
    text: [...range.getClientRects()].filter(r => r.width > 0).map(box),
    period: box(cells[period].getBoundingClientRect()),
    done: box(cells[done].getBoundingClientRect()),
    runs: runs.map(r => [r.text, r.breaks]),
  };
})"""


def intersects(a, b) -> bool:
    return min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 and (
        min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
    )


def inside(a, b) -> bool:
    return a["left"] >= b["left"] - 0.5 and a["right"] <= b["right"] + 0.5


@pytest.mark.parametrize("width", [360, 1280])
def test_period_text_stays_in_its_column_and_words_stay_whole(new_page, live_frameworks, width):
    organisation = OrganisationFactory(slug=f"preview-{width}", name="องค์การบริหารส่วนตำบลหนองบัวแดงเหนือ")
    for n, period in enumerate(PERIODS, start=1):
        measure = measure_create(
            organisation=organisation,
            fiscal_year=2566,
            title=f"มาตรการที่ {n} ประชาสัมพันธ์ช่องทางการรับเรื่องร้องเรียน",
            steps=["ประชุมชี้แจงผู้รับผิดชอบ", "รายงานผลการดำเนินงาน"],
            period_text=period,
            actor=None,
        )
        progress_record(measure=measure, round="annual", done=LONG, status="done", actor=None)
    staff = UserFactory(role=Role.STAFF, organisation=organisation)
    page = new_page(width=width)
    login(page, staff.username)
    page.goto(f"/o/{organisation.slug}/reports/2566/annual/")
    page.evaluate("document.fonts.ready.then(() => true)")
    rows = page.evaluate(MEASURE_ROWS, [PERIOD, DONE])
    assert len(rows) == len(PERIODS)
    over = [(i, t) for i, r in enumerate(rows) for t in r["text"] if intersects(t, r["done"])]
    outside = [(i, t) for i, r in enumerate(rows) for t in r["text"] if not inside(t, r["period"])]
    assert over == [] and outside == []
    breaks = [(text, at) for r in rows for text, offsets in r["runs"] for at in offsets]
    assert len(breaks) > len(rows)  # the results wrap: there are breaks to judge
    bad = []
    for text, at in breaks:
        text = text.replace("\u00a0", " ")
        left, right = text[max(0, at - 30) : at], text[at : at + 30]
        for engine in ("word", "syllable"):
            token = _token_around(left + right, len(left), engine)
            if token is not None:
                bad.append((left + right)[token[0] : len(left)] + "|" + (left + right)[len(left) : token[1]])
                break
    assert bad == []
