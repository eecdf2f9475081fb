"""Provinces and districts (อำเภอ/เขต) from the official list shipped in fixtures/geo/ (DOPA codes,
vendored from the geothai package: see fixtures/README.md).

An organisation and a supervisor refer to these rows; the Thai names kept beside the references are
only what is shown. Names written by people (older data, an import file) are matched here by one rule
that never guesses: a province by its exact name, a district by its exact name *within that province*
(several districts share a name across provinces: เฉลิมพระเกียรติ). What does not match stays
unmatched and is listed for an administrator (`manage.py geo_unmatched`, /manage/).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "geo"

_SPACES = re.compile(r"\s+")
_PROVINCE_PREFIXES = ("จังหวัด", "จ.")
_DISTRICT_PREFIXES = ("อำเภอ", "อ.", "เขต", "กิ่งอำเภอ")


def official_rows() -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """(provinces as (code, name_th), districts as (code, province_code, name_th)) from fixtures/geo."""
    provinces = json.loads((GEO_DIR / "provinces.json").read_text(encoding="utf-8"))
    districts = json.loads((GEO_DIR / "districts.json").read_text(encoding="utf-8"))
    return (
        [(code, name_th) for code, name_th, *_ in provinces],
        [(code, code[:2], name_th) for code, name_th, *_ in districts],
    )


def _key(name: str, prefixes: Iterable[str]) -> str:
    text = _SPACES.sub("", name or "")
    for prefix in prefixes:
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return text


def province_key(name: str) -> str:
    """ "จังหวัด มหาสารคาม" and "มหาสารคาม" are one name; nothing else is forgiven."""
    return _key(name, _PROVINCE_PREFIXES)


def district_key(name: str) -> str:
    """ "อำเภอวาปีปทุม", "อ.วาปีปทุม" and "วาปีปทุม" are one name."""
    return _key(name, _DISTRICT_PREFIXES)


@dataclass(frozen=True)
class Match:
    """The official codes a written place matched (None where it did not) and why not, in Thai."""

    province_code: str | None
    district_code: str | None
    problem: str = ""


def match_place(
    province: str,
    district: str,
    *,
    provinces: dict[str, str],
    districts: dict[tuple[str, str], str],
) -> Match:
    """Match a written province and district. `provinces` maps province_key(name) → code; `districts`
    maps (province code, district_key(name)) → code. Pure. A district is looked up only inside its
    matched province; the capital district may be written "เมือง"."""
    if not (province or "").strip():
        problem = "ไม่ได้ระบุจังหวัด" + (f" (อำเภอ “{district}” อยู่ได้หลายจังหวัด จึงไม่เดา)" if district else "")
        return Match(None, None, problem)
    province_code = provinces.get(province_key(province))
    if province_code is None:
        return Match(None, None, f"ไม่พบจังหวัด “{province}” ในรายชื่อจังหวัดทางการ")
    if not (district or "").strip():
        return Match(province_code, None, "ไม่ได้ระบุอำเภอ")
    key = district_key(district)
    district_code = districts.get((province_code, key))
    if district_code is None and key == "เมือง":
        district_code = districts.get((province_code, "เมือง" + province_key(province)))
    if district_code is None:
        return Match(province_code, None, f"ไม่พบอำเภอ “{district}” ในจังหวัด{province.strip()}")
    return Match(province_code, district_code)


def lookup_tables(province_rows, district_rows) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """The dictionaries match_place reads, from (code, name_th) and (code, province_code, name_th) rows."""
    provinces = {province_key(name): code for code, name in province_rows}
    districts = {(pcode, district_key(name)): code for code, pcode, name in district_rows}
    return provinces, districts


def geo_load(Province, District) -> int:
    """Put the official list into the Province and District tables (models passed in, so a data
    migration can use its historical models). Idempotent: rows are created or renamed in place.
    Returns the number of rows written."""
    province_rows, district_rows = official_rows()
    existing_p = dict(Province.objects.values_list("code", "name_th"))
    existing_d = {c: (p, n) for c, p, n in District.objects.values_list("code", "province_id", "name_th")}
    written = 0
    for code, name in province_rows:
        if existing_p.get(code) != name:
            Province.objects.update_or_create(code=code, defaults={"name_th": name})
            written += 1
    for code, pcode, name in district_rows:
        if existing_d.get(code) != (pcode, name):
            District.objects.update_or_create(code=code, defaults={"province_id": pcode, "name_th": name})
            written += 1
    return written


def db_tables(Province, District) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """match_place's lookup tables from the database rows."""
    return lookup_tables(
        Province.objects.values_list("code", "name_th"),
        District.objects.values_list("code", "province_id", "name_th"),
    )
