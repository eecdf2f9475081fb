"""Optimistic version checks against lost updates.

A form carries the `version` it was loaded with. Saving locks the row, compares, and bumps the
version; when someone else saved in between, the save is refused with a Thai message and the page
can show what the other person changed (from the simple-history rows).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction

from . import history_diff


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


# Derived fields the services recompute: the other person did not type them.
DERIVED = frozenset({"total", "level", "passed", "status", "due_date"})


def changes_since(
    obj: models.Model, version: int, *, labels: dict | None = None, blank: str | None = None
) -> list[dict]:
    """What changed in the history records newer than the one the user saw, one line per field:
    [{field, old, new, who, who_name, when, when_text}] (ita_portal/history_diff.py shows the values).
    A dict field (JSON texts) is compared key by key, named by `labels`; a row created after the user
    opened the page (a first save of a draft) shows its filled-in values as new. A blank is `blank`
    (None: the template words it)."""
    newest_first = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[:10]
    )
    model = type(obj)
    records = newest_first[::-1]
    names = history_diff.fk_names(model, records)
    entries = []
    for record, older in history_diff.with_previous(records):
        if record.version <= version:
            continue
        if older is None and record.history_type != "+":
            continue  # its baseline is older than the ten rows read
        changes = history_diff.field_changes(
            model,
            record,
            older,
            fields=_typed_fields(model) if older is None else None,
            hidden=history_diff.BOOKKEEPING | DERIVED,
            names=names,
            keys=labels,
            blank=blank,
        )
        entries.append(history_diff.entry(record, changes))
    return history_diff.flat(reversed(entries))


def _typed_fields(model) -> dict[str, str]:
    """The fields a person fills in when creating a row (not its organisation, year or other keys)."""
    return {
        f.name: str(f.verbose_name)
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and not f.is_relation and f.name not in history_diff.BOOKKEEPING
    }
