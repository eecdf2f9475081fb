"""Page data as plain values; no request objects (one builder can feed a page and a PDF)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Max

from assessments.models import Assessment
from ita_portal.fiscal import fiscal_months, fiscal_year_of, month_end
from ita_portal.models import Organisation
from measures.models import Measure, Status

from .models import ReportText

GLANCE_LIST_LENGTH = 5


def focus_year(organisation_ids: list[int], today: dt.date) -> int:
    """The fiscal year to show: the current one if it has measures, else the latest that has."""
    current = fiscal_year_of(today)
    latest = Measure.objects.filter(organisation_id__in=organisation_ids, fiscal_year__lte=current).aggregate(
        year=Max("fiscal_year")
    )["year"]
    if Measure.objects.filter(organisation_id__in=organisation_ids, fiscal_year=current).exists():
        return current
    return latest or current


def build_home(*, user, today: dt.date) -> dict:
    """What the user may open, each organisation with its latest result and its measures at a glance
    (counts by status, overdue, due this month). A fixed number of queries, however many organisations."""
    organisations = list(Organisation.objects.visible_to(user).order_by("province", "district", "name"))
    ids = [o.pk for o in organisations]
    latest = {}
    for a in (
        Assessment.objects.filter(organisation_id__in=ids)
        .select_related("framework")
        .order_by("organisation_id", "-framework__fiscal_year")
    ):
        latest.setdefault(a.organisation_id, a)
    year = focus_year(ids, today) if ids else fiscal_year_of(today)
    measures = Measure.objects.filter(organisation_id__in=ids, fiscal_year=year)
    counts = defaultdict(dict)
    for row in measures.values("organisation_id", "status").annotate(n=Count("id")):
        counts[row["organisation_id"]][row["status"]] = row["n"]
    overdue = defaultdict(list)
    overdue_counts = defaultdict(int)
    for m in measures.overdue(today).order_by("due_date", "number"):
        overdue_counts[m.organisation_id] += 1
        if len(overdue[m.organisation_id]) < GLANCE_LIST_LENGTH:
            overdue[m.organisation_id].append(m)
    month_start = today.replace(day=1)
    due_month = defaultdict(list)
    for m in measures.due_between(today, month_end(month_start)).order_by("due_date", "number"):
        if len(due_month[m.organisation_id]) < GLANCE_LIST_LENGTH:
            due_month[m.organisation_id].append(m)
    entries = []
    for o in organisations:
        by_status = counts[o.pk]
        entries.append(
            {
                "organisation": o,
                "latest": latest.get(o.pk),
                "total_measures": sum(by_status.values()),
                "by_status": [(s.label, by_status.get(s.value, 0)) for s in Status],
                "overdue_count": overdue_counts[o.pk],
                "overdue": overdue[o.pk],
                "due_this_month": due_month[o.pk],
            }
        )
    return {"entries": entries, "year": year, "today": today, "months": fiscal_months(year)}


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
