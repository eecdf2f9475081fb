"""The one history differ (ita_portal/history_diff.py) over real simple-history rows written by the
services: who, when in the Buddhist era, and each field's Thai label with its old and new value."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ita_portal import history_diff
from ita_portal.concurrency import changes_since
from ita_portal.models import OrgUnit, UnitKind
from ita_portal.services import unit_create, unit_update
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from reports.documents.saving import report_texts_save


@pytest.fixture
def people(db):
    org = OrganisationFactory()
    somchai = UserFactory(organisation=org, username="somchai", first_name="สมชาย", last_name="ใจดี")
    somying = UserFactory(organisation=org, username="somying")
    return org, somchai, somying


def records_of(obj):
    return list(obj.history.select_related("history_user").order_by("history_date", "history_id"))


def test_who_is_the_full_name_else_the_login_else_the_system(people):
    _org, somchai, somying = people
    assert history_diff.who_name(somchai) == "สมชาย ใจดี"
    assert history_diff.who_name(somying) == "somying"
    assert history_diff.who_name(None) == "ระบบ"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "–"),
        ("", "–"),
        ([], "–"),
        (dt.date(2024, 2, 20), "20 ก.พ. 2567"),
        (Decimal("90.50"), "90.50"),
        (["ก", "ข"], "ก / ข"),
        ({"a": "ก"}, "a: ก"),
        ("ก" * 301, "ก" * 300 + "…"),
    ],
)
def test_a_plain_value_as_a_person_reads_it(value, expected):
    assert history_diff.text(value) == expected


def test_creation_lists_the_filled_fields_by_thai_label_and_an_edit_old_and_new(people):
    org, somchai, somying = people
    parent = unit_create(organisation=org, data={"name": "สำนักปลัด"}, actor=somchai)
    unit = unit_create(organisation=org, data={"name": "งานนิติการ", "parent": parent}, actor=somchai)
    unit_update(unit=unit, data={"name": "งานกฎหมาย", "kind": "position"}, expected_version=1, actor=somying)
    created, edited = records_of(unit)
    names = history_diff.fk_names(OrgUnit, [created, edited])

    made = history_diff.field_changes(OrgUnit, created, None, names=names)
    assert {c["field"]: c["new"] for c in made} == {
        "หน่วยงาน": str(org),
        "สังกัด": "สำนักปลัด",
        "ชื่อ": "งานนิติการ",
        "ประเภท": UnitKind.UNIT.label,
        "ลำดับ": "0",
    }  # version is bookkeeping
    assert all(c["old"] == "–" for c in made)

    changed = history_diff.field_changes(OrgUnit, edited, created, names=names)
    assert changed == [
        {"field": "ชื่อ", "old": "งานนิติการ", "new": "งานกฎหมาย"},
        {"field": "ประเภท", "old": UnitKind.UNIT.label, "new": UnitKind.POSITION.label},
    ]


def test_the_entry_names_who_and_when_in_the_buddhist_era(people):
    org, somchai, _ = people
    unit = unit_create(organisation=org, data={"name": "กองคลัง"}, actor=somchai)
    (record,) = records_of(unit)
    entry = history_diff.entry(record, [], subject="หน่วยงาน")
    be_year = str(timezone.localdate().year + 543)
    assert entry["who_name"] == "สมชาย ใจดี" and entry["action"] == "สร้าง" and entry["subject"] == "หน่วยงาน"
    assert be_year in entry["when_text"] and entry["when_text"].endswith("น.")


def test_a_deletion_shows_the_values_it_had_as_now_blank(people):
    org, somchai, _ = people
    unit = unit_create(organisation=org, data={"name": "กองช่าง"}, actor=somchai)
    unit_id = unit.pk
    unit.delete()
    created, deleted = OrgUnit.history.filter(id=unit_id).order_by("history_date", "history_id")
    changes = history_diff.field_changes(OrgUnit, deleted, created, fields={"name": "ชื่อ"})
    assert changes == [{"field": "ชื่อ", "old": "กองช่าง", "new": "–"}]


def test_each_record_is_compared_with_the_one_before_it_of_the_same_object(people):
    org, somchai, _ = people
    a = unit_create(organisation=org, data={"name": "ก"}, actor=somchai)
    b = unit_create(organisation=org, data={"name": "ข"}, actor=somchai)
    unit_update(unit=a, data={"name": "ก๒"}, expected_version=1, actor=somchai)
    records = list(OrgUnit.history.order_by("history_date", "history_id"))
    pairs = [(r.name, o.name if o else None) for r, o in history_diff.with_previous(records)]
    assert pairs == [("ก", None), ("ข", None), ("ก๒", "ก")]
    assert b.pk != a.pk


def test_a_dict_of_texts_is_compared_key_by_key_in_the_labels_order(people):
    org, somchai, somying = people
    where = {"organisation": org, "document": "half", "fiscal_year": 2568}
    report_texts_save(
        **where, texts={"heading": "ชื่อเดิม", "intro": "บทนำ"}, expected_version=None, actor=somchai
    )
    row = report_texts_save(
        **where, texts={"heading": "ชื่อใหม่", "intro": None, "zzz": "อื่น"}, expected_version=1, actor=somying
    )
    labels = {"intro": "บทนำ", "heading": "ชื่อรายงาน"}
    lines = changes_since(row, 1, labels=labels, blank="(ค่าเริ่มต้น)")
    assert [(c["field"], c["old"], c["new"]) for c in lines] == [
        ("บทนำ", "บทนำ", "(ค่าเริ่มต้น)"),
        ("ชื่อรายงาน", "ชื่อเดิม", "ชื่อใหม่"),
        ("zzz", "(ค่าเริ่มต้น)", "อื่น"),
    ]
    assert {c["who_name"] for c in lines} == {"somying"}


def test_changes_since_lists_only_the_saves_after_the_version_seen(people):
    org, somchai, somying = people
    unit = unit_create(organisation=org, data={"name": "กองคลัง"}, actor=somchai)
    unit = unit_update(unit=unit, data={"name": "กองคลัง ๑"}, expected_version=1, actor=somchai)
    unit = unit_update(unit=unit, data={"name": "กองคลัง ๒"}, expected_version=2, actor=somying)
    lines = changes_since(unit, 2)
    assert [(c["field"], c["old"], c["new"], c["who_name"]) for c in lines] == [
        ("ชื่อ", "กองคลัง ๑", "กองคลัง ๒", "somying")
    ]
    names = [c["new"] for c in changes_since(unit, 0) if c["field"] == "ชื่อ"]
    assert names == ["กองคลัง ๒", "กองคลัง ๑", "กองคลัง"]  # newest first, the creation's values last


def test_a_link_change_says_what_was_added_and_removed():
    labels = {1: "กองคลัง", 2: "กองช่าง", 3: "สำนักปลัด"}
    assert history_diff.link_change("ผู้รับผิดชอบ", {1, 2}, {2, 3}, labels) == {
        "field": "ผู้รับผิดชอบ",
        "old": "ลบ กองคลัง",
        "new": "เพิ่ม สำนักปลัด",
    }
    assert history_diff.link_change("ผู้รับผิดชอบ", {1}, {1}, labels) is None
