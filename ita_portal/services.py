"""Writes to organisations, their responsible units and users: atomic, validated, keyword-only, with
an actor named on every history row, the derived place fields set by the named steps
(organisation_derived_set, user_derived_set) and one change signal per write (ita_portal.changes)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from simple_history.utils import bulk_update_with_history

from . import changes
from .concurrency import check_and_bump
from .models import Organisation, OrgUnit, User
from .permissions import can_manage_organisation, can_move_organisation
from .scoping import Role

PROFILE_WRITABLE = (*Organisation.PROFILE_FIELDS, "logo")
MOVE_REFUSED = (
    "เฉพาะผู้ดูแลระบบ (และผู้ดูแลระดับจังหวัดภายในจังหวัดของตน) เท่านั้นที่เปลี่ยนจังหวัดและอำเภอของหน่วยงานได้"
    " (ใช้กำหนดว่าผู้กำกับดูแลคนใดเห็นหน่วยงานนี้)"
)


def organisation_derived_set(organisation: Organisation) -> None:
    """Named step: the shown province and district follow the references (or, for names written by a
    fixture or an import, the references follow the names they match exactly)."""
    organisation.sync_place()


def user_derived_set(user: User) -> None:
    """Named step: a province administrator's scope is the whole province; the shown supervised
    province and district follow the references (as organisation_derived_set)."""
    if user.role == Role.PROVINCE_ADMIN:
        user.supervised_district_ref, user.supervised_district = None, ""
    user.sync_place()


def _organisation_write(organisation: Organisation, actor, reason: str | None = None) -> None:
    """Save the organisation row: place in step, `actor` on the history row, the change announced."""
    organisation_derived_set(organisation)
    organisation._history_user = actor
    organisation._change_reason = reason
    organisation.save()
    changes.organisation_changed(organisation.pk, actor=actor, what="organisation")


def user_write(user: User, actor, reason: str | None = None) -> User:
    """Save a user row (the services' last step): scope and place in step, `actor` on the history
    row, the change announced to the user's organisation (its members are shown on its pages)."""
    user_derived_set(user)
    user._history_user = actor
    user._change_reason = reason
    user.save()
    changes.organisation_changed(user.organisation_id, actor=actor, what="members")
    return user


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


@changes.write
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
    _organisation_write(current, actor, reason)
    return current


@changes.write
def organisation_save(*, organisation: Organisation, actor) -> Organisation:
    """Save an organisation as edited in the Django admin (create or change), with the actor in the
    history; a move by someone who may not move it is refused."""
    if organisation.pk is not None:
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        values = {name: getattr(organisation, name) for name in Organisation.LOCATION_FIELDS}
        reason = _move_reason(current, values)
        if reason and not can_move_organisation(actor, current, _to_province_id(current, values)):
            raise ValidationError(MOVE_REFUSED)
        check_and_bump(organisation, None)  # an open profile form then sees the admin's save
    else:  # the portal makes the slug, as /manage/ does: never typed in the admin
        reason = None
        organisation.slug = organisation_new_slug(organisation.dla_code)
    _organisation_write(organisation, actor, reason)
    return organisation


@changes.write
def organisation_delete(*, organisation: Organisation, actor) -> None:
    """Delete an organisation with everything it owns (the Django admin only; the portal closes an
    organisation instead, organisation_deactivate). Its members stay, without an organisation."""
    for member in User.objects.filter(organisation=organisation):
        member.organisation = None
        member.unit = None
        user_write(member, actor, "ลบหน่วยงาน")
    organisation._history_user = actor
    organisation.delete()


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
    changes.organisation_changed(unit.organisation_id, actor=actor, what="units")
    return unit


@changes.write
def unit_create(*, organisation: Organisation, data: Mapping, actor) -> OrgUnit:
    """Add a responsible unit (name, kind, parent, order) to the organisation."""
    return _unit_save(OrgUnit(organisation=organisation), data, actor)


@changes.write
def unit_update(*, unit: OrgUnit, data: Mapping, expected_version: int | None, actor) -> OrgUnit:
    """Save an edit of a unit unless someone saved it since `expected_version` was loaded (StaleVersion)."""
    current = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    check_and_bump(current, expected_version)
    return _unit_save(current, data, actor)


@changes.write
def unit_delete(*, unit: OrgUnit, actor) -> None:
    """Delete a unit with the units under it; its members and measures stay (without it)."""
    doomed, level = [], [unit]
    while level:  # the sub-units the cascade deletes: their history rows name the actor too
        doomed += level
        level = list(OrgUnit.objects.filter(parent__in=level))
    for member in User.objects.filter(unit__in=doomed):
        member.unit = None
        user_write(member, actor, f"ลบกอง/งาน “{unit.name}”")
    for row in reversed(doomed):
        row._history_user = actor
        row.delete()
    changes.organisation_changed(unit.organisation_id, actor=actor, what="units")


# ---------------------------------------------------------------- onboarding (/manage/, imports)

CREATE_REFUSED = "คุณเพิ่มหรือแก้ไขได้เฉพาะหน่วยงานในจังหวัดที่คุณดูแล"
ORG_CREATE_FIELDS = ("kind", "name", "dla_code", "province_ref", "district_ref", "short_name")
ORG_IMPORT_FIELDS = ("kind", "name", "district_ref")


def organisation_slug(dla_code: str) -> str:
    """The URL slug the portal gives an organisation it adds: made from the DLA code, never typed."""
    return f"dla-{dla_code}"


def organisation_new_slug(dla_code: str | None) -> str:
    """The slug of a new organisation: `dla-<code>` when it has a DLA code, else the first free
    `org-<n>` (a Thai name has no one agreed romanisation; a number is never wrong)."""
    if dla_code:
        return organisation_slug(dla_code)
    taken = set(Organisation.objects.filter(slug__startswith="org-").values_list("slug", flat=True))
    n = Organisation.objects.count() + 1
    while f"org-{n}" in taken:
        n += 1
    return f"org-{n}"


@changes.write
def organisation_create(*, data: Mapping, actor, reason: str = "เพิ่มหน่วยงาน") -> Organisation:
    """Add an organisation (kind, name, dla_code, district_ref; province_ref may be left to follow the
    district). System administrators anywhere; a province administrator in their province only."""
    unknown = set(data) - set(ORG_CREATE_FIELDS)
    if unknown:
        raise TypeError(f"organisation_create() got unexpected fields {sorted(unknown)}")
    organisation = Organisation(**data)
    if organisation.district_ref_id and not organisation.province_ref_id:
        organisation.province_ref = organisation.district_ref.province
    if not organisation.province_ref_id:
        raise ValidationError({"province_ref": "เลือกจังหวัด"})
    if not can_manage_organisation(actor, organisation, organisation.province_ref_id):
        raise ValidationError({"province_ref": CREATE_REFUSED})
    organisation.slug = organisation_new_slug(organisation.dla_code)
    organisation_derived_set(organisation)
    organisation.full_clean()
    _organisation_write(organisation, actor, reason)
    return organisation


@changes.write
def organisation_import_update(*, organisation: Organisation, data: Mapping, actor) -> Organisation:
    """Apply what an import row changed (name, kind, district within the same province), with history
    and the profile version bumped (an open profile form then sees it)."""
    unknown = set(data) - set(ORG_IMPORT_FIELDS)
    if unknown:
        raise TypeError(f"organisation_import_update() got unexpected fields {sorted(unknown)}")
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not can_manage_organisation(actor, current):
        raise ValidationError({"province_ref": CREATE_REFUSED})
    reason = _move_reason(current, data)
    if reason and not can_move_organisation(actor, current, _to_province_id(current, data)):
        raise ValidationError({"district_ref": MOVE_REFUSED})
    for name, value in data.items():
        setattr(current, name, value)
    current.full_clean()
    check_and_bump(current, None)
    _organisation_write(current, actor, reason or "นำเข้า: แก้ไขชื่อหรือประเภท")
    return current


@changes.write
def organisation_deactivate(*, organisation: Organisation, actor) -> int:
    """Close an organisation: it stays with its data (history, reports) but its members can no longer
    sign in. Returns how many accounts were closed."""
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not can_manage_organisation(actor, current):
        raise ValidationError(CREATE_REFUSED)
    members = list(current.members.filter(is_active=True).exclude(pk=actor.pk))
    for member in members:
        member.is_active = False
    # One UPDATE and one INSERT of history rows, each naming who closed the account.
    bulk_update_with_history(
        members, User, ["is_active"], default_user=actor, default_change_reason="ปิดใช้งานหน่วยงาน"
    )
    closed = len(members)
    if current.is_active:
        current.is_active = False
        check_and_bump(current, None)
        _organisation_write(current, actor, f"ปิดใช้งานหน่วยงาน (ปิดบัญชีผู้ใช้ {closed} บัญชี)")
    return closed


@changes.write
def user_save(*, user: User, actor, reason: str | None = None) -> User:
    """Save a user as edited field by field (the Django admin's add and change pages, the demo logins):
    the scope and place in step, `actor` on the history row."""
    return user_write(user, actor, reason)


@changes.write
def user_delete(*, user: User, actor) -> None:
    """Delete a user (the Django admin only; the portal deactivates members, members.member_deactivate).
    Their work stays; the rows that named them as author keep no author."""
    user._history_user = actor
    user.delete()
    changes.organisation_changed(user.organisation_id, actor=actor, what="members")


def command_actor(username: str | None) -> User | None:
    """Who a management command writes as (its `--actor` option): that user, or None when no username
    is given (the history rows then name no person: the command itself wrote them)."""
    if not username:
        return None
    actor = User.objects.filter(username=username).first()
    if actor is None:
        raise ValidationError(f"ไม่พบผู้ใช้ “{username}”")
    return actor


def first_user_existing(organisation: Organisation, name: str, email: str) -> User | None:
    """The member an import row's first user already is: the same e-mail, or (no e-mail) the same name."""
    if email:
        return organisation.members.filter(email__iexact=email).first()
    first, _, last = name.partition(" ")
    return organisation.members.filter(first_name=first[:150], last_name=last.strip()[:150]).first()


@changes.write
def first_user_create(
    *, organisation: Organisation, name: str, email: str, actor, base_url: str | None = None
) -> User | None:
    """The first staff account of an imported organisation, inactive and without a password until the
    person accepts the invitation made here. Idempotent: a member who is already that person (see
    first_user_existing) is returned unchanged. None when there is neither a name nor an e-mail."""
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not (name or email):
        return None
    existing = first_user_existing(organisation, name, email)
    if existing is not None:
        return existing
    # The invitation flow's own account maker: inactive, no usable password, history with the actor;
    # the first user of an organisation runs its members. Mailed at once when there is an address; the
    # code of one without an address is printed on the invitation sheet (/o/<org>/members/).
    from .invitations import invitation_create, user_create_invited

    first, _, last = name.partition(" ")
    user = user_create_invited(
        organisation=organisation,
        first_name=first[:150],
        last_name=last.strip()[:150],
        email=email,
        role=Role.STAFF,
        can_manage_members=True,
        actor=actor,
    )
    if email:  # base_url: where the e-mailed link points (the importing request's site)
        invitation_create(user=user, actor=actor, base_url=base_url)
    return user
