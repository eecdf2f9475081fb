"""Dashboards: the organisation dashboard (under /o/<org>/dashboard/) and the supervisor overview."""

from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("o/<slug:org>/dashboard/", views.OrganisationDashboardView.as_view(), name="organisation"),
    path("o/<slug:org>/dashboard/brief/", views.OrganisationBriefView.as_view(), name="organisation_brief"),
    path("overview/", views.overview, name="overview"),
    path("overview/export.<str:fmt>", views.overview_export, name="overview_export"),
]
