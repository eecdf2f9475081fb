"""The dashboards' versions: what their cached bodies are keyed on (ita_portal.page_cache caches them).

Why a cache: at national scale a cold organisation dashboard costs ~45 ms of CPU and the national
overview ~300 ms (aggregates over 76,000 indicator scores), far above what 20 concurrent readers on two
cores allow (bench/README.md). The figures only change when someone writes, and every write bumps the
`data_version` of the organisations whose pages it changes (ita_portal.changes: `organisation_changed`
for an organisation's rows, `site_changed` — every organisation — for the frameworks and the Garuda):

- an organisation's dashboard is keyed on its `data_version`; the scoping gate loads that row anyway,
  so the version costs no query;
- the overview on the sum, count and largest id of the visible organisations' `data_version`
  (`overview_version`, one aggregate over the organisation table): any write to any of them moves the
  sum, an organisation added or removed the count or the id;
- both on page_cache.VERSION (the templates' and builders' stamp) and the date, so "overdue" turns over
  at midnight.
"""

from __future__ import annotations

from django.db.models import Count, Max, Sum

from ita_portal.models import Organisation
from ita_portal.page_cache import cached_fragment, cached_page  # noqa: F401  (the dashboards' cache)


def organisation_version(organisation) -> tuple:
    """One organisation's data version: the counter on its row (ita_portal.changes). The row is loaded
    by the scoping gate anyway, so this costs no query."""
    return (organisation.data_version,)


def overview_version(user) -> tuple:
    """The version of every organisation the user may see: counters only grow, so the sum moves with
    any write; the count and the largest id with an organisation added or removed."""
    totals = Organisation.objects.visible_to(user).aggregate(
        s=Sum("data_version"), c=Count("pk"), m=Max("pk")
    )
    return (totals["s"], totals["c"], totals["m"])
