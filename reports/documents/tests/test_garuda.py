"""The site-wide ครุฑ of the memo: uploaded once by a system administrator, checked by its content,
printed 1.5 cm high at the top left; until then the preview says so and the PDF leaves the space."""

import io

import pypdfium2 as pdfium
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from reports.documents import document_html, document_pdf
from reports.documents.emblem import MAX_BYTES, checked_image, garuda_upload
from reports.documents.pdf.typeset import untypeset
from reports.models import SiteEmblem

pytestmark = pytest.mark.django_db
CM = 72 / 2.54


def image_bytes(kind="PNG", size=(200, 230), mode="RGBA") -> bytes:
    im = Image.new(mode if kind == "PNG" else "RGB", size, "black")
    out = io.BytesIO()
    im.save(out, kind)
    return out.getvalue()


def admin():
    return UserFactory(role=Role.ADMIN, organisation=None, is_staff=True)


def test_png_and_jpeg_are_recognised_by_content():
    assert checked_image(image_bytes("PNG")) == ".png"
    assert checked_image(image_bytes("JPEG")) == ".jpg"


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 not an image at all",
        image_bytes("GIF", mode="P"),
        image_bytes("PNG")[:300],  # truncated: the header is fine, the pixels are not
        image_bytes("PNG", size=(5000, 20)),
        image_bytes("PNG", size=(8, 8)),
        b"\x89PNG\r\n\x1a\n" + b"\x00" * (MAX_BYTES + 10),
    ],
    ids=["exe", "gif", "truncated", "too-wide", "too-small", "too-large"],
)
def test_anything_else_is_refused(data):
    with pytest.raises(ValidationError):
        checked_image(data)


def test_upload_only_by_a_system_administrator_with_history(media_root):
    staff = UserFactory()
    with pytest.raises(PermissionDenied):
        garuda_upload(file=io.BytesIO(image_bytes()), actor=staff)
    assert SiteEmblem.current() is None
    boss = admin()
    first = garuda_upload(file=io.BytesIO(image_bytes()), actor=boss)
    second = garuda_upload(file=io.BytesIO(image_bytes("JPEG")), actor=boss)
    assert first.pk == second.pk == SiteEmblem.SINGLETON_PK and SiteEmblem.objects.count() == 1
    assert second.version == 2 and second.garuda.name.endswith(".jpg")
    assert second.garuda.name.startswith("logos/site/")
    assert [h.history_user for h in second.history.all()] == [boss, boss]


def test_upload_page(client, media_root):
    url = reverse("site_garuda")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(admin())
    page = client.get(url)
    assert "ยังไม่มีตราครุฑ" in page.content.decode()
    bad = client.post(url, {"garuda": SimpleUploadedFile("garuda.png", b"<?php echo 1; ?>")})
    assert bad.status_code == 200 and "ไม่ใช่รูปภาพ" in bad.content.decode()
    assert SiteEmblem.current() is None
    ok = client.post(url, {"garuda": SimpleUploadedFile("g.png", image_bytes())})
    assert ok.status_code == 302 and SiteEmblem.current().garuda
    image = client.get(reverse("site_garuda_image"))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert b"".join(image.streaming_content).startswith(b"\x89PNG")


def _garuda_boxes(pdf: bytes):
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        height = page.get_height()
        boxes = [obj.get_bounds() for obj in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE])]
        return height, boxes
    finally:
        doc.close()


def test_memo_without_garuda_says_so_and_leaves_the_space(media_root):
    org = OrganisationFactory()
    html = untypeset(document_html(organisation=org, fiscal_year=2567, kind="memo"))
    assert "ยังไม่มีตราครุฑ" in html and "<img" not in html
    _, boxes = _garuda_boxes(document_pdf(organisation=org, fiscal_year=2567, kind="memo"))
    assert boxes == []


def test_memo_prints_the_garuda_1_5_cm_high_top_left(media_root):
    org = OrganisationFactory()
    before = document_pdf(organisation=org, fiscal_year=2567, kind="memo")
    garuda_upload(file=io.BytesIO(image_bytes(size=(300, 340))), actor=admin())
    org.refresh_from_db()  # as the next request loads it: the upload bumped every organisation
    html = document_html(organisation=org, fiscal_year=2567, kind="memo")
    assert "ยังไม่มีตราครุฑ" not in html and reverse("site_garuda_image") in html
    pdf = document_pdf(organisation=org, fiscal_year=2567, kind="memo")
    assert pdf != before  # the cached PDF without the Garuda is not served
    height, boxes = _garuda_boxes(pdf)
    assert len(boxes) == 1
    left, bottom, right, top = boxes[0]
    assert abs((top - bottom) - 1.5 * CM) < 0.05 * CM
    assert abs(left - 3 * CM) < 0.05 * CM  # the left margin of the form
    assert abs((height - top) - 1.5 * CM) < 0.05 * CM  # 1.5 cm from the top edge
