"""An organisation's own users, run by its member managers (/o/<org>/members/, issue 11).

Rules, checked here so that every caller (page, admin, command) keeps them:
- only `permissions.can_manage_members` may change members, and only members of that organisation;
- nobody changes their own role or "ดูแลผู้ใช้ของหน่วยงาน", or deactivates themselves;
- the last active member manager of an organisation stays one (refused in Thai);
- a new password is never typed by a manager: a new invitation is sent instead.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet

from . import changes
from .invitations import invitation_create, invitation_revoke, user_create_invited
from .models import Invitation, Organisation, OrgUnit, User
from .permissions import can_manage_members
from .scoping import Role
from .services import user_write

MEMBER_ROLES = (Role.STAFF, Role.UNIT_STAFF, Role.EXECUTIVE)
SELF_REFUSED = "ท่านเปลี่ยนบทบาทหรือปิดการใช้งานบัญชีของตนเองไม่ได้ โปรดให้ผู้ดูแลผู้ใช้คนอื่นของหน่วยงานดำเนินการ"
LAST_MANAGER_REFUSED = "ผู้ใช้คนนี้เป็นผู้ดูแลผู้ใช้ของหน่วยงานคนสุดท้าย โปรดมอบสิทธิ์ “ดูแลผู้ใช้ของหน่วยงาน” ให้เจ้าหน้าที่คนอื่นก่อน"
NOT_ALLOWED = "บัญชีของท่านไม่มีสิทธิ์ดูแลผู้ใช้ของหน่วยงานนี้"


def members_of(organisation: Organisation) -> QuerySet[User]:
    """The organisation's users with their unit (system administrators and supervisors are not members)."""
    return (
        User.objects.filter(organisation=organisation, role__in=MEMBER_ROLES)
        .select_related("unit")
        .order_by("-is_active", "first_name", "last_name", "username")
    )


def open_invitations(organisation: Organisation) -> dict[int, Invitation]:
    """user id → their newest invitation not yet used or revoked (expired ones included)."""
    rows = Invitation.objects.filter(
        user__organisation=organisation, accepted_at=None, revoked_at=None
    ).order_by("user_id", "-created_at")
    newest = {}
    for invitation in rows:
        newest.setdefault(invitation.user_id, invitation)
    return newest


def _check_actor(actor, organisation: Organisation) -> None:
    if not can_manage_members(actor, organisation):
        raise PermissionDenied(NOT_ALLOWED)


def _locked_member(member: User, organisation: Organisation) -> User:
    """The member's row, locked, after the organisation's row (so two managers' changes queue up)."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    current = User.objects.select_for_update().filter(pk=member.pk, organisation=organisation).first()
    if current is None or current.role not in MEMBER_ROLES:
        raise ValidationError("ผู้ใช้นี้ไม่ได้เป็นสมาชิกของหน่วยงาน")
    return current


def _other_managers(member: User, organisation: Organisation) -> int:
    return (
        User.objects.filter(
            organisation=organisation, is_active=True, role=Role.STAFF, can_manage_members=True
        )
        .exclude(pk=member.pk)
        .count()
    )


def _save(member: User, actor, reason: str) -> User:
    member.full_clean()
    return user_write(member, actor, reason)


@changes.write
def member_invite(
    *,
    organisation: Organisation,
    first_name: str,
    last_name: str = "",
    email: str = "",
    role: str = Role.STAFF,
    unit: OrgUnit | None = None,
    can_manage_members: bool = False,
    actor,
    base_url: str | None = None,
) -> Invitation:
    """Add a member who signs in after accepting the invitation (mailed when there is an e-mail address;
    otherwise printed on the invitation sheet). Returns the invitation (with its `.code`)."""
    _check_actor(actor, organisation)
    if role not in MEMBER_ROLES:
        raise ValidationError({"role": "บทบาทนี้กำหนดในหน้านี้ไม่ได้"})
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "กอง/งานต้องอยู่ในหน่วยงานนี้"})
    user = user_create_invited(
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        unit=unit,
        can_manage_members=can_manage_members,
        actor=actor,
    )
    return invitation_create(user=user, actor=actor, base_url=base_url)


@changes.write
def member_update(
    *,
    member: User,
    organisation: Organisation,
    role: str,
    unit: OrgUnit | None,
    can_manage_members: bool,
    actor,
) -> User:
    """Set a member's role (staff, unit staff with their unit, executive) and "ดูแลผู้ใช้ของหน่วยงาน"
    (kept only on staff). Refused on one's own account and when it would leave no member manager."""
    _check_actor(actor, organisation)
    current = _locked_member(member, organisation)
    if role not in MEMBER_ROLES:
        raise ValidationError({"role": "บทบาทนี้กำหนดในหน้านี้ไม่ได้"})
    unit = unit if role == Role.UNIT_STAFF else None
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "กอง/งานต้องอยู่ในหน่วยงานนี้"})
    manages = bool(can_manage_members) and role == Role.STAFF
    unchanged = (current.role, current.unit_id, current.can_manage_members) == (
        role,
        unit.pk if unit else None,
        manages,
    )
    if unchanged:
        return current
    if current.pk == actor.pk:
        raise ValidationError(SELF_REFUSED)
    if current.manages_members and not manages and _other_managers(current, organisation) == 0:
        raise ValidationError(LAST_MANAGER_REFUSED)
    current.role, current.unit, current.can_manage_members = role, unit, manages
    return _save(current, actor, "เปลี่ยนบทบาทโดยผู้ดูแลผู้ใช้ของหน่วยงาน")


@changes.write
def member_deactivate(*, member: User, organisation: Organisation, actor) -> User:
    """Close a member's account: they can no longer sign in, their open invitations are revoked; their
    work (measures, progress, history) stays. Not one's own account, not the last member manager."""
    _check_actor(actor, organisation)
    current = _locked_member(member, organisation)
    if current.pk == actor.pk:
        raise ValidationError(SELF_REFUSED)
    if current.manages_members and _other_managers(current, organisation) == 0:
        raise ValidationError(LAST_MANAGER_REFUSED)
    for invitation in Invitation.objects.filter(user=current, accepted_at=None, revoked_at=None):
        invitation_revoke(invitation=invitation, actor=actor)
    if not current.is_active:
        return current
    current.is_active = False
    return _save(current, actor, "ปิดการใช้งานบัญชี")


@changes.write
def member_reinvite(*, member: User, organisation: Organisation, actor, base_url: str | None = None):
    """A new invitation instead of a password (the earlier open one is revoked): the member sets a
    password of their own when they accept it. Also how a closed account is opened again."""
    _check_actor(actor, organisation)
    current = _locked_member(member, organisation)
    if current.pk == actor.pk:
        raise ValidationError(SELF_REFUSED)
    return invitation_create(user=current, actor=actor, base_url=base_url)


@changes.write
def member_invitation_revoke(*, invitation: Invitation, organisation: Organisation, actor) -> Invitation:
    """Revoke a member's open invitation."""
    _check_actor(actor, organisation)
    if invitation.user.organisation_id != organisation.pk:
        raise ValidationError("คำเชิญนี้ไม่ได้อยู่ในหน่วยงานนี้")
    return invitation_revoke(invitation=invitation, actor=actor)
