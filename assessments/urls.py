from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="list"),
    path("<int:year>/", views.AssessmentDetailView.as_view(), name="detail"),
    path("<int:year>/edit/", views.AssessmentEntryView.as_view(), name="edit"),
    path(
        "<int:year>/recommendations/add/",
        views.RecommendationFormView.as_view(),
        name="recommendation_create",
    ),
    path(
        "<int:year>/recommendations/<int:pk>/edit/",
        views.RecommendationFormView.as_view(),
        name="recommendation_edit",
    ),
    path(
        "<int:year>/recommendations/<int:pk>/delete/",
        views.RecommendationDeleteView.as_view(),
        name="recommendation_delete",
    ),
]
