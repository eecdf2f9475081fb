"""Zip bombs: an Office file that inflates to far more than it weighs is refused, through the real
progress view and service, without the server ever inflating it; the check runs once per upload."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from measures.models import EvidenceFile, Progress

from .conftest import pdf_upload
from .test_progress import CONTENT_TYPES, DOCX, post

pytestmark = pytest.mark.django_db

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MB = 1024 * 1024


def bomb(*, huge_member: str, inflated_mb: int) -> bytes:
    """A real docx skeleton whose `huge_member` inflates to `inflated_mb` MB of blanks (~1000:1)."""
    head = CONTENT_TYPES.format(part="/word/document.xml", type=DOCX_MAIN)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        if huge_member != "[Content_Types].xml":
            archive.writestr("[Content_Types].xml", head)
        with archive.open(huge_member, "w", force_zip64=inflated_mb > 1000) as member:
            if huge_member == "[Content_Types].xml":
                member.write(head.encode())
            chunk = b" " * MB
            for _ in range(inflated_mb):
                member.write(chunk)
        if huge_member != "word/document.xml":
            archive.writestr("word/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "huge_member, inflated_mb",
    [("[Content_Types].xml", 60), ("[Content_Types].xml", 210), ("word/document.xml", 210)],
    ids=["content-types-60mb", "content-types-210mb", "other-member-210mb"],
)
def test_zip_bomb_is_refused_in_thai_without_inflating_it(
    client, org, staff, measure, media_root, huge_member, inflated_mb
):
    content = bomb(huge_member=huge_member, inflated_mb=inflated_mb)
    assert len(content) < 1 * MB  # well within the 10 MB upload limit
    client.force_login(staff)
    tracemalloc.start()
    try:
        response = post(
            client, org, measure, files=[pdf_upload(), SimpleUploadedFile("รายงาน.docx", content)]
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["files"])
    assert "ไม่รับไฟล์ “รายงาน.docx”" in errors and "เมื่อแตกไฟล์แล้ว" in errors
    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB"
    assert not Progress.objects.filter(measure=measure).exists()
    assert not EvidenceFile.objects.exists()
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_archive_of_countless_members_is_refused_before_its_directory_is_read(
    client, org, staff, measure, media_root
):
    """150,000 empty members in 9 MB: parsing that directory alone would take ~60 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml", CONTENT_TYPES.format(part="/word/document.xml", type=DOCX_MAIN)
        )
        for i in range(120_000):
            archive.writestr(f"{i}", b"")
    content = buffer.getvalue()
    assert len(content) < 10 * MB
    client.force_login(staff)
    tracemalloc.start()
    try:
        response = post(client, org, measure, files=[SimpleUploadedFile("many.docx", content)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    errors = " ".join(response.context["form"].errors["files"])
    assert "ไม่รับไฟล์ “many.docx”: รายการภายในไฟล์มากผิดปกติ" in errors
    # the upload itself is in memory twice (the test client's request body and the parsed file)
    assert peak < 2.5 * len(content) + 5 * MB, f"peak {peak / MB:.1f} MB"
    assert not Progress.objects.filter(measure=measure).exists()


def test_lying_directory_cannot_make_content_types_grow():
    """A directory that declares a small [Content_Types].xml which really inflates to 60 MB: the
    capped read stops early and the file is refused as not a real DOCX."""
    from measures.uploads import check_evidence_file

    content = bytearray(bomb(huge_member="[Content_Types].xml", inflated_mb=60))
    # Rewrite the declared uncompressed size (local header and central directory) to 1 KB.
    with zipfile.ZipFile(io.BytesIO(bytes(content))) as archive:
        real = archive.getinfo("[Content_Types].xml").file_size
    needle = real.to_bytes(4, "little")
    assert content.count(needle) == 2
    content = bytes(content.replace(needle, (1024).to_bytes(4, "little")))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.getinfo("[Content_Types].xml").file_size == 1024
    tracemalloc.start()
    try:
        with pytest.raises(Exception) as refused:
            check_evidence_file(SimpleUploadedFile("lie.docx", content))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "ไม่ใช่ไฟล์ DOCX จริง" in " ".join(refused.value.messages)
    assert peak < 20 * MB, f"peak {peak / MB:.1f} MB"


def test_each_upload_is_checked_once(client, org, staff, measure, media_root, monkeypatch):
    """The form no longer repeats the service's check: [Content_Types].xml is opened once per file."""
    opened = []
    real_open = zipfile.ZipFile.open

    def counting_open(self, name, *args, **kwargs):
        opened.append(getattr(name, "filename", name))
        return real_open(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", counting_open)
    client.force_login(staff)
    response = post(client, org, measure, files=[SimpleUploadedFile("report.docx", DOCX)])
    assert response.status_code == 302
    assert opened.count("[Content_Types].xml") == 1
    assert Progress.objects.get(measure=measure).files.count() == 1
