"""The fields of a measure that are derived, never typed: pure rules over plain values.

The services store them once per write (measures.services.measure_derived_set, measure_status_refresh);
the models keep `save()` plain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .models import Measure, Status


def due_date(measure: Measure) -> dt.date:
    """When the work must be done: the reporting deadline, else the end of the period (the end of the
    fiscal year when no months are set)."""
    return measure.reporting_deadline or measure.period_bounds[1]


def latest_status(entries: Iterable[tuple[dt.date | None, int, str]]) -> str:
    """The measure's status from its progress entries `(reported_on, pk, status)`: that of the latest
    report (an undated entry counts as the earliest; ties go to the later entry), not started when
    there is none."""
    rows = list(entries)
    if not rows:
        return Status.NOT_STARTED
    latest = max(rows, key=lambda row: (row[0] is not None, row[0] or dt.date.min, row[1]))
    return latest[2]
