"""Which fiscal year a measures page opens on, per organisation: the years that have measures, given to
the one rule in ita_portal/fiscal.py:default_fiscal_year. The home page, the measures list and the
dashboard call this, so one organisation opens on one year (and one overdue count) everywhere."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from ita_portal.fiscal import default_fiscal_year

from .models import Measure


def measure_years(organisation_ids: Iterable[int]) -> dict[int, list[int]]:
    """{organisation id: its measures' fiscal years, newest first}; one query."""
    years: dict[int, list[int]] = defaultdict(list)
    rows = (
        Measure.objects.filter(organisation_id__in=list(organisation_ids))
        .order_by("organisation_id", "-fiscal_year")
        .values_list("organisation_id", "fiscal_year")
        .distinct()
    )
    for organisation_id, year in rows:
        years[organisation_id].append(year)
    return years


def default_years(organisation_ids: Iterable[int], today: dt.date) -> dict[int, int]:
    """{organisation id: the fiscal year its measures pages open on}; one query."""
    ids = list(organisation_ids)
    years = measure_years(ids)
    return {pk: default_fiscal_year(years.get(pk, []), today) for pk in ids}


def default_year_of(organisation, today: dt.date) -> int:
    return default_years([organisation.pk], today)[organisation.pk]
