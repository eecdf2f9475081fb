"""The first-run checklist on an organisation's page (issue 11): what a new organisation sets up before
the portal is useful, each item linking to where it is done. Shown to its editors until every item is done.

`checklist_items` is the rule (pure: plain values in, items out); `build_checklist` gathers those values
in two queries, however much data the organisation has.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse

from assessments.models import Assessment, Framework
from ita_portal.fiscal import fiscal_year_of
from ita_portal.models import Organisation, OrgUnit
from measures.models import Measure

# What the memo's signature blocks and its "ที่" line print (reports/pdf/_memo_body.html): blank ones
# print a dotted line "(......)".
PROFILE_REQUIRED = ("mayor_name", "mayor_position", "clerk_name", "clerk_position", "letter_code")


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    done: bool
    detail: str
    url: str


@dataclass(frozen=True)
class OrganisationFacts:
    """What the checklist is decided from."""

    profile_missing: tuple[str, ...]  # verbose names of the empty required profile fields
    has_units: bool
    latest_year: int | None  # the latest fiscal year whose ITA result should be in (None: no framework yet)
    has_latest_assessment: bool
    measures_year: int
    has_measures: bool


def checklist_items(facts: OrganisationFacts, urls: dict[str, str]) -> list[ChecklistItem]:
    """The four first-run items in the order they are best done: profile, responsible units, the latest
    ITA result, this year's measures. Pure."""
    missing = facts.profile_missing
    items = [
        ChecklistItem(
            "profile",
            "ข้อมูลหน่วยงาน: ชื่อและตำแหน่งผู้ลงนาม และรหัสหนังสือ",
            not missing,
            f"ยังไม่ได้กรอก: {', '.join(missing)}" if missing else "ครบแล้ว",
            urls["profile"],
        ),
        ChecklistItem(
            "units",
            "หน่วยงานผู้รับผิดชอบ (สำนัก/กอง/งาน)",
            facts.has_units,
            "มีแล้ว" if facts.has_units else "ยังไม่มีหน่วยงานผู้รับผิดชอบ",
            urls["units"],
        ),
    ]
    if facts.latest_year is not None:
        items.append(
            ChecklistItem(
                "assessment",
                f"ผลการประเมิน ITA ปีงบประมาณ {facts.latest_year}",
                facts.has_latest_assessment,
                "บันทึกแล้ว" if facts.has_latest_assessment else "ยังไม่ได้บันทึกผลการประเมิน",
                urls["assessment"],
            )
        )
    items.append(
        ChecklistItem(
            "measures",
            f"มาตรการปีงบประมาณ {facts.measures_year}",
            facts.has_measures,
            "มีแล้ว" if facts.has_measures else "ยังไม่มีมาตรการของปีนี้",
            urls["measures"],
        )
    )
    return items


def latest_result_year(today: dt.date, framework_years: list[int]) -> int | None:
    """The latest fiscal year whose ITA result should be entered: results are announced in August of the
    year assessed (ita-framework.md §1), so during FY N it is N-1 (or earlier when the portal has no
    framework for N-1 yet). Pure."""
    candidates = [y for y in framework_years if y < fiscal_year_of(today)]
    return max(candidates) if candidates else None


def build_checklist(*, organisation: Organisation, today: dt.date) -> dict:
    """{"items": [...], "done": bool, "done_count": n} for the organisation page. Two queries."""
    latest_year = latest_result_year(today, list(Framework.objects.values_list("fiscal_year", flat=True)))
    measures_year = fiscal_year_of(today)
    row = (
        Organisation.objects.filter(pk=organisation.pk)
        .annotate(
            has_units=Exists(OrgUnit.objects.filter(organisation=OuterRef("pk"))),
            has_latest_assessment=Exists(
                Assessment.objects.filter(
                    organisation=OuterRef("pk"), framework__fiscal_year__gte=latest_year or 0
                )
            ),
            has_measures=Exists(
                Measure.objects.filter(organisation=OuterRef("pk"), fiscal_year=measures_year)
            ),
        )
        .values("has_units", "has_latest_assessment", "has_measures", *PROFILE_REQUIRED)
        .get()
    )
    facts = OrganisationFacts(
        profile_missing=tuple(
            str(Organisation._meta.get_field(name).verbose_name)
            for name in PROFILE_REQUIRED
            if not (row[name] or "").strip()
        ),
        has_units=row["has_units"],
        latest_year=latest_year,
        has_latest_assessment=row["has_latest_assessment"],
        measures_year=measures_year,
        has_measures=row["has_measures"],
    )
    slug = organisation.slug
    urls = {
        "profile": reverse("org:profile", kwargs={"org": slug}),
        "units": reverse("org:units", kwargs={"org": slug}),
        "assessment": reverse("assessments:edit", kwargs={"org": slug, "year": latest_year})
        if latest_year
        else reverse("assessments:list", kwargs={"org": slug}),
        "measures": reverse("measures:create", kwargs={"org": slug}) + f"?year={measures_year}",
    }
    items = checklist_items(facts, urls)
    done_count = sum(item.done for item in items)
    return {"items": items, "done": done_count == len(items), "done_count": done_count}
