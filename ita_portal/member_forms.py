"""Forms of the members page and of accepting an invitation (writes go through ita_portal.members)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError

from .invitations import code_is_well_formed, code_normalise
from .models import OrgUnit
from .scoping import Role
from .text_input import TextFormField

ROLE_CHOICES = [(r.value, r.label) for r in (Role.STAFF, Role.UNIT_STAFF, Role.EXECUTIVE)]
UNIT_REQUIRED = "เจ้าหน้าที่ของกอง/งานต้องระบุกอง/งาน"


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label="บทบาท", choices=ROLE_CHOICES)
    unit = forms.ModelChoiceField(
        label="กอง/งาน (สำหรับเจ้าหน้าที่ของกอง/งาน)", queryset=OrgUnit.objects.none(), required=False
    )
    can_manage_members = forms.BooleanField(
        label="ดูแลผู้ใช้ของหน่วยงาน",
        required=False,
        help_text="เชิญ เปลี่ยนบทบาท และปิดการใช้งานบัญชีของผู้ใช้ในหน่วยงาน (เฉพาะบทบาทเจ้าหน้าที่)",
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this organisation's units: never the units of every organisation (issue 11).
        self.fields["unit"].queryset = OrgUnit.objects.filter(organisation=organisation).order_by(
            "order", "name"
        )
        self.fields["unit"].empty_label = "— ไม่ระบุ —"

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.UNIT_STAFF and not data.get("unit"):
            self.add_error("unit", UNIT_REQUIRED)
        if data.get("role") != Role.STAFF and data.get("can_manage_members"):
            self.add_error("can_manage_members", "สิทธิ์ดูแลผู้ใช้ของหน่วยงานให้ได้เฉพาะบทบาทเจ้าหน้าที่")
        return data


class MemberInviteForm(MemberRoleForm):
    first_name = TextFormField(label="ชื่อ", max_length=150)
    last_name = TextFormField(label="นามสกุล", max_length=150, required=False)
    email = forms.EmailField(
        label="อีเมล",
        required=False,
        max_length=254,
        help_text="ส่งลิงก์คำเชิญทางอีเมล หากไม่มีอีเมล ให้พิมพ์ใบรหัสเชิญจากหน้าผู้ใช้ของหน่วยงาน",
        error_messages={"invalid": "รูปแบบอีเมลไม่ถูกต้อง"},
    )

    field_order = ["first_name", "last_name", "email", "role", "unit", "can_manage_members"]


class InvitationCodeForm(forms.Form):
    code = TextFormField(label="รหัสเชิญ", max_length=40, help_text="พิมพ์ตามใบรหัสเชิญ เช่น K7QM-3XTA-PW9C-HN4E")

    def clean_code(self):
        code = code_normalise(self.cleaned_data["code"])
        if not code_is_well_formed(code):
            raise ValidationError(
                "รหัสเชิญมี 16 ตัว (ตัวอักษรภาษาอังกฤษและตัวเลข) เช่น K7QM-3XTA-PW9C-HN4E โปรดตรวจสอบอีกครั้ง"
            )
        return code


# Django's password rules speak English until the project's th catalogue covers them (issue 9, finding
# 10): the pages a new user sees first say them in Thai, matched by the validators' error codes.
THAI_PASSWORD_ERRORS = {
    "password_mismatch": "รหัสผ่านทั้งสองช่องไม่ตรงกัน",
    "password_too_short": "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย %(min_length)d ตัวอักษร",
    "password_too_common": "รหัสผ่านนี้มีผู้ใช้กันมาก เดาได้ง่าย โปรดตั้งรหัสผ่านอื่น",
    "password_entirely_numeric": "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด",
    "password_too_similar": "รหัสผ่านคล้ายกับข้อมูลของท่าน (%(verbose_name)s) มากเกินไป",
}
THAI_PASSWORD_HELP = "อย่างน้อย 8 ตัวอักษร ไม่เป็นตัวเลขทั้งหมด ไม่ใช่รหัสผ่านที่ใช้กันทั่วไป และไม่คล้ายชื่อผู้ใช้ ชื่อ หรืออีเมลของท่าน"


class ThaiSetPasswordForm(SetPasswordForm):
    """Django's SetPasswordForm (its validators unchanged) with Thai labels, help and messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "รหัสผ่านใหม่"
        self.fields["new_password1"].help_text = THAI_PASSWORD_HELP
        self.fields["new_password2"].label = "ยืนยันรหัสผ่านใหม่"
        self.fields["new_password2"].help_text = "พิมพ์รหัสผ่านเดิมอีกครั้ง"

    def add_error(self, field, error):
        if isinstance(error, ValidationError):
            error = ValidationError([_thai(e) for e in error.error_list])
        super().add_error(field, error)


def _thai(error: ValidationError) -> ValidationError:
    message = THAI_PASSWORD_ERRORS.get(error.code)
    if message is None:
        return error
    params = dict(error.params or {})
    if "verbose_name" in params:
        params["verbose_name"] = {
            "username": "ชื่อผู้ใช้",
            "first name": "ชื่อ",
            "last name": "นามสกุล",
            "email address": "อีเมล",
        }.get(str(params["verbose_name"]), str(params["verbose_name"]))
    return ValidationError(message, code=error.code, params=params)
