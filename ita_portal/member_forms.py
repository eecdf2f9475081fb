"""Forms of the members page and of accepting an invitation (writes go through ita_portal.members)."""

from __future__ import annotations

from django import forms

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
