"""Page numbers from the query string, shared by every paged list.

A page number comes from the URL, so it can be anything: "abc", "0", or 99999999999999999999, whose
OFFSET overflows PostgreSQL's bigint (a 500). One rule for all: a page that cannot exist is the Thai
404 page, as Django's ListView answers for a page past the end."""

from __future__ import annotations

from django.http import Http404

MAX_PAGE = 100_000  # 5 million rows at 50 a page: far past any list of the portal
NO_SUCH_PAGE = "ไม่มีหน้าที่ระบุ"


def page_number(value, *, default: int = 1) -> int:
    """The page asked for (1 when none is given); Http404 unless it is a whole number 1–MAX_PAGE."""
    text = str(value if value is not None else "").strip()
    if not text:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_PAGE))):
        raise Http404(NO_SUCH_PAGE)
    number = int(text)
    if not 1 <= number <= MAX_PAGE:
        raise Http404(NO_SUCH_PAGE)
    return number


def check_page(number: int, pages: int) -> None:
    """Http404 for a page past the last one (a list with no rows still has page 1)."""
    if number > max(pages, 1):
        raise Http404(NO_SUCH_PAGE)
