"""Rendered pages cached under the change signal's counters (ita_portal.changes).

A page that costs too much to render for every reader (the dashboards, the overview, the measure list:
bench/README.md) is cut in two:

- its body, cached by `cached_fragment(parts, version, build)`: `version` holds the counters the
  body was built from (an organisation's `data_version`, or the overview's sum of them), `parts` what
  else it depends on (the organisation, the query string, the date, what the user may do);
- the page around it (menu, user name, title), cached per user by `cached_page` as a shell split where
  the template printed the body and the CSRF token, which are put in per request: rendering the base
  page costs about as much as the rest of a cached request.

The store is settings.CACHES["dashboards"] (a file cache under var/cache/dashboards by default, shared by
the gunicorn workers, or Redis); a failing store is a miss (ita_portal.safe_cache).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import changes
from .safe_cache import cache_get, cache_set

TIMEOUT = 6 * 3600
# Bump when a cached page's template, base.html or a builder changes what a cached page shows.
VERSION = "1"

STORE = "dashboards"  # settings.CACHES: a file cache shared by the workers, or Redis; failures are misses


def enabled() -> bool:
    return getattr(settings, "DASHBOARD_CACHE", True)


def _key(*parts) -> str:
    return changes.cache_key("page", VERSION, *parts)


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
