"""Forms for entering an ITA result: every indicator and question of the year on one page."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from ita_portal.models import OrgUnit
from ita_portal.text_input import TextFormField, text_formfield
from ita_portal.text_limits import SCORE_PASTE
from ita_portal.thai import parse_decimal

from . import scoring
from .models import Framework, Recommendation
from .validators import validate_score

PASS_CHOICES = [("", "–"), ("1", "ผ่าน"), ("0", "ไม่ผ่าน")]
# What a pasted OIT cell may say (ผ่าน/ไม่ผ่าน, 1/0, 100/0, ✓/✗, มี/ไม่มี): read by the form and, as data
# (preview_rules), by the browser's paste.
PASS_WORDS = ("ผ่าน", "1", "100", "✓", "y", "yes", "true", "มี")
FAIL_WORDS = ("ไม่ผ่าน", "0", "✗", "x", "n", "no", "false", "ไม่มี")


class ScoreFormField(forms.Field):
    """A score typed by a person: Thai or Arabic digits, 0–100, at most two decimals."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "class": "form-control score-input"}
        )

    def to_python(self, value) -> Decimal | None:
        value = (value or "").strip() if isinstance(value, str) else value
        try:
            number = parse_decimal(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None
        return number

    def validate(self, value):
        super().validate(value)
        validate_score(value)


def split_pasted(text: str) -> list[str]:
    """A column copied from a spreadsheet: one value a line (tabs also split); blank lines kept as gaps
    between values but trailing blank lines dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return [line.strip() for line in lines]


class AssessmentEntryForm(forms.Form):
    """Official figures, tool scores, the ten indicators and every question/item of one framework.

    Each group can also be filled by pasting a spreadsheet column into its paste box: the values go to
    the group's fields in order, and a column with more or fewer values than fields is refused.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    official_total = ScoreFormField(label="คะแนนรวมที่ประกาศ")
    official_level = forms.ChoiceField(label="ระดับผลที่ประกาศ", required=False)

    def __init__(self, *args, framework: Framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework
        self.fields["official_level"].choices = [("", "– ตามที่คำนวณ –")] + [
            (b.label, b.label) for b in framework.levels.all()
        ]
        self.tools = list(framework.tools.all())
        self.indicators = list(framework.indicators.all())  # with their tools (with_rules)
        self.questions = list(framework.questions.select_related("indicator__tool", "subindicator"))
        for tool in self.tools:
            self.fields[f"tool_{tool.code}"] = ScoreFormField(label=f"{tool.code} ที่ประกาศ")
            self.fields[f"tool_{tool.code}_part1"] = ScoreFormField(label=f"{tool.code} ส่วนที่ ๑")
            self.fields[f"tool_{tool.code}_part2"] = ScoreFormField(label=f"{tool.code} ส่วนที่ ๒")
        for indicator in self.indicators:
            self.fields[f"ind_{indicator.number}"] = ScoreFormField(
                label=f"ตัวชี้วัดที่ {indicator.number} {indicator.name}"
            )
        for question in self.questions:
            if question.is_item:
                self.fields[f"q_{question.code}"] = forms.ChoiceField(
                    label=question.code,
                    choices=PASS_CHOICES,
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select form-select-sm score-input"}),
                )
            else:
                self.fields[f"q_{question.code}"] = ScoreFormField(label=question.code)
        for group in self.paste_groups():
            self.fields[group["paste"]] = TextFormField(
                label=f"วางคอลัมน์คะแนน{group['title']}",
                required=False,
                multiline=True,
                max_length=SCORE_PASTE,
                widget=forms.Textarea(
                    attrs={
                        "rows": 2,
                        "class": "form-control paste-box",
                        "placeholder": "วางคะแนนที่คัดลอกจาก Excel ที่นี่ (หนึ่งค่าต่อบรรทัด)",
                    }
                ),
            )

    def paste_groups(self) -> list[dict]:
        """The groups a pasted column fills: the indicators, then each tool's questions/items."""
        groups = [
            {
                "key": "indicators",
                "title": "ตัวชี้วัด",
                "paste": "paste_indicators",
                "fields": [f"ind_{i.number}" for i in self.indicators],
            }
        ]
        for tool in self.tools:
            codes = [q.code for q in self.questions if q.indicator.tool_id == tool.pk]
            groups.append(
                {
                    "key": tool.code,
                    "title": f"รายข้อ {tool.code}",
                    "paste": f"paste_{tool.code}",
                    "fields": [f"q_{c}" for c in codes],
                }
            )
        return groups

    def full_clean(self):
        # A pasted column overrides the fields of its group: spread it before the fields are cleaned.
        if self.is_bound:
            data = self.data.copy()
            self._paste_errors = {}
            for group in self.paste_groups():
                text = data.get(self.add_prefix(group["paste"]), "")
                if not text.strip() or len(text) > SCORE_PASTE:  # too long: the field itself refuses it
                    continue
                values = split_pasted(text)
                expected = len(group["fields"])
                if len(values) != expected:
                    self._paste_errors[group["paste"]] = (
                        f"วางมา {len(values)} ค่า แต่{group['title']}มี {expected} ช่อง "
                        f"โปรดคัดลอกให้ครบพอดี {expected} แถว (ยังไม่ได้บันทึก)"
                    )
                    continue
                for name, value in zip(group["fields"], values, strict=True):
                    data[self.add_prefix(name)] = _pass_value(value) if name.startswith("q_O") else value
            self.data = data
        super().full_clean()

    def clean(self):
        cleaned = super().clean()
        for field, message in getattr(self, "_paste_errors", {}).items():
            self.add_error(field, message)
        return cleaned

    # -- values for the service

    def tool_scores(self) -> dict[str, dict]:
        c = self.cleaned_data
        return {
            t.code: {
                "score": c.get(f"tool_{t.code}"),
                "part1": c.get(f"tool_{t.code}_part1"),
                "part2": c.get(f"tool_{t.code}_part2"),
            }
            for t in self.tools
        }

    def indicator_scores(self) -> dict[int, Decimal | None]:
        return {i.number: self.cleaned_data.get(f"ind_{i.number}") for i in self.indicators}

    def question_scores(self) -> dict[str, object]:
        out = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q_{q.code}")
            if q.is_item:
                out[q.code] = None if value in (None, "") else value == "1"
            else:
                out[q.code] = value
        return out

    def layout(self) -> list[dict]:
        """Fields grouped tool → indicator → questions, for the template."""
        out = []
        for tool in self.tools:
            indicators = []
            for indicator in (i for i in self.indicators if i.tool_id == tool.pk):
                indicators.append(
                    {
                        "indicator": indicator,
                        "field": self[f"ind_{indicator.number}"],
                        "questions": [
                            (q, self[f"q_{q.code}"]) for q in self.questions if q.indicator_id == indicator.pk
                        ],
                    }
                )
            group = next(g for g in self.paste_groups() if g["key"] == tool.code)
            out.append(
                {
                    "tool": tool,
                    "official": self[f"tool_{tool.code}"],
                    "part1": self[f"tool_{tool.code}_part1"],
                    "part2": self[f"tool_{tool.code}_part2"],
                    "indicators": indicators,
                    "paste": self[group["paste"]],
                }
            )
        return out


def _pass_value(text: str) -> str:
    """OIT cells pasted as ผ่าน/ไม่ผ่าน, 1/0, 100/0, ✓/✗ become the select's values."""
    value = text.strip().lower()
    if value in PASS_WORDS:
        return "1"
    if value in FAIL_WORDS:
        return "0"
    return "" if not value else value  # anything else fails the select's validation with a message


def preview_rules(scheme: scoring.Scheme) -> dict:
    """The entry page's live preview rules as data for the browser (json_script): each tool's weight and
    indicators, the places and tolerance of the scoring (assessments/scoring.py) and the paste words, so
    static/js/assessment_entry.js holds no rule of its own and cannot drift from the server's."""
    return {
        "weights": {t.code: str(t.weight) for t in scheme.tools},
        "tool_indicators": {t.code: list(t.indicators) for t in scheme.tools},
        "places": -scoring.TWO_PLACES.as_tuple().exponent,
        "tolerance": str(scoring.TOLERANCE),
        "pass_words": list(PASS_WORDS),
        "fail_words": list(FAIL_WORDS),
    }


def initial_from(assessment) -> dict:
    """The entry form's initial values from a saved assessment."""
    if assessment is None:
        return {}
    initial = {
        "version": assessment.version,
        "official_total": assessment.official_total,
        "official_level": assessment.official_level,
    }
    for row in assessment.tool_scores.select_related("tool"):
        initial[f"tool_{row.tool.code}"] = row.score
        initial[f"tool_{row.tool.code}_part1"] = row.part1_score
        initial[f"tool_{row.tool.code}_part2"] = row.part2_score
    for row in assessment.indicator_scores.select_related("indicator"):
        initial[f"ind_{row.indicator.number}"] = row.score
    for row in assessment.question_scores.select_related("question"):
        if row.question.is_item:
            initial[f"q_{row.question.code}"] = "" if row.passed is None else ("1" if row.passed else "0")
        else:
            initial[f"q_{row.question.code}"] = row.score
    return initial


class RecommendationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Recommendation
        formfield_callback = text_formfield
        fields = [
            "kind",
            "tool",
            "indicator",
            "question",
            "score",
            "issue",
            "advice",
            "assigned_units",
            "order",
        ]
        widgets = {
            "issue": forms.Textarea(attrs={"rows": 3}),
            "advice": forms.Textarea(attrs={"rows": 4}),
            "assigned_units": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, assessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.assessment = assessment
        framework = assessment.framework
        self.fields["tool"].queryset = framework.tools.all()
        self.fields["indicator"].queryset = framework.indicators.all()
        self.fields["question"].queryset = framework.questions.all()
        self.fields["assigned_units"].queryset = OrgUnit.objects.filter(organisation=assessment.organisation)
        self.fields["score"] = ScoreFormField(label="คะแนน")
        if self.instance.pk:
            self.initial.setdefault("score", self.instance.score)
            self.initial["version"] = self.instance.version

    def recommendation_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
