"""Organisation profile, responsible units and members (mounted under /o/<org>/)."""

from django.urls import path

from . import member_views, views

app_name = "org"
urlpatterns = [
    path("profile/", views.ProfileEditView.as_view(), name="profile"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("units/add/", views.UnitFormView.as_view(), name="unit_create"),
    path("units/<int:pk>/edit/", views.UnitFormView.as_view(), name="unit_edit"),
    path("units/<int:pk>/delete/", views.UnitDeleteView.as_view(), name="unit_delete"),
    path("members/", member_views.MemberListView.as_view(), name="members"),
    path("members/invite/", member_views.MemberInviteView.as_view(), name="member_invite"),
    path("members/<int:pk>/", member_views.MemberEditView.as_view(), name="member_edit"),
    path(
        "members/<int:pk>/deactivate/", member_views.MemberDeactivateView.as_view(), name="member_deactivate"
    ),
    path("members/<int:pk>/reinvite/", member_views.MemberReinviteView.as_view(), name="member_reinvite"),
    path(
        "members/<int:pk>/invitations/<int:invitation>/revoke/",
        member_views.InvitationRevokeView.as_view(),
        name="invitation_revoke",
    ),
]
