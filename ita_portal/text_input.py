"""What a typed text becomes before it is checked or stored (issue 9, finding 8).

Control characters (a stray BEL pasted from an old system, a NUL) break exports: openpyxl refuses
them, PostgreSQL refuses NUL. Zero-width characters are invisible, so "สำนักปลัด" and
"สำนัก\u200bปลัด" would be two names nobody can tell apart. `clean_text` is the one rule; forms
apply it through `TextFormField` (and `text_formfield` for ModelForms), models through
`CleansTextMixin.clean_fields`, so services and commands that call `full_clean` are covered too.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models

from .text_limits import TextLengthValidator

# Line separators other than \n: kept as a line break where the text may have several lines.
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029]")
# Invisible characters that only make equal-looking texts differ: removed.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# C0 (but \t and \n), DEL, C1, lone surrogates, the two XML non-characters, and the zero-widths.
_REMOVED = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff{ZERO_WIDTH}]")


def clean_text(value: str, *, multiline: bool = True) -> str:
    """The text with control and zero-width characters removed, line breaks as "\\n" and NFC-normalised.

    Where only one line is allowed (`multiline=False`) line breaks and tabs become a space.
    Pure: no Django, no I/O; idempotent.
    """
    text = _LINE_BREAKS.sub("\n", value)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    text = _REMOVED.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_nested(value, *, multiline: bool = True):
    """`clean_text` applied to every string inside a JSON value (dict keys included)."""
    if isinstance(value, str):
        return clean_text(value, multiline=multiline)
    if isinstance(value, dict):
        return {
            clean_nested(k, multiline=False): clean_nested(v, multiline=multiline) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [clean_nested(v, multiline=multiline) for v in value]
    return value


def _is_plain_text(field: models.Field) -> bool:
    """A CharField or TextField a person types into (choices, URLs, slugs, e-mails have their own rules)."""
    return type(field) in (models.CharField, models.TextField) and not field.choices


class CleansTextMixin:
    """Model mixin: `full_clean` first cleans every plain text field (single-line fields also stripped),
    so a name is compared for uniqueness and stored in its one clean spelling."""

    def clean_fields(self, exclude=None):
        for field in self._meta.concrete_fields:
            if (exclude and field.name in exclude) or not _is_plain_text(field):
                continue
            value = getattr(self, field.attname)
            if isinstance(value, str):
                multiline = isinstance(field, models.TextField)
                cleaned = clean_text(value, multiline=multiline)
                setattr(self, field.attname, cleaned if multiline else cleaned.strip())
        super().clean_fields(exclude=exclude)


class TextFormField(forms.CharField):
    """A text box whose value is `clean_text`-ed before it is stripped and checked, and whose length
    limit speaks Thai ("ข้อความยาวเกินไป (ไม่เกิน N ตัวอักษร ขณะนี้ M ตัวอักษร)")."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)
        if self.max_length is not None:
            self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
            self.validators.append(TextLengthValidator(int(self.max_length)))

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_text(value, multiline=self.multiline)
        return super().to_python(value)


def text_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """ModelForm `Meta.formfield_callback`: plain text fields become `TextFormField`s (a TextField's
    allows several lines); every other field gets its default form field."""
    if _is_plain_text(db_field):
        kwargs.setdefault("form_class", TextFormField)
        kwargs.setdefault("multiline", isinstance(db_field, models.TextField))
    return db_field.formfield(**kwargs)
