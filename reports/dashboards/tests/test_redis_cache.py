"""The dashboards on a Redis cache (DASHBOARD_CACHE_URL=redis://…), as a national deployment would run
them. Needs the Redis server on 127.0.0.1:6379 (database 15 is used and emptied); in CI a missing
server fails the run instead of skipping."""

import os
import socket
import subprocess
import sys

import pytest
import redis
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from ita_portal.scoping import Role
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from measures.services import measure_create

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def redis_dashboards():
    if not _redis_up():
        if os.environ.get("CI"):
            pytest.fail("Redis is not running on 127.0.0.1:6379")
        pytest.skip("Redis not running on 127.0.0.1:6379")
    caches = {
        **settings.CACHES,
        "dashboards": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "TIMEOUT": 3600,
        },
    }
    with override_settings(CACHES=caches):
        from django.core.cache import caches as handler

        handler["dashboards"].clear()
        yield handler["dashboards"]
        handler["dashboards"].clear()


def test_settings_take_a_redis_url():
    """DASHBOARD_CACHE_URL=redis://… gives Django's Redis backend, without the file cache's MAX_ENTRIES
    (Redis would refuse it as a connection option)."""
    env = {**os.environ, "DEBUG": "1", "DASHBOARD_CACHE_URL": REDIS_URL}
    code = "from django.conf import settings; print(settings.CACHES['dashboards'])"
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "RedisCache" in out and "MAX_ENTRIES" not in out


@pytest.mark.django_db
def test_dashboard_pages_on_redis(client, redis_dashboards, django_capture_on_commit_callbacks):
    org = OrganisationFactory(use_thai_digits=False)
    client.force_login(UserFactory(role=Role.EXECUTIVE, organisation=org, first_name="สมศรี"))
    url = reverse("dashboards:organisation", kwargs={"org": org.slug})
    for _ in range(2):
        body = client.get(url, {"year": 2567}).content.decode()
        assert "สมศรี" in body and "(0 มาตรการ)" in body
    assert redis.Redis.from_url(REDIS_URL).dbsize() >= 2  # the body and the page shell
    measure_create(organisation=org, fiscal_year=2567, title="มาตรการบนแคช Redis", actor=None)
    assert "(1 มาตรการ)" in client.get(url, {"year": 2567}).content.decode()
    client.force_login(UserFactory(role=Role.ADMIN, organisation=None))
    for _ in range(2):
        assert client.get(reverse("dashboards:overview")).status_code == 200
