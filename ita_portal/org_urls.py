"""Organisation profile and responsible units (mounted under /o/<org>/)."""
from django.urls import path  # noqa: F401

app_name = "org"
urlpatterns = []
