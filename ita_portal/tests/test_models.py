import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ita_portal.models import OrgUnit
from ita_portal.tests.factories import OrganisationFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db


def test_unit_tree_path_and_kinds():
    organisation = OrganisationFactory()
    office = OrgUnitFactory(organisation=organisation, name="สำนักปลัด")
    pr = OrgUnitFactory(organisation=organisation, name="งานประชาสัมพันธ์", parent=office)
    OrgUnitFactory(organisation=organisation, name="นักวิชาการคอมพิวเตอร์", kind="position")
    OrgUnitFactory(organisation=organisation, name="ทุกสำนัก/กอง", kind="all")
    assert pr.path == "สำนักปลัด › งานประชาสัมพันธ์"
    assert set(organisation.units.values_list("kind", flat=True)) == {"unit", "position", "all"}


def test_unit_cannot_be_its_own_ancestor():
    office = OrgUnitFactory(name="สำนักปลัด")
    child = OrgUnitFactory(organisation=office.organisation, name="งานนิติการ", parent=office)
    office.parent = child
    with pytest.raises(ValidationError, match="สังกัดตัวเอง"):
        office.clean()


def test_unit_parent_must_be_in_the_same_organisation():
    unit = OrgUnit(organisation=OrganisationFactory(), name="งาน", parent=OrgUnitFactory())
    with pytest.raises(ValidationError, match="องค์กรเดียวกัน"):
        unit.clean()


def test_unit_names_are_unique_per_organisation():
    unit = OrgUnitFactory(name="กองคลัง")
    OrgUnitFactory(name="กองคลัง")  # another organisation may have one too
    with pytest.raises(IntegrityError), transaction.atomic():
        OrgUnit.objects.create(organisation=unit.organisation, name="กองคลัง")


def test_place_line():
    assert OrganisationFactory(district="พนา", province="อำนาจเจริญ").place == "อำเภอพนา จังหวัดอำนาจเจริญ"
