"""The ITA arithmetic, checked against the figures published in the sample documents (no database)."""

from decimal import Decimal as D

import pytest

from assessments import scoring
from assessments.tests.samples import BO_THONG_2566

TOOLS = (
    scoring.ToolRule("IIT", D("0.30"), (1, 2, 3, 4, 5)),
    scoring.ToolRule("EIT", D("0.30"), (6, 7, 8)),
    scoring.ToolRule("OIT", D("0.40"), (9, 10)),
)
LETTERS = scoring.Scheme(
    tools=TOOLS,
    levels=tuple(
        scoring.LevelRule(label, D(m), None, label in {"AA", "A"})
        for label, m in [("AA", 95), ("A", 85), ("B", 75), ("C", 65), ("D", 55), ("E", 50), ("F", 0)]
    ),
)
WORDS = scoring.Scheme(
    tools=TOOLS,
    levels=(
        scoring.LevelRule("ผ่านดีเยี่ยม", D(95), D(95), True),
        scoring.LevelRule("ผ่านดี", D(85), D(85), True),
        scoring.LevelRule("ผ่าน", D(85), None, True),
        scoring.LevelRule("ต้องปรับปรุง", D(70), None, False),
        scoring.LevelRule("ต้องปรับปรุงโดยด่วน", D(0), None, False),
    ),
)
# อบต.บ่อทอง 2566, indicator table of sample 002.


def test_bo_thong_2566_reproduces_published_figures():
    result = scoring.compute(WORDS, {k: D(v) for k, v in BO_THONG_2566.items()})
    assert result.tools == {"IIT": D("98.24"), "EIT": D("94.20"), "OIT": D("90.00")}
    assert result.total == D("93.73")
    assert result.level.label == "ผ่านดี"
    assert result.level.passed


@pytest.mark.parametrize(
    ("total", "label", "passed"),
    [
        ("94.94", "A", True),
        ("95.00", "AA", True),
        ("84.99", "B", False),
        ("74.99", "C", False),
        ("49.99", "F", False),
    ],
)
def test_letter_bands_up_to_2565(total, label, passed):
    band = scoring.level_for(LETTERS, D(total), {})
    assert (band.label, band.passed) == (label, passed)


@pytest.mark.parametrize(
    ("total", "tools", "label"),
    [
        ("84.14", {"IIT": D(90), "EIT": D(80), "OIT": D(82)}, "ต้องปรับปรุง"),  # จานลาน 2566: not passed
        ("93.73", {"IIT": D("98.24"), "EIT": D("94.20"), "OIT": D(90)}, "ผ่านดี"),
        ("95.81", {"IIT": D(99), "EIT": D("94.99"), "OIT": D(97)}, "ผ่านดี"),  # ≥95 but a tool under 95
        ("96.00", {"IIT": D(96), "EIT": D(95), "OIT": D(97)}, "ผ่านดีเยี่ยม"),
        ("94.64", {"IIT": D(99), "EIT": D("84.50"), "OIT": D(99)}, "ผ่าน"),  # สตง. 2568: EIT < 85
        ("69.99", {"IIT": D(70), "EIT": D(70), "OIT": D(70)}, "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_word_levels_from_2566_depend_on_each_tool(total, tools, label):
    assert scoring.level_for(WORDS, D(total), tools).label == label


def test_tools_are_rounded_before_weighting():
    # Tool means 98.866 / 96.5567 / 88.395 were published as 93.99; weighting unrounded means gives 93.98.
    tools = {"IIT": scoring.q2(D("98.866")), "EIT": scoring.q2(D("96.5567")), "OIT": scoring.q2(D("88.395"))}
    assert scoring.weighted_total(WORDS, tools) == D("93.99")
    unrounded = D("0.3") * D("98.866") + D("0.3") * D("96.5567") + D("0.4") * D("88.395")
    assert scoring.q2(unrounded) == D("93.98")


def test_half_up_rounding():
    assert scoring.q2(D("94.205")) == D("94.21")
    assert scoring.q2(D("94.2049")) == D("94.20")


def test_missing_indicator_leaves_tool_and_total_unknown():
    scores = {k: D(v) for k, v in BO_THONG_2566.items() if k != 7}
    result = scoring.compute(WORDS, scores)
    assert result.tools["EIT"] is None
    assert result.tools["IIT"] == D("98.24")
    assert result.total is None and result.level is None
    assert result.missing_indicators == (7,)


def test_oit_indicator_is_mean_of_subindicator_pass_rates():
    # Sample 000: 10.1 has 7 of 8 items passed, 10.2 both → 93.75; with indicator 9 at 100 → OIT 96.88.
    ind10 = scoring.oit_indicator_score({"10.1": [True] * 7 + [False], "10.2": [True, True]})
    assert ind10 == D("93.75")
    assert scoring.tool_scores(WORDS, {9: D(100), 10: ind10})["OIT"] == D("96.88")
    assert scoring.oit_indicator_score({"10.1": [True, None]}) is None


@pytest.mark.parametrize(
    ("official", "computed", "flag"),
    [("93.73", "93.73", False), ("93.74", "93.73", False), ("93.75", "93.73", True), (None, "93.73", False)],
)
def test_official_and_computed_differ_beyond_a_hundredth(official, computed, flag):
    assert scoring.differs(D(official) if official else None, D(computed)) is flag


@pytest.mark.parametrize(
    ("this", "last", "expected"),
    [("93.73", "94.94", "-1.21"), ("94.94", "93.73", "1.21"), ("90", "90", "0.00")],
)
def test_change_is_signed_with_two_decimals(this, last, expected):
    assert scoring.change(D(this), D(last)) == D(expected)
    assert scoring.change(None, D(last)) is None
