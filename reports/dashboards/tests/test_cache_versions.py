"""The caches' one version: every write of what a PDF or a dashboard shows moves its key (ita_portal.changes)."""

import io
from decimal import Decimal

import pytest

from assessments.services import (
    assessment_create,
    assessment_scores_set,
    framework_copy,
    recommendation_create,
)
from ita_portal.models import Organisation
from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.services import measure_create, progress_record
from reports.dashboards import organisation_version, overview_version
from reports.documents import document_pdf, pdf_cache_key
from reports.documents.emblem import garuda_upload
from reports.documents.saving import report_texts_save
from reports.documents.tests.test_garuda import image_bytes

pytestmark = pytest.mark.django_db

YEAR = 2566
KINDS = [("half", False), ("annual", True), ("analysis", False), ("memo", False)]


def keys(org) -> list[str]:
    """Every PDF key of the organisation's year, as a request that loads the organisation computes them."""
    fresh = Organisation.objects.get(pk=org.pk)
    return [pdf_cache_key(organisation=fresh, fiscal_year=YEAR, kind=k, with_memo=m) for k, m in KINDS]


@pytest.fixture
def org():
    org = OrganisationFactory()
    assessment_create(
        organisation=org, fiscal_year=YEAR, indicator_scores={n: "90" for n in range(1, 11)}, actor=None
    )
    measure_create(organisation=org, fiscal_year=YEAR, title="เผยแพร่ข้อมูลบนเว็บไซต์", actor=None)
    return org


def writes(org, admin):
    assessment = org.assessments.get()
    measure = org.measures.get()
    return {
        "report text": lambda: report_texts_save(
            organisation=org,
            document="annual",
            fiscal_year=YEAR,
            texts={"intro": "ข้อความใหม่"},
            expected_version=None,
            actor=admin,
        ),
        "score": lambda: assessment_scores_set(
            assessment=assessment, indicator_scores={10: Decimal("61.5")}, actor=admin
        ),
        "progress": lambda: progress_record(
            measure=measure, round="half", done="ขึ้นเว็บไซต์แล้ว", status="done", actor=admin
        ),
        "recommendation": lambda: recommendation_create(
            assessment=assessment,
            data={
                "kind": "weakness",
                "indicator": assessment.framework.indicators.get(number=10),
                "advice": "ควรเผยแพร่ให้ครบ",
            },
            actor=admin,
        ),
        "garuda": lambda: garuda_upload(file=io.BytesIO(image_bytes()), actor=admin),
        "framework": lambda: framework_copy(from_year=YEAR, to_year=2599, actor=admin),
    }


@pytest.mark.parametrize(
    "write", ["report text", "score", "progress", "recommendation", "garuda", "framework"]
)
def test_every_write_of_what_a_pdf_prints_moves_its_key(
    org, write, media_root, django_capture_on_commit_callbacks
):
    admin = UserFactory(role=Role.ADMIN, organisation=None, is_staff=True)
    other = OrganisationFactory()
    before, other_before = keys(org), keys(other)
    assert keys(org) == before  # nothing written: the same keys
    with django_capture_on_commit_callbacks(execute=True):  # the write commits
        writes(org, admin)[write]()
    after = keys(org)
    assert all(a != b for a, b in zip(after, before, strict=True))
    if write in ("garuda", "framework"):  # site-wide: every organisation prints it
        assert keys(other) != other_before
    else:
        assert keys(other) == other_before


def test_a_cached_pdf_is_served_until_a_write_then_printed_anew(org, django_capture_on_commit_callbacks):
    first = document_pdf(organisation=Organisation.objects.get(pk=org.pk), fiscal_year=YEAR, kind="half")
    second = document_pdf(organisation=Organisation.objects.get(pk=org.pk), fiscal_year=YEAR, kind="half")
    assert second == first  # served from the cache
    with django_capture_on_commit_callbacks(execute=True):
        progress_record(
            measure=org.measures.get(), round="half", done="ขึ้นเว็บไซต์ครบทุกหัวข้อ", status="done", actor=None
        )
    again = document_pdf(organisation=Organisation.objects.get(pk=org.pk), fiscal_year=YEAR, kind="half")
    assert again != first


def test_dashboard_versions_follow_writes_of_the_organisations_they_show(
    org, django_capture_on_commit_callbacks
):
    admin = UserFactory(role=Role.ADMIN, organisation=None)
    member = UserFactory(role=Role.EXECUTIVE, organisation=OrganisationFactory())
    fresh = Organisation.objects.get(pk=org.pk)
    before = organisation_version(fresh), overview_version(admin), overview_version(member)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_scores_set(
            assessment=org.assessments.get(), indicator_scores={1: Decimal("70")}, actor=admin
        )
    fresh = Organisation.objects.get(pk=org.pk)
    after = organisation_version(fresh), overview_version(admin), overview_version(member)
    assert after[0] != before[0] and after[1] != before[1]
    assert after[2] == before[2]  # the member's overview does not show that organisation
    OrganisationFactory()  # a new organisation (version 0) still moves the overview of those who see it
    assert overview_version(admin) != after[1]
