"""A database that cannot be reached answers a Thai 503 page with Retry-After, not a 500 (hardening,
finding 9). The request really meets a broken database: this thread's connection is swapped for one
to a closed port (PostgreSQL: connection refused) or to a file that cannot be opened (SQLite), and the
real one is put back afterwards."""

import logging
import socket
from contextlib import contextmanager

import pytest
from django.db import connections
from django.test import Client

from ita_portal.scoping import Role
from ita_portal.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

THAI = "ระบบฐานข้อมูลขัดข้องชั่วคราว โปรดลองใหม่ในอีกสักครู่"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens once the socket is closed


@contextmanager
def broken_database(tmp_path):
    """This thread's default connection goes to a database that cannot be reached."""
    original = connections["default"]
    broken_settings = {**original.settings_dict}
    if original.vendor == "sqlite":
        broken_settings["NAME"] = str(tmp_path / "missing-folder" / "db.sqlite3")
    else:
        broken_settings.update(HOST="127.0.0.1", PORT=str(closed_port()))
    broken = original.__class__(broken_settings, alias="default")
    connections["default"] = broken
    try:
        yield broken
    finally:
        broken.close()
        connections["default"] = original


def test_database_down_is_a_thai_503_with_retry_after(tmp_path, caplog):
    client = Client(raise_request_exception=False)
    with broken_database(tmp_path), caplog.at_level(logging.ERROR):
        response = client.post("/accounts/login/", {"username": "someone", "password": "x"})
    assert response.status_code == 503
    assert THAI in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert any(r.name == "ita_portal.errors" for r in caplog.records)  # the error is logged


def test_signed_in_pages_with_the_database_down_are_a_503(tmp_path):
    user = UserFactory(role=Role.STAFF)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    assert client.get("/").status_code == 200
    org = user.organisation.slug
    with broken_database(tmp_path):
        for url in ("/", f"/o/{org}/measures/", f"/o/{org}/dashboard/", "/overview/"):
            response = client.get(url)
            assert response.status_code == 503, url
            assert THAI in response.content.decode()
    assert client.get("/").status_code == 200  # and back once it is up again


def test_other_errors_keep_the_500_page():
    """Only the database's own failures are a 503: a bug is still the 500 page."""
    from django.test import RequestFactory

    from ita_portal import errors

    try:
        raise ValueError("a bug")
    except ValueError:
        response = errors.server_error_page(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "ระบบขัดข้องชั่วคราว" in response.content.decode()
