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


def can_move_organisation(user, organisation) -> bool:
    """Province and district decide which supervisors see an organisation, so its own staff may not
    change them: only system administrators do. (The onboarding issue adds a province administrator
    within their own province here: this is the one place that decides.)"""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.role == Role.ADMIN


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


def can_manage_site(user) -> bool:
    """Site-wide settings (the Garuda of every memo): system administrators only."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.role == Role.ADMIN
