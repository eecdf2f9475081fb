"""Measures and progress of one organisation (mounted under /o/<org>/measures/)."""

from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("", views.MeasureListView.as_view(), name="list"),
    path("new/", views.MeasureCreateView.as_view(), name="create"),
    path("copy-year/", views.CopyYearView.as_view(), name="copy_year"),
    path("files/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/", views.MeasureDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.MeasureEditView.as_view(), name="edit"),
    path("<int:pk>/delete/", views.MeasureDeleteView.as_view(), name="delete"),
    path("<int:pk>/progress/new/", views.ProgressCreateView.as_view(), name="progress_create"),
    path("<int:pk>/progress/<int:progress>/edit/", views.ProgressEditView.as_view(), name="progress_edit"),
]
