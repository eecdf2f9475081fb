from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from reports.dashboards import home_views as report_views
from reports.documents import emblem_views

from .login_forms import AdminLoginForm, LoginForm
from .member_forms import ThaiSetPasswordForm
from .member_views import invitation_accept_view, invitation_enter

admin.site.site_header = "ITA Portal — ผู้ดูแลระบบ"
admin.site.site_title = "ITA Portal"
admin.site.login_form = AdminLoginForm  # the username's length checked (ita_portal/login_forms.py)


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico on every page (the admin and the print previews too); without it each
    page logs a 404 in the console."""

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.ico")


urlpatterns = [
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("", report_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(success_url="/accounts/password/done/"),
        name="password_change",
    ),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Forgotten password: a one-time link by e-mail (Django's views, Thai templates in registration/).
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=ThaiSetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Invitations (ita_portal.invitations): the e-mailed link, or the code typed from a printed sheet.
    path("accounts/invite/", invitation_enter, name="invitation_enter"),
    path("accounts/invite/<str:code>/", invitation_accept_view, name="invitation_accept"),
    # Everything of one organisation lives under /o/<org>/; the organisation is resolved through the
    # scoping gate, so another organisation's URL answers 404.
    # The site-wide Garuda of every memo (system administrators upload it; reports/documents/emblem.py).
    path("site/garuda/", emblem_views.GarudaUploadView.as_view(), name="site_garuda"),
    path("site/garuda/image/", emblem_views.GarudaImageView.as_view(), name="site_garuda_image"),
    path("o/<slug:org>/", report_views.organisation_overview, name="organisation_detail"),
    path("o/<slug:org>/", include("ita_portal.org_urls")),
    path("o/<slug:org>/assessments/", include("assessments.urls")),
    path("o/<slug:org>/measures/", include("measures.urls")),
    path("o/<slug:org>/reports/", include("reports.documents.urls")),
    path("", include("reports.dashboards.urls")),
    path("manage/", include("ita_portal.manage_urls")),
    path("frameworks/", include("assessments.framework_urls")),
    path("admin/", admin.site.urls),
]
# Uploaded files are never served from MEDIA_URL, even in development: evidence files go through a view
# that checks the scoping gate (measures:evidence_file).
# A database that cannot be reached is a Thai 503 page with Retry-After; any other error the 500 page.
handler500 = "ita_portal.errors.server_error_page"
