"""SQLite, the default for small offices, lets simultaneous saves wait for each other instead of
answering "database is locked" (hardening, finding 9: 14 of 20 simultaneous saves were a 500).

The settings' SQLite options (WAL, a busy timeout and BEGIN IMMEDIATE) are applied to a file database
in a temporary folder (the test database is in memory, where neither WAL nor locking between
connections happens); 20 threads, each with its own connection, start an atomic save at once that
reads, then writes, as a version-checked save does."""

import threading
import time

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

WRITERS = 20


def sqlite_settings(path) -> dict:
    """A database entry as settings.py builds one for SQLite (whatever the suite runs on)."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(getattr(settings, "SQLITE_OPTIONS", {})),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }


def simultaneous_saves(path, writers: int = WRITERS) -> list[str]:
    """Run `writers` atomic read-then-write saves at once; the errors, one per failed save."""
    aliases = [f"concurrency_{i}" for i in range(writers)]
    for alias in aliases:
        connections.settings[alias] = sqlite_settings(path)
    setup = DatabaseWrapper(sqlite_settings(path), alias="concurrency_setup")
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, note TEXT)")
        cursor.execute("INSERT INTO counter (id, n, note) VALUES (1, 0, '')")
    setup.close()
    barrier = threading.Barrier(writers)
    errors: list[str] = []

    def save(alias):
        try:
            connections[alias].ensure_connection()
            barrier.wait()
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT n FROM counter WHERE id = 1")  # the version check
                (n,) = cursor.fetchone()
                time.sleep(0.02)  # the Python work of a save between its read and its write
                cursor.execute("UPDATE counter SET n = %s, note = %s WHERE id = 1", [n + 1, alias])
        except Exception as error:  # noqa: BLE001 - every failure is counted
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=save, args=(alias,)) for alias in aliases]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        for alias in aliases:
            connections.settings.pop(alias, None)
    check = DatabaseWrapper(sqlite_settings(path), alias="concurrency_check")
    with check.cursor() as cursor:
        cursor.execute("SELECT n FROM counter WHERE id = 1")
        (total,) = cursor.fetchone()
    check.close()
    if not errors:
        assert total == writers, f"{total} saves counted, {writers} made: an update was lost"
    return errors


def test_twenty_simultaneous_saves_all_succeed(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        errors = simultaneous_saves(tmp_path / "office.sqlite3")
    assert errors == [], f"{len(errors)} of {WRITERS} saves failed: {sorted(set(errors))}"


def test_sqlite_options_are_applied_to_a_sqlite_database(tmp_path, django_db_blocker):
    """WAL, synchronous=NORMAL and the busy timeout hold on every new connection."""
    wrapper = DatabaseWrapper(sqlite_settings(tmp_path / "office.sqlite3"), alias="concurrency_pragmas")
    with django_db_blocker.unblock(), wrapper.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 20_000
    wrapper.close()
    assert wrapper.transaction_mode == "IMMEDIATE"


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="the suite runs on SQLite"
)
def test_the_default_database_gets_the_sqlite_options():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] >= 20
    assert "journal_mode=WAL" in options["init_command"]
