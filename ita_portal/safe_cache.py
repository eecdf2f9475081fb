"""Cache access that never breaks a page.

The caches (rendered PDFs, dashboard fragments) only save time: a full disk, an unwritable var/cache or
a Redis server that is down must not answer 500. Every read, write and clear goes through here; a
failure is logged and treated as a miss, so the caller builds the page without the cache.
"""

from __future__ import annotations

import logging

from django.core.cache import caches

log = logging.getLogger(__name__)

MISSING = object()


def _failed(name: str, operation: str, error: Exception) -> None:
    log.warning("cache %r unavailable (%s): %s: %s", name, operation, type(error).__name__, error)


def cache_get(name: str, key: str, default=None):
    """The cached value, or `default` when it is absent or the cache fails."""
    try:
        return caches[name].get(key, default)
    except Exception as error:  # noqa: BLE001 - any backend error is a miss
        _failed(name, "get", error)
        return default


def cache_set(name: str, key: str, value, timeout: int | None) -> bool:
    """Store `value`; False (and a log line) when the cache fails."""
    try:
        caches[name].set(key, value, timeout)
    except Exception as error:  # noqa: BLE001
        _failed(name, "set", error)
        return False
    return True


def cache_clear(name: str) -> bool:
    try:
        caches[name].clear()
    except Exception as error:  # noqa: BLE001
        _failed(name, "clear", error)
        return False
    return True
