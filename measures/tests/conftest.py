"""People and rows for the measures screens: one organisation with a measure assigned to a unit,
and another organisation elsewhere that nobody here may see."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory, UserFactory
from measures.services import measure_create, progress_record

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def org():
    return OrganisationFactory(slug="mine", province="มหาสารคาม", district="วาปีปทุม")


@pytest.fixture
def other_org():
    return OrganisationFactory(slug="elsewhere", province="ลพบุรี", district="หนองม่วง")


@pytest.fixture
def pr_unit(org):
    return OrgUnitFactory(organisation=org, name="งานประชาสัมพันธ์สำนักปลัด")


@pytest.fixture
def finance_unit(org):
    return OrgUnitFactory(organisation=org, name="กองคลัง")


def make_user(role, organisation, unit=None):
    if role in (Role.SUPERVISOR, Role.PROVINCE_ADMIN):
        return UserFactory(role=role, organisation=None, supervised_province=organisation.province)
    if role == "anonymous":
        return None
    return UserFactory(role=role, organisation=organisation, unit=unit)


@pytest.fixture
def staff(org):
    return UserFactory(role=Role.STAFF, organisation=org, first_name="สมศรี")


@pytest.fixture
def measure(org, pr_unit, staff):
    return measure_create(
        organisation=org,
        fiscal_year=2567,
        title="มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
        issue="ข้อมูลบนเว็บไซต์ไม่ครบ",
        steps=["รวบรวมข้อมูล", "เผยแพร่บนเว็บไซต์"],
        units=[pr_unit],
        period_start=dt.date(2023, 10, 1),
        period_end=dt.date(2024, 3, 1),
        reporting_deadline=dt.date(2024, 3, 31),
        actor=staff,
    )


@pytest.fixture
def other_measure(other_org):
    unit = OrgUnitFactory(organisation=other_org, name="สำนักปลัด")
    return measure_create(
        organisation=other_org, fiscal_year=2567, title="มาตรการของที่อื่น", units=[unit], actor=None
    )


def pdf_upload(name="report.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def progress(measure, media_root, staff):
    return progress_record(
        measure=measure,
        round="half",
        done="ประชาสัมพันธ์ผ่านเว็บไซต์แล้ว",
        reported_on=dt.date(2024, 3, 31),
        links=["https://www.example.go.th/news/1"],
        files=[pdf_upload()],
        actor=staff,
    )


@pytest.fixture
def other_progress(other_measure, media_root):
    return progress_record(
        measure=other_measure, round="half", done="ที่อื่น", files=[pdf_upload("other.pdf")], actor=None
    )
