"""Forms of /manage/: add an organisation, change its district, upload an import file."""

from __future__ import annotations

from django import forms

from .models import District, Organisation, Province
from .permissions import is_system_admin
from .text_input import text_formfield
from .thai import arabic


class DistrictSelect(forms.Select):
    """A district <select> whose options carry their province code (data-province), so the small
    static script static/js/manage.js can show only the chosen province's districts."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        district = getattr(value, "instance", None)
        if district is not None:
            option["attrs"]["data-province"] = district.province_id
        return option


def _place_fields(form, user, province_id=None) -> None:
    """Province and district choices from the official list; a province administrator's province only."""
    provinces = Province.objects.order_by("name_th")
    districts = District.objects.order_by("name_th")
    if not is_system_admin(user):
        provinces = provinces.filter(pk=user.supervised_province_ref_id)
        districts = districts.filter(province_id=user.supervised_province_ref_id)
    elif province_id:
        districts = districts.filter(province_id=province_id)
    if "province_ref" in form.fields:
        form.fields["province_ref"].queryset = provinces
        form.fields["province_ref"].required = True
        form.fields["province_ref"].empty_label = "— เลือกจังหวัด —"
        form.fields["province_ref"].widget.attrs["data-district-select"] = "id_district_ref"
        if provinces.count() == 1:
            form.fields["province_ref"].initial = provinces.first().pk
    form.fields["district_ref"].queryset = districts
    form.fields["district_ref"].required = True
    form.fields["district_ref"].empty_label = "— เลือกอำเภอ —"


class OrganisationCreateForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["kind", "name", "short_name", "dla_code", "province_ref", "district_ref"]
        formfield_callback = text_formfield
        widgets = {"district_ref": DistrictSelect}
        help_texts = {
            "dla_code": "รหัสองค์กรปกครองส่วนท้องถิ่นของกรมส่งเสริมการปกครองท้องถิ่น ใช้ทำที่อยู่หน้าเว็บของหน่วยงาน",
            "short_name": "เช่น อบต.จานลาน (เว้นว่างได้)",
        }
        error_messages = {"dla_code": {"unique": "มีหน่วยงานที่ใช้รหัส อปท. นี้อยู่แล้ว"}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dla_code"].required = True
        _place_fields(self, user)

    def clean_dla_code(self):
        return arabic(self.cleaned_data.get("dla_code") or "").strip()

    def clean(self):
        data = super().clean()
        district, province = data.get("district_ref"), data.get("province_ref")
        if district and province and district.province_id != province.pk:
            self.add_error("district_ref", "อำเภอนี้ไม่อยู่ในจังหวัดที่เลือก")
        return data

    def organisation_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class OrganisationMoveForm(forms.ModelForm):
    """Change the district (a province administrator: within their province)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = ["district_ref"]
        widgets = {"district_ref": DistrictSelect}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["version"] = self.instance.version
        _place_fields(self, user, province_id=self.instance.province_ref_id)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์ CSV หรือ Excel (.xlsx)",
        help_text="ใช้หัวคอลัมน์ตามแบบฟอร์ม: รหัส อปท., ชื่อ, ประเภท, อำเภอ, จังหวัด, ชื่อผู้ใช้คนแรก, อีเมล",
        error_messages={"required": "เลือกไฟล์ที่จะนำเข้า"},
    )
