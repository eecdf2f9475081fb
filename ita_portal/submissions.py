"""One save per submit: a create form carries a one-time token, issued when the form is rendered
and claimed atomically with the row the form creates.

A double click or a reload of the POST sends the same token again. The claim is a unique row
(`Submission.token`) inserted before the save, inside the save's transaction: a second request with
the same token waits on the unique index until the first commits, then finds the claim and answers
with what the first one created instead of creating it again. If the first save fails (a refused
file, a validation error), the claim rolls back with it and the same form can be sent again.
The disabled button (static/js/submit-once.js) only spares the server the second request.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Submission

FIELD = "submit_token"
# Claims are kept long enough for any back-button replay of a form; older ones are removed.
RETENTION = dt.timedelta(days=30)
REPLAYED = "แบบฟอร์มนี้ส่งไปแล้ว ระบบบันทึกไว้ครั้งเดียว (ไม่สร้างรายการซ้ำ) ด้านล่างคือรายการที่บันทึกไว้"


def new_token() -> str:
    return secrets.token_urlsafe(24)


class SubmitTokenField(forms.CharField):
    """The hidden one-time token of a create form; a fresh one each time the form is rendered unbound."""

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=64, widget=forms.HiddenInput, initial=new_token, **kwargs)


@dataclass(frozen=True)
class Submitted:
    object_id: int
    replayed: bool  # True: this token was used before; nothing was saved now
    obj: object = None


@transaction.atomic
def submission_save(*, token: str | None, kind: str, save: Callable[[], object], actor) -> Submitted:
    """Run `save()` (which returns the created row) once per `token`; a token seen before returns the
    row its first use created, without saving. Without a token (forms of other clients) it just saves."""
    if not token:
        obj = save()
        return Submitted(object_id=obj.pk, replayed=False, obj=obj)
    try:
        with transaction.atomic():
            claim = Submission.objects.create(token=token, kind=kind, user=actor)
    except IntegrityError:
        claim = Submission.objects.filter(token=token).first()
        if claim is None or claim.kind != kind or claim.user_id != actor.pk or claim.object_id is None:
            raise ValidationError("แบบฟอร์มนี้ใช้ไม่ได้แล้ว โปรดเปิดหน้าใหม่แล้วส่งอีกครั้ง") from None
        return Submitted(object_id=claim.object_id, replayed=True)
    obj = save()
    claim.object_id = obj.pk
    claim.save(update_fields=["object_id"])
    Submission.objects.filter(created_at__lt=timezone.now() - RETENTION).delete()
    return Submitted(object_id=obj.pk, replayed=False, obj=obj)
