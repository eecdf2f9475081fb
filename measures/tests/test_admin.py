"""The Django admin writes measures and progress through the services: derived fields and history
authors are the same as on the portal's own pages."""

import datetime as dt

import pytest
from django.urls import reverse

from measures.models import Measure, Progress, Status

from .factories import MeasureFactory, ProgressFactory

pytestmark = pytest.mark.django_db


def measure_form(measure: Measure, progress: list[dict], steps: list[str]) -> dict:
    data = {
        "organisation": measure.organisation_id,
        "fiscal_year": measure.fiscal_year,
        "number": measure.number,
        "title": measure.title,
        "reporting_deadline": "2024-01-31",
        "steps-TOTAL_FORMS": len(steps),
        "steps-INITIAL_FORMS": 0,
        "progress-TOTAL_FORMS": len(progress),
        "progress-INITIAL_FORMS": sum(1 for p in progress if p.get("id")),
    }
    for i, text in enumerate(steps):
        data |= {f"steps-{i}-order": i + 1, f"steps-{i}-text": text, f"steps-{i}-measure": measure.pk}
    for i, row in enumerate(progress):
        data |= {f"progress-{i}-{name}": value for name, value in row.items()}
        data[f"progress-{i}-measure"] = measure.pk
    return data


def test_saving_a_measure_in_the_admin_stores_its_due_date_status_and_author(admin_client, admin_user):
    measure = MeasureFactory(fiscal_year=2567)
    earlier = ProgressFactory(measure=measure, status="in_progress", reported_on=dt.date(2024, 1, 10))
    url = reverse("admin:measures_measure_change", args=[measure.pk])
    progress = [
        {
            "id": earlier.pk,
            "round": "half",
            "status": "in_progress",
            "done": "เริ่มแล้ว",
            "reported_on": "2024-01-10",
        },
        {"round": "annual", "status": "done", "done": "เสร็จแล้ว", "reported_on": "2024-09-30"},
    ]
    response = admin_client.post(url, measure_form(measure, progress, ["หนึ่ง", "สอง"]))
    assert response.status_code == 302, response.content.decode()[:2000]
    measure.refresh_from_db()
    assert (measure.due_date, measure.status) == (dt.date(2024, 1, 31), Status.DONE)
    assert list(measure.steps.values_list("text", flat=True)) == ["หนึ่ง", "สอง"]
    assert measure.history.first().history_user == admin_user
    assert Progress.history.filter(measure_id=measure.pk).latest("history_id").history_user == admin_user

    # Deleting the latest entry there: the measure's status falls back to the one before.
    latest = measure.progress.get(status="done")
    progress = [{**progress[0], "id": earlier.pk}, {**progress[1], "id": latest.pk, "DELETE": "on"}]
    response = admin_client.post(url, measure_form(measure, progress, ["หนึ่ง", "สอง"]))
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == Status.IN_PROGRESS
    assert Progress.history.get(id=latest.pk, history_type="-").history_user == admin_user


def test_deleting_measures_from_the_admin_list_names_the_admin(admin_client, admin_user):
    measure = MeasureFactory()
    ProgressFactory(measure=measure)
    response = admin_client.post(
        reverse("admin:measures_measure_changelist"),
        {"action": "delete_selected", "_selected_action": [measure.pk], "post": "yes"},
    )
    assert response.status_code == 302 and not Measure.objects.filter(pk=measure.pk).exists()
    deleted = [*Measure.history.filter(history_type="-"), *Progress.history.filter(history_type="-")]
    assert len(deleted) == 2 and {row.history_user for row in deleted} == {admin_user}
