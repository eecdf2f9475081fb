"""A broken cache (unwritable or full var/cache, Redis down) slows pages down but never breaks them:
sessions live in the database, and every cache read and write is a logged miss (ita_portal/safe_cache.py)."""

import logging

import pytest
from django.urls import reverse

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _file_cache_on_a_file(tmp_path):
    # A LOCATION that is a file, not a folder: every read and write fails (even as root, where chmod 0
    # on a folder does not stop writes).
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(blocker)}


def _redis_at_a_closed_port(tmp_path):
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}


@pytest.fixture(params=[_file_cache_on_a_file, _redis_at_a_closed_port], ids=["file", "redis"])
def broken_cache(request, settings, tmp_path):
    config = request.param(tmp_path)
    settings.CACHES = {"default": config, "dashboards": config}
    settings.DASHBOARD_CACHE = True
    return config


def test_every_page_answers_while_the_cache_fails(client, broken_cache, caplog):
    organisation = OrganisationFactory()
    MeasureFactory(organisation=organisation, fiscal_year=2566)
    UserFactory(username="clerk", organisation=organisation, role=Role.STAFF)
    org = {"org": organisation.slug}

    with caplog.at_level(logging.WARNING, logger="ita_portal.safe_cache"):
        signed_in = client.post(reverse("login"), {"username": "clerk", "password": "pass-1234"})
        assert signed_in.status_code == 302 and signed_in.url == reverse("home")

        home = client.get(reverse("home"))
        assert home.status_code == 200  # still signed in: the session is in the database
        assert organisation.name in home.content.decode()

        dashboard = client.get(reverse("dashboards:organisation", kwargs=org))
        assert dashboard.status_code == 200
        again = client.get(reverse("dashboards:organisation", kwargs=org))
        assert again.status_code == 200  # built again, without the cache
        assert str(organisation) in again.content.decode()

        pdf = client.get(reverse("reports:document_pdf", kwargs={**org, "year": 2566, "kind": "half"}))
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
        brief = client.get(reverse("dashboards:organisation_brief", kwargs=org))
        assert brief.status_code == 200 and "css/brief.css" in brief.content.decode()  # the A4 print view

    failures = [r for r in caplog.records if r.name == "ita_portal.safe_cache"]
    assert failures, "a failing cache is logged"
    assert all("unavailable" in r.getMessage() for r in failures)


def test_sessions_are_not_kept_in_a_cache(settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_load_frameworks_runs_with_a_broken_cache(broken_cache):
    from django.core.management import call_command

    call_command("load_frameworks", stdout=open("/dev/null", "w"))
