"""Recording progress over HTTP: links, evidence files checked by content, nothing half-saved,
files served only through the scoping gate."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ita_portal.scoping import Role
from ita_portal.tests.factories import UserFactory
from measures.models import EvidenceFile, Progress
from measures.uploads import MAX_SIZE, check_evidence_file

from .conftest import PDF, pdf_upload

pytestmark = pytest.mark.django_db

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Override PartName="{part}" ContentType="{type}"/></Types>"""


def office(part, content_type) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(part=part, type=content_type))
        archive.writestr(part.lstrip("/"), "<x/>")
    return buffer.getvalue()


DOCX = office(
    "/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)


def xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    book = Workbook()
    book.active["A1"] = "ผลการดำเนินงาน"
    book.save(buffer)
    return buffer.getvalue()


def post(client, org, measure, **fields):
    data = {
        "round": "half",
        "reported_on": "2024-03-31",
        "status": "in_progress",
        "done": "ทำแล้ว",
        "outcome": "",
        "completed_on": "",
        "links": "",
        "version": "",
    }
    data.update(fields)
    return client.post(reverse("measures:progress_create", kwargs={"org": org.slug, "pk": measure.pk}), data)


def test_progress_with_link_and_pdf(client, org, staff, measure, media_root):
    client.force_login(staff)
    response = post(
        client,
        org,
        measure,
        links="https://www.example.go.th/a\n\nhttps://www.example.go.th/b",
        files=[pdf_upload("รายงานผล.pdf")],
    )
    assert response.status_code == 302
    progress = Progress.objects.get(measure=measure)
    assert list(progress.links.values_list("url", flat=True)) == [
        "https://www.example.go.th/a",
        "https://www.example.go.th/b",
    ]
    evidence = progress.files.get()
    assert evidence.original_name == "รายงานผล.pdf" and evidence.content_type == "application/pdf"
    assert "รายงานผล" not in evidence.file.name  # stored under a random name
    assert progress.created_by == staff
    download = client.get(reverse("measures:evidence_file", kwargs={"org": org.slug, "pk": evidence.pk}))
    assert b"".join(download.streaming_content) == PDF
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "application/pdf"
    assert (
        "inline" in download["Content-Disposition"] and "filename*=utf-8''" in download["Content-Disposition"]
    )


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: pdf_upload("fake.pdf", b"MZ\x90\x00 this is a windows program"), "ไม่ใช่ไฟล์ PDF จริง"),
        (lambda: SimpleUploadedFile("setup.exe", b"MZ\x90\x00"), "ไม่รับไฟล์ชนิด “.exe”"),
        (lambda: pdf_upload("big.pdf", PDF + b"0" * MAX_SIZE), "เกินขนาดสูงสุด"),
        (lambda: SimpleUploadedFile("sheet.xlsx", DOCX), "ไม่ใช่ไฟล์ XLSX จริง"),
        (lambda: SimpleUploadedFile("page.html", b"<script>alert(1)</script>"), "ไม่รับไฟล์ชนิด"),
        (lambda: SimpleUploadedFile("broken.docx", b"PK\x03\x04 not really a zip"), "ไม่ใช่ไฟล์ DOCX จริง"),
    ],
    ids=["fake-pdf", "exe", "too-large", "docx-named-xlsx", "html", "broken-zip"],
)
def test_bad_files_get_a_thai_message_and_nothing_is_saved(
    client, org, staff, measure, media_root, upload, message
):
    client.force_login(staff)
    response = post(client, org, measure, links="https://www.example.go.th/a", files=[pdf_upload(), upload()])
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors["files"])
    assert not Progress.objects.filter(measure=measure).exists()
    assert not EvidenceFile.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        ("photo.PNG", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        ("report.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("sheet.xlsx", None, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "application/msword"),
    ],
)
def test_accepted_kinds(name, content, content_type):
    upload = SimpleUploadedFile(name, content if content is not None else xlsx())
    assert check_evidence_file(upload).content_type == content_type


@pytest.mark.parametrize(
    "link", ["www.example.go.th", "example.go.th/news", "javascript:alert(1)", "ftp://x.go.th/a"]
)
def test_links_without_http_scheme_are_refused_with_a_thai_hint(
    client, org, staff, measure, media_root, link
):
    client.force_login(staff)
    response = post(client, org, measure, links=f"https://ok.go.th/\n{link}")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["links"])
    assert "http://" in errors and "https://" in errors
    if link.startswith("www"):
        assert "เช่น https://www.example.go.th" in errors
    assert not Progress.objects.filter(measure=measure).exists()


def test_done_without_text_is_refused_next_to_the_field(client, org, staff, measure, media_root):
    client.force_login(staff)
    response = post(client, org, measure, status="done", done="")
    assert "บันทึกผลการดำเนินการก่อน" in response.context["form"].errors["done"][0]


def test_unit_staff_records_progress_on_their_units_measure(client, org, pr_unit, measure, media_root):
    unit_staff = UserFactory(role=Role.UNIT_STAFF, organisation=org, unit=pr_unit)
    client.force_login(unit_staff)
    assert (
        post(client, org, measure, status="done", done="เผยแพร่แล้ว", completed_on="2024-03-30").status_code
        == 302
    )
    measure.refresh_from_db()
    assert measure.status == "done"
    assert Progress.objects.get(measure=measure).created_by == unit_staff


def test_edit_progress_replaces_links_adds_and_removes_files(
    client, org, staff, measure, progress, media_root
):
    client.force_login(staff)
    old_file = progress.files.get()
    url = reverse(
        "measures:progress_edit", kwargs={"org": org.slug, "pk": measure.pk, "progress": progress.pk}
    )
    page = client.get(url).content.decode()
    assert "https://www.example.go.th/news/1" in page and "31 มี.ค. 2567" in page
    response = client.post(
        url,
        {
            "round": "half",
            "reported_on": "2024-03-31",
            "status": "in_progress",
            "done": "แก้แล้ว",
            "outcome": "",
            "completed_on": "",
            "links": "https://www.example.go.th/news/2",
            "version": str(progress.version),
            "remove_files": [old_file.pk],
            "files": [SimpleUploadedFile("report.docx", DOCX)],
        },
    )
    assert response.status_code == 302
    progress.refresh_from_db()
    assert progress.done == "แก้แล้ว"
    assert list(progress.links.values_list("url", flat=True)) == ["https://www.example.go.th/news/2"]
    assert list(progress.files.values_list("original_name", flat=True)) == ["report.docx"]
    assert "หลักฐาน" in progress.history.first().history_change_reason


def test_progress_edit_version_conflict(client, org, staff, measure, progress, media_root):
    other = UserFactory(role=Role.STAFF, organisation=org, first_name="สมชาย")
    url = reverse(
        "measures:progress_edit", kwargs={"org": org.slug, "pk": measure.pk, "progress": progress.pk}
    )
    data = {
        "round": "half",
        "reported_on": "2024-03-31",
        "status": "in_progress",
        "outcome": "",
        "completed_on": "",
        "links": "",
        "version": str(progress.version),
    }
    client.force_login(other)
    assert client.post(url, {**data, "done": "ของสมชาย"}).status_code == 302
    client.force_login(staff)
    second = client.post(url, {**data, "done": "ของสมศรี"})
    assert second.status_code == 200
    assert "มีผู้อื่น (สมชาย)" in second.content.decode() and "ของสมชาย" in second.content.decode()
    progress.refresh_from_db()
    assert progress.done == "ของสมชาย"


def test_evidence_file_of_another_organisation_is_not_found(client, org, staff, other_progress):
    client.force_login(staff)
    other_file = other_progress.files.get()
    for slug in (org.slug, other_progress.measure.organisation.slug):
        assert (
            client.get(
                reverse("measures:evidence_file", kwargs={"org": slug, "pk": other_file.pk})
            ).status_code
            == 404
        )


def test_office_files_are_downloaded_not_shown(client, org, staff, measure, media_root):
    client.force_login(staff)
    post(client, org, measure, files=[SimpleUploadedFile("แผน.docx", DOCX)])
    evidence = EvidenceFile.objects.get()
    response = client.get(reverse("measures:evidence_file", kwargs={"org": org.slug, "pk": evidence.pk}))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_missing_file_on_disk_is_not_found(client, org, staff, progress):
    evidence = progress.files.get()
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(staff)
    assert (
        client.get(reverse("measures:evidence_file", kwargs={"org": org.slug, "pk": evidence.pk})).status_code
        == 404
    )


def test_progress_dates_are_shown_in_be(client, org, staff, measure, progress):
    client.force_login(staff)
    page = client.get(reverse("measures:detail", kwargs={"org": org.slug, "pk": measure.pk})).content.decode()
    assert "รายงาน 31 มี.ค. 2567" in page
    assert dt.date(2024, 3, 31).isoformat() not in page
