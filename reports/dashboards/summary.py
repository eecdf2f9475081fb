"""Page data as plain values; no request objects (one builder can feed a page and a PDF)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count

from assessments.models import Assessment
from ita_portal.fiscal import fiscal_year_of, month_end
from ita_portal.models import Organisation
from measures.models import Measure, Status
from measures.years import default_years

from ..models import ReportText

GLANCE_LIST_LENGTH = 5


def build_home(*, user, today: dt.date) -> dict:
    """What the user may open, each organisation with its latest result and its measures at a glance
    (counts by status, overdue, due this month) in the fiscal year its measures pages open on
    (measures/years.py, the rule every page uses). A fixed number of queries, however many organisations."""
    organisations = list(Organisation.objects.visible_to(user).order_by("province", "district", "name"))
    ids = [o.pk for o in organisations]
    latest = {}
    for a in (
        Assessment.objects.filter(organisation_id__in=ids)
        .select_related("framework")
        .order_by("organisation_id", "-framework__fiscal_year")
    ):
        latest.setdefault(a.organisation_id, a)
    year_of = default_years(ids, today)
    # Every organisation's own year: read the few years shown, keep each organisation's rows of its year.
    measures = Measure.objects.filter(organisation_id__in=ids, fiscal_year__in=set(year_of.values()))

    def own_year(m) -> bool:
        return m.fiscal_year == year_of[m.organisation_id]

    counts = defaultdict(dict)
    for row in measures.values("organisation_id", "fiscal_year", "status").annotate(n=Count("id")):
        if row["fiscal_year"] == year_of[row["organisation_id"]]:
            counts[row["organisation_id"]][row["status"]] = row["n"]
    overdue = defaultdict(list)
    overdue_counts = defaultdict(int)
    for m in filter(own_year, measures.overdue(today).order_by("due_date", "number")):
        overdue_counts[m.organisation_id] += 1
        if len(overdue[m.organisation_id]) < GLANCE_LIST_LENGTH:
            overdue[m.organisation_id].append(m)
    month_start = today.replace(day=1)
    due_month = defaultdict(list)
    for m in filter(
        own_year, measures.due_between(today, month_end(month_start)).order_by("due_date", "number")
    ):
        if len(due_month[m.organisation_id]) < GLANCE_LIST_LENGTH:
            due_month[m.organisation_id].append(m)
    entries = []
    for o in organisations:
        by_status = counts[o.pk]
        entries.append(
            {
                "organisation": o,
                "year": year_of[o.pk],
                "latest": latest.get(o.pk),
                "total_measures": sum(by_status.values()),
                "by_status": [(s.label, by_status.get(s.value, 0)) for s in Status],
                "overdue_count": overdue_counts[o.pk],
                "overdue": overdue[o.pk],
                "due_this_month": due_month[o.pk],
            }
        )
    years = sorted(set(year_of.values()))
    # One year for the whole page when every organisation opens on it (the header says it once).
    year = years[0] if len(years) == 1 else (None if years else fiscal_year_of(today))
    return {"entries": entries, "year": year, "today": today}


def build_org_overview(*, organisation: Organisation) -> dict:
    """An organisation's profile, units, assessments (official vs computed) and measures by year."""
    assessments = list(
        Assessment.objects.filter(organisation=organisation)
        .with_scores()
        .prefetch_related("recommendations", "analysis_issues")
        .order_by("-framework__fiscal_year")
    )
    measures = (
        Measure.objects.filter(organisation=organisation)
        .prefetch_related("steps", "units", "progress")
        .order_by("-fiscal_year", "number")
    )
    by_year = defaultdict(list)
    for m in measures:
        by_year[m.fiscal_year].append(m)
    return {
        "organisation": organisation,
        "units": organisation.units.select_related("parent").order_by("order", "name"),
        "assessments": [{"assessment": a, "summary": a.summary()} for a in assessments],
        "measure_years": sorted(by_year.items(), reverse=True),
        "documents": ReportText.objects.filter(organisation=organisation).order_by("-fiscal_year", "kind"),
    }
