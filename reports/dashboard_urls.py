"""Dashboards: the organisation dashboard (under /o/<org>/dashboard/) and the supervisor overview."""
from django.urls import path  # noqa: F401

app_name = "dashboards"
urlpatterns = []
