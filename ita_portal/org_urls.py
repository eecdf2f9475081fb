"""Organisation profile and responsible units (mounted under /o/<org>/)."""

from django.urls import path

from . import views

app_name = "org"
urlpatterns = [
    path("profile/", views.ProfileEditView.as_view(), name="profile"),
    path("units/", views.UnitListView.as_view(), name="units"),
    path("units/add/", views.UnitFormView.as_view(), name="unit_create"),
    path("units/<int:pk>/edit/", views.UnitFormView.as_view(), name="unit_edit"),
    path("units/<int:pk>/delete/", views.UnitDeleteView.as_view(), name="unit_delete"),
]
