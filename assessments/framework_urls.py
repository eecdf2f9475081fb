"""System administrators' framework screen (mounted at /frameworks/)."""

from django.urls import path

from . import framework_views as views

app_name = "frameworks"
urlpatterns = [
    path("", views.FrameworkListView.as_view(), name="list"),
    path("<fiscal_year:year>/confirm/", views.FrameworkConfirmView.as_view(), name="confirm"),
]
