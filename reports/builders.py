"""Report and page data as plain values; no request objects (one builder feeds a page and a PDF)."""
from __future__ import annotations

from collections import defaultdict

from django.db.models import Count

from assessments.models import Assessment
from ita_portal.models import Organisation
from measures.models import Measure

from .models import ReportText


def build_home(*, user) -> dict:
    """Every organisation the user may open, with its assessed years and measure years."""
    organisations = list(Organisation.objects.visible_to(user).order_by("province", "district", "name"))
    ids = [o.pk for o in organisations]
    assessments = defaultdict(list)
    for a in Assessment.objects.filter(organisation_id__in=ids).select_related("framework").order_by(
        "-framework__fiscal_year"
    ):
        assessments[a.organisation_id].append(a)
    measure_years = defaultdict(list)
    for row in (
        Measure.objects.filter(organisation_id__in=ids)
        .values("organisation_id", "fiscal_year")
        .annotate(n=Count("id"))
        .order_by("-fiscal_year")
    ):
        measure_years[row["organisation_id"]].append((row["fiscal_year"], row["n"]))
    return {
        "entries": [
            {"organisation": o, "assessments": assessments[o.pk], "measure_years": measure_years[o.pk]}
            for o in organisations
        ]
    }


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
