from django.urls import path

from ita_portal import converters  # noqa: F401  (registers <fiscal_year:…>)

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="list"),
    path("<fiscal_year:year>/", views.AssessmentDetailView.as_view(), name="detail"),
    path("<fiscal_year:year>/edit/", views.AssessmentEntryView.as_view(), name="edit"),
    path(
        "<fiscal_year:year>/recommendations/add/",
        views.RecommendationFormView.as_view(),
        name="recommendation_create",
    ),
    path(
        "<fiscal_year:year>/recommendations/<int:pk>/edit/",
        views.RecommendationFormView.as_view(),
        name="recommendation_edit",
    ),
    path(
        "<fiscal_year:year>/recommendations/<int:pk>/delete/",
        views.RecommendationDeleteView.as_view(),
        name="recommendation_delete",
    ),
]
