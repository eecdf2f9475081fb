"""The printed sheet of invitation codes, for members without e-mail (issue 11). It lives in reports
because it prints through the reports' PDF pipeline (reports.documents.pdf), which ita_portal may not import."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ita_portal.access import organisation_for
from ita_portal.invitations import INVITATION_DAYS, invitations_issue_for_sheet
from ita_portal.members import members_of, open_invitations
from ita_portal.permissions import can_manage_members


def sheet_members(organisation):
    """Members still waiting to accept an invitation who have no e-mail address to receive it."""
    waiting = open_invitations(organisation)
    return [m for m in members_of(organisation).filter(is_active=False, email="") if m.pk in waiting]


@never_cache
@login_required
@require_POST
def invitation_sheet(request, org):
    """POST (it issues codes): fresh invitation codes for the members in `sheet_members`, one slip each,
    as a PDF to print and cut. Codes printed before for the same people stop working."""
    organisation = organisation_for(request, org)
    if not can_manage_members(request.user, organisation):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่ที่ได้รับสิทธิ์ “ดูแลผู้ใช้ของหน่วยงาน” เท่านั้นที่พิมพ์ใบรหัสเชิญได้")
    issued = invitations_issue_for_sheet(
        organisation=organisation, users=sheet_members(organisation), actor=request.user
    )
    base = request.build_absolute_uri("/").rstrip("/")
    from .pdf import render_pdf  # the only WeasyPrint import stays in reports.documents.pdf

    pdf = render_pdf(
        "reports/pdf/invitation_sheet.html",
        {
            "organisation": organisation,
            "slips": [
                {"user": i.user, "code": i.code, "expires_at": i.invitation.expires_at} for i in issued
            ],
            "enter_url": base + "/accounts/invite/",
            "days": INVITATION_DAYS,
            "printed_at": timezone.now(),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invitations-{organisation.slug}.pdf"'
    return response
