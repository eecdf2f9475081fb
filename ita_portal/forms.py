from django import forms
from django.core.exceptions import ValidationError

from .manage_forms import DistrictSelect
from .models import Organisation, OrgUnit
from .permissions import can_move_organisation
from .text_input import text_formfield

LOGO_MAX_BYTES = 2 * 1024 * 1024


class OrganisationProfileForm(forms.ModelForm):
    # The version the page was loaded with (the service refuses the save if someone saved since).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = [*Organisation.PROFILE_FIELDS, "logo"]
        formfield_callback = text_formfield
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            # the district list follows the province (static/js/manage.js)
            "province_ref": forms.Select(attrs={"data-district-select": "id_district_ref"}),
        }
        error_messages = {
            "website": {"invalid": "ใส่ที่อยู่เว็บไซต์ให้ครบ เช่น https://www.example.go.th"},
            "logo": {"invalid_image": "ไฟล์ตราสัญลักษณ์ต้องเป็นรูปภาพ (PNG หรือ JPEG) ที่เปิดได้ ไฟล์นี้ไม่ใช่รูปภาพหรือเสียหาย"},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district_ref"].widget = DistrictSelect(choices=self.fields["district_ref"].choices)
        self.initial["version"] = self.instance.version
        if not can_move_organisation(user, self.instance):
            # Shown, not editable: a posted value is ignored (Django keeps the initial one).
            for name in Organisation.LOCATION_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = "เปลี่ยนได้เฉพาะผู้ดูแลระบบ"

    def profile_data(self) -> dict:
        """What the person may change, for organisation_profile_update (the logo only when a new one
        was chosen or it was cleared)."""
        return {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name in self.cleaned_data
            and not self.fields[name].disabled
            and (name != "logo" or name in self.changed_data)
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > LOGO_MAX_BYTES:
            raise ValidationError("ไฟล์ตราสัญลักษณ์ต้องไม่เกิน 2 MB")
        return logo


class OrgUnitForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "parent", "order"]
        formfield_callback = text_formfield

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        if self.instance.pk:
            self.initial["version"] = self.instance.version
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

    def unit_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
