"""Dashboard data as plain values: the organisation dashboard and the supervisor overview.

Every builder runs a fixed number of SQL queries whatever the data size (aggregation in SQL, page-sized
lists); the tests pin the counts. Charts are SVG strings from reports.dashboards.charts, so the page and the PDF
draw the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Collate
from django.utils import timezone

from assessments.models import Assessment, Framework, Indicator, IndicatorScore, LevelBand, QuestionScore
from assessments.scoring import change, q2
from ita_portal import paging
from ita_portal.fiscal import default_fiscal_year, fiscal_year_of, parse_year
from ita_portal.models import Organisation, OrganisationKind
from ita_portal.scoping import scope_of
from ita_portal.thai import digits
from measures.models import Measure, Progress, Status

from . import charts

# The pass mark is the framework's (Framework.pass_mark); this is only for a page with no framework.
DEFAULT_PASS_MARK = Framework._meta.get_field("pass_mark").default
DUE_SOON_DAYS = 30
LIST_LIMIT = 10
PAGE_SIZE = 50
THAI_COLLATION = "th-TH-x-icu"  # ICU collation of Debian's PostgreSQL; C.UTF-8 puts เ/ไ-words after ฮ
# Heat-map bands around the year's pass mark: at or above 95, the pass mark to 95, 75 to the pass mark,
# below 75 (display bands, not levels: the levels are the framework's LevelBand rows).
TOP_BAND, LOW_BAND = Decimal(95), Decimal(75)
OVERDUE_LABEL = "เกินกำหนด"  # not a stored status: a measure past its due date and not done
STATUS_LABELS = {**dict(Status.choices), "overdue": OVERDUE_LABEL}


def heat_bands(pass_mark: Decimal) -> tuple[tuple[Decimal, str, str], ...]:
    """(floor, css class, legend) of the heat map, highest first, for a year's pass mark."""
    mark = f"{pass_mark.normalize():f}"
    return (
        (TOP_BAND, "band-a", f"≥ {TOP_BAND}"),
        (pass_mark, "band-b", f"{mark}–{TOP_BAND}"),
        (LOW_BAND, "band-c", f"{LOW_BAND}–{mark}"),
        (Decimal(0), "band-d", f"< {LOW_BAND}"),
    )


BANDS = heat_bands(DEFAULT_PASS_MARK)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


def thai_sort_key(names):
    """name → rank in Thai dictionary order (pythainlp), the SQLite stand-in for ICU th-TH."""
    from pythainlp.util import collate

    return {name: i for i, name in enumerate(collate(list(set(names))))}


def band_of(value: Decimal | None, pass_mark: Decimal = DEFAULT_PASS_MARK) -> str:
    if value is None:
        return "band-none"
    return next(css for floor, css, _ in heat_bands(pass_mark) if value >= floor)


def _direction(delta: Decimal | None) -> str:
    if delta is None or delta == 0:
        return "same"
    return "up" if delta > 0 else "down"


# ---------------------------------------------------------------- organisation dashboard


def measure_counts(measures, today: dt.date) -> dict:
    """Status counts of a measure queryset in one query. The four buckets are exclusive: a measure
    past its due date and not done counts as overdue, not as not-started/in-progress."""
    late = Q(due_date__lt=today) & ~Q(status=Status.DONE)
    return measures.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=Status.DONE)),
        overdue=Count("pk", filter=late),
        in_progress=Count("pk", filter=Q(status=Status.IN_PROGRESS) & ~late),
        not_started=Count("pk", filter=Q(status=Status.NOT_STARTED) & ~late),
        due_soon=Count(
            "pk",
            filter=Q(due_date__range=(today, today + dt.timedelta(days=DUE_SOON_DAYS)))
            & ~Q(status=Status.DONE),
        ),
    )


def build_org_dashboard(
    *, organisation: Organisation, fiscal_year: int | None = None, today: dt.date | None = None
) -> dict:
    """Where one organisation stands: score trend, indicators against last year, weakest items,
    this fiscal year's measures (status, units, overdue, due soon, latest progress) and the failing
    indicators no measure answers. Fixed number of queries (12)."""
    today = today or timezone.localdate()
    thai = organisation.use_thai_digits
    current_fy = fiscal_year_of(today)

    # 1. every recorded year, oldest first (trend)
    history = list(
        Assessment.objects.filter(organisation=organisation)
        .order_by("framework__fiscal_year")
        .values(
            "pk",
            "total",
            "level",
            "passed",
            year=F("framework__fiscal_year"),
            pass_mark=F("framework__pass_mark"),
        )
    )
    by_year = {a["year"]: a for a in history}
    latest = history[-1] if history else None
    pass_mark = latest["pass_mark"] if latest else DEFAULT_PASS_MARK
    previous = by_year.get(latest["year"] - 1) if latest else None

    # 2. which years have measures; with none chosen, the year every page opens on (fiscal.py)
    measure_years = sorted(
        Measure.objects.filter(organisation=organisation)
        .order_by()
        .values_list("fiscal_year", flat=True)
        .distinct(),
        reverse=True,
    )
    fallback_from = None
    if fiscal_year is None:
        fiscal_year = default_fiscal_year(measure_years, today)
        if fiscal_year != current_fy:
            fallback_from = current_fy
    year_choices = sorted({current_fy, fiscal_year, *measure_years}, reverse=True)

    # Measures of year N answer the assessment of year N-1 (measures.services.source_framework).
    gap_source = by_year.get(fiscal_year - 1) or by_year.get(fiscal_year)

    # 3. indicator scores of this year, last year and the year the measures answer
    wanted = {a["pk"] for a in (latest, previous, gap_source) if a}
    scores: dict[int, dict[int, Decimal]] = {pk: {} for pk in wanted}
    names: dict[int, str] = {}
    for row in IndicatorScore.objects.filter(assessment_id__in=wanted).values(
        "assessment_id", "score", number=F("indicator__number"), name=F("indicator__name")
    ):
        scores[row["assessment_id"]][row["number"]] = row["score"]
        if latest and row["assessment_id"] == latest["pk"]:
            names[row["number"]] = row["name"]
        else:
            names.setdefault(row["number"], row["name"])
    this_scores = scores.get(latest["pk"], {}) if latest else {}
    last_scores = scores.get(previous["pk"], {}) if previous else {}
    indicators = []
    for number in sorted(names):
        this, last = this_scores.get(number), last_scores.get(number)
        delta = change(this, last)
        indicators.append(
            {
                "number": number,
                "name": names[number],
                "this": this,
                "last": last,
                "change": delta,
                "direction": _direction(delta),
                "below": this is not None and this < pass_mark,
            }
        )

    # 4–5. weakest questions (scores) and OIT items that did not pass, of the latest assessment
    weakest, failed_items = [], []
    if latest:
        weakest = list(
            QuestionScore.objects.filter(assessment_id=latest["pk"], score__isnull=False, passed__isnull=True)
            .order_by("score", "question__order")
            .values(
                "score",
                code=F("question__code"),
                text=F("question__text"),
                number=F("question__indicator__number"),
            )[:LIST_LIMIT]
        )
        failed_items = list(
            QuestionScore.objects.filter(assessment_id=latest["pk"], passed=False)
            .order_by("question__order")
            .values(
                code=F("question__code"), text=F("question__text"), number=F("question__indicator__number")
            )[: LIST_LIMIT * 2]
        )

    measures = Measure.objects.filter(organisation=organisation, fiscal_year=fiscal_year)
    # 6. status counts
    counts = measure_counts(measures, today)
    # 7. by responsible unit (a measure may have several units; "ไม่ระบุ" for none)
    through = Measure.units.through
    late = Q(measure__due_date__lt=today) & ~Q(measure__status=Status.DONE)
    by_unit = list(
        through.objects.filter(measure__organisation=organisation, measure__fiscal_year=fiscal_year)
        .values(name=F("orgunit__name"))
        .annotate(
            total=Count("measure_id"),
            done=Count("measure_id", filter=Q(measure__status=Status.DONE)),
            overdue=Count("measure_id", filter=late),
        )
        .order_by("orgunit__order", "orgunit__name")
    )
    # 8–9. what is overdue and what falls due in the next 30 days (capped lists; totals in counts)
    fields = ("pk", "number", "title", "due_date", "status")
    overdue = list(measures.overdue(today).order_by("due_date", "number").values(*fields)[:LIST_LIMIT])
    due_soon = list(
        measures.due_between(today, today + dt.timedelta(days=DUE_SOON_DAYS))
        .order_by("due_date", "number")
        .values(*fields)[:LIST_LIMIT]
    )
    # 10. their units, in one query
    listed = [m["pk"] for m in overdue + due_soon]
    units: dict[int, list[str]] = {}
    for measure_id, name in (
        through.objects.filter(measure_id__in=listed)
        .order_by("orgunit__order")
        .values_list("measure_id", "orgunit__name")
    ):
        units.setdefault(measure_id, []).append(name)
    for m in overdue + due_soon:
        m["units"] = units.get(m["pk"], [])
        m["status_label"] = STATUS_LABELS[m["status"]]
        m["days"] = (m["due_date"] - today).days
        m["late_days"] = max(-m["days"], 0)
        m["first_line"] = (m["title"] or "").splitlines()[0] if m["title"] else ""
    # 11. latest progress entries
    progress = list(
        Progress.objects.filter(measure__organisation=organisation, measure__fiscal_year=fiscal_year)
        .order_by(F("reported_on").desc(nulls_last=True), "-pk")
        .values(
            "round",
            "reported_on",
            "status",
            "done",
            "created_at",
            number=F("measure__number"),
            title=F("measure__title"),
        )[:6]
    )
    for p in progress:
        p["status_label"] = STATUS_LABELS[p["status"]]
        p["first_line"] = (p["title"] or "").splitlines()[0]
    # 12. indicators linked to this year's measures, matched by number (frameworks differ per year)
    linked = set(
        Measure.indicators.through.objects.filter(
            measure__organisation=organisation, measure__fiscal_year=fiscal_year
        ).values_list("indicator__number", flat=True)
    )
    gaps = []
    if gap_source:
        gap_pass = gap_source["pass_mark"]
        for number, value in sorted(scores.get(gap_source["pk"], {}).items()):
            if value < gap_pass and number not in linked:
                gaps.append({"number": number, "name": names.get(number, ""), "score": value})

    total_change = change(latest["total"], previous["total"]) if latest and previous else None
    status_segments = [
        {"key": k, "label": STATUS_LABELS[k], "count": counts[k]}
        for k in ("done", "in_progress", "not_started", "overdue")
    ]
    return {
        "organisation": organisation,
        "thai": thai,
        "status_labels": STATUS_LABELS,
        "today": today,
        "current_fiscal_year": current_fy,
        "fiscal_year": fiscal_year,
        "fallback_from": fallback_from,
        "year_choices": year_choices,
        "latest": latest,
        "previous": previous,
        "pass_mark": pass_mark,
        "total_change": total_change,
        "total_direction": _direction(total_change),
        "history": history,
        "indicators": indicators,
        "below_count": sum(1 for i in indicators if i["below"]),
        "weakest": weakest,
        "failed_items": failed_items,
        "counts": counts,
        "status_segments": status_segments,
        "by_unit": by_unit,
        "overdue": overdue,
        "due_soon": due_soon,
        "due_soon_days": DUE_SOON_DAYS,
        "progress": progress,
        "gap_source_year": gap_source["year"] if gap_source else None,
        "gaps": gaps,
        "charts": {
            "trend": charts.trend_line(
                [{"year": a["year"], "total": a["total"], "level": a["level"]} for a in history],
                pass_mark=pass_mark,
                thai=thai,
                uid="trend",
            )
            if history
            else "",
            "indicators": charts.indicator_bars(
                indicators,
                pass_mark=pass_mark,
                thai=thai,
                uid="ind",
                this_label=f"ปี {digits(str(latest['year']), thai)}" if latest else "ปีนี้",
                last_label=f"ปี {digits(str(latest['year'] - 1), thai)}" if latest else "ปีก่อน",
            )
            if indicators
            else "",
            "status": charts.status_bar(status_segments, thai=thai, uid="status"),
        },
    }


# ---------------------------------------------------------------- supervisor overview

SORTS = {
    "name": "ชื่อหน่วยงาน",
    "place": "จังหวัด/อำเภอ",
    "total": "คะแนนรวม",
    "change": "เปลี่ยนแปลง",
    "failing": "ตัวชี้วัดไม่ผ่าน",
    "overdue": "มาตรการเกินกำหนด",
}


@dataclass(frozen=True)
class OverviewFilters:
    fiscal_year: int | None = None
    province: str = ""
    district: str = ""
    kind: str = ""
    sort: str = "name"
    page: int = 1

    @classmethod
    def from_query(cls, data) -> OverviewFilters:
        sort = data.get("sort") or "name"
        if sort.lstrip("-") not in SORTS:
            sort = "name"
        kind = data.get("kind") or ""
        return cls(
            fiscal_year=parse_year(data.get("year")),
            province=(data.get("province") or "").strip(),
            district=(data.get("district") or "").strip(),
            kind=kind if kind in OrganisationKind.values else "",
            sort=sort,
            page=paging.page_number(data.get("page")),  # Http404 for a page that cannot exist
        )


def _scoped_organisations(user, filters: OverviewFilters):
    organisations = Organisation.objects.visible_to(user)
    if filters.province:
        organisations = organisations.filter(province=filters.province)
    if filters.district:
        organisations = organisations.filter(district=filters.district)
    if filters.kind:
        organisations = organisations.filter(kind=filters.kind)
    return organisations


def _frameworks() -> dict[int, dict]:
    """fiscal year → {"pk", "pass_mark", "has_results"}; one small query."""
    return {
        f["fiscal_year"]: f
        for f in Framework.objects.annotate(
            has_results=Exists(Assessment.objects.filter(framework_id=OuterRef("pk")))
        ).values("pk", "fiscal_year", "pass_mark", "has_results")
    }


def _table_queryset(
    organisations, *, framework, previous, fiscal_year: int, today: dt.date, sort: str, full: bool
):
    """Organisations with this year's and last year's stored totals joined in (LEFT JOINs, not one
    subquery per row). Failing-indicator and overdue counts are annotated only when sorting by them
    or exporting (`full`); a page otherwise counts them for its own rows."""
    key = sort.lstrip("-")
    rows = organisations.annotate(
        cur=FilteredRelation(
            "assessments", condition=Q(assessments__framework_id=framework["pk"] if framework else None)
        ),
        total=F("cur__total"),
        level=F("cur__level"),
        passed=F("cur__passed"),
        assessment_id=F("cur__pk"),
    )
    if previous:
        rows = rows.annotate(
            prev=FilteredRelation("assessments", condition=Q(assessments__framework_id=previous["pk"])),
            last_total=F("prev__total"),
        )
    else:
        rows = rows.annotate(
            last_total=Value(None, output_field=DecimalField(max_digits=5, decimal_places=2))
        )
    rows = rows.annotate(
        change=ExpressionWrapper(
            F("total") - F("last_total"), output_field=DecimalField(max_digits=6, decimal_places=2)
        )
    )
    if full or key == "failing":
        failing = (
            IndicatorScore.objects.filter(
                assessment_id=OuterRef("cur__pk"),
                score__lt=framework["pass_mark"] if framework else DEFAULT_PASS_MARK,
            )
            .order_by()
            .values("assessment_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        rows = rows.annotate(failing=Coalesce(Subquery(failing, output_field=IntegerField()), 0))
    if full or key == "overdue":
        late = (
            Measure.objects.filter(
                organisation_id=OuterRef("pk"), fiscal_year=fiscal_year, due_date__lt=today
            )
            .exclude(status=Status.DONE)
            .order_by()
            .values("organisation_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        rows = rows.annotate(overdue=Coalesce(Subquery(late, output_field=IntegerField()), 0))
    name = Collate("name", THAI_COLLATION) if _is_postgres() else "name"
    descending = sort.startswith("-")
    if key == "name":
        order = [name.desc() if descending and _is_postgres() else name]
    elif key == "place":
        order = ["province", "district", name]
    else:
        field = F(key)
        order = [field.desc(nulls_last=True) if descending else field.asc(nulls_last=True), name]
    if key == "name" and descending and not _is_postgres():
        order = ["-name"]
    return rows.order_by(*order)


def _row_values(rows):
    counted = [k for k in ("failing", "overdue") if k in rows.query.annotations]
    return rows.values(
        "pk",
        "slug",
        "name",
        "short_name",
        "province",
        "district",
        "kind",
        "total",
        "level",
        "passed",
        "last_total",
        "change",
        "assessment_id",
        *counted,
    )


def _sorted_for_sqlite(rows: list[dict], sort: str) -> list[dict]:
    """SQLite has no Thai collation: order in Python by the pythainlp rank, as ICU does on PostgreSQL."""
    rank = thai_sort_key([n for r in rows for n in (r["name"], r["province"], r["district"])])
    key, descending = sort.lstrip("-"), sort.startswith("-")
    if key == "name":
        return sorted(rows, key=lambda r: rank[r["name"]], reverse=descending)
    if key == "place":
        return sorted(rows, key=lambda r: (rank[r["province"]], rank[r["district"]], rank[r["name"]]))
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    present.sort(key=lambda r: rank[r["name"]])
    present.sort(key=lambda r: r[key], reverse=descending)
    missing.sort(key=lambda r: rank[r["name"]])
    return present + missing


def overview_rows(
    *, user, filters: OverviewFilters, today: dt.date | None = None, limit: int | None = None, offset: int = 0
):
    """(rows, total count, year, framework, previous framework) of the overview table.

    With `limit`, one page: failing and overdue counts come from two page-sized queries (fixed count).
    Without, every row with all counts annotated in SQL (exports)."""
    today = today or timezone.localdate()
    frameworks = _frameworks()
    with_results = [y for y, f in frameworks.items() if f["has_results"]]
    year = filters.fiscal_year if filters.fiscal_year in frameworks else None
    if year is None and with_results:
        year = default_fiscal_year(with_results, today)  # the one rule, over the years with results
    if year is None and frameworks:
        year = max(frameworks)
    framework = frameworks.get(year)
    previous = frameworks.get(year - 1) if year else None
    organisations = _scoped_organisations(user, filters)
    full = limit is None
    rows_qs = _table_queryset(
        organisations,
        framework=framework,
        previous=previous,
        fiscal_year=year or 0,
        today=today,
        sort=filters.sort,
        full=full,
    )
    values = _row_values(rows_qs)
    if _is_postgres():
        count = None
        if full:
            rows = list(values)
        else:
            count = organisations.count()
            rows = list(values[offset : offset + limit])
    else:
        # Thai order needs Python here; key columns only, then the page's rows.
        rows = _sorted_for_sqlite(list(values), filters.sort)
        count = len(rows)
        if not full:
            rows = rows[offset : offset + limit]
    if count is None:
        count = len(rows)
    return rows, count, year, framework, previous, frameworks


def build_overview(
    *, user, filters: OverviewFilters, today: dt.date | None = None, page_size: int = PAGE_SIZE
) -> dict:
    """The supervisor overview: filter choices, one page of the sortable table with a heat map of the
    same rows, the level distribution, pass rate and average per indicator of the whole selection.
    Fixed number of queries (about 10) whatever the number of organisations."""
    today = today or timezone.localdate()
    organisations = _scoped_organisations(user, filters)
    offset = (filters.page - 1) * page_size
    rows, count, year, framework, previous, frameworks = overview_rows(
        user=user, filters=filters, today=today, limit=page_size, offset=offset
    )
    pass_mark = framework["pass_mark"] if framework else DEFAULT_PASS_MARK
    pages = max((count + page_size - 1) // page_size, 1)
    paging.check_page(filters.page, pages)
    page = filters.page

    # Page-sized counts and heat map: three queries on this page's rows only.
    assessment_ids = [r["assessment_id"] for r in rows if r["assessment_id"]]
    org_ids = [r["pk"] for r in rows]
    heat: dict[int, dict[int, Decimal]] = {}
    for a_id, number, value in IndicatorScore.objects.filter(assessment_id__in=assessment_ids).values_list(
        "assessment_id", "indicator__number", "score"
    ):
        heat.setdefault(a_id, {})[number] = value
    overdue_by_org = dict(
        Measure.objects.filter(organisation_id__in=org_ids, fiscal_year=year or 0)
        .overdue(today)
        .order_by()
        .values("organisation_id")
        .annotate(n=Count("pk"))
        .values_list("organisation_id", "n")
    )
    # The heat map's columns are the year's indicators (the framework's rows, not a typed 1–10).
    numbers = (
        list(
            Indicator.objects.filter(framework_id=framework["pk"])
            .order_by("number")
            .values_list("number", flat=True)
        )
        if framework
        else []
    )
    for r in rows:
        cells = heat.get(r["assessment_id"], {})
        r["failing"] = sum(1 for v in cells.values() if v < pass_mark) if r["assessment_id"] else None
        r["overdue"] = overdue_by_org.get(r["pk"], 0)
        r["change"] = change(
            r["total"], r["last_total"]
        )  # exact Decimal (SQLite subtracts in floating point)
        r["direction"] = _direction(r["change"])
        r["kind_label"] = (
            OrganisationKind(r["kind"]).label if r["kind"] in OrganisationKind.values else r["kind"]
        )
        r["cells"] = [
            {"number": n, "score": cells.get(n), "band": band_of(cells.get(n), pass_mark)} for n in numbers
        ]

    # Whole-selection aggregates: two queries. Organisation scope is skipped when it is "everything".
    assessments = Assessment.objects.filter(framework_id=framework["pk"] if framework else None)
    indicator_scores = IndicatorScore.objects.filter(
        assessment__framework_id=framework["pk"] if framework else None
    )
    if organisations.query.where:
        assessments = assessments.filter(organisation__in=organisations.values("pk"))
        indicator_scores = indicator_scores.filter(assessment__organisation__in=organisations.values("pk"))
    levels = (
        list(
            assessments.order_by()
            .values("level", "passed")
            .annotate(n=Count("pk"))
            .values("level", "passed", "n")
        )
        if framework
        else []
    )
    per_indicator = (
        list(
            indicator_scores.order_by()
            .values(number=F("indicator__number"), name=F("indicator__name"))
            .annotate(average=Avg("score"), n=Count("pk"), failing=Count("pk", filter=Q(score__lt=pass_mark)))
            .order_by("number")
        )
        if framework
        else []
    )
    for row in per_indicator:
        row["this"] = q2(Decimal(row["average"])) if row["average"] is not None else None
    assessed = sum(r["n"] for r in levels)
    passed = sum(r["n"] for r in levels if r["passed"])
    bands = (
        list(
            LevelBand.objects.filter(framework_id=framework["pk"])
            .order_by("order")
            .values_list("label", flat=True)
        )
        if framework
        else []
    )
    level_order = bands
    distribution = []
    for label in level_order + sorted({r["level"] for r in levels} - set(level_order)):
        n = sum(r["n"] for r in levels if r["level"] == label)
        is_pass = any(r["passed"] for r in levels if r["level"] == label)
        distribution.append(
            {"label": label or "ไม่มีระดับ", "count": n, "passed": is_pass, "share": _percent(n, assessed)}
        )
    thai = False  # several organisations, several preferences: the overview uses Arabic digits
    return {
        "filters": filters,
        "year": year,
        "years": sorted(frameworks, reverse=True),
        "pass_mark": pass_mark,
        "previous_year": year - 1 if previous else None,
        "rows": rows,
        "count": count,
        "page": page,
        "pages": pages,
        "page_size": page_size,
        "first_index": offset + 1,
        "numbers": numbers,
        "assessed": assessed,
        "passed": passed,
        "not_assessed": max(count - assessed, 0),
        "pass_rate": _percent(passed, assessed),
        "distribution": distribution,
        "per_indicator": per_indicator,
        "bands": heat_bands(pass_mark),
        "sorts": SORTS,
        "charts": {
            "levels": charts.level_bars(
                [d for d in distribution if d["count"] or d["label"] in level_order], thai=thai, uid="levels"
            )
            if distribution
            else "",
            "indicators": charts.indicator_bars(
                per_indicator,
                pass_mark=pass_mark,
                thai=thai,
                uid="avg",
                this_label=f"ค่าเฉลี่ยปี {year}",
                last_label=None,
            )
            if per_indicator
            else "",
        },
    }


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "–"
    return f"{Decimal(100 * part / whole).quantize(Decimal('0.1'))}%"


def filter_choices(*, user, filters: OverviewFilters) -> dict:
    """Provinces (and the districts of the chosen province) the user may filter by: two small queries."""
    visible = Organisation.objects.visible_to(user).order_by()
    provinces = sorted(p for p in visible.values_list("province", flat=True).distinct() if p)
    districts = []
    # From the gate's scope alone (not the role): the cached overview is shared by users of one scope.
    scope = scope_of(user)
    if filters.province or (scope[0] == "where" and "province_ref" in dict(scope[1])):
        in_province = visible.filter(province=filters.province) if filters.province else visible
        districts = sorted(d for d in in_province.values_list("district", flat=True).distinct() if d)
    rank = thai_sort_key(provinces + districts)
    return {
        "provinces": sorted(provinces, key=rank.get),
        "districts": sorted(districts, key=rank.get),
        "kinds": OrganisationKind.choices,
    }
