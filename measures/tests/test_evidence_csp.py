"""Evidence downloads (issue 9): an uploaded file keeps `nosniff` and is served under a sandboxing
Content-Security-Policy instead of the site's page policy, shown inline or downloaded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.models import EvidenceFile
from measures.services import progress_record

pytestmark = pytest.mark.django_db

SANDBOX = "sandbox; default-src 'none'"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def download(client, org, evidence):
    return client.get(reverse("measures:evidence_file", kwargs={"org": org.slug, "pk": evidence.pk}))


def test_an_inline_pdf_is_sandboxed(client, org, staff, progress):
    client.force_login(staff)
    response = download(client, org, progress.files.get())
    assert response.status_code == 200 and response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_image_is_sandboxed(client, org, staff, measure, media_root):
    progress_record(
        measure=measure,
        round="half",
        done="ภาพถ่ายการประชุม",
        files=[SimpleUploadedFile("ภาพ.png", PNG, content_type="image/png")],
        actor=staff,
    )
    client.force_login(staff)
    evidence = EvidenceFile.objects.get()
    assert evidence.content_type == "image/png"
    response = download(client, org, evidence)
    assert response["Content-Security-Policy"] == SANDBOX
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy-Report-Only" not in response


def test_the_measure_page_itself_keeps_the_site_policy(client, org, staff, progress):
    client.force_login(staff)
    response = client.get(reverse("measures:detail", kwargs={"org": org.slug, "pk": progress.measure.pk}))
    assert "sandbox" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
