"""Rows whose written place did not match the official list (ita_portal.geo), for an administrator
to fix by hand: `manage.py geo_unmatched` and the list on /manage/. Nothing here guesses."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from . import geo
from .models import District, Organisation, Province, User
from .scoping import AREA_ROLES


@dataclass(frozen=True)
class Unmatched:
    what: str  # หน่วยงาน / ผู้ใช้
    name: str
    province: str
    district: str
    problem: str
    url: str = ""


def unmatched_places(*, organisations=None, include_users: bool = True) -> list[Unmatched]:
    """Organisations without a province or district reference, and supervisors and province
    administrators without a province reference (or without the district they were written with).
    `organisations`: the queryset to look in (the actor's scope), default every organisation."""
    provinces, districts = geo.db_tables(Province, District)
    rows = []
    organisations = Organisation.objects.all() if organisations is None else organisations
    for org in organisations.filter(Q(province_ref__isnull=True) | Q(district_ref__isnull=True)).order_by(
        "province", "district", "name"
    ):
        match = geo.match_place(org.province, org.district, provinces=provinces, districts=districts)
        problem = match.problem or "ยังไม่ได้เลือกจากรายชื่อทางการ"
        rows.append(
            Unmatched("หน่วยงาน", org.name, org.province, org.district, problem, org.get_absolute_url())
        )
    if include_users:
        people = User.objects.filter(role__in=AREA_ROLES, is_active=True).filter(
            Q(supervised_province_ref__isnull=True)
            | Q(supervised_district_ref__isnull=True) & ~Q(supervised_district="")
        )
        for user in people.order_by("username"):
            match = geo.match_place(
                user.supervised_province, user.supervised_district, provinces=provinces, districts=districts
            )
            problem = match.problem or "ยังไม่ได้เลือกจากรายชื่อทางการ"
            if not user.supervised_district and problem == "ไม่ได้ระบุอำเภอ":
                problem = "ยังไม่ได้เลือกจากรายชื่อทางการ"
            rows.append(
                Unmatched("ผู้ใช้", user.username, user.supervised_province, user.supervised_district, problem)
            )
    return rows
