"""Dashboards: builders (plain dicts, fixed query counts) and the version-keyed fragment cache.

Import from here: `from reports.dashboards import build_org_dashboard, build_overview, ...`.
"""

from .builders import (  # noqa: F401
    BANDS,
    PAGE_SIZE,
    SORTS,
    OverviewFilters,
    band_of,
    build_org_dashboard,
    build_overview,
    filter_choices,
    measure_counts,
    overview_rows,
    thai_sort_key,
)
from .cache import cached_fragment, cached_page, organisation_version, overview_version  # noqa: F401
