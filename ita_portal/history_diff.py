"""The one history differ: simple-history records as changes a person can read.

Every page that shows "who changed what and when" (the assessment history, the measure log, the
report-text history and the conflict panels after a refused stale save) calls these functions, so a
value is shown the same way everywhere: a choice by its label, a linked row by its name, a date in
the Buddhist era (ita_portal/thai.py), a blank as "–". Pure over the records it is given: the only
queries are the names of linked rows (`fk_names`, one query per foreign key)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

from . import thai

ACTIONS = {"+": "สร้าง", "~": "แก้ไข", "-": "ลบ"}
BLANK = "–"
SYSTEM = "ระบบ"  # a row written with no user (a command before services named their actor)
LONG_TEXT = 300  # a long text is cut in the log; the page itself shows it whole
# Derived or bookkeeping fields: never a person's change.
BOOKKEEPING = frozenset({"id", "version", "updated_at", "created_at"})


def who_name(user) -> str:
    """The person a history row names, or ระบบ when it names nobody."""
    if user is None:
        return SYSTEM
    return user.get_full_name() or user.username


def text(value, *, blank: str | None = BLANK) -> str | None:
    """A plain value as a person reads it: dates in B.E., lists and dicts joined, long texts cut."""
    if value is None or value == "" or value == [] or value == {}:
        return blank
    if isinstance(value, dt.datetime):
        return thai.datetime_medium(value)
    if isinstance(value, dt.date):
        return thai.date_medium(value)
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return " / ".join(text(v, blank=BLANK) for v in value)
    if isinstance(value, dict):
        return " / ".join(f"{k}: {text(v, blank=BLANK)}" for k, v in value.items())
    shown = str(value)
    return shown if len(shown) <= LONG_TEXT else f"{shown[:LONG_TEXT]}…"


def shown(field, value, names: Mapping | None = None, *, blank: str | None = BLANK) -> str | None:
    """A stored value of a model field as a person reads it: a choice's label, a linked row's name
    (from `names`, see fk_names), else `text`."""
    if value is None or value == "":
        return blank
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        return (names or {}).get((field.name, value), f"#{value}")
    return text(value, blank=blank)


def fk_names(model, records: Iterable, *, label: Callable = str, skip: Iterable[str] = ()) -> dict:
    """{(field name, pk): label} for the foreign keys of `records` (one query per foreign key)."""
    records, skip = list(records), set(skip)
    names = {}
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.name in skip:
            continue
        ids = {getattr(r, field.attname, None) for r in records} - {None}
        if ids:
            for pk, obj in field.related_model._base_manager.in_bulk(ids).items():
                names[(field.name, pk)] = label(obj)
    return names


def with_previous(records: Iterable) -> list[tuple]:
    """[(record, the previous record of the same object or None)], records given oldest first."""
    previous: dict = {}
    out = []
    for record in records:
        out.append((record, previous.get(record.id)))
        previous[record.id] = record
    return out


def field_changes(
    model,
    newer,
    older,
    *,
    fields: Mapping[str, str] | None = None,
    hidden: Iterable[str] = BOOKKEEPING,
    names: Mapping | None = None,
    show: Mapping[str, Callable] | None = None,
    keys: Mapping[str, str] | None = None,
    blank: str | None = BLANK,
) -> list[dict]:
    """[{field, old, new}] between two history records of one object (`older` None: the values the
    row was created with, blanks left out; `newer` a deletion: every value it had, now blank).

    `fields` {name: label} limits and names the fields (default: every concrete field but `hidden`,
    named by its verbose_name); `show` {name: fn(value)} formats a field its own way; a dict value
    (a JSON field of named texts) is compared key by key, each key named by `keys` and ordered as
    `keys` lists them."""
    out = []
    show = show or {}
    for field in model._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if fields is None and (field.name in set(hidden) or field.primary_key):
            continue
        if not hasattr(newer, field.attname):  # excluded from the history table
            continue
        old = getattr(older, field.attname) if older is not None else None
        new = None if newer.history_type == "-" else getattr(newer, field.attname)
        if old == new or (older is None and new in (None, "", {}, [])):
            continue
        label = fields[field.name] if fields is not None else str(field.verbose_name)
        if isinstance(old, dict) or isinstance(new, dict):
            out += _key_changes(old or {}, new or {}, keys or {}, blank=blank)
        elif field.name in show:
            out.append({"field": label, "old": show[field.name](old), "new": show[field.name](new)})
        else:
            out.append(
                {
                    "field": label,
                    "old": shown(field, old, names, blank=blank),
                    "new": shown(field, new, names, blank=blank),
                }
            )
    return out


def _key_changes(old: dict, new: dict, keys: Mapping[str, str], *, blank) -> list[dict]:
    order = list(keys)
    changed = sorted(
        (k for k in set(old) | set(new) if old.get(k) != new.get(k)),
        key=lambda k: (order.index(k) if k in order else len(order), k),
    )
    return [
        {
            "field": str(keys.get(k, k)),
            "old": text(old.get(k), blank=blank),
            "new": text(new.get(k), blank=blank),
        }
        for k in changed
    ]


def link_change(title: str, before: set, now: set, labels: Mapping) -> dict | None:
    """A many-to-many change as one line: {field: title, old: "ลบ …", new: "เพิ่ม …"}, or None."""
    if before == now:
        return None
    added = sorted(labels.get(i, f"#{i}") for i in now - before)
    removed = sorted(labels.get(i, f"#{i}") for i in before - now)
    return {
        "field": title,
        "old": "ลบ " + ", ".join(removed) if removed else BLANK,
        "new": "เพิ่ม " + ", ".join(added) if added else BLANK,
    }


def entry(record, changes: list[dict], *, actions: Mapping[str, str] = ACTIONS, **extra) -> dict:
    """One save as a page lists it: {when, when_text (B.E.), who, who_name, action, changes, reason,
    version, …extra}."""
    return {
        "when": record.history_date,
        "when_text": thai.datetime_medium(record.history_date),
        "who": record.history_user,
        "who_name": who_name(record.history_user),
        "action": actions.get(record.history_type, record.history_type),
        "changes": changes,
        "reason": getattr(record, "history_change_reason", None) or "",
        "version": getattr(record, "version", None),
        **extra,
    }


def flat(entries: Iterable[dict]) -> list[dict]:
    """Each change of each entry as one line {field, old, new, who, who_name, when, when_text}
    (the conflict panels and the report-text history list lines, not saves)."""
    keep = ("who", "who_name", "when", "when_text")
    return [{**c, **{k: e[k] for k in keep}} for e in entries for c in e["changes"]]
