from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from ita_portal.models import Organisation

from . import builders


@login_required
def home(request):
    """After sign-in: the organisations and fiscal years this user may open."""
    return render(request, "home.html", builders.build_home(user=request.user))


@login_required
def organisation_overview(request, org):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), slug=org)
    return render(request, "organisation_detail.html", builders.build_org_overview(organisation=organisation))
