"""Login throttling on top of django-axes (settings: "Login throttling, sessions, locale").

Two limits, counted over the last AXES_COOLOFF_TIME:

- one username from one address (AXES_FAILURE_LIMIT, 5): guessing a clerk's password from one machine
  stops there, while the clerk still signs in from their own office — nobody can lock them out from
  elsewhere;
- one address for every username (LOGIN_ADDRESS_FAILURE_LIMIT, 50): looser, so an office behind one
  NAT address is not locked as a whole by a few mistyped passwords, but a password spray from one
  address still stops.

django-axes 8 compares every group of AXES_LOCKOUT_PARAMETERS with the same AXES_FAILURE_LIMIT, so this
handler gives each group its own limit and reports the failures that count against AXES_FAILURE_LIMIT.
Everything else (recording attempts, the admin, `manage.py axes_reset`) is axes' own.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


def client_address(request) -> str | None:
    """The client's address: the proxy's X-Forwarded-For entry only when BEHIND_PROXY is set.

    The right-most entry is the one our proxy appended (nginx `$proxy_add_x_forwarded_for`); anything to
    its left was sent by the client and may be forged. Without a proxy the header is ignored entirely,
    so a client cannot pick a fresh address per attempt."""
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if entries:
            return entries[-1]
    return request.META.get("REMOTE_ADDR")


def group_limit(parameters, request, credentials) -> int:
    """The limit of one AXES_LOCKOUT_PARAMETERS group: the address alone has the looser one."""
    if parameters == ["ip_address"] or parameters == "ip_address":
        return settings.LOGIN_ADDRESS_FAILURE_LIMIT
    return get_failure_limit(request, credentials)


class TwoLimitHandler(AxesDatabaseHandler):
    """AxesDatabaseHandler with a limit per lockout group (see the module docstring)."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        limit = get_failure_limit(request, credentials)
        parameters = settings.AXES_LOCKOUT_PARAMETERS
        counted = 0
        for group, attempts in zip(parameters, self.get_user_attempts(request, credentials), strict=True):
            failures = attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            own_limit = group_limit(group, request, credentials)
            if failures >= own_limit:
                return max(failures, limit)  # this group is locked: report at least the lockout limit
            if own_limit == limit:
                counted = max(counted, failures)
        return counted

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        """A successful sign-in clears that username's failures from that address only: one valid
        account must not wipe the address's count of failures against other usernames."""
        groups = zip(
            settings.AXES_LOCKOUT_PARAMETERS, self.filter_user_attempts(request, credentials), strict=True
        )
        count = 0
        for group, attempts in groups:
            if not isinstance(group, str) and "username" in group:
                count += attempts.delete()[0]
        return count
