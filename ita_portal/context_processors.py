from django.utils import timezone

from .fiscal import fiscal_year_of


def fiscal_year(request):
    """The current B.E. fiscal year, for headers and defaults."""
    return {"current_fiscal_year": fiscal_year_of(timezone.localdate())}
