"""Official documents of one organisation (mounted under /o/<org>/reports/)."""

from django.urls import path

from ita_portal import converters  # noqa: F401  (registers <fiscal_year:…>)

from . import text_views, views
from .invitation_views import invitation_sheet

app_name = "reports"
urlpatterns = [
    path("", views.DocumentIndexView.as_view(), name="index"),
    path("<fiscal_year:year>/<str:kind>/", views.DocumentPreviewView.as_view(), name="document"),
    path("<fiscal_year:year>/<str:kind>.pdf", views.DocumentPdfView.as_view(), name="document_pdf"),
    path("<fiscal_year:year>/memo/edit/", views.MemoEditView.as_view(), name="memo_edit"),
    path("invitations.pdf", invitation_sheet, name="invitation_sheet"),
    path("<fiscal_year:year>/<str:kind>/layout/", views.DocumentLayoutView.as_view(), name="document_layout"),
    path("<fiscal_year:year>/<str:kind>/texts/", text_views.ReportTextsView.as_view(), name="texts"),
    path(
        "<fiscal_year:year>/<str:kind>/texts/preview/",
        text_views.ReportTextsPreviewView.as_view(),
        name="texts_preview",
    ),
]
