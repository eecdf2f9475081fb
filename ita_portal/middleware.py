"""Request guards shared by every page."""

from __future__ import annotations

from django.core.exceptions import BadRequest

NUL = "\x00"


def has_nul(query) -> bool:
    """Whether a QueryDict has a NUL character in any key or value."""
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


class RefuseNulQueryMiddleware:
    """A NUL character anywhere in the query string is the Thai 400 page, for every filter form at once
    (overview, measures list, and any added later). No person types one, and PostgreSQL refuses NUL
    in a string ("A string literal cannot contain NUL"): a filter passing it on was a 500. Posted
    forms need no guard here: Django's CharField already refuses NUL with a message next to the field."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request.GET):
            raise BadRequest("คำค้นหรือตัวกรองมีอักขระที่ใช้ไม่ได้")
        return self.get_response(request)
