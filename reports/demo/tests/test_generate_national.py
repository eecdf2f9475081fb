"""The synthetic national data set: stored summaries agree with what save() would compute."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessments.models import Assessment, Framework
from ita_portal.models import Organisation
from measures.models import Measure, Progress, Status

pytestmark = pytest.mark.django_db


def generate(**options):
    out = StringIO()
    call_command(
        "generate_national",
        force=True,
        stdout=out,
        **{"organisations": 12, "provinces": 4, "years": 5, "measures": 3, **options},
    )
    return out.getvalue()


def test_generates_consistent_rows():
    output = generate()
    assert "วินาที" in output and "question_scores" in output
    orgs = Organisation.objects.filter(slug__startswith="nat-")
    assert orgs.count() == 12 and orgs.values("province").distinct().count() == 4
    assert orgs.filter(kind="pao").count() == 4  # one อบจ. per province
    # The missing year (2569) got a copy of the nearest framework, as data.
    assert Framework.objects.filter(fiscal_year=2569).exists()
    sample = list(Assessment.objects.filter(organisation__in=orgs).select_related("framework")[:15])
    assert sample
    for assessment in sample:
        stored = (assessment.total, assessment.level, assessment.passed)
        assessment.refresh_summary()  # what save() would have stored
        assert (assessment.total, assessment.level, assessment.passed) == stored
        assert assessment.indicator_scores.count() == 10
        assert assessment.question_scores.count() == assessment.framework.questions.count()
    measures = Measure.objects.filter(organisation__in=orgs)
    assert measures.count() == 12 * 5 * 3
    assert set(measures.values_list("fiscal_year", flat=True)) == {2566, 2567, 2568, 2569, 2570}
    for measure in measures.prefetch_related("progress")[:40]:
        entries = sorted(measure.progress.all(), key=lambda p: (p.reported_on or dt.date.min, p.pk))
        latest = entries[-1] if entries else None
        assert measure.status == (latest.status if latest else Status.NOT_STARTED)
        assert measure.due_date == measure.period_bounds[1]
        assert measure.steps.count() == 3 and measure.units.exists() and measure.indicators.exists()
    today = timezone.localdate()
    assert not Progress.objects.filter(measure__organisation__in=orgs, reported_on__gt=today).exists()


def test_refuses_to_mix_without_flush():
    generate(organisations=3, years=1, measures=1)
    with pytest.raises(CommandError):
        generate(organisations=3, years=1, measures=1)
    generate(organisations=5, years=1, measures=1, flush=True)
    assert Organisation.objects.filter(slug__startswith="nat-").count() == 5


def _foreign_keys():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' ORDER BY 1, 2"
        )
        return cursor.fetchall()


def test_foreign_keys_come_back_checked():
    """On PostgreSQL the load drops the foreign keys of the loaded tables and adds them back (each
    checked once over the whole table); they must all be there afterwards, as they were."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    before = _foreign_keys()
    assert any("assessments_questionscore" in table for table, *_ in before)
    generate(organisations=5, years=2, measures=2)
    assert _foreign_keys() == before
    with pytest.raises(CommandError):  # refused after the keys were dropped: the rollback restores them
        generate(organisations=4, years=1, measures=1)
    assert _foreign_keys() == before
    generate(organisations=4, years=1, measures=1, flush=True)
    assert _foreign_keys() == before
