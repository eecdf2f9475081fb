"""Who may change what. Reading is decided by the scoping gate (`visible_to`); these rules decide
writing, on top of it. Pure functions of the user and the row (no queries beyond what is prefetched)."""

from __future__ import annotations

from .scoping import Role


def can_edit_organisation(user, organisation) -> bool:
    """Staff edit everything of their own organisation; admins edit everything; others only read."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.role == Role.STAFF and user.organisation_id == organisation.pk


def is_system_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_superuser or user.role == Role.ADMIN))


def is_province_admin(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_superuser
        and user.role == Role.PROVINCE_ADMIN
        and user.supervised_province_ref_id
    )


def can_manage_organisations(user) -> bool:
    """Who opens /manage/: system administrators (every organisation) and province administrators
    (their province's)."""
    return is_system_admin(user) or is_province_admin(user)


def can_manage_organisation(user, organisation, province_id: str | None = None) -> bool:
    """Create, import or deactivate `organisation` (in `province_id` when given, else where it is):
    system administrators anywhere, a province administrator in their own province only."""
    if is_system_admin(user):
        return True
    province_id = province_id if province_id is not None else organisation.province_ref_id
    return is_province_admin(user) and province_id == user.supervised_province_ref_id


def can_move_organisation(user, organisation, to_province_id: str | None = None) -> bool:
    """Province and district decide which supervisors see an organisation, so its own staff may not
    change them: system administrators do, and a province administrator changes the district of an
    organisation of their province, within it (`to_province_id`: where it would go, when known).
    This is the one place that decides."""
    if is_system_admin(user):
        return True
    if not is_province_admin(user) or organisation.province_ref_id != user.supervised_province_ref_id:
        return False
    return to_province_id is None or to_province_id == user.supervised_province_ref_id


def unit_covers(user_unit, measure_units) -> bool:
    """A unit staff member answers for their unit and the units under it; "every unit" includes them."""
    if user_unit is None:
        return False
    for unit in measure_units:
        if unit.kind == "all":
            return True
        node = unit
        while node is not None:
            if node.pk == user_unit.pk:
                return True
            node = node.parent
    return False


def can_record_progress(user, measure) -> bool:
    """Staff of the organisation, or unit staff whose unit the measure is assigned to."""
    if can_edit_organisation(user, measure.organisation):
        return True
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.UNIT_STAFF
        and user.organisation_id == measure.organisation_id
        and unit_covers(user.unit, measure.units.all())
    )


def can_manage_members(user, organisation) -> bool:
    """Who runs an organisation's users on /o/<org>/members/: its staff marked "ดูแลผู้ใช้ของหน่วยงาน",
    system administrators, and a province administrator for the organisations of their province (they
    invite and deactivate users there). (Reading the organisation at all is still the gate's decision.)"""
    if not (user.is_authenticated and user.is_active):
        return False
    if is_system_admin(user):
        return True
    if is_province_admin(user):
        return organisation.province_ref_id == user.supervised_province_ref_id
    return user.manages_members and user.organisation_id == organisation.pk


def can_manage_site(user) -> bool:
    """Site-wide settings (the Garuda of every memo): system administrators only."""
    return is_system_admin(user)
