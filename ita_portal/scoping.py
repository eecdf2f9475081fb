"""The one gate for organisation-owned rows: `Model.objects.visible_to(user)`.

Every view, form choice and file download that reads rows belonging to an organisation goes through
`visible_to`. A row outside the user's scope is simply not found, so a guessed URL answers 404.
"""

from __future__ import annotations

import copy

from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "เจ้าหน้าที่ (แก้ไขข้อมูลของหน่วยงาน)"
    UNIT_STAFF = "unit_staff", "เจ้าหน้าที่ของกอง/งาน (รายงานผลงานของตน)"
    EXECUTIVE = "executive", "ผู้บริหาร (อ่านอย่างเดียว)"
    SUPERVISOR = "supervisor", "ผู้กำกับดูแลระดับอำเภอ/จังหวัด (อ่านอย่างเดียว)"
    PROVINCE_ADMIN = "province_admin", "ผู้ดูแลระดับจังหวัด (เพิ่ม นำเข้า และปิดใช้งานหน่วยงานของจังหวัด)"
    ADMIN = "admin", "ผู้ดูแลระบบ"


# Roles whose scope is an area (a province, or a supervisor's district in it), not an organisation.
AREA_ROLES = frozenset({Role.SUPERVISOR, Role.PROVINCE_ADMIN})


# What `visible_to(user)` selects, as a value (scope_of): nothing, everything, or the rows whose
# organisation has these field values. Cache keys use it (reports.dashboards.views).
NOTHING: tuple = ("nothing",)
EVERYTHING: tuple = ("everything",)


def scope_of(user) -> tuple:
    """The user's scope: NOTHING, EVERYTHING or ("where", ((organisation field, id), …)). `visible_to` is
    this value applied to a queryset, so a cache key made of it covers exactly what the gate shows, and
    two users whose keys are equal see the same organisations."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_superuser or user.role == Role.ADMIN:
        return EVERYTHING
    if user.role in AREA_ROLES:
        # References to the official list (ita_portal.geo), not names: a typo cannot hide a row.
        if not user.supervised_province_ref_id:
            return NOTHING
        where = [("province_ref", user.supervised_province_ref_id)]
        if user.role == Role.SUPERVISOR and user.supervised_district_ref_id:
            where.append(("district_ref", user.supervised_district_ref_id))
        return ("where", tuple(where))
    if user.organisation_id is None:
        return NOTHING
    return ("where", (("pk", user.organisation_id),))


class OrgScopedQuerySet(models.QuerySet):
    """A queryset of rows owned by an organisation, reached through `org_path` ("" for Organisation itself)."""

    org_path = "organisation"

    def _lookup(self, field: str) -> str:
        return f"{self.org_path}__{field}" if self.org_path else field

    def visible_to(self, user) -> OrgScopedQuerySet:
        scope = scope_of(user)
        if scope == NOTHING:
            return self.none()
        if scope == EVERYTHING:
            return self
        return self.filter(**{self._lookup(field): value for field, value in scope[1]})


def own_organisation(user, slug: str):
    """The user's own organisation when `slug` names it and the gate would show it to them, else None.

    The auth backend loads it with the user (ita_portal.auth), so a member opening their own pages costs
    no second query; anything else goes through `visible_to`."""
    if user is None or not user.is_authenticated or not user.is_active or user.organisation_id is None:
        return None
    if user.role in AREA_ROLES and not user.is_superuser:
        return None  # a supervisor's scope is an area, not the organisation they may belong to
    organisation = user.organisation
    # A copy: a form bound to it (the profile page) must not change what the menu shows of the user.
    return copy.copy(organisation) if organisation.slug == slug else None


def scoped_queryset(path: str) -> type[OrgScopedQuerySet]:
    """A queryset class for a model whose organisation is reached through `path`."""
    return type(
        f"OrgScopedQuerySet_{path.replace('__', '_') or 'self'}", (OrgScopedQuerySet,), {"org_path": path}
    )
