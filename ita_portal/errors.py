"""Error pages beyond Django's defaults: a database that cannot be reached is a Thai 503, not a 500.

Installed as handler500 (ita_portal/urls.py), so it sees an error raised anywhere (a view, a template,
the session or user lookup of a middleware), and only when DEBUG is off, as Django's own 500 page."""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error

logger = logging.getLogger("ita_portal.errors")
RETRY_AFTER = 30  # seconds: a database restart, a failover, a full disk being cleared


def database_unavailable(error: BaseException | None) -> bool:
    """Connection refused, dropped or timed out, "database is locked": the database, not our code."""
    return isinstance(error, OperationalError | InterfaceError)


def server_error_page(request, template_name: str = "500.html"):
    error = sys.exc_info()[1]
    if not database_unavailable(error):
        return server_error(request, template_name)
    logger.error("ฐานข้อมูลขัดข้อง (database unavailable) at %s: %s", request.path, error)
    # Rendered without the request: its user and session would need the database that is down.
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    return response
