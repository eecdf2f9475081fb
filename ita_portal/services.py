"""Writes to organisations and their responsible units: atomic, validated, keyword-only, with an actor."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from .concurrency import check_and_bump
from .models import Organisation, OrgUnit
from .permissions import can_move_organisation

PROFILE_WRITABLE = (*Organisation.PROFILE_FIELDS, "logo")
MOVE_REFUSED = (
    "เฉพาะผู้ดูแลระบบ (และผู้ดูแลระดับจังหวัดภายในจังหวัดของตน) เท่านั้นที่เปลี่ยนจังหวัดและอำเภอของหน่วยงานได้"
    " (ใช้กำหนดว่าผู้กำกับดูแลคนใดเห็นหน่วยงานนี้)"
)


def _ref_id(value) -> str | None:
    return getattr(value, "pk", value) or None


def _moved(before: Organisation, after: Mapping) -> list[str]:
    return [
        name
        for name in Organisation.LOCATION_FIELDS
        if name in after and _ref_id(after[name]) != getattr(before, f"{name}_id")
    ]


def _move_reason(before: Organisation, after: Mapping) -> str | None:
    """ย้ายหน่วยงาน: อำเภอวาปีปทุม จังหวัดมหาสารคาม → อำเภอพนา จังหวัดอำนาจเจริญ (None if not moved)."""
    if not _moved(before, after):
        return None
    old = before.place or "ไม่ระบุ"
    new = Organisation(province_ref=before.province_ref, district_ref=before.district_ref)
    for name in Organisation.LOCATION_FIELDS:
        if name in after:
            setattr(new, name, after[name])
    new.sync_place()
    return f"ย้ายหน่วยงาน: {old} → {new.place or 'ไม่ระบุ'}"[:100]


def _to_province_id(before: Organisation, after: Mapping) -> str | None:
    if "province_ref" in after:
        return _ref_id(after["province_ref"])
    district = after.get("district_ref")
    return getattr(district, "province_id", None) or before.province_ref_id


@transaction.atomic
def organisation_profile_update(
    *, organisation: Organisation, data: Mapping, expected_version: int | None, actor
) -> Organisation:
    """Save an edit of the organisation profile (`data`: some of PROFILE_FIELDS and "logo").
    Refused (StaleVersion) when someone saved the profile since `expected_version` was loaded. A change
    of province or district is refused unless `actor` may move the organisation; a move is recorded in
    the history with who made it."""
    unknown = set(data) - set(PROFILE_WRITABLE)
    if unknown:
        raise TypeError(f"organisation_profile_update() got unexpected fields {sorted(unknown)}")
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    check_and_bump(current, expected_version)
    reason = _move_reason(current, data)
    if reason and not can_move_organisation(actor, current, _to_province_id(current, data)):
        raise ValidationError({name: MOVE_REFUSED for name in _moved(current, data)})
    for name, value in data.items():
        Organisation._meta.get_field(name).save_form_data(current, value)
    current.full_clean()
    current._history_user = actor
    current._change_reason = reason
    current.save()
    return current


@transaction.atomic
def organisation_save(*, organisation: Organisation, actor) -> Organisation:
    """Save an organisation as edited in the Django admin (create or change), with the actor in the
    history; a move by someone who may not move it is refused."""
    if organisation.pk is not None:
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        values = {name: getattr(organisation, name) for name in Organisation.LOCATION_FIELDS}
        reason = _move_reason(current, values)
        if reason and not can_move_organisation(actor, current, _to_province_id(current, values)):
            raise ValidationError(MOVE_REFUSED)
        organisation._change_reason = reason
        check_and_bump(organisation, None)  # an open profile form then sees the admin's save
    organisation._history_user = actor
    organisation.save()
    return organisation


# ---------------------------------------------------------------- responsible units

UNIT_FIELDS = ("name", "kind", "parent", "order")


def _unit_save(unit: OrgUnit, data: Mapping, actor) -> OrgUnit:
    unknown = set(data) - set(UNIT_FIELDS)
    if unknown:
        raise TypeError(f"unit fields unexpected: {sorted(unknown)}")
    for name, value in data.items():
        setattr(unit, name, value)
    unit.full_clean()
    unit._history_user = actor
    unit.save()
    return unit


@transaction.atomic
def unit_create(*, organisation: Organisation, data: Mapping, actor) -> OrgUnit:
    """Add a responsible unit (name, kind, parent, order) to the organisation."""
    return _unit_save(OrgUnit(organisation=organisation), data, actor)


@transaction.atomic
def unit_update(*, unit: OrgUnit, data: Mapping, expected_version: int | None, actor) -> OrgUnit:
    """Save an edit of a unit unless someone saved it since `expected_version` was loaded (StaleVersion)."""
    current = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    check_and_bump(current, expected_version)
    return _unit_save(current, data, actor)
