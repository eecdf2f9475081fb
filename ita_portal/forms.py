from django import forms
from django.core.exceptions import ValidationError

from .models import Organisation, OrgUnit
from .text_input import text_formfield

LOGO_MAX_BYTES = 2 * 1024 * 1024


class OrganisationProfileForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [*Organisation.PROFILE_FIELDS, "logo"]
        formfield_callback = text_formfield
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}
        error_messages = {
            "website": {"invalid": "ใส่ที่อยู่เว็บไซต์ให้ครบ เช่น https://www.example.go.th"},
            "logo": {"invalid_image": "ไฟล์ตราสัญลักษณ์ต้องเป็นรูปภาพ (PNG หรือ JPEG) ที่เปิดได้ ไฟล์นี้ไม่ใช่รูปภาพหรือเสียหาย"},
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > LOGO_MAX_BYTES:
            raise ValidationError("ไฟล์ตราสัญลักษณ์ต้องไม่เกิน 2 MB")
        return logo


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "parent", "order"]
        formfield_callback = text_formfield

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        parents = OrgUnit.objects.filter(organisation=organisation, kind="unit")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "— ไม่สังกัด (ระดับบนสุด) —"

    def validate_unique(self):
        try:
            self.instance.validate_constraints()
        except ValidationError:
            self.add_error("name", "มีหน่วยงานชื่อนี้อยู่แล้ว")
