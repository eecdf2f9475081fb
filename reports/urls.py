"""Official documents of one organisation (mounted under /o/<org>/reports/)."""

from django.urls import path

from . import document_views as views
from .invitation_views import invitation_sheet

app_name = "reports"
urlpatterns = [
    path("", views.DocumentIndexView.as_view(), name="index"),
    path("<int:year>/<str:kind>/", views.DocumentPreviewView.as_view(), name="document"),
    path("<int:year>/<str:kind>.pdf", views.DocumentPdfView.as_view(), name="document_pdf"),
    path("<int:year>/memo/edit/", views.MemoEditView.as_view(), name="memo_edit"),
    path("invitations.pdf", invitation_sheet, name="invitation_sheet"),
]
