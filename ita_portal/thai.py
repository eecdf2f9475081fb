"""Thai text, digits and Buddhist-era dates for people and official documents; pure functions.

Django's `th` locale prints Gregorian years ("21 พฤศจิกายน 2026"), so every date a person sees goes
through these helpers instead. pythainlp supplies month names and digit conversion.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit, thai_strftime

from .fiscal import fiscal_year_bounds

TWO_PLACES = Decimal("0.01")


def digits(text: str, thai: bool = True) -> str:
    """Arabic digits to Thai digits (๐–๙) when `thai`; other characters unchanged."""
    text = str(text)
    return arabic_digit_to_thai_digit(text) if thai and text else text


def arabic(text: str) -> str:
    """Thai digits to Arabic digits; other characters unchanged."""
    return thai_digit_to_arabic_digit(text) if text else text


def parse_decimal(text: str | int | float | Decimal | None) -> Decimal | None:
    """A number typed by a person: Thai or Arabic digits, spaces and thousands commas allowed.

    Returns None for blank input; raises ValueError (Thai message) for anything else that is not a number.
    """
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int | float):
        return Decimal(str(text))
    cleaned = arabic(str(text)).replace(",", "").replace("\u00a0", "").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"“{text}” ไม่ใช่ตัวเลข") from None
    if not value.is_finite():
        raise ValueError(f"“{text}” ไม่ใช่ตัวเลข")
    return value


def score(value: Decimal | float | str | None, thai: bool = False, blank: str = "–") -> str:
    """A score with two decimals: 94.94 → "94.94" or "๙๔.๙๔"."""
    if value is None or value == "":
        return blank
    return digits(f"{Decimal(value).quantize(TWO_PLACES):.2f}", thai)


def signed(value: Decimal | float | str | None, thai: bool = False, blank: str = "–") -> str:
    """A change with its sign and two decimals: "+1.25", "-0.50", "0.00"."""
    if value is None or value == "":
        return blank
    quantized = Decimal(value).quantize(TWO_PLACES)
    text = f"{quantized:+.2f}" if quantized else "0.00"
    return digits(text, thai)


def _as_date(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from django.utils import timezone  # only for aware datetimes: show them in Bangkok time

        return timezone.localtime(value)
    return value


def date_long(value: dt.date | None, thai: bool = True) -> str:
    """๒๐ กุมภาพันธ์ ๒๕๖๗ — the form of official letters (วันที่ of a บันทึกข้อความ)."""
    if value is None:
        return ""
    return thai_strftime(_as_date(value), "%-d %B %Y", thaidigit=thai)


def date_medium(value: dt.date | None, thai: bool = False) -> str:
    """20 ก.พ. 2567 — the form for screens and tables."""
    if value is None:
        return ""
    return thai_strftime(_as_date(value), "%-d %b %Y", thaidigit=thai)


def datetime_medium(value: dt.datetime | None, thai: bool = False) -> str:
    """20 ก.พ. 2567 14:05 น."""
    if value is None:
        return ""
    return thai_strftime(_as_date(value), "%-d %b %Y %H:%M น.", thaidigit=thai)


def month_short(value: dt.date | None, thai: bool = True) -> str:
    """ต.ค. ๖๕ — month and two-digit B.E. year, as in the measures tables."""
    if value is None:
        return ""
    return thai_strftime(value, "%b %y", thaidigit=thai)


def month_long(value: dt.date | None, thai: bool = True) -> str:
    """ตุลาคม ๒๕๖๕."""
    if value is None:
        return ""
    return thai_strftime(value, "%B %Y", thaidigit=thai)


def month_range(start: dt.date | None, end: dt.date | None, thai: bool = True, sep: str = " ถึง ") -> str:
    """ต.ค. ๖๕ ถึง ก.ย. ๖๖; a single month when start and end are the same month."""
    if start is None and end is None:
        return ""
    if start is None or end is None or (start.year, start.month) == (end.year, end.month):
        return month_short(start or end, thai)
    return f"{month_short(start, thai)}{sep}{month_short(end, thai)}"


def fiscal_year_range(fiscal_year: int, thai: bool = True) -> str:
    """๑ ต.ค. ๒๕๖๖ – ๓๐ ก.ย. ๒๕๖๗: the span of a fiscal year."""
    start, end = fiscal_year_bounds(fiscal_year)
    return f"{date_medium(start, thai)} – {date_medium(end, thai)}"


def round_span(fiscal_year: int, round_: str, thai: bool = True) -> str:
    """ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖: the months a reporting round covers."""
    from .fiscal import round_bounds

    start, end = round_bounds(fiscal_year, round_)
    return f"{thai_strftime(start, '%b %Y', thaidigit=thai)} – {thai_strftime(end, '%b %Y', thaidigit=thai)}"


def round_label(fiscal_year: int, round_: str, thai: bool = True) -> str:
    """รอบ ๖ เดือน (ต.ค. ๒๕๖๕ – มี.ค. ๒๕๖๖) or ประจำปี (ต.ค. ๒๕๖๕ – ก.ย. ๒๕๖๖)."""
    from .fiscal import Round

    span = round_span(fiscal_year, round_, thai)
    name = f"รอบ {digits('6', thai)} เดือน" if Round(round_) is Round.HALF else "ประจำปี"
    return f"{name} ({span})"
