"""Forms of the measures screens: they validate what a person typed and hand it to a service."""

from __future__ import annotations

import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q

from assessments.models import Question, Recommendation
from assessments.validators import validate_fiscal_year
from ita_portal import fiscal, thai
from ita_portal.models import OrgUnit
from ita_portal.submissions import FIELD as SUBMIT_TOKEN
from ita_portal.submissions import SubmitTokenField
from ita_portal.text_input import TextFormField, text_formfield
from ita_portal.text_limits import EVIDENCE_LINKS, STEP

from . import services
from .models import EvidenceFile, Measure, Progress
from .uploads import ALLOWED_TEXT, MAX_SIZE

WHOLE_YEAR = "ตลอดปีงบประมาณ"
SCROLL_BOX = "border rounded p-2 bg-white overflow-auto scroll-box"


def date_input() -> forms.DateInput:
    # ISO value so <input type="date"> shows it; the B.E. reading is printed beside it (data-be).
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "data-be": "1"})


def be_hint(value: dt.date | None) -> str:
    return f"พ.ศ.: {thai.date_medium(value)}" if value else "พ.ศ.: –"


def month_choices(fiscal_year: int) -> list[tuple[str, str]]:
    """The 12 months of the fiscal year, ต.ค. first, each with its B.E. year; values are the months' positions."""
    return [(str(i), thai.month_long(m, thai=False)) for i, m in enumerate(fiscal.fiscal_months(fiscal_year))]


class MonthField(forms.TypedChoiceField):
    """A month of the measure's fiscal year, picked from a select; blank = the whole fiscal year."""

    def __init__(self, *, fiscal_year: int, **kwargs):
        self.months = fiscal.fiscal_months(fiscal_year)
        super().__init__(
            choices=[("", WHOLE_YEAR), *month_choices(fiscal_year)],
            coerce=lambda v: self.months[int(v)],
            empty_value=None,
            required=False,
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            keys = [(m.year, m.month) for m in self.months]
            key = (value.year, value.month)
            return str(keys.index(key)) if key in keys else ""
        return value


class UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.path


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Question) -> str:
        text = obj.text if len(obj.text) <= 90 else f"{obj.text[:90]}…"
        return f"{obj.code} {text}"


class RecommendationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Recommendation) -> str:
        target = (
            obj.question.code if obj.question else (f"ตัวชี้วัดที่ {obj.indicator.number}" if obj.indicator else "")
        )
        what = (obj.issue or obj.advice or "").strip().splitlines()[0:1]
        text = what[0] if what else ""
        if len(text) > 90:
            text = f"{text[:90]}…"
        return (
            f"ปี {obj.assessment.framework.fiscal_year} · {obj.get_kind_display()} · {target} {text}".strip()
        )


class MeasureForm(forms.ModelForm):
    """A measure of one fiscal year (fixed before the form opens: the month and ITA choices depend on it)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submit_token = SubmitTokenField()  # create only: one save per submit (ita_portal.submissions)

    class Meta:
        model = Measure
        formfield_callback = text_formfield
        fields = [
            "number",
            "title",
            "issue",
            "tool",
            "indicators",
            "questions",
            "recommendations",
            "units",
            "period_start",
            "period_end",
            "period_text",
            "responsible_text",
            "expected_outcome",
            "reporting",
            "reporting_deadline",
            "deadline_text",
            "suggestion",
            "remark",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "issue": forms.Textarea(attrs={"rows": 3}),
            "expected_outcome": forms.Textarea(attrs={"rows": 2}),
            "reporting": forms.Textarea(attrs={"rows": 3}),
            "suggestion": forms.Textarea(attrs={"rows": 2}),
            "remark": forms.Textarea(attrs={"rows": 2}),
            "reporting_deadline": date_input(),
            "indicators": forms.CheckboxSelectMultiple,
        }
        help_texts = {"number": "ลำดับของมาตรการในปีงบประมาณ"}

    def __init__(self, *args, organisation, user, **kwargs):
        super().__init__(*args, **kwargs)
        measure: Measure = self.instance
        year = measure.fiscal_year
        self.organisation = organisation
        framework = services.source_framework(year)
        self.fields["period_start"] = MonthField(fiscal_year=year, label="ตั้งแต่เดือน")
        self.fields["period_end"] = MonthField(
            fiscal_year=year, label="ถึงเดือน", help_text="เลือก “ตลอดปีงบประมาณ” ทั้งสองช่องถ้าทำตลอดปี"
        )
        self.fields["tool"].queryset = (
            framework.tools.all() if framework else self.fields["tool"].queryset.none()
        )
        self.fields["tool"].empty_label = "— ไม่ระบุ —"
        self.fields["indicators"].queryset = (
            framework.indicators.order_by("number")
            if framework
            else self.fields["indicators"].queryset.none()
        )
        self.fields["questions"] = QuestionChoiceField(
            label="ข้อคำถาม/รายการ",
            required=False,
            queryset=framework.questions.order_by("order") if framework else Question.objects.none(),
            widget=forms.CheckboxSelectMultiple,
        )
        linked = list(measure.recommendations.values_list("pk", flat=True)) if measure.pk else []
        self.fields["recommendations"] = RecommendationChoiceField(
            label="ข้อเสนอแนะที่ตอบสนอง",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            queryset=Recommendation.objects.visible_to(user)
            .filter(assessment__organisation=organisation)
            .filter(Q(assessment__framework__fiscal_year__in=[year - 1, year]) | Q(pk__in=linked))
            .select_related("assessment__framework", "question", "indicator")
            .order_by("-assessment__framework__fiscal_year", "order", "pk"),
        )
        if not self.fields["recommendations"].queryset.exists():
            self.fields[
                "recommendations"
            ].help_text = f"ยังไม่มีข้อเสนอแนะของผลการประเมินปี {year - 1}–{year} ในระบบ (บันทึกได้ที่หน้าผลการประเมิน)"
        self.fields["units"] = UnitChoiceField(
            label="ผู้รับผิดชอบ",
            required=False,
            widget=forms.CheckboxSelectMultiple,
            queryset=OrgUnit.objects.visible_to(user)
            .filter(organisation=organisation)
            .select_related("parent__parent")
            .order_by("order", "name"),
        )
        self.fields["reporting_deadline"].help_text = be_hint(measure.reporting_deadline)
        if measure.pk:
            self.initial["version"] = measure.version
            del self.fields[SUBMIT_TOKEN]
        else:  # the model's default (0) would otherwise be the initial value
            self.initial["number"] = services.next_measure_number(organisation, year)
        if not framework:
            self.fields["tool"].help_text = f"ยังไม่มีกรอบการประเมิน ITA ปี {year - 1} หรือ {year} ในระบบ"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                "มาตรการ",
                Div(
                    Div("number", css_class="col-sm-3 col-lg-2"),
                    Div("title", css_class="col-sm-9 col-lg-10"),
                    css_class="row",
                ),
                "issue",
                "version",
                *([SUBMIT_TOKEN] if SUBMIT_TOKEN in self.fields else []),
            ),
            Fieldset(
                "ผู้รับผิดชอบและระยะเวลา",
                Div(Field("units"), css_class=SCROLL_BOX),
                "responsible_text",
                Div(
                    Div("period_start", css_class="col-sm-6"),
                    Div("period_end", css_class="col-sm-6"),
                    css_class="row mt-3",
                ),
                "period_text",
            ),
            Fieldset(
                f"ตัวชี้วัดและข้อคำถามที่ตอบสนอง (กรอบการประเมินปี {framework.fiscal_year if framework else '–'})",
                "tool",
                Div(Field("indicators"), css_class=SCROLL_BOX),
                HTML('<div class="mt-3"></div>'),
                Div(Field("questions"), css_class=SCROLL_BOX),
                HTML('<div class="mt-3"></div>'),
                Div(Field("recommendations"), css_class=SCROLL_BOX),
            ),
            Fieldset(
                "การรายงานผลและการกำกับติดตาม",
                "expected_outcome",
                "reporting",
                "reporting_deadline",
                "deadline_text",
                "suggestion",
                "remark",
            ),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if bool(start) != bool(end) and not self.has_error("period_end"):
            self.add_error(
                "period_end" if start else "period_start",
                "ระบุทั้งเดือนเริ่มและเดือนสิ้นสุด หรือเลือก “ตลอดปีงบประมาณ” ทั้งสองช่อง",
            )
        return data

    def _post_clean(self):
        # The model's clean() repeats the half-period rule as a form-wide error; it is shown next to
        # the month fields already.
        if self.has_error("period_start") or self.has_error("period_end"):
            return
        super()._post_clean()

    def save(self, *, steps: list[str], actor) -> Measure:
        """Create or update through the services; StaleVersion propagates to the view."""
        data = self.cleaned_data
        fields = {name: data[name] for name in services.MEASURE_FIELDS}
        links = {name: list(data[name]) for name in ("units", "indicators", "questions", "recommendations")}
        if self.instance.pk:
            return services.measure_update(
                measure=self.instance,
                expected_version=data.get("version"),
                actor=actor,
                steps=steps,
                **links,
                **fields,
            )
        return services.measure_create(
            organisation=self.organisation,
            fiscal_year=self.instance.fiscal_year,
            steps=steps,
            actor=actor,
            **links,
            **fields,
        )


class StepForm(forms.Form):
    text = TextFormField(
        label="ขั้นตอน/วิธีการ",
        required=False,
        multiline=True,
        max_length=STEP,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class BaseStepFormSet(forms.BaseFormSet):
    ordering_widget = forms.NumberInput(attrs={"class": "form-control form-control-sm step-order", "min": 1})

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields["ORDER"].label = "ลำดับ"
        form.fields["DELETE"].label = "ลบ"
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input step-delete"

    def steps(self) -> list[str]:
        """Texts in the order people gave (the ORDER numbers; rows without one keep their place at the end)."""
        rows = []
        for position, form in enumerate(self.forms):
            if not form.has_changed() and not form.cleaned_data.get("text"):
                continue
            if self._should_delete_form(form):
                continue
            text = (form.cleaned_data.get("text") or "").strip()
            if not text:
                continue
            order = form.cleaned_data.get("ORDER")
            rows.append((order if order is not None else 10_000 + position, position, text))
        return [text for *_, text in sorted(rows)]


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=1, can_order=True, can_delete=True
)


def step_formset(data=None, *, measure: Measure) -> BaseStepFormSet:
    """The steps of `measure` as rows; a new measure starts with two blank rows, an existing one with one."""
    initial = (
        [{"text": s.text, "ORDER": i} for i, s in enumerate(measure.steps.all(), start=1)]
        if measure.pk
        else []
    )
    formset = StepFormSet(data, initial=initial, prefix="steps")
    formset.extra = 1 if initial else 2
    return formset


class CopyYearForm(forms.Form):
    source_year = forms.TypedChoiceField(label="คัดลอกจากปีงบประมาณ", coerce=int)
    target_year = forms.IntegerField(label="ไปยังปีงบประมาณ (พ.ศ.)", validators=[validate_fiscal_year])
    add_to_existing = forms.BooleanField(
        label="ยืนยัน: ปีปลายทางมีมาตรการอยู่แล้ว ให้เพิ่มมาตรการที่คัดลอกต่อท้าย", required=False
    )

    def __init__(self, *args, organisation, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["source_year"].choices = [(y, str(y)) for y in sorted(years, reverse=True)]
        for name in ("source_year", "target_year"):
            self.fields[name].widget.attrs["class"] = (
                "form-select" if name == "source_year" else "form-control"
            )
        self.fields["add_to_existing"].widget.attrs["class"] = "form-check-input"

    def save(self, *, actor) -> list[Measure]:
        data = self.cleaned_data
        try:
            return services.measures_copy_year(
                organisation=self.organisation,
                source_year=data["source_year"],
                target_year=data["target_year"],
                add_to_existing=data["add_to_existing"],
                actor=actor,
            )
        except ValidationError as error:
            self.add_error(None, error)
            raise


# ---------------------------------------------------------------- progress


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def validate_link(url: str) -> None:
    if "://" not in url:
        raise ValidationError(
            f"ลิงก์ “{url}” ไม่มี http:// หรือ https:// นำหน้า โปรดพิมพ์ให้ครบ เช่น https://{url.lstrip('/')}"
        )
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(f"“{url}” ไม่ใช่ลิงก์เว็บที่ถูกต้อง (ต้องขึ้นต้นด้วย http:// หรือ https://)") from None


class ProgressForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submit_token = SubmitTokenField()  # create only: one save per submit (ita_portal.submissions)
    links = TextFormField(
        label="ลิงก์หลักฐาน",
        multiline=True,
        max_length=EVIDENCE_LINKS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://www.example.go.th/news/123"}),
        help_text="บรรทัดละหนึ่งลิงก์ ขึ้นต้นด้วย http:// หรือ https://",
    )
    files = MultipleFileField(
        label="ไฟล์หลักฐาน",
        required=False,
        help_text=f"เลือกได้หลายไฟล์ ชนิด {ALLOWED_TEXT} ไม่เกิน {MAX_SIZE // (1024 * 1024)} MB ต่อไฟล์",
    )
    remove_files = forms.ModelMultipleChoiceField(
        label="ลบไฟล์เดิม",
        required=False,
        queryset=EvidenceFile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Progress
        formfield_callback = text_formfield
        fields = ["round", "reported_on", "status", "done", "outcome", "completed_on"]
        widgets = {
            "reported_on": date_input(),
            "completed_on": date_input(),
            "done": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.instance.measure = measure
        progress: Progress = self.instance
        for name in ("reported_on", "completed_on"):
            self.fields[name].help_text = be_hint(getattr(progress, name) or self.initial.get(name))
        # No blank choice: a new entry is for the 6-month round until that round has ended.
        self.fields["round"].choices = [c for c in self.fields["round"].choices if c[0]]
        if not progress.pk:
            today = self.initial.get("reported_on")
            _, half_end = fiscal.round_bounds(measure.fiscal_year, fiscal.Round.HALF)
            self.initial.setdefault("round", "half" if today is None or today <= half_end else "annual")
        if progress.pk:
            self.initial["version"] = progress.version
            self.initial["links"] = "\n".join(progress.links.order_by("pk").values_list("url", flat=True))
            self.fields["remove_files"].queryset = progress.files.order_by("pk")
            del self.fields[SUBMIT_TOKEN]
        else:
            del self.fields["remove_files"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Div("round", css_class="col-sm-6"), Div("reported_on", css_class="col-sm-6"), css_class="row"
            ),
            "done",
            "outcome",
            Div(
                Div("status", css_class="col-sm-6"),
                Div("completed_on", css_class="col-sm-6"),
                css_class="row",
            ),
            "links",
            "files",
            *(["remove_files"] if "remove_files" in self.fields else []),
            "version",
            *([SUBMIT_TOKEN] if SUBMIT_TOKEN in self.fields else []),
        )

    def clean_links(self) -> list[str]:
        lines = [line.strip() for line in (self.cleaned_data.get("links") or "").splitlines() if line.strip()]
        errors = []
        for url in lines:
            try:
                validate_link(url)
            except ValidationError as error:
                errors.extend(error.messages)
            if len(url) > 500:
                errors.append(f"ลิงก์ยาวเกิน ๕๐๐ ตัวอักษร: {url[:60]}…")
        if errors:
            raise ValidationError(errors)
        return lines

    def clean_files(self) -> list:
        # Judged once, by the service (measures.uploads): its refusal comes back next to this field.
        return self.cleaned_data.get("files") or []

    def save(self, *, actor) -> Progress:
        data = self.cleaned_data
        fields = {name: data[name] for name in services.PROGRESS_FIELDS}
        if self.instance.pk:
            return services.progress_update(
                progress=self.instance,
                expected_version=data.get("version"),
                actor=actor,
                links=data["links"],
                files=data["files"],
                remove_files=data.get("remove_files") or [],
                **fields,
            )
        return services.progress_record(
            measure=self.measure, links=data["links"], files=data["files"], actor=actor, **fields
        )
