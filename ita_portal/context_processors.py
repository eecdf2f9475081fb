from django.utils import timezone

from .fiscal import fiscal_year_of


def fiscal_year(request):
    """The current B.E. fiscal year, and the organisation the menu links to (a member's own)."""
    user = getattr(request, "user", None)
    nav_organisation = (
        getattr(user, "organisation", None) if user is not None and user.is_authenticated else None
    )
    return {"current_fiscal_year": fiscal_year_of(timezone.localdate()), "nav_organisation": nav_organisation}
