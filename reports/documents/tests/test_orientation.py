"""Portrait or landscape, chosen per document by the organisation (issue 10): stored with the document's
texts through the one write (actor, history, version check), printed as the @page size of the PDF and
the width of the preview, part of the PDF cache key; portrait by default, the memo always portrait."""

import pypdfium2 as pdfium
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ita_portal.concurrency import StaleVersion
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.services import measure_create
from reports.documents import (
    build_analysis,
    build_annual,
    build_half,
    build_memo,
    document_html,
    document_layout_set,
    document_pdf,
    pdf_cache_key,
)
from reports.models import ReportText

pytestmark = pytest.mark.django_db
YEAR = 2566


@pytest.fixture
def org():
    return OrganisationFactory(name="องค์การบริหารส่วนตำบลทดสอบ")


@pytest.fixture
def staff(org):
    return UserFactory(organisation=org, role=Role.STAFF)


def page_sizes(pdf: bytes) -> list[tuple[int, int]]:
    document = pdfium.PdfDocument(pdf)
    try:
        return [tuple(round(v) for v in document[i].get_size()) for i in range(len(document))]
    finally:
        document.close()


def test_portrait_by_default_and_the_memo_always(org):
    for build in (build_half, build_annual, build_analysis, build_memo):
        assert build(organisation=org, fiscal_year=YEAR)["orientation"] == "portrait"
    assert "size: A4 landscape" not in document_html(organisation=org, fiscal_year=YEAR, kind="annual")


@pytest.mark.parametrize("kind", ["half", "annual", "analysis"])
def test_landscape_is_stored_with_history_and_printed(org, staff, kind):
    row = document_layout_set(
        organisation=org, fiscal_year=YEAR, document=kind, orientation="landscape", actor=staff
    )
    assert row.texts["orientation"] == "landscape" and row.history.first().history_user == staff
    html = document_html(organisation=org, fiscal_year=YEAR, kind=kind)
    assert "size: A4 landscape" in html and 'class="doc doc-' + kind + ' landscape screen"' in html
    # back to portrait: the default, so nothing is stored
    row = document_layout_set(
        organisation=org,
        fiscal_year=YEAR,
        document=kind,
        orientation="portrait",
        actor=staff,
        expected_version=row.version,
    )
    assert "orientation" not in row.texts and row.history.count() == 2


def test_orientation_and_layout_are_refused_where_they_do_not_exist(org, staff):
    with pytest.raises(ValidationError):
        document_layout_set(
            organisation=org, fiscal_year=YEAR, document="memo", orientation="landscape", actor=staff
        )
    with pytest.raises(ValidationError):
        document_layout_set(
            organisation=org, fiscal_year=YEAR, document="annual", orientation="sideways", actor=staff
        )
    with pytest.raises(ValidationError):
        document_layout_set(
            organisation=org, fiscal_year=YEAR, document="half", layout="outcome", actor=staff
        )
    with pytest.raises(ValidationError):
        document_layout_set(organisation=org, fiscal_year=YEAR, document="annual", actor=staff)
    assert not ReportText.objects.exists()


def test_a_stale_choice_is_refused(org, staff):
    document_layout_set(organisation=org, fiscal_year=YEAR, document="annual", layout="outcome", actor=staff)
    with pytest.raises(StaleVersion):
        document_layout_set(
            organisation=org,
            fiscal_year=YEAR,
            document="annual",
            orientation="landscape",
            actor=staff,
            expected_version=0,
        )


def test_the_pdf_is_landscape_its_memo_portrait_and_the_cache_key_follows(
    org, staff, django_capture_on_commit_callbacks
):
    measure_create(organisation=org, fiscal_year=YEAR, title="มาตรการทดสอบ", actor=None)
    where = {"organisation": org, "fiscal_year": YEAR, "kind": "annual"}
    portrait_key = pdf_cache_key(**where)
    assert set(page_sizes(document_pdf(**where))) == {(595, 842)}
    document_layout_set(
        organisation=org, fiscal_year=YEAR, document="annual", orientation="landscape", actor=staff
    )
    org.refresh_from_db()  # as a request loads it: the layout choice moved its data version
    assert pdf_cache_key(**where) != portrait_key
    assert set(page_sizes(document_pdf(**where))) == {(842, 595)}
    with_memo = page_sizes(document_pdf(**where, with_memo=True))
    assert with_memo[0] == (595, 842) and set(with_memo[1:]) == {(842, 595)}


def test_a_landscape_cover_stays_on_its_one_page(org, staff):
    """The cover's flex column spilled its footer onto a second landscape page (WeasyPrint 70)."""
    from reports.documents.saving import report_texts_save

    cover = {  # the cover of sample 003 (จานลาน)
        "title_lines": [
            "รายงานผลการดำเนินการเพื่อส่งเสริม",
            "คุณธรรมและความโปร่งใส",
            "ภายในหน่วยงานขององค์การบริหารส่วนตำบล",
            "จานลาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        ],
        "footer_lines": ["องค์การบริหารส่วนตำบลจานลาน", "อำเภอพนา จังหวัดอำนาจเจริญ", "โทรศัพท์ ๐๔๕-๙๘๙๖๖๓", "ท้ายปก"],
    }
    report_texts_save(
        organisation=org,
        document="annual",
        fiscal_year=YEAR,
        texts={"cover": cover},
        expected_version=None,
        actor=staff,
    )
    document_layout_set(
        organisation=org, fiscal_year=YEAR, document="annual", orientation="landscape", actor=staff
    )
    document = pdfium.PdfDocument(document_pdf(organisation=org, fiscal_year=YEAR, kind="annual"))
    try:
        first, second = (document[i].get_textpage().get_text_range() for i in (0, 1))
    finally:
        document.close()
    assert "ท้ายปก" in first and "ท้ายปก" not in second


def test_the_select_on_the_document_page_saves_the_orientation(client, org, staff):
    client.force_login(staff)
    for kind in ("half", "annual", "analysis"):
        body = client.get(reverse("reports:document", kwargs={"org": org.slug, "year": YEAR, "kind": kind}))
        body = body.content.decode()
        assert 'name="orientation"' in body and "แนวตั้ง" in body and "แนวนอน" in body
        assert ('name="layout"' in body) == (kind == "annual")
    url = reverse("reports:document_layout", kwargs={"org": org.slug, "year": YEAR, "kind": "half"})
    assert client.post(url, {"orientation": "landscape", "version": "0"}).status_code == 302
    assert build_half(organisation=org, fiscal_year=YEAR)["orientation"] == "landscape"
    memo = client.get(reverse("reports:document", kwargs={"org": org.slug, "year": YEAR, "kind": "memo"}))
    assert 'name="orientation"' not in memo.content.decode()
    memo_url = reverse("reports:document_layout", kwargs={"org": org.slug, "year": YEAR, "kind": "memo"})
    assert client.post(memo_url, {"orientation": "landscape"}).status_code == 404


def test_executives_cannot_turn_the_paper(client, org):
    client.force_login(UserFactory(organisation=org, role=Role.EXECUTIVE))
    url = reverse("reports:document_layout", kwargs={"org": org.slug, "year": YEAR, "kind": "half"})
    assert client.post(url, {"orientation": "landscape"}).status_code == 403
    assert not ReportText.objects.exists()


def test_the_texts_page_offers_the_choice_too_and_comes_back_to_itself(client, org, staff):
    client.force_login(staff)
    texts = reverse("reports:texts", kwargs={"org": org.slug, "year": YEAR, "kind": "analysis"})
    body = client.get(texts).content.decode()
    assert 'name="orientation"' in body and 'name="back" value="texts"' in body
    url = reverse("reports:document_layout", kwargs={"org": org.slug, "year": YEAR, "kind": "analysis"})
    response = client.post(url, {"orientation": "landscape", "version": "0", "back": "texts"})
    assert response.status_code == 302 and response["Location"] == texts
    assert build_analysis(organisation=org, fiscal_year=YEAR)["orientation"] == "landscape"
    client.force_login(UserFactory(organisation=org, role=Role.EXECUTIVE))
    assert 'name="orientation"' not in client.get(texts).content.decode()


def test_the_page_suggests_landscape_where_portrait_headers_cannot_fit(client, demo):
    """jan-lan's annual table (the outcome layout, sample 003): six columns whose widest words fill the
    16 cm, so its longest header cannot be set on two lines in portrait; ban-mo's fits. The hint goes
    once landscape is chosen."""
    from ita_portal.models import Organisation
    from reports.documents.pdf.typeset import untypeset

    hint = "แนะนำเลือก “แนวนอน”"

    def preview(slug):
        org = Organisation.objects.get(slug=slug)
        client.force_login(UserFactory(organisation=org, role=Role.STAFF))
        response = client.get(
            reverse("reports:document", kwargs={"org": slug, "year": YEAR, "kind": "annual"})
        )
        return untypeset(response.content.decode())  # the preview is typeset for the screen

    assert hint in preview("jan-lan")
    assert hint not in preview("ban-mo")
    jan_lan = Organisation.objects.get(slug="jan-lan")
    version = ReportText.objects.get(organisation=jan_lan, fiscal_year=YEAR, kind="annual").version
    document_layout_set(
        organisation=jan_lan,
        fiscal_year=YEAR,
        document="annual",
        orientation="landscape",
        actor=None,
        expected_version=version,
    )
    assert hint not in preview("jan-lan")
