"""Organisations, their responsible units, and the people who sign in."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from . import geo
from .scoping import Role, scoped_queryset
from .text_input import CleansTextMixin
from .text_limits import ADDRESS, bounded


class HttpsURLField(models.URLField):
    """A URL field whose forms read "www.x.go.th" as https://www.x.go.th (Django 6's default, now)."""

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)


class OrganisationKind(models.TextChoices):
    SAO = "sao", "องค์การบริหารส่วนตำบล (อบต.)"
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", "เทศบาลตำบล"
    TOWN_MUNICIPALITY = "town_municipality", "เทศบาลเมือง"
    CITY_MUNICIPALITY = "city_municipality", "เทศบาลนคร"
    PAO = "pao", "องค์การบริหารส่วนจังหวัด (อบจ.)"


class Province(models.Model):
    """One of the 77 provinces of the official list (fixtures/geo, DOPA codes); never edited here."""

    code = models.CharField("รหัสจังหวัด", max_length=2, primary_key=True)
    name_th = models.CharField("ชื่อจังหวัด", max_length=100, unique=True)

    class Meta:
        verbose_name = "จังหวัด"
        verbose_name_plural = "จังหวัด"
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name_th


class District(models.Model):
    """An อำเภอ (เขต in Bangkok) of the official list; its name is unique only within its province."""

    code = models.CharField("รหัสอำเภอ", max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name="จังหวัด"
    )
    name_th = models.CharField("ชื่ออำเภอ", max_length=100)

    class Meta:
        verbose_name = "อำเภอ"
        verbose_name_plural = "อำเภอ"
        ordering = ["province", "name_th"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name_th"], name="district_unique_name_per_province")
        ]

    def __str__(self) -> str:
        return self.name_th


def place_refs(province: str, district: str) -> tuple[Province | None, District | None]:
    """The official rows a written province and district name exactly (geo's rule: never a guess)."""
    if not (province or "").strip():
        return None, None
    found = Province.objects.filter(name_th=geo.province_key(province)).first()
    if found is None or not (district or "").strip():
        return found, None
    key = geo.district_key(district)
    names = [key, f"เมือง{found.name_th}"] if key == "เมือง" else [key]
    return found, District.objects.filter(province=found, name_th__in=names).first()


class KeepsPlaceInStep:
    """Model mixin: a row's shown place names (`PLACE_NAMES`) and its references to the official list
    (`PLACE_REFS`) are put in step by `sync_place()`, the named step the services call before they
    save such a row (`save()` itself stays plain). Whichever side was changed since the row was loaded
    decides: the portal's forms and services set the references (the names follow); fixtures and
    imports that write names get the references those names match exactly (place_refs), or none,
    and are then listed by geo_unmatched."""

    PLACE_REFS: tuple[str, str]
    PLACE_NAMES: tuple[str, str]
    # A written district that does not match drops the province too (a supervisor's scope must never
    # widen from a district to its whole province because of a typo).
    PLACE_STRICT = False

    @classmethod
    def from_db(cls, db, field_names, values):
        row = super().from_db(db, field_names, values)
        row._loaded_place = row._place_state()
        return row

    def _place_state(self) -> tuple:
        (p_ref, d_ref), (p, d) = self.PLACE_REFS, self.PLACE_NAMES
        return (
            self.__dict__.get(f"{p_ref}_id"),
            self.__dict__.get(f"{d_ref}_id"),
            self.__dict__.get(p),
            self.__dict__.get(d),
        )

    def sync_place(self) -> None:
        """Put the place names and the references in step (see the class docstring)."""
        (p_ref, d_ref), (p, d) = self.PLACE_REFS, self.PLACE_NAMES
        now = self._place_state()
        loaded = getattr(self, "_loaded_place", None)
        refs_changed = now[:2] != loaded[:2] if loaded else any(now[:2])
        names_changed = now[2:] != loaded[2:] if loaded else True
        if not refs_changed and names_changed:
            province, district = place_refs(getattr(self, p), getattr(self, d))
            if self.PLACE_STRICT and district is None and (getattr(self, d) or "").strip():
                province = None
            setattr(self, p_ref, province)
            setattr(self, d_ref, district)
        province = getattr(self, p_ref) if getattr(self, f"{p_ref}_id") else None
        district = getattr(self, d_ref) if getattr(self, f"{d_ref}_id") else None
        if district is not None and province is None:
            province = district.province
            setattr(self, p_ref, province)
        if province is not None:
            setattr(self, p, province.name_th)
            if district is not None:
                setattr(self, d, district.name_th)
            elif refs_changed:
                setattr(self, d, "")  # else an unmatched written district stays, to be listed
        elif refs_changed:  # both references cleared
            setattr(self, p, "")
            setattr(self, d, "")
        self._loaded_place = self._place_state()


def check_place(obj, province_ref: str, district_ref: str) -> None:
    """A district must lie in the chosen province (Thai error on the district)."""
    p_id, d_id = getattr(obj, f"{province_ref}_id"), getattr(obj, f"{district_ref}_id")
    if d_id and p_id and getattr(obj, district_ref).province_id != p_id:
        raise ValidationError({district_ref: "อำเภอนี้ไม่อยู่ในจังหวัดที่เลือก"})


dla_code_validator = RegexValidator(r"^[0-9]{5,10}$", "รหัส อปท. ต้องเป็นตัวเลข 5–10 หลัก เช่น 6440101")


class Organisation(KeepsPlaceInStep, CleansTextMixin, models.Model):
    PLACE_REFS = ("province_ref", "district_ref")
    PLACE_NAMES = ("province", "district")
    # What the organisation itself keeps up to date (profile form, demo fixtures).
    PROFILE_FIELDS = [
        "name",
        "short_name",
        "kind",
        "province_ref",
        "district_ref",
        "address",
        "phone",
        "website",
        "letter_code",
        "mayor_name",
        "mayor_position",
        "clerk_name",
        "clerk_position",
        "head_name",
        "head_position",
        "use_thai_digits",
    ]
    # Where the organisation is: supervisor scope is these references to the official list, so only the
    # people permissions.can_move_organisation allows may change them (the profile form shows them
    # read-only). `province` and `district` are the names shown, kept in step by sync_place().
    LOCATION_FIELDS = ("province_ref", "district_ref")
    slug = models.SlugField("รหัสย่อ", max_length=60, unique=True)
    name = models.CharField("ชื่อหน่วยงาน", max_length=200)
    short_name = models.CharField("ชื่อย่อ", max_length=120, blank=True, help_text="เช่น อบต.จานลาน")
    kind = models.CharField(
        "ประเภท", max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.SAO
    )
    district = models.CharField("อำเภอ", max_length=100, blank=True, db_index=True)
    province = models.CharField("จังหวัด", max_length=100, blank=True, db_index=True)
    province_ref = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="จังหวัด"
    )
    district_ref = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="อำเภอ"
    )
    # รหัส อปท. of the Department of Local Administration: the key of imports, and the URL slug of an
    # organisation added by the portal (dla-<code>).
    dla_code = models.CharField(
        "รหัส อปท.", max_length=10, unique=True, null=True, blank=True, validators=[dla_code_validator]
    )
    is_active = models.BooleanField("ใช้งานอยู่", default=True)
    address = models.TextField("ที่อยู่", blank=True, **bounded(ADDRESS))
    phone = models.CharField("โทรศัพท์", max_length=60, blank=True)
    website = HttpsURLField("เว็บไซต์", blank=True)
    letter_code = models.CharField(
        "รหัสหนังสือ (ที่)", max_length=40, blank=True, help_text="เช่น อจ ๗๑๙๐๑ ใช้ในช่อง “ที่” ของบันทึกข้อความ"
    )
    mayor_name = models.CharField("ชื่อนายก", max_length=150, blank=True)
    mayor_position = models.CharField("ตำแหน่งนายก", max_length=200, blank=True)
    clerk_name = models.CharField("ชื่อปลัด", max_length=150, blank=True)
    clerk_position = models.CharField("ตำแหน่งปลัด", max_length=200, blank=True)
    head_name = models.CharField("ชื่อหัวหน้าสำนักปลัด", max_length=150, blank=True)
    head_position = models.CharField("ตำแหน่งหัวหน้าสำนักปลัด", max_length=200, blank=True)
    use_thai_digits = models.BooleanField(
        "ใช้เลขไทยในเอกสารราชการ", default=True, help_text="ปิดเพื่อพิมพ์รายงานด้วยเลขอารบิก"
    )
    logo = models.ImageField("ตราสัญลักษณ์", upload_to="logos/", blank=True)
    # Bumped by ita_portal.changes (only there) once per write that changes what the organisation's
    # pages show, so a cached dashboard is keyed on the row the scoping gate loads anyway.
    data_version = models.PositiveBigIntegerField("รุ่นข้อมูล", default=0, editable=False)
    # The profile's own version for the optimistic check (concurrency.check_and_bump): bumped only by
    # saves of the profile, not by the organisation's other data as data_version is.
    version = models.PositiveIntegerField("รุ่นแก้ไข", default=1, editable=False)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    objects = scoped_queryset("").as_manager()
    history = HistoricalRecords(excluded_fields=["data_version", "updated_at"])

    class Meta:
        verbose_name = "หน่วยงาน"
        verbose_name_plural = "หน่วยงาน"
        ordering = ["province", "district", "name"]
        # MAX(updated_at) is part of the overview's data version: a rename or move shows at once.
        indexes = [models.Index(fields=["updated_at"], name="organisation_updated_idx")]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("organisation_detail", kwargs={"org": self.slug})

    def clean(self) -> None:
        super().clean()
        check_place(self, "province_ref", "district_ref")

    @property
    def place(self) -> str:
        """อำเภอวาปีปทุม จังหวัดมหาสารคาม."""
        parts = []
        if self.district:
            parts.append(f"อำเภอ{self.district}")
        if self.province:
            parts.append(f"จังหวัด{self.province}")
        return " ".join(parts)


class UnitKind(models.TextChoices):
    UNIT = "unit", "สำนัก/กอง/งาน"
    POSITION = "position", "ตำแหน่ง"
    ALL = "all", "ทุกสำนัก/กอง"


class OrgUnit(CleansTextMixin, models.Model):
    """A responsible unit (หน่วยงานผู้รับผิดชอบ): a สำนัก/กอง/งาน, a position, or "every unit"."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name="หน่วยงาน"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name="สังกัด"
    )
    name = models.CharField("ชื่อ", max_length=200)
    kind = models.CharField("ประเภท", max_length=10, choices=UnitKind.choices, default=UnitKind.UNIT)
    order = models.PositiveIntegerField("ลำดับ", default=0)
    version = models.PositiveIntegerField("รุ่นแก้ไข", default=1, editable=False)

    objects = scoped_queryset("organisation").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "หน่วยงานผู้รับผิดชอบ"
        verbose_name_plural = "หน่วยงานผู้รับผิดชอบ"
        ordering = ["organisation", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="orgunit_unique_name_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError({"parent": "หน่วยงานที่สังกัดต้องอยู่ในองค์กรเดียวกัน"})
        node = self.parent
        while node is not None:
            if node.pk == self.pk:
                raise ValidationError({"parent": "ไม่สามารถให้หน่วยงานสังกัดตัวเองหรือหน่วยงานลูกของตัวเองได้"})
            node = node.parent

    @property
    def path(self) -> str:
        """สำนักปลัด › งานประชาสัมพันธ์."""
        names, node = [], self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return " › ".join(reversed(names))


class User(KeepsPlaceInStep, CleansTextMixin, AbstractUser):
    """A person who signs in. Staff, unit staff and executives belong to one organisation;
    a supervisor reads every organisation of a province (or of one district in it)."""

    role = models.CharField("บทบาท", max_length=20, choices=Role.choices, default=Role.STAFF)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="หน่วยงาน",
    )
    unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="กอง/งาน",
    )
    # Shown names; the scope is the references (kept in step by sync_place(), as on Organisation).
    PLACE_REFS = ("supervised_province_ref", "supervised_district_ref")
    PLACE_NAMES = ("supervised_province", "supervised_district")
    PLACE_STRICT = True
    supervised_province = models.CharField("จังหวัดที่กำกับดูแล", max_length=100, blank=True)
    supervised_district = models.CharField("อำเภอที่กำกับดูแล", max_length=100, blank=True)
    supervised_province_ref = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="จังหวัดที่กำกับดูแล",
        help_text="ผู้กำกับดูแลและผู้ดูแลระดับจังหวัด",
    )
    supervised_district_ref = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="อำเภอที่กำกับดูแล",
        help_text="เว้นว่างเพื่อกำกับดูแลทั้งจังหวัด (ผู้ดูแลระดับจังหวัดดูแลทั้งจังหวัดเสมอ)",
    )

    # A staff member who runs the organisation's own users on /o/<org>/members/ (issue 11).
    can_manage_members = models.BooleanField(
        "ดูแลผู้ใช้ของหน่วยงาน",
        default=False,
        help_text="เชิญ เปลี่ยนบทบาท และปิดการใช้งานบัญชีของเจ้าหน้าที่ในหน่วยงานเดียวกัน",
    )

    # Who changed a member's role, organisation or activity, and when (members page, admin, invitations).
    # The password hash and the sign-in time stay out of the history (signing in stamps last_login with
    # an UPDATE, ita_portal.auth.last_login_stamp, so it writes no history row at all).
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "ผู้ใช้"
        verbose_name_plural = "ผู้ใช้"

    def clean(self) -> None:
        super().clean()
        needs_org = {Role.STAFF, Role.UNIT_STAFF, Role.EXECUTIVE}
        if self.role in needs_org and self.organisation_id is None:
            raise ValidationError({"organisation": "บทบาทนี้ต้องระบุหน่วยงาน"})
        if self.role == Role.UNIT_STAFF and self.unit_id is None:
            raise ValidationError({"unit": "เจ้าหน้าที่ของกอง/งานต้องระบุกอง/งาน"})
        if self.unit_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": "กอง/งานต้องอยู่ในหน่วยงานของผู้ใช้"})
        check_place(self, "supervised_province_ref", "supervised_district_ref")
        if self.role in {Role.SUPERVISOR, Role.PROVINCE_ADMIN} and not (
            self.supervised_province_ref_id or place_refs(self.supervised_province, "")[0]
        ):
            raise ValidationError({"supervised_province_ref": "ผู้กำกับดูแลและผู้ดูแลระดับจังหวัดต้องระบุจังหวัด"})

    @property
    def manages_members(self) -> bool:
        """A member manager counts only while active staff (the flag means nothing on other roles)."""
        return self.is_active and self.role == Role.STAFF and self.can_manage_members


class Submission(models.Model):
    """A create form's one-time token, claimed in the same transaction as the row it created, so the
    same form sent twice (a double click, a reload of the POST) saves once (ita_portal.submissions)."""

    token = models.CharField("โทเคนของแบบฟอร์ม", max_length=64, unique=True)
    kind = models.CharField("แบบฟอร์ม", max_length=40)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name="ผู้ส่ง")
    object_id = models.PositiveBigIntegerField("รายการที่สร้าง", null=True)
    created_at = models.DateTimeField("เมื่อ", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "การส่งแบบฟอร์ม"
        verbose_name_plural = "การส่งแบบฟอร์ม"

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class Invitation(models.Model):
    """A one-time way in for a user who has no password yet (or needs a new one): a link or a code
    typed on /accounts/invite/. Only the SHA-256 of the code is stored, so the code itself exists only
    in the e-mail or on the printed sheet made when it was issued (ita_portal.invitations)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations", verbose_name="ผู้ใช้")
    token_hash = models.CharField("รหัสเชิญ (แฮช)", max_length=64, unique=True, editable=False)
    email = models.EmailField("ส่งถึงอีเมล", blank=True)
    created_at = models.DateTimeField("สร้างเมื่อ", auto_now_add=True)
    expires_at = models.DateTimeField("หมดอายุ")
    accepted_at = models.DateTimeField("ตอบรับเมื่อ", null=True, blank=True)
    revoked_at = models.DateTimeField("ยกเลิกเมื่อ", null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="ผู้เชิญ"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "คำเชิญ"
        verbose_name_plural = "คำเชิญ"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"คำเชิญ {self.user}"
