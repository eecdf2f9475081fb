"""The shipped framework fixtures hold together (every year 2565–2569)."""

import pytest

from assessments.models import Framework

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [2565, 2566, 2567, 2568, 2569])
def test_each_year_has_three_tools_ten_indicators_and_its_questions(year):
    framework = Framework.objects.with_rules().get(fiscal_year=year)
    scheme = framework.scheme()
    assert [(t.code, str(t.weight), t.indicators) for t in scheme.tools] == [
        ("IIT", "0.300", (1, 2, 3, 4, 5)),
        ("EIT", "0.300", (6, 7, 8)),
        ("OIT", "0.400", (9, 10)),
    ]
    codes = set(framework.questions.values_list("code", flat=True))
    assert {f"I{n}" for n in range(1, 31)} <= codes
    assert {f"E{n}" for n in range(1, 16)} <= codes
    items = framework.questions.filter(answer="item")
    assert items.exists()
    assert not items.filter(subindicator__isnull=True).exists()
    assert scheme.levels[-1].min_total == 0


def test_level_schemes_change_in_2566():
    assert Framework.objects.get(fiscal_year=2565).level_scheme == "letter"
    assert Framework.objects.get(fiscal_year=2566).level_scheme == "word"
    assert [b.label for b in Framework.objects.get(fiscal_year=2566).scheme().levels][:3] == [
        "ผ่านดีเยี่ยม",
        "ผ่านดี",
        "ผ่าน",
    ]


def test_item_question_mapping_follows_the_reference():
    framework = Framework.objects.get(fiscal_year=2566)
    mapping = dict(framework.questions.values_list("code", "indicator__number"))
    assert mapping["I6"] == 1 and mapping["I7"] == 2 and mapping["I30"] == 5
    assert mapping["E5"] == 6 and mapping["E6"] == 7 and mapping["E15"] == 8
    assert mapping["O1"] == 9 and mapping["O43"] == 10


def test_2569_is_2568_with_the_changes_the_reference_names_and_unverified():
    """ita-framework.md §4 names a few relabelled 2569 OIT items; the rest is 2568's, and the year stays
    marked unverified until an administrator checks it against the NACC manual."""
    old, new = (Framework.objects.with_rules().get(fiscal_year=y) for y in (2568, 2569))
    assert not new.verified and "ยังไม่ได้ตรวจสอบ" in new.notes
    assert new.scheme().tools == old.scheme().tools and new.scheme().levels == old.scheme().levels
    items = dict(new.questions.filter(answer="item").values_list("code", "text"))
    assert len(items) == 26
    assert "สอบถาม" in items["O3"] and "รายเดือน" in items["O11"] and "มีส่วนร่วม" in items["O19"]
    assert "No Gift" in items["O20"] and "ความเสี่ยงการทุจริต" in items["O21"]
    assert "ITA" in items["O25"] and "คุณธรรม" in items["O26"]
    questions = lambda fw: dict(fw.questions.exclude(answer="item").values_list("code", "text"))  # noqa: E731
    assert questions(new) == questions(old)


def test_load_frameworks_loads_2569(db):
    from django.core.management import call_command

    call_command("load_frameworks", stdout=open("/dev/null", "w"))  # again: updates in place
    years = Framework.objects.values_list("fiscal_year", flat=True).order_by("fiscal_year")
    assert list(years) == [2565, 2566, 2567, 2568, 2569]
    assert Framework.objects.get(fiscal_year=2569).questions.count() == 71
