"""/manage/: the organisations of the actor's scope (system administrators: all; a province
administrator: their province) — search, add, import, change district, deactivate. Thin views: the
rules are in permissions, the writes in services and org_import."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from . import org_import
from .concurrency import StaleVersion
from .geo_unmatched import unmatched_places
from .manage_forms import ImportUploadForm, OrganisationCreateForm, OrganisationMoveForm
from .member_views import base_url
from .models import Organisation
from .permissions import can_manage_organisations, is_system_admin
from .services import organisation_create, organisation_deactivate, organisation_profile_update

SESSION_KEY = "org_import"


def _require_manager(request) -> None:
    if not can_manage_organisations(request.user):
        raise PermissionDenied("เฉพาะผู้ดูแลระบบและผู้ดูแลระดับจังหวัดเท่านั้นที่จัดการหน่วยงานได้")


def _scoped(request):
    return Organisation.objects.visible_to(request.user).select_related("province_ref", "district_ref")


def _organisation(request, slug: str) -> Organisation:
    _require_manager(request)
    return get_object_or_404(_scoped(request), slug=slug)


@login_required
def manage_home(request):
    _require_manager(request)
    q = (request.GET.get("q") or "").replace("\x00", "").strip()[:100]
    organisations = _scoped(request).order_by("province", "district", "name")
    if q:
        organisations = organisations.filter(
            Q(name__icontains=q)
            | Q(short_name__icontains=q)
            | Q(dla_code__icontains=q)
            | Q(district__icontains=q)
        )
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    if is_system_admin(request.user):
        unmatched = unmatched_places()
    else:
        unmatched = unmatched_places(organisations=_scoped(request), include_users=False)
    return render(
        request,
        "manage/home.html",
        {"page": page, "q": q, "unmatched": unmatched, "scope": request.user.supervised_province_ref},
    )


@login_required
def organisation_add(request):
    _require_manager(request)
    form = OrganisationCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_create(data=form.organisation_data(), actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"เพิ่ม{organisation.name}แล้ว (ที่อยู่หน้าเว็บ /o/{organisation.slug}/)")
            return redirect("manage:home")
    return render(request, "manage/organisation_form.html", {"form": form})


@login_required
def organisation_move(request, slug: str):
    organisation = _organisation(request, slug)
    form = OrganisationMoveForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_profile_update(
                organisation=organisation,
                data={"district_ref": form.cleaned_data["district_ref"]},
                expected_version=form.cleaned_data.get("version"),
                actor=request.user,
            )
        except StaleVersion:
            form.add_error(None, "มีผู้แก้ไขข้อมูลหน่วยงานนี้หลังจากที่ท่านเปิดหน้านี้: โหลดหน้าใหม่แล้วลองอีกครั้ง")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"เปลี่ยนอำเภอของ{organisation.name}แล้ว")
            return redirect("manage:home")
    return render(request, "manage/organisation_move.html", {"form": form, "organisation": organisation})


@login_required
def organisation_deactivate_view(request, slug: str):
    organisation = _organisation(request, slug)
    if request.method == "POST":
        closed = organisation_deactivate(organisation=organisation, actor=request.user)
        messages.success(request, f"ปิดใช้งาน{organisation.name}แล้ว (ปิดบัญชีผู้ใช้ {closed} บัญชี)")
        return redirect("manage:home")
    members = organisation.members.filter(is_active=True).count()
    return render(
        request, "manage/organisation_deactivate.html", {"organisation": organisation, "members": members}
    )


@login_required
def import_template(request, fmt: str):
    _require_manager(request)
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(org_import.template_xlsx(), content_type=content_type)
    else:
        response = HttpResponse(org_import.template_csv(), content_type="text/csv; charset=utf-8")
        fmt = "csv"
    response["Content-Disposition"] = f'attachment; filename="organisations-template.{fmt}"'
    return response


@login_required
def import_upload(request):
    """Upload → preview (nothing written). The parsed rows wait in the session for the confirmation."""
    _require_manager(request)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > org_import.MAX_BYTES:
                raise org_import.ImportRefused("ไฟล์ใหญ่เกิน 2 MB")
            rows = org_import.read_upload(upload.name, upload.read(org_import.MAX_BYTES + 1))
        except org_import.ImportRefused as error:
            form.add_error("file", str(error))
        else:
            plan = org_import.import_plan(rows, actor=request.user)
            token = secrets.token_urlsafe(16)
            request.session[SESSION_KEY] = {"token": token, "rows": rows, "name": upload.name}
            return render(
                request, "manage/import_preview.html", {"plan": plan, "token": token, "name": upload.name}
            )
    return render(request, "manage/import_upload.html", {"form": form})


@login_required
def import_confirm(request):
    _require_manager(request)
    if request.method != "POST":
        return redirect("manage:import")
    pending = request.session.get(SESSION_KEY) or {}
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, "ไม่พบไฟล์ที่รอการยืนยัน: อัปโหลดไฟล์อีกครั้ง")
        return redirect("manage:import")
    try:
        plan = org_import.import_apply(
            pending["rows"],
            actor=request.user,
            expected_digest=request.POST.get("digest", ""),
            base_url=base_url(request),
        )
    except org_import.ImportRefused as error:
        plan = org_import.import_plan(pending["rows"], actor=request.user)
        messages.error(request, str(error))
        return render(
            request,
            "manage/import_preview.html",
            {"plan": plan, "token": pending["token"], "name": pending["name"]},
        )
    del request.session[SESSION_KEY]
    counts = plan.counts
    messages.success(
        request,
        f"นำเข้าแล้ว: เพิ่ม {counts['new']} แห่ง ปรับปรุง {counts['update']} แห่ง ไม่เปลี่ยนแปลง {counts['same']} แห่ง",
    )
    return redirect("manage:home")
