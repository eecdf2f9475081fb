"""How long a typed text may be: one policy for every text field (issue 9, finding 7).

A 100 kB measure title made a report PDF take over 30 s. Each limit is generous for a real Thai
office (the longest text in the sample documents is named beside it) and small enough that no page
or PDF is slowed by one field. A model `CharField` already has its `max_length` (enforced by Django);
a `TextField`'s `max_length` is not enforced by model validation, so each one also carries a
`TextLengthValidator`. Forms take their limit from the model field.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible

# -- model text fields (characters)
TITLE = 500  # a measure's title (longest sample: 350)
ADDRESS = 500  # an organisation's address
QUESTION = 1_000  # an official question/item of the ITA framework (longest: 175)
STEP = 1_000  # one step of a measure (longest sample: 439)
NOTE = 2_000  # issue, remark, suggestion, reporting, limitation, notes (longest sample: 382)
NARRATIVE = 5_000  # analysis, advice, what was done, outcome (longest sample: 2,794)

# -- form-only texts
EVIDENCE_LINKS = 20_000  # the links box of a progress entry: 40 links of the longest allowed (500)
SCORE_PASTE = 10_000  # a spreadsheet column pasted into the score entry (about 60 values a group)

# -- texts of the official documents (reports.ReportText.texts), per key; for a list or a nested
# part the limit is the total of its texts.
REPORT_TEXT = {
    # memo (บันทึกข้อความ): single lines
    "department": 300,
    "phone": 60,
    "number": 100,
    "date": 10,
    "document": 20,
    "subject": TITLE,
    "to": 300,
    "closing": 200,
    "signer_name": 150,
    "signer_position": 300,
    "opinion_title": 300,
    "opinion_name": 150,
    "opinion_position": 300,
    "order_title": 300,
    "order_name": 150,
    "order_position": 300,
    # memo paragraphs
    "background": NARRATIVE,
    "facts": NARRATIVE,
    "proposal": NARRATIVE,
    "opinion_text": NOTE,
    "order_text": NOTE,
    # report paragraphs (longest sample: preface 1,432)
    "intro": NARRATIVE,
    "preface": NARRATIVE,
    "principles": NARRATIVE,
    "result_text": NARRATIVE,
    "outcomes": NARRATIVE,
    "tool_scores_text": NARRATIVE,
    # lists of rows (longest sample: tool_sections 1,546, activities 1,449)
    "activities": 20_000,
    "tool_sections": 20_000,
    "cover": NOTE,
}
REPORT_TEXT_DEFAULT = TITLE  # titles, headings, table headers and any other key
REPORT_TEXT_TOTAL = 100_000  # every key of one document together

TOO_LONG = "ข้อความยาวเกินไป (ไม่เกิน %(limit)s ตัวอักษร ขณะนี้ %(length)s ตัวอักษร)"


def too_long(limit: int, length: int) -> ValidationError:
    return ValidationError(
        TOO_LONG,
        code="max_length",
        params={"limit": f"{limit:,}", "length": f"{length:,}", "limit_value": limit, "show_value": length},
    )


@deconstructible
class TextLengthValidator(MaxLengthValidator):
    """Django's MaxLengthValidator with the portal's Thai message."""

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise too_long(self.limit_value, length)


def text_length(value) -> int:
    """Characters of a JSON value's texts (dict keys and values, list items)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, Mapping):
        return sum(text_length(k) + text_length(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return sum(text_length(v) for v in value)
    return 0


def report_text_limit(key: str) -> int:
    return REPORT_TEXT.get(key, REPORT_TEXT_DEFAULT)


def report_text_errors(texts: Mapping) -> list[str]:
    """Thai messages for the keys of a document's texts that are too long (empty when all fit)."""
    errors = []
    for key, value in texts.items():
        limit, length = report_text_limit(key), text_length(value)
        if length > limit:
            errors.append(f"“{key}”: " + TOO_LONG % {"limit": f"{limit:,}", "length": f"{length:,}"})
    total = text_length(texts)
    if total > REPORT_TEXT_TOTAL:
        errors.append(
            "ข้อความทั้งเอกสาร: " + TOO_LONG % {"limit": f"{REPORT_TEXT_TOTAL:,}", "length": f"{total:,}"}
        )
    return errors


def bounded(limit: int) -> dict:
    """A TextField's `max_length` (the form's limit and maxlength) with the validator that makes the
    model enforce it: `models.TextField("หมายเหตุ", blank=True, **bounded(NOTE))`."""
    return {"max_length": limit, "validators": [TextLengthValidator(limit)]}


def validate_report_texts(texts) -> None:
    """Model validator of ReportText.texts: every key within its limit, the whole document too."""
    if isinstance(texts, Mapping):
        errors = report_text_errors(texts)
        if errors:
            raise ValidationError(errors, code="max_length")
