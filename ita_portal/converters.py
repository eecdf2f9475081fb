"""URL converters shared by the apps' URLconfs."""

from django.urls import register_converter

from . import fiscal


class FiscalYearConverter:
    """`<fiscal_year:year>`: a B.E. fiscal year the portal knows (fiscal.MIN_YEAR–MAX_YEAR); any other
    number does not match, so /reports/0/… or /reports/99999/… answer the Thai 404 page, not a 500."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = fiscal.parse_year(value)
        if year is None:
            raise ValueError(value)  # no match: 404
        return year

    def to_url(self, value) -> str:
        return str(value)


register_converter(FiscalYearConverter, "fiscal_year")
