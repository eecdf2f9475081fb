"""Rendered dashboard fragments, cached under a data version.

Why: at national scale a cold organisation dashboard costs ~45 ms of CPU and the national overview
~300 ms (aggregates over 76,000 indicator scores), far above what 20 concurrent readers on two cores
allow (bench/README.md). The figures only change when someone saves, so a fragment is cached under
a key that includes a data version:

- an organisation's dashboard: Organisation.data_version, bumped by every save or delete of its
  assessments, scores, measures, progress and units and by profile edits
  (ita_portal.models.organisation_data_changed); the scoping gate loads that row anyway;
- the overview: one query on the largest history and live keys (national_version): every save leaves a
  simple-history row, bulk inserts without history move MAX(id), and an organisation saved (renamed,
  moved to another district) moves MAX(updated_at);
- framework reloads clear the cache (load_frameworks); the date is in the key, so "overdue" turns over
  at midnight.

Around the body, the page itself (menu, user name, title) is cached per user as a shell, split where
the template printed the body and the CSRF token, which are put in per request (cached_page):
rendering the base page costs about as much as the rest of a cached request.

Not seen on the overview: an organisation's name or place changed with queryset.update() (the portal's
forms and the admin save). The cache is settings.CACHES["dashboards"] (a file cache under
var/cache/dashboards by default, shared by the gunicorn workers).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from assessments.models import Assessment, IndicatorScore, LevelBand, QuestionScore
from ita_portal.models import Organisation
from ita_portal.safe_cache import cache_get, cache_set
from measures.models import Measure, Progress

TIMEOUT = 6 * 3600


def _code_stamp() -> float:
    """Newest change to the code that shapes a fragment: a deploy never serves the old layout."""
    base = settings.BASE_DIR
    files = [
        *(base / "templates" / "dashboards").rglob("*.html"),
        base / "templates" / "base.html",
        base / "ita_portal" / "context_processors.py",
        *(base / "reports" / "dashboards").glob("*.py"),
        base / "reports" / "charts.py",
    ]
    return max((f.stat().st_mtime for f in files if f.exists()), default=0.0)


CODE_STAMP = _code_stamp()


STORE = "dashboards"  # settings.CACHES: a file cache shared by the workers, or Redis; failures are misses


def enabled() -> bool:
    return getattr(settings, "DASHBOARD_CACHE", True)


def _t(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _h(model) -> str:
    return connection.ops.quote_name(model.history.model._meta.db_table)


def _national_sql() -> str:
    parts = [
        f"(SELECT MAX(history_id) FROM {_h(model)})"
        for model in (Assessment, IndicatorScore, QuestionScore, Measure, Progress)
    ]
    parts += [
        f"(SELECT MAX(id) FROM {_t(model)})"
        for model in (Assessment, IndicatorScore, Measure, Progress, Organisation)
    ]
    parts += [
        f"(SELECT MAX(id) FROM {_t(LevelBand)})",  # framework_load() recreates the bands on every reload
        f"(SELECT MAX(updated_at) FROM {_t(Organisation)})",  # a rename, move or profile edit
    ]
    return "SELECT " + ", ".join(parts)


_SQL: dict[str, str] = {}
_prepared: set[tuple[int, int]] = set()


def _version(name: str, build, args: list) -> tuple:
    """Run a version query. On PostgreSQL it is a prepared statement: planning its many small
    subqueries costs ~9 ms, executing them ~1 ms, so each connection plans it once."""
    if name not in _SQL:
        _SQL[name] = build()
    sql = _SQL[name]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = connection.connection
            key = (id(raw), raw.get_backend_pid(), name)
            if key not in _prepared:
                # One generic plan serves every organisation (PostgreSQL would otherwise re-plan per id).
                # The setting only touches prepared statements; psycopg2 prepares none of Django's.
                types = "(bigint)" if args else ""
                cursor.execute(
                    f"SET plan_cache_mode = force_generic_plan; PREPARE dash_{name}{types} AS {sql}"
                )
                _prepared.add(key)
            cursor.execute(
                f"EXECUTE dash_{name}({', '.join(['%s'] * len(args))})" if args else f"EXECUTE dash_{name}",
                args,
            )
            return tuple(str(v) for v in cursor.fetchone())
        else:
            cursor.execute(sql.replace("$1", "%s"), args * sql.count("$1"))
        return tuple(str(v) for v in cursor.fetchone())


def organisation_version(organisation) -> tuple:
    """One organisation's data version: the counter on its row, bumped by every save of what its pages
    show (ita_portal.models.organisation_data_changed). The row is loaded by the scoping gate anyway,
    so this costs no query."""
    return (str(organisation.data_version),)


def national_version() -> tuple:
    """The whole data set's version: the largest history and live keys (index-only lookups)."""
    return _version("national", _national_sql, [])


def _key(*parts) -> str:
    raw = repr((settings.DATABASES["default"]["NAME"], CODE_STAMP, *parts))
    return "dash:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_fragment(parts: tuple, version: tuple, build: Callable[[], str]) -> str:
    """`build()` once per (parts, version); the database name keeps data sets apart."""
    if not enabled():
        return build()
    key = _key(parts, version)
    html = cache_get(STORE, key)
    if html is None:
        html = build()
        cache_set(STORE, key, html, TIMEOUT)
    return html


def user_signature(user) -> tuple:
    """Everything of the user that base.html shows or branches on (menu, name, role, organisation)."""
    organisation = user.organisation if user.organisation_id else None
    return (
        user.pk,
        user.username,
        user.get_full_name(),
        user.role,
        user.is_staff,
        user.is_superuser,
        organisation and (organisation.pk, organisation.slug, str(organisation)),
    )


def _shell(request, template_name: str, context: dict) -> tuple[list[str], list[str]] | None:
    """The page around the body, split where the template printed the body and the CSRF token: the
    text before the body and the text after it, each a list of pieces to join with the token.

    The placeholders are random for each render, so no text of a user (an organisation's short name, a
    user's name) rendered into the same page can contain them; the split happens once, here, and
    serving only joins pieces: nothing is searched and replaced in text that users typed.
    None when the body is not printed exactly once (the page is then rendered in full)."""
    nonce = secrets.token_hex(16)
    body_slot, csrf_slot = f"@@body-{nonce}@@", f"@@csrf-{nonce}@@"
    slots = {"body": mark_safe(body_slot), "csrf_token": csrf_slot}
    html = render_to_string(template_name, {**context, **slots}, request=request)
    if html.count(body_slot) != 1:
        return None
    before, after = html.split(body_slot)
    return before.split(csrf_slot), after.split(csrf_slot)


def cached_page(request, template_name: str, context: dict, body: str, parts: tuple) -> HttpResponse:
    """`template_name` (which prints {{ body }}) around `body`, with the page shell cached per user and
    `parts` (what else the template shows, e.g. the organisation and its version). A request with
    messages waiting renders in full, so the messages are shown once as usual."""
    if not enabled() or list(messages.get_messages(request)):
        return render(request, template_name, {**context, "body": mark_safe(body)})
    key = _key("shell", template_name, user_signature(request.user), parts, timezone.localdate().isoformat())
    shell = cache_get(STORE, key)
    if shell is None:
        shell = _shell(request, template_name, context)
        if shell is None:
            return render(request, template_name, {**context, "body": mark_safe(body)})
        cache_set(STORE, key, shell, TIMEOUT)
    before, after = shell
    # get_token() also sets the CSRF cookie when the browser has none yet, as {% csrf_token %} would.
    token = get_token(request)
    return HttpResponse(token.join(before) + body + token.join(after))
