"""The memo as printed, measured on the PDF's word boxes (pypdfium2): at least 2 cm of paper above
every signature name, a second memo page numbered when the endorsements need it, and the report behind
the memo numbered from its own first page."""

import io
import re

import pypdfium2 as pdfium
import pytest
from django.core.management import call_command

from ita_portal.models import Organisation
from ita_portal.tests.factories import OrganisationFactory
from reports.documents import DOCUMENTS, build_memo, document_context, memo_texts_save
from reports.documents.pdf import html_to_pdf, render_html
from reports.documents.pdf.typeset import untypeset

pytestmark = pytest.mark.django_db
CM = 72 / 2.54
MIN_GAP = 2 * CM  # 56.7 pt
BLANK_LINE = "." * 45  # what an unset name or position prints, to fill in by hand
PAGE_NUMBER = re.compile(r"^-\s*([๐-๙0-9]+)\s*-$")


def signature_gaps(pdf: bytes, names: list[str]) -> dict[str, float]:
    """For each name, the blank height (pt) between the lowest ink of the text above its "(name"
    line and the top of that line, on the page where it is printed."""
    gaps = {}
    doc = pdfium.PdfDocument(pdf)
    try:
        for name in names:
            needle = f"({name[:12]}"
            for page in doc:
                text = page.get_textpage()
                found = text.search(needle).get_next()
                if not found:
                    continue
                start, count = found
                name_top = max(text.get_charbox(i)[3] for i in range(start, start + count))
                above = [
                    box[1]
                    for i in range(text.count_chars())
                    if not text.get_text_range(i, 1).isspace()
                    for box in [text.get_charbox(i)]
                    if box[1] > name_top + 0.5 and box[3] > box[1]
                ]
                assert above, f"nothing printed above {name!r}"
                gaps[name] = min(above) - name_top
                break
            else:
                raise AssertionError(f"{name!r} not found in the PDF")
    finally:
        doc.close()
    return gaps


def page_numbers(pdf: bytes) -> list[str | None]:
    """The "- n -" printed at the top of each page (None where there is none)."""
    numbers = []
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in doc:
            height, width = page.get_height(), page.get_width()
            band = page.get_textpage().get_text_bounded(0, height - 2.3 * CM, width, height - 0.4 * CM)
            match = PAGE_NUMBER.match(band.strip())
            numbers.append(match.group(1) if match else None)
    finally:
        doc.close()
    return numbers


def memo_names(memo: dict) -> list[str]:
    return [memo["signer"]["name"], *(e["name"] for e in memo["endorsements"])]


@pytest.fixture(scope="module")
def rendered(django_db_blocker, django_db_setup):
    """จานลาน's annual report (with a cover) and หัวเรือ's 6-month report (without one), each with and
    without its memo in front, and จานลาน's memo itself."""
    with django_db_blocker.unblock():
        call_command("load_demo", force=True, verbosity=0, stdout=io.StringIO())
        out = {"memo": build_memo(organisation=Organisation.objects.get(slug="jan-lan"), fiscal_year=2566)}
        for slug, kind in (("jan-lan", "annual"), ("hua-ruea", "half")):
            org = Organisation.objects.get(slug=slug)
            for with_memo in (True, False):
                context = document_context(organisation=org, fiscal_year=2566, kind=kind, with_memo=with_memo)
                out[(kind, with_memo)] = html_to_pdf(render_html(DOCUMENTS[kind].template, context))
        Organisation.objects.filter(slug__in=["jan-lan", "ban-mo", "hua-ruea", "bo-thong"]).delete()
    return out


@pytest.fixture
def janlan(rendered):
    return {"memo": rendered["memo"], True: rendered[("annual", True)], False: rendered[("annual", False)]}


def test_demo_memo_leaves_2_cm_above_every_signature(janlan):
    names = memo_names(janlan["memo"])
    assert len(names) == 3
    gaps = signature_gaps(janlan[True], names)
    assert all(gap >= MIN_GAP for gap in gaps.values()), {n: round(g / CM, 2) for n, g in gaps.items()}


@pytest.mark.parametrize("kind", ["annual", "half"])
def test_report_pages_are_numbered_from_the_report_not_the_memo(rendered, kind):
    alone, behind_memo = page_numbers(rendered[(kind, False)]), page_numbers(rendered[(kind, True)])
    memo_pages = len(behind_memo) - len(alone)
    assert memo_pages in (1, 2)
    # The annual preface is "- ๒ -" after the cover, memo or not; the 6-month report's first page is
    # unnumbered and its second "- ๒ -", memo or not.
    assert behind_memo[memo_pages:] == alone
    assert alone[0] is None and alone[1] == "๒"
    assert behind_memo[0] is None  # the memo's first page carries no number
    if memo_pages == 2:
        assert behind_memo[1] == "๒"  # its second page does


LONG_NAME = "นางสาวประภาพรรณวดี ศรีสุวรรณวิจิตรกุลชัยมงคลเลิศวิไลวรรณ ณ พระนครศรีอยุธยาวิสุทธิ์"
LONG_POSITION = (
    "รองปลัดองค์การบริหารส่วนตำบล ปฏิบัติราชการแทน ปลัดองค์การบริหารส่วนตำบลหนองบัวแดงใต้พัฒนา "
    "รักษาราชการแทน นายกองค์การบริหารส่วนตำบลหนองบัวแดงใต้พัฒนา"
)


def test_stress_memo_longest_names_and_long_proposals_keep_2_cm(media_root):
    org = OrganisationFactory(name="องค์การบริหารส่วนตำบลหนองบัวแดงใต้พัฒนาเฉลิมพระเกียรติ")
    names = [LONG_NAME[:150], "นาย" + LONG_NAME[6:150], "ว่าที่ร้อยตรี" + LONG_NAME[6:140]]
    proposal = "\n".join(
        f"{n}. เห็นควรแจ้งทุกส่วนราชการทราบและดำเนินการตามมาตรการที่กำหนด พร้อมทั้งรายงานผลการดำเนินงาน"
        f"ให้ผู้บริหารทราบทุกไตรมาส และประชาสัมพันธ์ผ่านเว็บไซต์หลักของหน่วยงานต่อไป"
        for n in "๑๒๓๔๕"
    )
    texts = {
        "proposal": proposal,
        "opinion_text": "เห็นควรอนุมัติตามเสนอ " * 6,
        "order_text": "อนุมัติ",
        "signer_name": names[0],
        "signer_position": LONG_POSITION,
        "opinion_name": names[1],
        "opinion_position": LONG_POSITION,
        "order_name": names[2],
        "order_position": LONG_POSITION,
    }
    memo_texts_save(organisation=org, fiscal_year=2567, texts=texts, actor=None)
    memo = build_memo(organisation=org, fiscal_year=2567)
    pdf = html_to_pdf(render_html(DOCUMENTS["memo"].template, {"doc": memo}))
    gaps = signature_gaps(pdf, names)
    assert all(gap >= MIN_GAP for gap in gaps.values()), {n[:8]: round(g / CM, 2) for n, g in gaps.items()}
    numbers = page_numbers(pdf)
    assert numbers[0] is None and numbers[1:] == ["๒", "๓"][: len(numbers) - 1]


def test_unset_signers_print_dotted_lines_with_2_cm_to_sign(media_root):
    """ban-mo's memo printed "()" with no name and no position: a blank form prints dotted lines to fill
    in by hand, and the room to sign stays."""
    org = OrganisationFactory(head_name="", head_position="", clerk_name="", clerk_position="", mayor_name="")
    memo = build_memo(organisation=org, fiscal_year=2566)
    assert memo_names(memo) == ["", "", ""]
    html = render_html(DOCUMENTS["memo"].template, {"doc": memo})
    printed = untypeset(html).replace("\u200b", "")  # the typesetter's break opportunity before ")"
    assert "()" not in printed
    assert printed.count(f"<p>({BLANK_LINE})</p>") == 3
    assert printed.count(f"<p>{BLANK_LINE}</p>") == 3  # no position either
    pdf = html_to_pdf(html)
    doc = pdfium.PdfDocument(pdf)
    try:
        gaps = []
        for page in doc:
            text = page.get_textpage()
            searcher = text.search(f"({BLANK_LINE[:12]}")
            while found := searcher.get_next():
                start, count = found
                top = max(text.get_charbox(i)[3] for i in range(start, start + count))
                above = [
                    box[1]
                    for i in range(text.count_chars())
                    if not text.get_text_range(i, 1).isspace()
                    for box in [text.get_charbox(i)]
                    if box[1] > top + 0.5 and box[3] > box[1]
                ]
                gaps.append(min(above) - top)
    finally:
        doc.close()
    assert len(gaps) == 3 and all(gap >= MIN_GAP for gap in gaps), [round(g / CM, 2) for g in gaps]
