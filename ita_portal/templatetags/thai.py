"""Template filters for Thai display: every date a person sees goes through these (B.E. years)."""

from django import template

from ita_portal import thai

register = template.Library()


@register.filter
def thai_date(value, thai_digits=False):
    """20 ก.พ. 2567 (screens)."""
    return thai.date_medium(value, bool(thai_digits))


@register.filter
def thai_date_long(value, thai_digits=True):
    """๒๐ กุมภาพันธ์ ๒๕๖๗ (documents)."""
    return thai.date_long(value, bool(thai_digits))


@register.filter
def thai_datetime(value, thai_digits=False):
    return thai.datetime_medium(value, bool(thai_digits))


@register.filter
def thai_month(value, thai_digits=False):
    return thai.month_short(value, bool(thai_digits))


@register.filter
def thai_digits(value, enabled=True):
    """Arabic → Thai digits when `enabled` (the organisation's preference for documents)."""
    if value is None:
        return ""
    return thai.digits(str(value), bool(enabled))


@register.filter
def score(value, thai_digits=False):
    return thai.score(value, bool(thai_digits))


@register.filter
def signed(value, thai_digits=False):
    return thai.signed(value, bool(thai_digits))


@register.filter
def get_item(mapping, key):
    """dict lookup by a variable key: {{ scores|get_item:code }}."""
    return mapping.get(key) if mapping else None
