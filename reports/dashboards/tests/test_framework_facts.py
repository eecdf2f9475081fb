"""Framework facts come from the framework rows and the models, not from constants typed again: the
live preview's rules, the heat map's pass mark and columns, the tool filter, the status labels."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.forms import FAIL_WORDS, PASS_WORDS, _pass_value, preview_rules
from assessments.models import Framework
from ita_portal.tests.factories import UserFactory
from measures.filters import tool_choices
from measures.models import Status
from reports.dashboards import band_of
from reports.dashboards.builders import STATUS_LABELS, heat_bands

pytestmark = pytest.mark.django_db


def test_the_live_preview_gets_the_years_rules_as_data(client):
    staff = UserFactory()
    client.force_login(staff)
    framework = Framework.objects.get(fiscal_year=2566)
    page = client.get(reverse("assessments:edit", kwargs={"org": staff.organisation.slug, "year": 2566}))
    body = page.content.decode()
    rules = json.loads(body.split('id="entry-rules" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert rules == preview_rules(framework.scheme())
    assert {code: Decimal(w) for code, w in rules["weights"].items()} == {
        t.code: t.weight for t in framework.tools.all()
    }
    assert rules["tool_indicators"]["OIT"] == list(
        framework.indicators.filter(tool__code="OIT").values_list("number", flat=True)
    )
    assert rules["places"] == 2 and rules["tolerance"] == "0.01"


@pytest.mark.parametrize("word", [*PASS_WORDS, *FAIL_WORDS])
def test_the_paste_words_the_browser_gets_are_the_ones_the_form_reads(word):
    assert _pass_value(word) == ("1" if word in PASS_WORDS else "0")


def test_the_heat_map_bands_follow_the_years_pass_mark():
    assert band_of(Decimal("87"), Decimal("85")) == "band-b"
    assert band_of(Decimal("87"), Decimal("90")) == "band-c"  # a year with a pass mark of 90
    assert [label for _f, _c, label in heat_bands(Decimal("90.00"))] == ["≥ 95", "90–95", "75–90", "< 75"]


def test_the_overview_heat_map_has_the_frameworks_indicators(client):
    from ita_portal.scoping import Role

    admin = UserFactory(role=Role.ADMIN, organisation=None, is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("dashboards:overview"), {"year": 2568})
    numbers = list(Framework.objects.get(fiscal_year=2568).indicators.values_list("number", flat=True))
    assert page.context["numbers"] == numbers


def test_the_tool_filter_is_the_frameworks_tools_in_order():
    newest = Framework.objects.order_by("-fiscal_year").first()
    assert tool_choices() == [(t.code, f"{t.code} {t.name}") for t in newest.tools.order_by("order")]


def test_status_labels_are_the_models():
    assert {k: STATUS_LABELS[k] for k in Status.values} == dict(Status.choices)
