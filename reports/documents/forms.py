"""Forms of the official documents: the cover memo's texts and the texts of the other documents."""

from django import forms
from django.core.validators import RegexValidator

from ita_portal.text_input import TextFormField
from ita_portal.text_limits import report_text_limit

from ..models import DocumentKind
from .layouts import ORIENTATIONS

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
    """The table layout (each choice lists its columns) and the paper orientation of a document
    (documents.document_layout_set). A document without layouts has the orientation only."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Either may be left out of a post (None: unchanged); documents.document_layout_set needs one of them.
    layout = forms.ChoiceField(label="รูปแบบตาราง", required=False)
    orientation = forms.ChoiceField(label="แนวกระดาษ", choices=list(ORIENTATIONS.items()), required=False)

    def __init__(self, *args, layouts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        if layouts:
            self.fields["layout"].choices = [(key, layout.label) for key, layout in layouts.items()]
        else:
            del self.fields["layout"]


MONTH = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", "เลือกเดือนและปี (ปปปป-ดด)")


class ReportTextsForm(forms.Form):
    """Every declared text of one document (reports.documents.editable), each with its own
    “คืนค่าเริ่มต้น” box; a blank text prints the default."""

    # The texts' version when the page was loaded (0: nothing saved yet); see report_texts_save.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, groups, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for _group, fields in groups:
            for f in fields:
                attrs = {"data-default": f.default, "class": "form-control"}
                if f.month:
                    widget = forms.TextInput(attrs={**attrs, "type": "month"})
                elif f.multiline:
                    rows = min(12, max(2, f.default.count("\n") + 2, len(f.default) // 90 + 1))
                    widget = forms.Textarea(attrs={**attrs, "rows": rows})
                elif len(f.default) > 80:  # a long title: one line in print, two rows on screen
                    widget = forms.Textarea(attrs={**attrs, "rows": 2})
                else:
                    widget = forms.TextInput(attrs=attrs)
                self.fields[f.form_name] = TextFormField(
                    label=f.label,
                    max_length=f.limit,
                    required=False,
                    multiline=f.multiline,
                    widget=widget,
                    validators=[MONTH] if f.month else [],
                    disabled=read_only,
                )
                self.fields[f"restore__{f.form_name}"] = forms.BooleanField(
                    label="คืนค่าเริ่มต้น", required=False, disabled=read_only
                )

    def rows(self):
        """[(group, [(text field, restore box, declaration)])] in the order of the document."""
        return [
            (group, [(self[f.form_name], self[f"restore__{f.form_name}"], f) for f in fields])
            for group, fields in self.groups
        ]

    def values(self, *, restore_all: bool = False) -> dict:
        """{declared name: text, or None for “restore the default”}."""
        out = {}
        for _group, fields in self.groups:
            for f in fields:
                restore = restore_all or self.cleaned_data.get(f"restore__{f.form_name}")
                out[f.name] = None if restore else self.cleaned_data.get(f.form_name) or None
        return out
