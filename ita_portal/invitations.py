"""Invitations: how a person gets their first password (or a new one) without anyone typing it for them.

An invitation is a random code, shown once: in the e-mail link (/accounts/invite/<code>/) or on the
printed sheet for people without e-mail, who type it on /accounts/invite/. Only its SHA-256 is stored;
it works once, for INVITATION_DAYS days, and a newer invitation for the same person revokes the older.
Accepting sets the password the person chose (Django's password validators), activates the account and
signs them in. Every write is a service with an actor and leaves history.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import changes
from .models import Invitation, Organisation, OrgUnit, User
from .scoping import Role
from .services import user_write

INVITATION_DAYS = 14
# No 0/O, 1/I/L, 5/S, 2/Z: a code copied by hand from paper is read back as written.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY3456789"
CODE_GROUPS, CODE_GROUP_LENGTH = 4, 4  # 16 symbols ≈ 77 bits
EMAIL_TAKEN = "มีผู้ใช้ที่ใช้อีเมลนี้อยู่แล้ว"


def code_new() -> str:
    """A fresh invitation code such as "K7QM-3XTA-PW9C-HN4E"."""
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return "-".join(symbols[i : i + CODE_GROUP_LENGTH] for i in range(0, len(symbols), CODE_GROUP_LENGTH))


def code_normalise(code: str) -> str:
    """What a person typed, as it was issued: upper case, spaces and dashes ignored, regrouped."""
    symbols = re.sub(r"[\s\-]", "", code or "").upper()
    return "-".join(symbols[i : i + CODE_GROUP_LENGTH] for i in range(0, len(symbols), CODE_GROUP_LENGTH))


def code_is_well_formed(code: str) -> bool:
    """Sixteen symbols of the code alphabet in four groups (as code_normalise writes them)."""
    symbols = code.replace("-", "")
    return len(symbols) == CODE_GROUPS * CODE_GROUP_LENGTH and all(c in CODE_ALPHABET for c in symbols)


def code_hash(code: str) -> str:
    return hashlib.sha256(code_normalise(code).encode()).hexdigest()


def invitation_path(code: str) -> str:
    return reverse("invitation_accept", kwargs={"code": code})


def default_base_url() -> str:
    return getattr(settings, "PORTAL_BASE_URL", "") or "http://localhost:8000"


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation together with its code: only the issuer ever holds the code."""

    invitation: Invitation
    code: str

    @property
    def user(self) -> User:
        return self.invitation.user

    @property
    def path(self) -> str:
        return invitation_path(self.code)


def _username_for(organisation: Organisation | None, email: str) -> str:
    """The e-mail address where it is free; otherwise <organisation slug>-<n> (also for no e-mail)."""
    if email and not User.objects.filter(username__iexact=email).exists():
        return email.lower()
    prefix = (organisation.slug if organisation else "user")[:130]
    taken = set(User.objects.filter(username__startswith=f"{prefix}-").values_list("username", flat=True))
    n = 1
    while f"{prefix}-{n}" in taken:
        n += 1
    return f"{prefix}-{n}"


@changes.write
def user_create_invited(
    *,
    organisation: Organisation,
    first_name: str,
    last_name: str = "",
    email: str = "",
    role: str = Role.STAFF,
    unit: OrgUnit | None = None,
    can_manage_members: bool = False,
    actor,
) -> User:
    """A member of `organisation` who cannot sign in yet (inactive, no usable password) until they
    accept an invitation. The username is their e-mail address, or made from the organisation's slug."""
    email = (email or "").strip().lower()
    if email and User.objects.filter(email__iexact=email, is_active=True).exists():
        raise ValidationError({"email": EMAIL_TAKEN})
    user = User(
        username=_username_for(organisation, email),
        first_name=first_name,
        last_name=last_name,
        email=email,
        role=role,
        organisation=organisation,
        unit=unit if role == Role.UNIT_STAFF else None,
        can_manage_members=bool(can_manage_members) and role == Role.STAFF,
        is_active=False,
    )
    user.set_unusable_password()
    user.full_clean()
    return user_write(user, actor, "สร้างบัญชีรอตอบรับคำเชิญ")


@changes.write
def invitation_create(*, user: User, actor, base_url: str | None = None, send: bool = True) -> Invitation:
    """A new invitation for `user`; any earlier one still open is revoked. When `send` and the user has
    an e-mail address, the link is mailed after the transaction commits. The code is on the returned
    invitation as `.code` (and `.issued`), for a printed sheet: it is not stored."""
    now = timezone.now()
    for open_one in Invitation.objects.select_for_update().filter(
        user=user, accepted_at=None, revoked_at=None
    ):
        open_one.revoked_at = now
        open_one._history_user = actor
        open_one._change_reason = "มีคำเชิญใหม่แทน"
        open_one.save(update_fields=["revoked_at"])
    code = code_new()
    invitation = Invitation(
        user=user,
        token_hash=code_hash(code),
        email=user.email,
        expires_at=now + timedelta(days=INVITATION_DAYS),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    invitation.full_clean()
    invitation._history_user = actor
    invitation.save()
    changes.organisation_changed(user.organisation_id, actor=actor, what="invitations")
    invitation.code = code
    invitation.issued = IssuedInvitation(invitation=invitation, code=code)
    if send and user.email:
        url = (base_url or default_base_url()).rstrip("/") + invitation_path(code)
        transaction.on_commit(lambda: invitation_email_send(invitation=invitation, url=url))
    return invitation


def invitation_email_send(*, invitation: Invitation, url: str) -> None:
    """Mail the link (Thai text and HTML) through Django's mail settings."""
    user = invitation.user
    context = {
        "user": user,
        "organisation": user.organisation,
        "url": url,
        "expires_at": invitation.expires_at,
        "days": INVITATION_DAYS,
        "inviter": invitation.created_by,
    }
    subject = " ".join(render_to_string("registration/invitation_email_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string("registration/invitation_email.txt", context), to=[invitation.email]
    )
    message.attach_alternative(render_to_string("registration/invitation_email.html", context), "text/html")
    message.send()


@changes.write
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    """Close an invitation that has not been used (an accepted one stays as it is)."""
    current = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if current.accepted_at is None and current.revoked_at is None:
        current.revoked_at = timezone.now()
        current._history_user = actor
        current._change_reason = "ยกเลิกคำเชิญ"
        current.save(update_fields=["revoked_at"])
        changes.organisation_changed(current.user.organisation_id, actor=actor, what="invitations")
    return current


def invitation_for_code(code: str) -> Invitation | None:
    """The invitation a code was issued for (in whatever state), or None."""
    if not code:
        return None
    return Invitation.objects.select_related("user__organisation").filter(token_hash=code_hash(code)).first()


class InvitationUnusable(Exception):
    """The code is unknown, already used, revoked or expired (the Thai reason is the message)."""


def invitation_problem(invitation: Invitation | None, now=None) -> str | None:
    """Why the invitation cannot be used, in Thai; None when it can."""
    now = now or timezone.now()
    if invitation is None:
        return "ไม่พบคำเชิญนี้ โปรดตรวจสอบรหัสเชิญอีกครั้ง"
    if invitation.accepted_at is not None:
        return "คำเชิญนี้ใช้ไปแล้ว หากลืมรหัสผ่าน โปรดใช้ “ลืมรหัสผ่าน” ที่หน้าเข้าสู่ระบบ"
    if invitation.revoked_at is not None:
        return "คำเชิญนี้ถูกยกเลิกแล้ว โปรดขอคำเชิญใหม่จากผู้ดูแลผู้ใช้ของหน่วยงาน"
    if now >= invitation.expires_at:
        return "คำเชิญนี้หมดอายุแล้ว โปรดขอคำเชิญใหม่จากผู้ดูแลผู้ใช้ของหน่วยงาน"
    return None


@changes.write
def invitation_accept(*, code: str, password: str) -> User:
    """Use the invitation: the user's password becomes `password` (already checked against the
    password validators by the form), the account is active, the invitation is spent. The actor is the
    invited person themselves. Raises InvitationUnusable when the code cannot be used (any more)."""
    found = invitation_for_code(code)
    invitation = Invitation.objects.select_for_update().filter(pk=found.pk).first() if found else None
    problem = invitation_problem(invitation)
    if problem:
        raise InvitationUnusable(problem)
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    invitation.accepted_at = timezone.now()
    invitation._history_user = user
    invitation._change_reason = "ตอบรับคำเชิญ"
    invitation.save(update_fields=["accepted_at"])
    user.set_password(password)
    user.is_active = True
    return user_write(user, user, "ตอบรับคำเชิญและตั้งรหัสผ่าน")


@changes.write
def invitations_issue_for_sheet(*, organisation: Organisation, users, actor) -> list[IssuedInvitation]:
    """Fresh invitations for `users` of `organisation` (their open ones are revoked), not e-mailed:
    for a printed sheet handed over in person. Returns them with their codes, in the given order."""
    issued = []
    for user in users:
        if user.organisation_id != organisation.pk:
            raise ValidationError("ผู้ใช้ไม่ได้อยู่ในหน่วยงานนี้")
        issued.append(invitation_create(user=user, actor=actor, send=False).issued)
    return issued
