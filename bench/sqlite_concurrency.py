"""Simultaneous saves on SQLite, with and without the settings' SQLite options (WAL, busy timeout,
BEGIN IMMEDIATE): how many fail with "database is locked", and how long the others wait.

    .venv/bin/python bench/sqlite_concurrency.py            # --writers 20 --rounds 5 --work-ms 20

Each writer has its own connection to a file database in a temporary folder, and all start at once
(a barrier) an atomic save that reads a row, does `--work-ms` of Python work (the version check, the
form, history rows) and writes it back, as a version-checked save of the portal does. Nothing else of
the portal's data is touched.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections, transaction  # noqa: E402


def entry(path: Path, options: dict) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": dict(options),
        **{"ATOMIC_REQUESTS": False, "AUTOCOMMIT": True, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False},
        **{"TIME_ZONE": None, "USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "TEST": {}},
    }


def run(options: dict, writers: int, work: float) -> tuple[int, list[float]]:
    """One round: the number of failed saves and the seconds each successful save took."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "office.sqlite3"
        aliases = [f"bench_{i}" for i in range(writers)]
        for alias in [*aliases, "bench_setup"]:
            connections.settings[alias] = entry(path, options)
        with connections["bench_setup"].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
            cursor.execute("INSERT INTO counter VALUES (1, 0)")
        connections["bench_setup"].close()
        del connections["bench_setup"]  # this thread's wrapper; the writers' go with their threads
        barrier = threading.Barrier(writers)
        failed, times = [], []

        def save(alias):
            connection = connections[alias]
            connection.ensure_connection()
            barrier.wait()
            start = time.perf_counter()
            try:
                with transaction.atomic(using=alias), connection.cursor() as cursor:
                    cursor.execute("SELECT n FROM counter WHERE id = 1")
                    (n,) = cursor.fetchone()
                    time.sleep(work)
                    cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [n + 1])
                times.append(time.perf_counter() - start)
            except Exception:  # noqa: BLE001 - counted
                failed.append(alias)
            finally:
                connection.close()

        threads = [threading.Thread(target=save, args=(a,)) for a in aliases]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for alias in [*aliases, "bench_setup"]:
            connections.settings.pop(alias, None)
        return len(failed), times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work-ms", type=float, default=20.0, help="Python work between read and write")
    args = parser.parse_args()
    work = args.work_ms / 1000
    print(f"{args.writers} simultaneous saves × {args.rounds} rounds, {args.work_ms:g} ms of work in each")
    print(f"{'options':<34}{'failed':>12}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    worst = 0
    for label, options in (
        ("Python/Django defaults", {}),
        ("settings.SQLITE_OPTIONS", settings.SQLITE_OPTIONS),
    ):
        failed, times = 0, []
        for _ in range(args.rounds):
            f, t = run(options, args.writers, work)
            failed += f
            times += t
        ms = sorted(x * 1000 for x in times) or [0.0]
        p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
        total = args.writers * args.rounds
        print(f"{label:<34}{f'{failed}/{total}':>12}{statistics.median(ms):>9.0f}{p95:>9.0f}{ms[-1]:>9.0f}")
        worst = failed
    return 1 if worst else 0  # the configured options must lose no save


if __name__ == "__main__":
    sys.exit(main())
