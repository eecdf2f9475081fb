from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ita_portal.models import Organisation
from ita_portal.permissions import can_edit_organisation, can_manage_members

from . import summary
from .checklist import build_checklist


@login_required
def home(request):
    """After sign-in: the organisations and fiscal years this user may open; for an editor of a member
    organisation, how far its first-run checklist is."""
    today = timezone.localdate()
    context = summary.build_home(user=request.user, today=today)
    own = request.user.organisation if request.user.organisation_id else None
    checklist = None
    if own is not None and can_edit_organisation(request.user, own):
        checklist = build_checklist(organisation=own, today=today)
    context["checklist"] = checklist if checklist and not checklist["done"] else None
    context["checklist_org_id"] = own.pk if own is not None else None
    return render(request, "home.html", context)


@login_required
def organisation_overview(request, org):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=org)
    context = summary.build_org_overview(organisation=organisation)
    context["can_edit"] = can_edit_organisation(request.user, organisation)
    context["can_manage_members"] = can_manage_members(request.user, organisation)
    # The first-run checklist: for those who can act on it, until it is done.
    checklist = None
    if context["can_edit"]:
        checklist = build_checklist(organisation=organisation, today=timezone.localdate())
    context["checklist"] = checklist if checklist and not checklist["done"] else None
    return render(request, "organisation_detail.html", context)
