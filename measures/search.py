"""Thai word search over measures.

Thai is written without spaces between words, so a query such as "ประชาสัมพันธ์เว็บไซต์" is cut into
words with pythainlp's dictionary segmenter (newmm; its dictionary is loaded once per process) and a
measure matches when every word occurs somewhere in its texts. `icontains` keeps it portable across
SQLite and PostgreSQL; the lists are one organisation's measures, small enough to scan.
"""

from __future__ import annotations

import unicodedata

from django.db.models import Q, QuerySet
from pythainlp.tokenize import word_tokenize

from ita_portal.thai import arabic, digits

from .models import Measure, MeasureStep, Progress

MAX_TOKENS = 8


def query_tokens(text: str) -> list[str]:
    """The words of a search query, in order, without blanks, punctuation or repeats."""
    text = arabic(unicodedata.normalize("NFC", text or "")).strip()[:200]
    if not text:
        return []
    words: list[str] = []
    for token in word_tokenize(text, engine="newmm", keep_whitespace=False):
        token = token.strip()
        if not token or all(unicodedata.category(ch)[0] in "PZS" for ch in token):
            continue
        if token not in words:
            words.append(token)
    return words[:MAX_TOKENS]


def _word_matches(word: str) -> Q:
    """Q for measures containing `word` anywhere; subqueries rather than joins, so no duplicate rows."""
    match = Q()
    # Texts copied from official documents often keep Thai digits: "2567" also finds "๒๕๖๗".
    for variant in dict.fromkeys([word, digits(word)]):
        steps = MeasureStep.objects.filter(text__icontains=variant).values("measure_id")
        units = Measure.units.through.objects.filter(orgunit__name__icontains=variant).values("measure_id")
        progress = Progress.objects.filter(Q(done__icontains=variant) | Q(outcome__icontains=variant))
        match |= (
            Q(title__icontains=variant)
            | Q(issue__icontains=variant)
            | Q(reporting__icontains=variant)
            | Q(expected_outcome__icontains=variant)
            | Q(pk__in=steps)
            | Q(pk__in=units)
            | Q(pk__in=progress.values("measure_id"))
        )
    return match


def search_measures(queryset: QuerySet, text: str) -> QuerySet:
    """Measures of `queryset` containing every word of `text` (titles, issues, steps, units, progress)."""
    for word in query_tokens(text):
        queryset = queryset.filter(_word_matches(word))
    return queryset
