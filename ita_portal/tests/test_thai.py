import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ita_portal import thai


def test_digits_both_ways():
    assert thai.digits("94.94") == "๙๔.๙๔"
    assert thai.digits("94.94", thai=False) == "94.94"
    assert thai.arabic("๙๘.๕") == "98.5"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("๙๘.๕", Decimal("98.5")),
        ("98.50", Decimal("98.50")),
        (" 1,234.5 ", Decimal("1234.5")),
        ("", None),
        (None, None),
    ],
)
def test_parse_decimal_accepts_thai_digits(text, value):
    assert thai.parse_decimal(text) == value


@pytest.mark.parametrize("text", ["abc", "9.9.9", "NaN", "Infinity"])
def test_parse_decimal_rejects_non_numbers_in_thai(text):
    with pytest.raises(ValueError, match="ไม่ใช่ตัวเลข"):
        thai.parse_decimal(text)


def test_scores_have_two_decimals():
    assert thai.score(Decimal("90")) == "90.00"
    assert thai.score(Decimal("93.734")) == "93.73"
    assert thai.score(Decimal("94.94"), thai=True) == "๙๔.๙๔"
    assert thai.score(None) == "–"


def test_signed_change():
    assert thai.signed(Decimal("1.2")) == "+1.20"
    assert thai.signed(Decimal("-0.5")) == "-0.50"
    assert thai.signed(Decimal("0")) == "0.00"
    assert thai.signed(Decimal("-1.21"), thai=True) == "-๑.๒๑"


def test_dates_are_buddhist_era():
    day = dt.date(2024, 2, 20)
    assert thai.date_long(day) == "๒๐ กุมภาพันธ์ ๒๕๖๗"
    assert thai.date_long(day, thai=False) == "20 กุมภาพันธ์ 2567"
    assert thai.date_medium(day) == "20 ก.พ. 2567"
    assert thai.month_short(dt.date(2022, 10, 1)) == "ต.ค. ๖๕"
    assert thai.month_long(dt.date(2022, 10, 1)) == "ตุลาคม ๒๕๖๕"


def test_month_range_as_in_the_measures_tables():
    assert thai.month_range(dt.date(2022, 10, 1), dt.date(2023, 9, 1)) == "ต.ค. ๖๕ ถึง ก.ย. ๖๖"
    assert thai.month_range(dt.date(2022, 10, 1), dt.date(2022, 10, 1)) == "ต.ค. ๖๕"
    assert thai.month_range(None, None) == ""


def test_aware_datetimes_are_shown_in_bangkok_time(settings):
    settings.USE_TZ = True
    moment = dt.datetime(2024, 2, 19, 18, 30, tzinfo=dt.UTC)  # 01:30 on the 20th in Bangkok
    with timezone.override("Asia/Bangkok"):
        assert thai.datetime_medium(moment) == "20 ก.พ. 2567 01:30 น."


def test_fiscal_year_range_and_round_label():
    assert thai.fiscal_year_range(2567) == "๑ ต.ค. ๒๕๖๖ – ๓๐ ก.ย. ๒๕๖๗"
    assert thai.round_label(2566, "half") == "รอบ ๖ เดือน (ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖)"
    assert thai.round_label(2566, "annual", thai=False) == "ประจำปี (ต.ค. 2565 – ก.ย. 2566)"
