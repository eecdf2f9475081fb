"""/o/<org>/members/: the organisation's users, for its member managers; and accepting an invitation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from .access import OrganisationMixin
from .invitations import (
    InvitationUnusable,
    invitation_accept,
    invitation_for_code,
    invitation_problem,
)
from .member_forms import InvitationCodeForm, MemberInviteForm, MemberRoleForm, ThaiSetPasswordForm
from .members import (
    member_deactivate,
    member_invitation_revoke,
    member_invite,
    member_reinvite,
    member_update,
    members_of,
    open_invitations,
)
from .models import Invitation
from .permissions import can_manage_members
from .views import add_errors


def base_url(request) -> str:
    """Where links in e-mails point: PORTAL_BASE_URL, else the address this request came to."""
    return getattr(settings, "PORTAL_BASE_URL", "") or request.build_absolute_uri("/")


class MemberManagerMixin(OrganisationMixin):
    """The organisation through the gate (404 outside the user's scope), then the member-manager
    permission (403 with a Thai page)."""

    def setup_member_access(self):
        if not can_manage_members(self.request.user, self.organisation):
            raise PermissionDenied("เฉพาะเจ้าหน้าที่ที่ได้รับสิทธิ์ “ดูแลผู้ใช้ของหน่วยงาน” เท่านั้นที่จัดการผู้ใช้ได้")

    def check_access(self) -> None:
        self.setup_member_access()

    def member(self):
        return get_object_or_404(members_of(self.organisation), pk=self.kwargs["pk"])

    def list_url(self) -> str:
        return reverse("org:members", kwargs={"org": self.organisation.slug})


def member_status(member, invitation, now) -> tuple[str, str]:
    """(Thai label, Bootstrap colour) of a member's account."""
    if member.is_active:
        return "ใช้งาน", "success"
    if invitation is None:
        return "ปิดการใช้งาน", "secondary"
    if now >= invitation.expires_at:
        return "คำเชิญหมดอายุ", "danger"
    return "รอตอบรับคำเชิญ", "warning"


class MemberListView(MemberManagerMixin, TemplateView):
    template_name = "organisation/member_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        invitations = open_invitations(self.organisation)
        rows = []
        for member in members_of(self.organisation):
            invitation = invitations.get(member.pk)
            label, colour = member_status(member, invitation, now)
            rows.append({"member": member, "invitation": invitation, "status": label, "colour": colour})
        context.update(
            rows=rows,
            sheet_count=sum(1 for r in rows if r["invitation"] and not r["member"].email),
        )
        return context


class MemberInviteView(MemberManagerMixin, FormView):
    form_class = MemberInviteForm
    template_name = "organisation/member_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            invitation = member_invite(
                organisation=self.organisation,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=data["role"],
                unit=data["unit"],
                can_manage_members=data["can_manage_members"],
                actor=self.request.user,
                base_url=base_url(self.request),
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        user = invitation.user
        if user.email:
            messages.success(self.request, f"ส่งคำเชิญไปที่ {user.email} แล้ว (ใช้ได้ภายใน ๑๔ วัน)")
        else:
            messages.success(
                self.request,
                f"เพิ่ม {user.get_full_name()} แล้ว ไม่มีอีเมล: โปรดพิมพ์ใบรหัสเชิญแล้วมอบให้ด้วยตนเอง",
            )
        return redirect(self.list_url())


class MemberEditView(MemberManagerMixin, FormView):
    form_class = MemberRoleForm
    template_name = "organisation/member_form.html"

    def setup_member_access(self):
        super().setup_member_access()
        self.object = self.member()

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["organisation"] = self.organisation
        kwargs["initial"] = {
            "role": self.object.role,
            "unit": self.object.unit_id,
            "can_manage_members": self.object.can_manage_members,
        }
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.object, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            member_update(
                member=self.object,
                organisation=self.organisation,
                role=data["role"],
                unit=data["unit"],
                can_manage_members=data["can_manage_members"],
                actor=self.request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"บันทึกบทบาทของ {self.object.get_full_name() or self.object} แล้ว")
        return redirect(self.list_url())


class MemberDeactivateView(MemberManagerMixin, TemplateView):
    template_name = "organisation/member_confirm_deactivate.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member(), **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_member_access()
        member = self.member()
        try:
            member_deactivate(member=member, organisation=self.organisation, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"ปิดการใช้งานบัญชีของ {member.get_full_name() or member} แล้ว")
        return redirect(self.list_url())


class MemberReinviteView(MemberManagerMixin, View):
    """One button: a new invitation (mailed, or for the printed sheet) instead of a password."""

    def post(self, request, *args, **kwargs):
        self.setup_member_access()
        member = self.member()
        try:
            member_reinvite(
                member=member, organisation=self.organisation, actor=request.user, base_url=base_url(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            where = f"ไปที่ {member.email}" if member.email else "แล้ว โปรดพิมพ์ใบรหัสเชิญ"
            messages.success(request, f"ส่งคำเชิญใหม่ให้ {member.get_full_name() or member} {where}")
        return redirect(self.list_url())


class InvitationRevokeView(MemberManagerMixin, View):
    def post(self, request, *args, **kwargs):
        self.setup_member_access()
        member = self.member()
        invitation = get_object_or_404(Invitation, user=member, pk=kwargs["invitation"])
        member_invitation_revoke(invitation=invitation, organisation=self.organisation, actor=request.user)
        messages.success(request, f"ยกเลิกคำเชิญของ {member.get_full_name() or member} แล้ว")
        return redirect(self.list_url())


# ---------------------------------------------------------------- accepting an invitation


def invitation_enter(request):
    """/accounts/invite/: type the code from the printed sheet."""
    form = InvitationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("invitation_accept", code=form.cleaned_data["code"])
    return render(request, "registration/invitation_enter.html", {"form": form})


def invitation_accept_view(request, code):
    """/accounts/invite/<code>/: choose a password, then signed in. A used, revoked, expired or unknown
    code gets a Thai page saying which (410 Gone; 404 when unknown)."""
    invitation = invitation_for_code(code)
    problem = invitation_problem(invitation)
    if problem:
        status = 404 if invitation is None else 410
        return render(request, "registration/invitation_invalid.html", {"problem": problem}, status=status)
    user = invitation.user
    form = ThaiSetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(code=code, password=form.cleaned_data["new_password1"])
        except InvitationUnusable as error:
            return render(
                request, "registration/invitation_invalid.html", {"problem": str(error)}, status=410
            )
        login(request, user, backend="ita_portal.auth.UserWithOrganisationBackend")
        messages.success(request, f"ตั้งรหัสผ่านแล้ว ครั้งต่อไปเข้าสู่ระบบด้วยชื่อผู้ใช้ {user.username}")
        return redirect(user.organisation.get_absolute_url() if user.organisation else "home")
    return render(
        request,
        "registration/invitation_accept.html",
        {"form": form, "invited": user, "invitation": invitation},
    )
