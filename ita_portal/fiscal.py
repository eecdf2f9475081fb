"""Thai fiscal years and reporting rounds; pure functions, no Django.

A fiscal year runs 1 October – 30 September and is named by the Buddhist-era year it ends in:
FY2567 = 1 Oct 2023 – 30 Sep 2024 (ระเบียบวิธีการงบประมาณ). Dates are stored in the Gregorian
calendar; B.E. = C.E. + 543.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

BE_OFFSET = 543
FIRST_MONTH = 10  # ตุลาคม
# The fiscal years the portal knows (model validators, URLs, query strings): anything else is no year.
MIN_YEAR, MAX_YEAR = 2500, 2700


class Round(StrEnum):
    """Reporting rounds of the measures: the 6-month round (ต.ค.–มี.ค.) and the whole year."""

    HALF = "half"
    ANNUAL = "annual"


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def parse_year(value) -> int | None:
    """A B.E. fiscal year from a URL or query string ("2567"), or None when it is not one the portal
    knows: a year 0 or 99999 would otherwise reach date arithmetic (year -543) or overflow the database."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def fiscal_year_of(day: dt.date) -> int:
    """The B.E. fiscal year a date falls in: 1 Oct 2023 → 2567, 30 Sep 2024 → 2567."""
    year = day.year + 1 if day.month >= FIRST_MONTH else day.year
    return be_year(year)


def default_fiscal_year(years_with_data: Iterable[int], today: dt.date) -> int:
    """The fiscal year a page opens on when the person has not chosen one: the current fiscal year if it
    has data, else the latest earlier year that has (in October last year's measures are still being
    reported on, and an empty current year would hide everything), else the nearest later year (an
    organisation that has only planned next year's measures), else the current year.

    The one rule for every page (home, measures list, dashboard, overview): each page passes the years
    that have its data for one organisation or scope, so one organisation opens on one year everywhere."""
    current = fiscal_year_of(today)
    years = set(years_with_data)
    if current in years or not years:
        return current
    earlier = [y for y in years if y < current]
    return max(earlier) if earlier else min(years)


def fiscal_year_bounds(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a B.E. fiscal year."""
    end_ce = ce_year(fiscal_year)
    return dt.date(end_ce - 1, 10, 1), dt.date(end_ce, 9, 30)


def round_bounds(fiscal_year: int, round_: Round | str) -> tuple[dt.date, dt.date]:
    """First and last day of a reporting round: the 6-month round ends on 31 March."""
    start, end = fiscal_year_bounds(fiscal_year)
    if Round(round_) is Round.HALF:
        return start, dt.date(end.year, 3, 31)
    return start, end


def fiscal_months(fiscal_year: int) -> list[dt.date]:
    """The twelve months of a fiscal year as first-of-month dates, October first."""
    start, _ = fiscal_year_bounds(fiscal_year)
    return [month_add(start, i) for i in range(12)]


def month_add(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(first_of_month: dt.date) -> dt.date:
    return month_add(first_of_month.replace(day=1), 1) - dt.timedelta(days=1)


def within_fiscal_year(fiscal_year: int, *days: dt.date) -> bool:
    start, end = fiscal_year_bounds(fiscal_year)
    return all(start <= d <= end for d in days)
