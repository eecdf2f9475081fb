"""/manage/: organisations of the actor's scope (system and province administrators)."""

from django.urls import path

from . import manage_views as views

app_name = "manage"
urlpatterns = [
    path("", views.manage_home, name="home"),
    path("add/", views.organisation_add, name="add"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("o/<slug:slug>/district/", views.organisation_move, name="move"),
    path("o/<slug:slug>/deactivate/", views.organisation_deactivate_view, name="deactivate"),
]
