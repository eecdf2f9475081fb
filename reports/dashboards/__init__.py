"""The home and organisation pages and the dashboards: builders.py (plain dicts, fixed query counts),
cache.py (the version-keyed fragment cache), summary.py (the home page and the organisation summary),
charts.py (SVG), exports.py (CSV/XLSX), checklist.py (an organisation's first-run checklist), and their
views and urls (home_views.py, views.py, urls.py).

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
