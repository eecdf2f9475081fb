import datetime as dt

import pytest

from ita_portal import fiscal


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2023, 10, 1), 2567),
        (dt.date(2024, 9, 30), 2567),
        (dt.date(2023, 9, 30), 2566),
        (dt.date(2024, 1, 15), 2567),
    ],
)
def test_fiscal_year_of_a_date(day, year):
    assert fiscal.fiscal_year_of(day) == year


def test_fiscal_year_bounds_and_rounds():
    assert fiscal.fiscal_year_bounds(2567) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    assert fiscal.round_bounds(2566, "half") == (dt.date(2022, 10, 1), dt.date(2023, 3, 31))
    assert fiscal.round_bounds(2566, fiscal.Round.ANNUAL) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))


def test_fiscal_months_run_october_to_september():
    months = fiscal.fiscal_months(2566)
    assert months[0] == dt.date(2022, 10, 1)
    assert months[-1] == dt.date(2023, 9, 1)
    assert len(months) == 12


def test_month_end_handles_leap_february():
    assert fiscal.month_end(dt.date(2024, 2, 1)) == dt.date(2024, 2, 29)
    assert fiscal.month_end(dt.date(2023, 12, 1)) == dt.date(2023, 12, 31)


def test_within_fiscal_year():
    assert fiscal.within_fiscal_year(2567, dt.date(2023, 10, 1), dt.date(2024, 9, 1))
    assert not fiscal.within_fiscal_year(2567, dt.date(2023, 9, 1))


@pytest.mark.parametrize(
    ("years", "year"),
    [
        ([2566, 2567], 2567),  # the current year has data
        ([2565, 2566], 2566),  # else the latest earlier one
        ([2565, 2566, 2569], 2566),  # an earlier year before a later one: reports are still due on it
        ([2568, 2569], 2568),  # only planned years: the nearest
        ([], 2567),  # nothing: the current year
    ],
)
def test_the_default_fiscal_year_of_every_page(years, year):
    assert fiscal.default_fiscal_year(years, dt.date(2024, 5, 1)) == year  # FY2567
