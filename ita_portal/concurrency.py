"""Optimistic version checks against lost updates.

A form carries the `version` it was loaded with. Saving locks the row, compares, and bumps the
version; when someone else saved in between, the save is refused with a Thai message and the page
can show what the other person changed (from the simple-history rows).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction


class StaleVersion(ValidationError):
    """Raised when the row changed since the form was loaded; `current` is the row as saved now."""

    def __init__(self, current: models.Model):
        self.current = current
        who = _last_editor(current)
        super().__init__(
            f"มีผู้อื่น{who}บันทึกข้อมูลนี้ไปแล้วหลังจากที่ท่านเปิดหน้านี้ ระบบยังไม่ได้บันทึกการแก้ไขของท่าน "
            "โปรดตรวจสอบข้อมูลล่าสุดด้านล่าง แล้วแก้ไขและบันทึกอีกครั้ง",
            code="stale",
        )


def _last_editor(obj) -> str:
    history = getattr(obj, "history", None)
    record = history.select_related("history_user").first() if history is not None else None
    user = getattr(record, "history_user", None)
    if user is None:
        return ""
    return f" ({user.get_full_name() or user.username})"


@transaction.atomic
def check_and_bump(obj: models.Model, expected_version: int | None) -> None:
    """Lock `obj`'s row; refuse if its version is not `expected_version`; else bump obj.version.

    Call inside the same transaction that then saves `obj` (with version in update_fields if used).
    """
    current = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if expected_version is not None and current.version != int(expected_version):
        raise StaleVersion(current)
    obj.version = current.version + 1


def changes_since(obj: models.Model, version: int, *, labels: dict | None = None) -> list[dict]:
    """What changed in the history records newer than the one the user saw: [{field, old, new, who, when}].
    A dict field (JSON texts) is compared key by key, named by `labels`; a row created after the user
    opened the page (a first save of a draft) shows its filled-in values as new."""
    records = list(obj.history.select_related("history_user").order_by("-history_date")[:10])
    out = []
    for newer, older in zip([*records, None], [*records[1:], None], strict=False):
        if newer is None or newer.version <= version:
            break
        if older is None:
            if newer.history_type == "+":
                out += _created_values(obj, newer, labels or {})
            break
        delta = newer.diff_against(older)
        for change in delta.changes:
            if change.field in {"version", "updated_at", "total", "level", "passed", "status", "due_date"}:
                continue
            field = obj._meta.get_field(change.field)
            if field.many_to_many:  # lists of ids mean nothing to a person; the page shows links itself
                continue
            out += _entries(field, change.old, change.new, newer, labels or {})
    return out


def _entries(field, old, new, record, labels: dict) -> list[dict]:
    if isinstance(old, dict) or isinstance(new, dict):
        old, new = old or {}, new or {}
        order = list(labels)
        keys = sorted(set(old) | set(new), key=lambda k: (order.index(k) if k in order else len(order), k))
        pairs = [(str(labels.get(k, k)), old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]
    else:
        pairs = [(str(field.verbose_name), _shown(field, old), _shown(field, new))]
    return [
        {"field": name, "old": o, "new": n, "who": record.history_user, "when": record.history_date}
        for name, o, n in pairs
    ]


def _shown(field, value):
    """A stored value as a person reads it: a choice's label, a linked row's name."""
    if value is None:
        return None
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.many_to_one:
        row = field.related_model._base_manager.filter(pk=value).first()
        return str(row) if row is not None else value
    return value


def _created_values(obj, record, labels: dict) -> list[dict]:
    out = []
    for field in obj._meta.concrete_fields:
        if field.primary_key or not field.editable or field.is_relation or field.name == "version":
            continue
        value = getattr(record, field.attname, None)
        if value in (None, "", {}, []):
            continue
        out += _entries(field, None, value, record, labels)
    return out
