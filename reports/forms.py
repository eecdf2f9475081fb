"""Forms of the official documents: the cover memo's texts."""

from django import forms

from .models import DocumentKind

DOCUMENT_CHOICES = [(k.value, k.label) for k in DocumentKind if k != DocumentKind.MEMO]


class MemoForm(forms.Form):
    """Every editable part of the บันทึกข้อความ; saved through documents.memo_texts_save."""

    # The memo's version when the page was loaded (0: the unsaved draft); see memo_texts_save.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    document = forms.ChoiceField(label="บันทึกนำเสนอเอกสาร", choices=DOCUMENT_CHOICES)
    department = forms.CharField(label="ส่วนราชการ", max_length=300)
    phone = forms.CharField(label="โทร.", max_length=60, required=False)
    number = forms.CharField(label="ที่", max_length=100, required=False)
    date = forms.DateField(label="วันที่", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    subject = forms.CharField(label="เรื่อง", max_length=500)
    to = forms.CharField(label="เรียน", max_length=300)
    background = forms.CharField(label="เรื่องเดิม", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    facts = forms.CharField(label="ข้อเท็จจริง", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    proposal = forms.CharField(
        label="ข้อเสนอเพื่อพิจารณา", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    closing = forms.CharField(label="คำลงท้าย", max_length=200, required=False)
    signer_name = forms.CharField(label="ผู้ลงนาม (ชื่อ)", max_length=150, required=False)
    signer_position = forms.CharField(
        label="ตำแหน่งผู้ลงนาม", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    opinion_title = forms.CharField(label="หัวข้อความเห็น (ปลัด)", max_length=300, required=False)
    opinion_text = forms.CharField(label="ความเห็น", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    opinion_name = forms.CharField(label="ชื่อผู้ให้ความเห็น", max_length=150, required=False)
    opinion_position = forms.CharField(
        label="ตำแหน่งผู้ให้ความเห็น", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    order_title = forms.CharField(label="หัวข้อคำสั่ง (นายก)", max_length=300, required=False)
    order_text = forms.CharField(label="คำสั่ง", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    order_name = forms.CharField(label="ชื่อผู้สั่งการ", max_length=150, required=False)
    order_position = forms.CharField(
        label="ตำแหน่งผู้สั่งการ", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def texts(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["date"] = data["date"].isoformat()
        return data

    @classmethod
    def labels(cls) -> dict:
        """Key → label, in the order of the form (names the parts in a conflict message)."""
        return {name: field.label for name, field in cls.base_fields.items() if name != "version"}
