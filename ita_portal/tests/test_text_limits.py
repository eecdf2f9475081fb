"""Every text field has a maximum, enforced by the model and the form, in Thai (issue 9, finding 7)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from ita_portal import text_limits
from ita_portal.tests.factories import OrganisationFactory, UserFactory
from ita_portal.text_limits import TITLE, TextLengthValidator

APPS = ("ita_portal", "assessments", "measures", "reports")


def _text_fields():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField):
                    yield pytest.param(field, id=f"{model._meta.label}.{field.name}")


@pytest.mark.parametrize("field", list(_text_fields()))
def test_every_text_field_has_a_limit_the_model_enforces(field):
    assert field.max_length, "a text field without a maximum"
    if isinstance(field, models.TextField):  # Django enforces a CharField's max_length, not a TextField's
        limits = [v.limit_value for v in field.validators if isinstance(v, TextLengthValidator)]
        assert limits == [field.max_length]


@pytest.mark.django_db
def test_model_full_clean_refuses_an_overlong_title_with_a_thai_message():
    from measures.models import Measure

    measure = Measure(organisation=OrganisationFactory(), fiscal_year=2567, title="ก" * (TITLE + 1))
    with pytest.raises(ValidationError) as refused:
        measure.full_clean()
    assert refused.value.message_dict["title"] == [
        f"ข้อความยาวเกินไป (ไม่เกิน {TITLE} ตัวอักษร ขณะนี้ {TITLE + 1} ตัวอักษร)"
    ]
    measure.title = "ก" * TITLE
    measure.full_clean()


@pytest.mark.django_db
def test_report_texts_have_a_limit_per_key():
    from reports.models import DocumentKind, ReportText

    row = ReportText(organisation=OrganisationFactory(), fiscal_year=2567, kind=DocumentKind.ANNUAL)
    row.texts = {
        "preface": "ก" * text_limits.NARRATIVE,
        "title": "ข" * TITLE,
        "activities": ["ค" * 1000] * 20,
    }
    row.full_clean()
    row.texts = {"preface": "ก" * (text_limits.NARRATIVE + 1), "title": "ข" * (TITLE + 1)}
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert refused.value.message_dict["texts"] == [
        "“preface”: ข้อความยาวเกินไป (ไม่เกิน 5,000 ตัวอักษร ขณะนี้ 5,001 ตัวอักษร)",
        "“title”: ข้อความยาวเกินไป (ไม่เกิน 500 ตัวอักษร ขณะนี้ 501 ตัวอักษร)",
    ]


@pytest.mark.django_db
def test_measure_form_shows_the_thai_message_and_saves_nothing(client):
    from measures.models import Measure
    from measures.tests.test_views import measure_post

    user = UserFactory()
    client.force_login(user)
    org = user.organisation
    response = client.post(
        reverse("measures:create", kwargs={"org": org.slug}) + "?year=2567",
        measure_post(org, title="ก" * 100_000, remark="ข" * (text_limits.NOTE + 1)),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["title"] == [f"ข้อความยาวเกินไป (ไม่เกิน {TITLE} ตัวอักษร ขณะนี้ 100,000 ตัวอักษร)"]
    assert errors["remark"] == ["ข้อความยาวเกินไป (ไม่เกิน 2,000 ตัวอักษร ขณะนี้ 2,001 ตัวอักษร)"]
    assert "ข้อความยาวเกินไป" in response.content.decode()
    assert f'maxlength="{TITLE}"' in response.content.decode()  # the browser stops typing there too
    assert not Measure.objects.filter(organisation=org).exists()


@pytest.mark.django_db
def test_memo_form_takes_its_limits_from_the_report_text_policy(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("reports:memo_edit", kwargs={"org": user.organisation.slug, "year": 2566})
    initial = client.get(url).context["form"].initial
    data = {**{k: v or "" for k, v in initial.items()}, "date": "2024-02-20", "facts": "ก" * 5001}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["facts"] == [
        "ข้อความยาวเกินไป (ไม่เกิน 5,000 ตัวอักษร ขณะนี้ 5,001 ตัวอักษร)"
    ]
    assert not user.organisation.report_texts.exists()


@pytest.mark.django_db
def test_an_overlong_pasted_score_column_is_refused_before_it_is_split(client):
    from assessments.models import Assessment

    user = UserFactory()
    client.force_login(user)
    url = reverse("assessments:edit", kwargs={"org": user.organisation.slug, "year": 2566})
    response = client.post(url, {"paste_indicators": "\n".join(["90"] * 100_000)})
    assert response.status_code == 200
    assert response.context["form"].errors["paste_indicators"] == [
        f"ข้อความยาวเกินไป (ไม่เกิน {text_limits.SCORE_PASTE:,} ตัวอักษร ขณะนี้ 299,999 ตัวอักษร)"
    ]
    assert not Assessment.objects.exists()
