"""View mixins: the organisation in the URL is resolved through the scoping gate (404 outside the
user's scope), and writes need the editor permission (403 with a Thai page otherwise)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from .models import Organisation
from .permissions import can_edit_organisation
from .scoping import own_organisation


def organisation_for(request, slug: str) -> Organisation:
    """The organisation named in the URL, if the user may see it; 404 otherwise. A member's own
    organisation came with the user (no second query)."""
    own = own_organisation(request.user, slug)
    if own is not None:
        return own
    return get_object_or_404(Organisation.objects.visible_to(request.user), slug=slug)


class OrganisationMixin(LoginRequiredMixin):
    """For views under /o/<org>/: sets self.organisation and puts it (and can_edit) in the context.
    Object views should build their queryset from `Model.objects.visible_to(user)` filtered by it."""

    editor_required = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organisation = organisation_for(request, kwargs["org"])
        self.can_edit = can_edit_organisation(request.user, self.organisation)
        if self.editor_required and not self.can_edit:
            raise PermissionDenied("บัญชีของท่านดูข้อมูลได้อย่างเดียว แก้ไขไม่ได้")
        self.check_access()
        return super().dispatch(request, *args, **kwargs)

    def check_access(self) -> None:
        """A view's own permission after the gate (raise PermissionDenied); none by default."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(organisation=self.organisation, can_edit=self.can_edit)
        return context


class EditorRequiredMixin(OrganisationMixin):
    """Only staff of the organisation (and admins) get past; executives, unit staff and supervisors read."""

    editor_required = True
