"""Official documents of one organisation (mounted under /o/<org>/reports/)."""
from django.urls import path  # noqa: F401

app_name = "reports"
urlpatterns = []
