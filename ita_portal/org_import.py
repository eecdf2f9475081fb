"""Import a province's organisations from CSV or XLSX: read → plan (a preview with a Thai error per
row, nothing written) → apply (all or nothing, after the person confirmed).

Idempotent by the DLA code (รหัส อปท.): the same file twice changes nothing; a row whose name, kind or
district changed is an update, applied only when confirmed, with history (services).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from . import changes, geo
from .models import District, Organisation, OrganisationKind, Province, dla_code_validator
from .permissions import can_manage_organisation
from .services import (
    first_user_create,
    first_user_existing,
    organisation_create,
    organisation_import_update,
    organisation_slug,
)
from .text_input import clean_text
from .thai import arabic
from .zipguard import ZipRefused, xml_has_doctype, zip_check

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2_000

# Thai column name → key. The template lists them in this order.
COLUMNS = {
    "รหัส อปท.": "dla_code",
    "ชื่อ": "name",
    "ประเภท": "kind",
    "อำเภอ": "district",
    "จังหวัด": "province",
    "ชื่อผู้ใช้คนแรก": "user_name",
    "อีเมล": "email",
}
REQUIRED = ("รหัส อปท.", "ชื่อ", "ประเภท", "อำเภอ", "จังหวัด")
TEMPLATE_EXAMPLE = [
    "6440901",
    "องค์การบริหารส่วนตำบลตัวอย่าง",
    "อบต.",
    "วาปีปทุม",
    "มหาสารคาม",
    "นายสมชาย ใจดี",
    "somchai@example.go.th",
]

KIND_NAMES = {
    **{value: value for value in OrganisationKind.values},
    **{label: value for value, label in OrganisationKind.choices},
    "อบต.": OrganisationKind.SAO,
    "อบต": OrganisationKind.SAO,
    "องค์การบริหารส่วนตำบล": OrganisationKind.SAO,
    "ทต.": OrganisationKind.SUBDISTRICT_MUNICIPALITY,
    "ทม.": OrganisationKind.TOWN_MUNICIPALITY,
    "ทน.": OrganisationKind.CITY_MUNICIPALITY,
    "อบจ.": OrganisationKind.PAO,
    "อบจ": OrganisationKind.PAO,
    "องค์การบริหารส่วนจังหวัด": OrganisationKind.PAO,
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


class ImportRefused(ValueError):
    """The whole file was refused; str() is a Thai message."""


# ---------------------------------------------------------------- reading


def unneutralise(value: str) -> str:
    """Undo the portal's CSV exporter: a leading ' before = + - @, tab or CR is removed."""
    if len(value) > 1 and value[0] == "'" and value[1] in FORMULA_START:
        return value[1:]
    return value


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unneutralise(str(value).strip(" "))


def _rows_from_table(table: list[list]) -> list[dict]:
    """[{"line": n, key: text}] from a header row and data rows; blank rows skipped."""
    if not table:
        raise ImportRefused("ไฟล์ว่าง ไม่มีหัวตาราง")
    header = [clean_text(_cell(h), multiline=False).strip() for h in table[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportRefused("ไม่พบคอลัมน์ " + ", ".join(missing) + " ในแถวแรก (ดาวน์โหลดแบบฟอร์มเพื่อดูชื่อคอลัมน์)")
    index = {COLUMNS[name]: header.index(name) for name in COLUMNS if name in header}
    rows = []
    for number, raw in enumerate(table[1:], start=2):
        cells = [_cell(v) for v in raw]
        if not any(c.strip() for c in cells):
            continue
        rows.append({"line": number, **{key: cells[i] if i < len(cells) else "" for key, i in index.items()}})
        if len(rows) > MAX_ROWS:
            raise ImportRefused(f"นำเข้าได้ครั้งละไม่เกิน {MAX_ROWS:,} แถว")
    if not rows:
        raise ImportRefused("ไม่มีแถวข้อมูลใต้หัวตาราง")
    return rows


def read_csv(data: bytes) -> list[dict]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused("อ่านไฟล์ CSV ไม่ได้: บันทึกไฟล์เป็น CSV UTF-8 แล้วลองอีกครั้ง") from error
    return _rows_from_table(list(csv.reader(io.StringIO(text, newline=""))))


def read_xlsx(data: bytes) -> list[dict]:
    from openpyxl import load_workbook

    buffer = io.BytesIO(data)
    try:
        archive = zip_check(buffer)
        if xml_has_doctype(archive):
            raise ImportRefused("ไฟล์ Excel นี้มีส่วนประกอบที่ไม่ปลอดภัย (DOCTYPE) จึงไม่เปิดอ่าน")
    except ZipRefused as error:
        raise ImportRefused(str(error)) from error
    buffer.seek(0)
    try:
        book = load_workbook(buffer, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        table = []
        for row in sheet.iter_rows(values_only=True):
            table.append(list(row))
            if len(table) > MAX_ROWS + 50:
                break
        book.close()
    except ImportRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds on a broken file
        raise ImportRefused("เปิดไฟล์ Excel ไม่ได้ หรือไฟล์เสียหาย") from error
    return _rows_from_table(table)


def read_upload(name: str, data: bytes) -> list[dict]:
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"ไฟล์ใหญ่เกิน {MAX_BYTES // (1024 * 1024)} MB")
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        return read_xlsx(data)
    if lower.endswith(".csv"):
        return read_csv(data)
    raise ImportRefused("รับเฉพาะไฟล์ .csv หรือ .xlsx")


# ---------------------------------------------------------------- planning


@dataclass
class RowPlan:
    line: int
    values: dict
    action: str = ""  # new / update / same
    changes: list[str] = field(default_factory=list)
    user: str = ""  # what happens to the first user
    errors: list[str] = field(default_factory=list)
    organisation_id: int | None = None
    district_code: str | None = None
    kind: str = ""


@dataclass
class ImportPlan:
    rows: list[RowPlan]

    @property
    def ok(self) -> bool:
        return all(not r.errors for r in self.rows)

    @property
    def counts(self) -> dict:
        return {a: sum(1 for r in self.rows if r.action == a) for a in ("new", "update", "same")}

    @property
    def changes_anything(self) -> bool:
        return any(r.action in ("new", "update") or r.user.startswith("สร้าง") for r in self.rows)

    def digest(self) -> str:
        shown = [(r.line, r.action, r.changes, r.user, r.errors) for r in self.rows]
        return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


def _text_errors(values: dict) -> list[str]:
    errors = []
    for column, key in COLUMNS.items():
        value = values.get(key, "")
        if _CONTROL.search(value) or value != clean_text(value, multiline=False):
            errors.append(f"คอลัมน์ “{column}” มีอักขระควบคุมหรืออักขระที่มองไม่เห็น")
        elif value.startswith(FORMULA_START) and key != "email":
            errors.append(f"คอลัมน์ “{column}” ขึ้นต้นด้วย {value[0]!r} ซึ่งอาจเป็นสูตร Excel: แก้ให้เป็นข้อความ")
    return errors


def import_plan(rows: list[dict], *, actor) -> ImportPlan:
    """What importing `rows` would do, row by row, and why a row cannot be imported (Thai). Reads only."""
    provinces, districts = geo.db_tables(Province, District)
    codes = [arabic(r.get("dla_code", "")).strip() for r in rows]
    existing = {o.dla_code: o for o in Organisation.objects.filter(dla_code__in=[c for c in codes if c])}
    district_rows = {d.code: d for d in District.objects.all()}
    seen: dict[str, int] = {}
    plans = []
    for row, code in zip(rows, codes, strict=True):
        values = {k: v.strip() for k, v in row.items() if k != "line"}
        plan = RowPlan(line=row["line"], values=values)
        plans.append(plan)
        plan.errors += _text_errors(values)
        if plan.errors:
            continue
        if not code:
            plan.errors.append("ไม่ได้ระบุรหัส อปท.")
        else:
            try:
                dla_code_validator(code)
            except ValidationError as error:
                plan.errors.append(error.messages[0])
            if code in seen:
                plan.errors.append(f"รหัส อปท. {code} ซ้ำกับแถวที่ {seen[code]}")
            seen.setdefault(code, plan.line)
        name = values.get("name", "")
        if not name:
            plan.errors.append("ไม่ได้ระบุชื่อหน่วยงาน")
        elif len(name) > Organisation._meta.get_field("name").max_length:
            plan.errors.append("ชื่อหน่วยงานยาวเกิน 200 ตัวอักษร")
        kind = KIND_NAMES.get(values.get("kind", "").replace(" ", ""), KIND_NAMES.get(values.get("kind", "")))
        if kind is None:
            plan.errors.append(f"ไม่รู้จักประเภท “{values.get('kind', '')}” (ใช้ อบต. ทต. ทม. ทน. หรือ อบจ.)")
        plan.kind = kind or ""
        match = geo.match_place(
            values.get("province", ""), values.get("district", ""), provinces=provinces, districts=districts
        )
        if match.problem:
            plan.errors.append(match.problem)
        elif not can_manage_organisation(actor, None, match.province_code):
            plan.errors.append(f"จังหวัด{values.get('province')} ไม่อยู่ในขอบเขตที่คุณดูแล")
        plan.district_code = match.district_code
        email = values.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                plan.errors.append(f"อีเมล “{email}” ไม่ถูกต้อง")
        if plan.errors:
            continue
        current = existing.get(code)
        if current is None:
            if Organisation.objects.filter(slug=organisation_slug(code)).exists():
                plan.errors.append("มีหน่วยงานที่ใช้รหัสย่อนี้อยู่แล้ว")
                continue
            plan.action = "new"
        else:
            if not can_manage_organisation(actor, current):
                plan.errors.append(f"รหัส อปท. {code} เป็นของหน่วยงานในจังหวัดอื่น")
                continue
            if current.province_ref_id != match.province_code:
                plan.errors.append("ย้ายจังหวัดด้วยการนำเข้าไม่ได้ (ให้ผู้ดูแลระบบย้ายที่หน้าข้อมูลหน่วยงาน)")
                continue
            plan.organisation_id = current.pk
            if current.name != name:
                plan.changes.append(f"ชื่อ: {current.name} → {name}")
            if current.kind != kind:
                plan.changes.append(f"ประเภท: {current.get_kind_display()} → {OrganisationKind(kind).label}")
            if current.district_ref_id != match.district_code:
                new_district = district_rows[match.district_code].name_th
                plan.changes.append(f"อำเภอ: {current.district or 'ไม่ระบุ'} → {new_district}")
            plan.action = "update" if plan.changes else "same"
        plan.user = _user_plan(current, code, values)
    return ImportPlan(plans)


def _user_plan(organisation, code: str, values: dict) -> str:
    name, email = values.get("user_name", ""), values.get("email", "").lower()
    if not (name or email):
        return ""
    if organisation is not None:
        if first_user_existing(organisation, name.strip(), email.strip()) is not None:
            return "มีอยู่แล้ว"
    return f"สร้างบัญชี {name or email} (รอตอบรับคำเชิญ)"


@changes.write
def import_apply(rows: list[dict], *, actor, expected_digest: str, base_url: str | None = None) -> ImportPlan:
    """Plan again against the current data and apply it, all or nothing. Refused (ImportRefused) when
    a row has an error or the plan is not the one the person confirmed (the data changed since).
    `base_url`: where the invitation links mailed to first users point (as member invitations do)."""
    plan = import_plan(rows, actor=actor)
    if not plan.ok or plan.digest() != expected_digest:
        raise ImportRefused("ข้อมูลเปลี่ยนไปตั้งแต่แสดงตัวอย่าง: ตรวจตัวอย่างอีกครั้งก่อนยืนยัน")
    districts = {d.code: d for d in District.objects.select_related("province")}
    for row in plan.rows:
        v = row.values
        district = districts[row.district_code]
        if row.action == "new":
            organisation = organisation_create(
                data={
                    "kind": row.kind,
                    "name": v["name"],
                    "dla_code": arabic(v["dla_code"]),
                    "province_ref": district.province,
                    "district_ref": district,
                },
                actor=actor,
                reason="นำเข้าหน่วยงาน",
            )
        else:
            organisation = Organisation.objects.get(pk=row.organisation_id)
            if row.action == "update":
                organisation = organisation_import_update(
                    organisation=organisation,
                    data={"name": v["name"], "kind": row.kind, "district_ref": district},
                    actor=actor,
                )
        if row.user.startswith("สร้าง"):
            first_user_create(
                organisation=organisation,
                name=v.get("user_name", ""),
                email=v.get("email", ""),
                actor=actor,
                base_url=base_url,
            )
    return plan


def template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(list(COLUMNS))
    writer.writerow(TEMPLATE_EXAMPLE)
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "หน่วยงาน"
    sheet.append(list(COLUMNS))
    sheet.append(TEMPLATE_EXAMPLE)
    for column in "ABCDEFG":
        sheet.column_dimensions[column].width = 24
        sheet[f"{column}2"].number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
