"""ITA score arithmetic and level rules; pure, `Decimal`, no ORM.

Rules (../shared/reference/ita-framework.md §2):
- a tool's score is the mean of its indicators (IIT 1–5, EIT 6–8, OIT 9–10), rounded to 0.01 half up;
- the overall score is Σ weight × rounded tool score, rounded to 0.01 half up (rounding the tools first
  reproduces the published totals; weighting unrounded means misses some by 0.01);
- an OIT indicator is the mean of its sub-indicators, each the percentage of its items that passed;
- the level is the first band of the year whose minimum total (and, from 2566, minimum per tool) is met.
Weights, indicator-to-tool mapping and bands come from each year's framework as data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
# An official figure that differs from ours by more than this is shown to the user, not silently replaced.
TOLERANCE = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    """Round to two decimals, half up (the NACC's published rounding)."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ToolRule:
    code: str
    weight: Decimal
    indicators: tuple[int, ...]


@dataclass(frozen=True)
class LevelRule:
    label: str
    min_total: Decimal
    min_each_tool: Decimal | None = None
    passed: bool = True

    def fits(self, total: Decimal, tools: Mapping[str, Decimal | None]) -> bool:
        if total < self.min_total:
            return False
        if self.min_each_tool is None:
            return True
        return all(v is not None and v >= self.min_each_tool for v in tools.values())


@dataclass(frozen=True)
class Scheme:
    """One fiscal year's rules, built from its framework rows (see Framework.scheme())."""

    tools: tuple[ToolRule, ...]
    levels: tuple[LevelRule, ...]
    pass_mark: Decimal = Decimal(85)


@dataclass(frozen=True)
class Result:
    tools: dict[str, Decimal | None]
    total: Decimal | None
    level: LevelRule | None = None
    missing_indicators: tuple[int, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return self.total is not None


def mean(values: Iterable[Decimal]) -> Decimal:
    values = list(values)
    return sum(values, ZERO) / len(values)


def tool_scores(scheme: Scheme, indicator_scores: Mapping[int, Decimal | None]) -> dict[str, Decimal | None]:
    """Each tool's score from its indicators; None while any of its indicators has no score."""
    out: dict[str, Decimal | None] = {}
    for tool in scheme.tools:
        values = [indicator_scores.get(n) for n in tool.indicators]
        out[tool.code] = None if not values or any(v is None for v in values) else q2(mean(values))
    return out


def weighted_total(scheme: Scheme, tools: Mapping[str, Decimal | None]) -> Decimal | None:
    """Σ weight × tool score, rounded; None unless every tool has a score."""
    if any(tools.get(t.code) is None for t in scheme.tools):
        return None
    return q2(sum((t.weight * tools[t.code] for t in scheme.tools), ZERO))


def level_for(scheme: Scheme, total: Decimal | None, tools: Mapping[str, Decimal | None]) -> LevelRule | None:
    """The first band (in the year's order) that the total and tool scores meet."""
    if total is None:
        return None
    for band in scheme.levels:
        if band.fits(total, tools):
            return band
    return None


def compute(scheme: Scheme, indicator_scores: Mapping[int, Decimal | None]) -> Result:
    """Tool scores, overall score and level from the ten indicator scores."""
    tools = tool_scores(scheme, indicator_scores)
    total = weighted_total(scheme, tools)
    wanted = [n for t in scheme.tools for n in t.indicators]
    missing = tuple(n for n in wanted if indicator_scores.get(n) is None)
    return Result(tools=tools, total=total, level=level_for(scheme, total, tools), missing_indicators=missing)


def level_from_official(
    scheme: Scheme, total: Decimal, tools: Mapping[str, Decimal | None]
) -> LevelRule | None:
    """The level published figures imply (used when only the official total and tool scores are known)."""
    return level_for(scheme, q2(total), tools)


def oit_indicator_score(items_by_subindicator: Mapping[str, Iterable[bool | None]]) -> Decimal | None:
    """An OIT indicator: the mean over its sub-indicators of the percentage of items passed.

    None while any item is unassessed. Sample 000: 10.1 = 7/8 passed, 10.2 = 2/2 → (87.5 + 100) / 2 = 93.75.
    """
    percentages = []
    for items in items_by_subindicator.values():
        items = list(items)
        if not items:
            continue
        if any(i is None for i in items):
            return None
        percentages.append(HUNDRED * sum(1 for i in items if i) / len(items))
    return q2(mean(percentages)) if percentages else None


def differs(official: Decimal | None, computed: Decimal | None) -> bool:
    """True when both figures exist and disagree by more than the tolerance (0.01)."""
    if official is None or computed is None:
        return False
    return abs(official - computed) > TOLERANCE


def change(this_year: Decimal | None, last_year: Decimal | None) -> Decimal | None:
    """Signed change from last year, two decimals; None when either is missing."""
    if this_year is None or last_year is None:
        return None
    return q2(this_year - last_year)
