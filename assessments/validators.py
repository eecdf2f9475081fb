"""Field validators with the Thai messages a clerk sees next to the field."""

from decimal import Decimal

from django.core.exceptions import ValidationError

from ita_portal.fiscal import MAX_YEAR, MIN_YEAR

HUNDRED = Decimal(100)


def validate_score(value: Decimal) -> None:
    """A score is 0–100 with at most two decimals, as the NACC publishes them."""
    if value is None:
        return
    if value < 0 or value > HUNDRED:
        raise ValidationError(
            "คะแนนต้องอยู่ระหว่าง 0 ถึง 100 (ได้ %(value)s)", code="score_range", params={"value": value}
        )
    if value.as_tuple().exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ValidationError(
            "คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง (ได้ %(value)s)", code="score_places", params={"value": value}
        )


def validate_fiscal_year(value: int) -> None:
    if value is None:
        return
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise ValidationError(
            "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น ๒๕๖๗ (ได้ %(value)s)", code="fiscal_year", params={"value": value}
        )
