"""Forms of the official documents: the cover memo's texts."""

from django import forms

from ita_portal.text_input import TextFormField
from ita_portal.text_limits import report_text_limit

from .models import DocumentKind

DOCUMENT_CHOICES = [(k.value, k.label) for k in DocumentKind if k != DocumentKind.MEMO]


def _line(key: str, label: str, **kwargs) -> TextFormField:
    """One line of the memo, as long as ReportText allows for `key`."""
    return TextFormField(label=label, max_length=report_text_limit(key), **kwargs)


def _lines(key: str, label: str, rows: int, **kwargs) -> TextFormField:
    """A few lines of the memo, as long as ReportText allows for `key`."""
    return TextFormField(
        label=label,
        max_length=report_text_limit(key),
        multiline=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class MemoForm(forms.Form):
    """Every editable part of the บันทึกข้อความ; saved through documents.memo_texts_save."""

    # The memo's version when the page was loaded (0: the unsaved draft); see memo_texts_save.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    document = forms.ChoiceField(label="บันทึกนำเสนอเอกสาร", choices=DOCUMENT_CHOICES)
    department = _line("department", "ส่วนราชการ")
    phone = _line("phone", "โทร.", required=False)
    number = _line("number", "ที่", required=False)
    date = forms.DateField(label="วันที่", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    subject = _line("subject", "เรื่อง")
    to = _line("to", "เรียน")
    background = _lines("background", "เรื่องเดิม", 4, required=False)
    facts = _lines("facts", "ข้อเท็จจริง", 4, required=False)
    proposal = _lines("proposal", "ข้อเสนอเพื่อพิจารณา", 4, required=False)
    closing = _line("closing", "คำลงท้าย", required=False)
    signer_name = _line("signer_name", "ผู้ลงนาม (ชื่อ)", required=False)
    signer_position = _lines("signer_position", "ตำแหน่งผู้ลงนาม", 2, required=False)
    opinion_title = _line("opinion_title", "หัวข้อความเห็น (ปลัด)", required=False)
    opinion_text = _lines("opinion_text", "ความเห็น", 2, required=False)
    opinion_name = _line("opinion_name", "ชื่อผู้ให้ความเห็น", required=False)
    opinion_position = _lines("opinion_position", "ตำแหน่งผู้ให้ความเห็น", 2, required=False)
    order_title = _line("order_title", "หัวข้อคำสั่ง (นายก)", required=False)
    order_text = _lines("order_text", "คำสั่ง", 2, required=False)
    order_name = _line("order_name", "ชื่อผู้สั่งการ", required=False)
    order_position = _lines("order_position", "ตำแหน่งผู้สั่งการ", 2, required=False)

    def texts(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["date"] = data["date"].isoformat()
        return data

    @classmethod
    def labels(cls) -> dict:
        """Key → label, in the order of the form (names the parts in a conflict message)."""
        return {name: field.label for name, field in cls.base_fields.items() if name != "version"}


class DocumentLayoutForm(forms.Form):
    """The table layout of a document (documents.document_layout_set); each choice lists its columns."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    layout = forms.ChoiceField(label="รูปแบบตาราง")

    def __init__(self, *args, layouts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = [(key, layout.label) for key, layout in layouts.items()]
