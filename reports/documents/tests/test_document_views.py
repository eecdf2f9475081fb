"""The documents over HTTP: own organisation 200, another organisation 404, executives read but do not
edit the memo, PDFs come from the cache while nothing changed."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.services import measure_update
from measures.tests.factories import MeasureFactory
from reports.documents.pdf.typeset import untypeset

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    org = OrganisationFactory()
    MeasureFactory(organisation=org, fiscal_year=2566)
    return org


@pytest.fixture
def staff(client, org):
    client.force_login(UserFactory(organisation=org, role=Role.STAFF))
    return client


def url(name, org, **kwargs):
    return reverse(f"reports:{name}", kwargs={"org": org.slug, **kwargs})


def test_index_lists_documents_by_year(staff, org):
    body = staff.get(url("index", org)).content.decode()
    assert "ปีงบประมาณ 2566" in body
    assert url("document_pdf", org, year=2566, kind="annual") in body
    assert url("memo_edit", org, year=2566) in body


@pytest.mark.parametrize("kind", ["half", "annual", "analysis", "memo"])
def test_preview_is_print_friendly_html(staff, org, kind):
    response = staff.get(url("document", org, year=2566, kind=kind))
    body = response.content.decode()
    assert response.status_code == 200
    assert (
        "css/print.css" in body
        and "ITA Sarabun" in body
        and url("document_pdf", org, year=2566, kind=kind) in body
    )


def test_pdf_download_is_cached_until_the_data_changes(
    staff, org, monkeypatch, django_capture_on_commit_callbacks
):
    cache.clear()
    calls = []
    import reports.documents.pdf

    real = reports.documents.pdf.render_pdf
    monkeypatch.setattr(reports.documents.pdf, "render_pdf", lambda *a, **k: calls.append(a) or real(*a, **k))
    first = staff.get(url("document_pdf", org, year=2566, kind="half"))
    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    staff.get(url("document_pdf", org, year=2566, kind="half"))
    assert len(calls) == 1
    with django_capture_on_commit_callbacks(execute=True):  # the write commits
        measure_update(measure=org.measures.get(), expected_version=None, actor=None, title="มาตรการที่แก้ไขแล้ว")
    staff.get(url("document_pdf", org, year=2566, kind="half"))
    assert len(calls) == 2


def test_pdf_with_the_cover_memo(staff, org):
    response = staff.get(url("document_pdf", org, year=2566, kind="annual") + "?memo=1")
    assert response.status_code == 200 and "with-memo" in response["Content-Disposition"]


def test_other_organisation_is_404(client, org):
    client.force_login(UserFactory(role=Role.STAFF))  # staff of another organisation
    for name, kwargs in (
        ("index", {}),
        ("document", {"year": 2566, "kind": "annual"}),
        ("document_pdf", {"year": 2566, "kind": "memo"}),
        ("memo_edit", {"year": 2566}),
    ):
        assert client.get(url(name, org, **kwargs)).status_code == 404


def test_unknown_document_is_404(staff, org):
    assert staff.get(f"/o/{org.slug}/reports/2566/nonsense/").status_code == 404


def test_executive_reads_but_cannot_edit_the_memo(client, org):
    client.force_login(UserFactory(organisation=org, role=Role.EXECUTIVE))
    assert client.get(url("document", org, year=2566, kind="memo")).status_code == 200
    assert client.get(url("memo_edit", org, year=2566)).status_code == 403
    assert client.post(url("memo_edit", org, year=2566), {}).status_code == 403
    assert url("memo_edit", org, year=2566) not in client.get(url("index", org)).content.decode()


def test_staff_edits_the_memo(staff, org):
    form = staff.get(url("memo_edit", org, year=2566))
    assert form.status_code == 200
    initial = form.context["form"].initial
    data = {**{k: v or "" for k, v in initial.items()}, "subject": "รายงานผลทดสอบ", "date": "2024-02-20"}
    response = staff.post(url("memo_edit", org, year=2566), data)
    assert response.status_code == 302
    body = untypeset(staff.get(url("document", org, year=2566, kind="memo")).content.decode())
    assert "รายงานผลทดสอบ" in body and "๒๐ กุมภาพันธ์ ๒๕๖๗" in body


def test_anonymous_is_sent_to_login(client, org):
    response = client.get(url("document_pdf", org, year=2566, kind="annual"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
