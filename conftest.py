"""Test configuration shared by every app: fast hashing, loud missing template variables, the ITA
frameworks loaded once per test database (they are reference data every test may need)."""

import json

import pytest
from django.conf import settings
from django.http import HttpRequest
from django.test import Client


class _InvalidTemplateVariable(str):
    """Makes `{{ missing }}` fail a test instead of rendering as an empty string."""

    def __mod__(self, other):
        raise AssertionError(f"missing template variable: {other!r}")


settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = _InvalidTemplateVariable("%s")
settings.CACHES = {
    name: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
    for name in ("default", "dashboards")
}
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _login_with_request(login):
    """django-axes refuses authenticate() without a request (it counts failures per address), and the
    test client's login() passes none: give it one from the test client's default address."""

    def wrapped(self, **credentials):
        if "request" not in credentials:
            request = HttpRequest()
            request.META["REMOTE_ADDR"] = "127.0.0.1"
            credentials["request"] = request
        return login(self, **credentials)

    return wrapped


Client.login = _login_with_request(Client.login)


def load_all_frameworks():
    from assessments.services import framework_load
    from ita_portal.geo import geo_load
    from ita_portal.models import District, Province

    # The official provinces and districts (loaded by a migration; again after a transactional flush).
    geo_load(Province, District)

    for path in sorted((settings.BASE_DIR / "fixtures" / "frameworks").glob("fy*.json")):
        framework_load(data=json.loads(path.read_text(encoding="utf-8")), actor=None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_all_frameworks()


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (PDFs and dashboards are cached by data version)."""
    from django.core.cache import caches

    for name in ("default", "dashboards"):
        caches[name].clear()
    yield
