"""The one way a write announces that an organisation's data moved.

Every service that writes an organisation's rows calls `organisation_changed(id, actor=…, what=…)`.
The organisation is registered for the current write; when the outermost `@write` service returns (or,
for a write outside any service, when its transaction commits) each registered organisation's
`data_version` is bumped once, with `F()`, in the same transaction as the data — so a reader sees the
old version with the old rows or the new version with the new rows, never a mix. After the commit the
registered receivers run once with everything that changed (caches now; reminders, the public page
and background renders later). A rolled-back write bumps nothing and tells nobody.

Site-wide data that the organisations' pages print (the Garuda emblem of the memos, the frameworks'
indicators, bands and weights) announces itself with `site_changed(actor=…, what=…)`, which bumps every
organisation's `data_version` (one UPDATE, for writes an administrator makes a few times a year). So
every cache keys on one counter it has anyway (the organisation row the scoping gate loads; the
overview's visible rows): no second "site version" to read on every request, no second rule to forget.
Receivers get it as one `Change` whose `organisation_id` is None (every organisation).

Nothing else touches `Organisation.data_version`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, models, transaction

log = logging.getLogger(__name__)


@dataclass
class Change:
    """What one write did to one organisation: who, and which kinds of rows ("scores", "measure"…)."""

    organisation_id: int | None  # None: site-wide data, every organisation's pages (site_changed)
    actors: list = field(default_factory=list)
    what: set[str] = field(default_factory=set)


Receiver = Callable[[list[Change]], None]
_receivers: list[Receiver] = []
_state = threading.local()


def receiver(fn: Receiver) -> Receiver:
    """Register `fn(changes)` to run after each commit that changed one or more organisations."""
    if fn not in _receivers:
        _receivers.append(fn)
    return fn


def _pending() -> dict[int | None, Change]:
    if not hasattr(_state, "pending"):
        _state.pending, _state.depth = {}, 0
    return _state.pending


def organisation_changed(organisation_id: int | None, *, actor, what: str) -> None:
    """Register that the current write changed what `organisation_id`'s pages show."""
    if organisation_id is not None:
        _register(organisation_id, actor=actor, what=what)


def site_changed(*, actor, what: str) -> None:
    """Register that the current write changed site-wide data every organisation's pages print."""
    _register(None, actor=actor, what=what)


def _register(organisation_id: int | None, *, actor, what: str) -> None:
    pending = _pending()
    if pending and _state.depth == 0 and not connection.run_on_commit:
        # Left over from a transaction that rolled back (its on_commit flush was dropped with it).
        pending.clear()
    change = pending.setdefault(organisation_id, Change(organisation_id))
    change.what.add(what)
    if actor not in change.actors:
        change.actors.append(actor)
    if _state.depth == 0:
        # Not inside a @write service: bump when the enclosing transaction commits (at once in
        # autocommit). Registering once per call is cheap; the flush takes whatever is pending.
        transaction.on_commit(_flush_after_commit)


def _bump(changes: Iterable[Change]) -> list[Change]:
    from .models import Organisation

    changes = list(changes)
    if changes:
        ids = [c.organisation_id for c in changes]
        rows = Organisation.objects.all() if None in ids else Organisation.objects.filter(pk__in=ids)
        rows.update(data_version=models.F("data_version") + 1)
    return changes


def _flush_after_commit() -> None:
    pending = _pending()
    if not pending:
        return
    changes = list(pending.values())
    pending.clear()
    with transaction.atomic():
        _bump(changes)
    _notify(changes)


def _notify(changes: list[Change]) -> None:
    for fn in list(_receivers):
        try:
            fn(changes)
        except Exception:  # a cache or a queue must never undo a committed write
            log.exception("change receiver %s failed", getattr(fn, "__name__", fn))


def write(fn):
    """Make `fn` an atomic service whose organisation changes are bumped once when it returns.

    Services nest: only the outermost one bumps, inside its transaction; receivers run after commit.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        pending = _pending()
        with transaction.atomic():
            outermost = _state.depth == 0
            if outermost and pending and not connection.run_on_commit:
                pending.clear()  # stale: see organisation_changed
            _state.depth += 1
            try:
                result = fn(*args, **kwargs)
            except BaseException:
                if outermost:
                    pending.clear()
                raise
            finally:
                _state.depth -= 1
            if outermost and pending:
                changes = _bump(pending.values())
                pending.clear()
                transaction.on_commit(lambda: _notify(changes))
        return result

    return wrapper


def cache_key(namespace: str, *parts) -> str:
    """A cache key for something stored under change counters (`parts` holds the versions it was built
    from). The database's name is part of it: counters are small numbers, so two data sets sharing one
    cache (the demo and the national set, a test run) would otherwise share entries."""
    raw = repr((settings.DATABASES["default"]["NAME"], parts))
    return f"{namespace}:{hashlib.sha256(raw.encode()).hexdigest()}"
