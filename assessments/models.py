"""ITA frameworks (per fiscal year, as data) and each organisation's assessment results."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from ita_portal.models import Organisation, OrgUnit
from ita_portal.scoping import scoped_queryset
from ita_portal.text_input import CleansTextMixin
from ita_portal.text_limits import NARRATIVE, NOTE, QUESTION, bounded

from . import scoring
from .fields import ScoreField
from .validators import validate_fiscal_year

# ---------------------------------------------------------------- framework (reference data, per fiscal year)


class LevelScheme(models.TextChoices):
    LETTER = "letter", "ระดับตัวอักษร AA–F (ถึงปี ๒๕๖๕)"
    WORD = "word", "ระดับผลการประเมิน ผ่านดีเยี่ยม–ต้องปรับปรุง (ตั้งแต่ปี ๒๕๖๖)"


class FrameworkQuerySet(models.QuerySet):
    def with_rules(self):
        """Everything `scheme()` and the entry pages need, in a fixed number of queries."""
        return self.prefetch_related("tools", "levels", "indicators__tool", "indicators__subindicators")


class Framework(CleansTextMixin, models.Model):
    """The ITA rules of one fiscal year. Shipped as fixtures/frameworks/fy<year>.json; editable in the admin."""

    fiscal_year = models.PositiveSmallIntegerField(
        "ปีงบประมาณ (พ.ศ.)", unique=True, validators=[validate_fiscal_year]
    )
    pass_mark = models.DecimalField("เกณฑ์ผ่าน", max_digits=5, decimal_places=2, default=Decimal(85))
    level_scheme = models.CharField("รูปแบบระดับผล", max_length=10, choices=LevelScheme.choices)
    verified = models.BooleanField(
        "ตรวจสอบกับคู่มือแล้ว", default=False, help_text="ไม่ติ๊กหมายถึงข้อมูลบางส่วนยังไม่ยืนยัน ผู้ดูแลระบบแก้ไขได้"
    )
    notes = models.TextField("หมายเหตุ/แหล่งที่มา", blank=True, **bounded(NOTE))

    objects = FrameworkQuerySet.as_manager()
    # Who copied a year and who confirmed it against the NACC manual (framework_copy, framework_confirm).
    history = HistoricalRecords()

    class Meta:
        verbose_name = "กรอบการประเมิน ITA"
        verbose_name_plural = "กรอบการประเมิน ITA"
        ordering = ["-fiscal_year"]

    def __str__(self) -> str:
        return f"ITA ปี {self.fiscal_year}"

    def scheme(self) -> scoring.Scheme:
        """The pure scoring rules of this year (uses prefetched rows when present)."""
        indicators = list(self.indicators.all())
        tools = tuple(
            scoring.ToolRule(
                code=t.code,
                weight=t.weight,
                indicators=tuple(sorted(i.number for i in indicators if i.tool_id == t.pk)),
            )
            for t in sorted(self.tools.all(), key=lambda t: t.order)
        )
        levels = tuple(
            scoring.LevelRule(
                label=b.label, min_total=b.min_total, min_each_tool=b.min_each_tool, passed=b.passed
            )
            for b in sorted(self.levels.all(), key=lambda b: b.order)
        )
        return scoring.Scheme(tools=tools, levels=levels, pass_mark=self.pass_mark)


class Tool(CleansTextMixin, models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="tools", verbose_name="กรอบการประเมิน"
    )
    code = models.CharField("รหัส", max_length=10, help_text="IIT, EIT หรือ OIT")
    name = models.CharField("ชื่อเครื่องมือ", max_length=200)
    name_en = models.CharField("ชื่อภาษาอังกฤษ", max_length=200, blank=True)
    weight = models.DecimalField(
        "น้ำหนัก", max_digits=4, decimal_places=3, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)

    class Meta:
        verbose_name = "เครื่องมือการประเมิน"
        verbose_name_plural = "เครื่องมือการประเมิน"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="tool_unique_code_per_year")
        ]

    def __str__(self) -> str:
        return self.code


class LevelBand(CleansTextMixin, models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="levels", verbose_name="กรอบการประเมิน"
    )
    label = models.CharField("ระดับ", max_length=60)
    min_total = ScoreField("คะแนนรวมขั้นต่ำ")
    min_each_tool = ScoreField(
        "คะแนนขั้นต่ำของทุกเครื่องมือ", null=True, blank=True, help_text="เว้นว่างถ้าไม่มีเงื่อนไขรายเครื่องมือ"
    )
    passed = models.BooleanField("ถือว่าผ่าน", default=True)
    order = models.PositiveSmallIntegerField(
        "ลำดับการตรวจ", default=0, help_text="ตรวจจากน้อยไปมาก ระดับแรกที่เข้าเงื่อนไขคือผล"
    )

    class Meta:
        verbose_name = "ระดับผลการประเมิน"
        verbose_name_plural = "ระดับผลการประเมิน"
        ordering = ["framework", "order"]

    def __str__(self) -> str:
        return self.label


class Indicator(CleansTextMixin, models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="indicators", verbose_name="กรอบการประเมิน"
    )
    number = models.PositiveSmallIntegerField("ตัวชี้วัดที่")
    name = models.CharField("ชื่อตัวชี้วัด", max_length=200)
    tool = models.ForeignKey(
        Tool, on_delete=models.PROTECT, related_name="indicators", verbose_name="เครื่องมือ"
    )

    class Meta:
        verbose_name = "ตัวชี้วัด"
        verbose_name_plural = "ตัวชี้วัด"
        ordering = ["framework", "number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="indicator_unique_number_per_year")
        ]

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {self.number} {self.name}"

    def clean(self) -> None:
        if self.tool_id and self.framework_id and self.tool.framework_id != self.framework_id:
            raise ValidationError({"tool": "เครื่องมือต้องอยู่ในกรอบการประเมินปีเดียวกัน"})


class SubIndicator(CleansTextMixin, models.Model):
    """An OIT sub-indicator (9.1 ข้อมูลพื้นฐาน …): its score is the share of its items that passed."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="subindicators", verbose_name="ตัวชี้วัด"
    )
    code = models.CharField("รหัส", max_length=10)
    name = models.CharField("ชื่อ", max_length=200)
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)

    class Meta:
        verbose_name = "ตัวชี้วัดย่อย"
        verbose_name_plural = "ตัวชี้วัดย่อย"
        ordering = ["indicator", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "code"], name="subindicator_unique_code_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class AnswerKind(models.TextChoices):
    SCALE = "scale", "มาตรวัด ๔ ระดับ"
    REVERSE = "reverse", "มาตรวัดกลับด้าน"
    YESNO = "yesno", "มี/ไม่มี"
    ITEM = "item", "ข้อมูล OIT (ผ่าน/ไม่ผ่าน)"


class Question(CleansTextMixin, models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="questions", verbose_name="กรอบการประเมิน"
    )
    code = models.CharField("ข้อ", max_length=10, help_text="เช่น I1, E6, O34")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="questions", verbose_name="ตัวชี้วัด"
    )
    subindicator = models.ForeignKey(
        SubIndicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name="ตัวชี้วัดย่อย",
    )
    text = models.TextField("คำถาม/รายการ", **bounded(QUESTION))
    answer = models.CharField(
        "รูปแบบคำตอบ", max_length=10, choices=AnswerKind.choices, default=AnswerKind.SCALE
    )
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)

    class Meta:
        verbose_name = "ข้อคำถาม"
        verbose_name_plural = "ข้อคำถาม"
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="question_unique_code_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def is_item(self) -> bool:
        return self.answer == AnswerKind.ITEM

    def clean(self) -> None:
        if self.indicator_id and self.framework_id and self.indicator.framework_id != self.framework_id:
            raise ValidationError({"indicator": "ตัวชี้วัดต้องอยู่ในกรอบการประเมินปีเดียวกัน"})
        if self.subindicator_id and self.subindicator.indicator_id != self.indicator_id:
            raise ValidationError({"subindicator": "ตัวชี้วัดย่อยต้องอยู่ภายใต้ตัวชี้วัดของข้อนี้"})


# ---------------------------------------------------------------- results of one organisation


class AssessmentQuerySet(scoped_queryset("organisation")):
    def with_scores(self):
        return self.select_related("organisation", "framework").prefetch_related(
            "tool_scores__tool",
            "indicator_scores__indicator",
            "framework__tools",
            "framework__levels",
            "framework__indicators",
        )


class Assessment(CleansTextMixin, models.Model):
    """The ITA result of one organisation in one fiscal year: official figures as published, and the
    indicator/question scores from which the portal computes its own."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="assessments", verbose_name="หน่วยงาน"
    )
    framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="assessments", verbose_name="ปีงบประมาณ"
    )
    official_total = ScoreField("คะแนนรวมที่ประกาศ", null=True, blank=True)
    official_level = models.CharField("ระดับผลที่ประกาศ", max_length=60, blank=True)
    notes = models.TextField("หมายเหตุ", blank=True, **bounded(NOTE))
    # The figures people see (official where published, else computed), kept in step by the
    # services calling refresh_summary() once per write, so lists and dashboards sort and aggregate
    # in SQL.
    total = ScoreField("คะแนนรวม", null=True, blank=True, editable=False, db_index=True)
    level = models.CharField("ระดับผล", max_length=60, blank=True, editable=False)
    passed = models.BooleanField("ผ่านเกณฑ์", null=True, editable=False)
    version = models.PositiveIntegerField("รุ่นข้อมูล", default=1, editable=False)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["total", "level", "passed", "updated_at"])

    class Meta:
        verbose_name = "ผลการประเมิน ITA"
        verbose_name_plural = "ผลการประเมิน ITA"
        ordering = ["organisation", "-framework__fiscal_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "framework"],
                name="assessment_one_per_organisation_and_year",
                violation_error_message="หน่วยงานนี้มีผลการประเมินของปีงบประมาณนี้อยู่แล้ว",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ปี {self.fiscal_year}"

    @property
    def fiscal_year(self) -> int:
        return self.framework.fiscal_year

    def _prefetched(self, name: str) -> bool:
        return name in getattr(self, "_prefetched_objects_cache", {})

    def indicator_score_map(self) -> dict[int, Decimal]:
        if self._prefetched("indicator_scores"):
            return {s.indicator.number: s.score for s in self.indicator_scores.all()}
        return dict(self.indicator_scores.values_list("indicator__number", "score"))

    def official_tool_map(self) -> dict[str, Decimal | None]:
        if self._prefetched("tool_scores"):
            return {s.tool.code: s.score for s in self.tool_scores.all()}
        return dict(self.tool_scores.values_list("tool__code", "score"))

    def computed(self) -> scoring.Result:
        """Tool scores, total and level computed from the indicator scores by the year's rules."""
        return scoring.compute(self.framework.scheme(), self.indicator_score_map())

    def summary(self) -> AssessmentSummary:
        return AssessmentSummary.of(self)

    def refresh_summary(self) -> None:
        """Store total, level and pass/fail from the official figures and the scores.

        The named step every service that writes an assessment or its scores calls once, after its
        rows are written (save() does nothing behind the caller's back). It announces no change: the
        calling service does."""
        for name in ("indicator_scores", "tool_scores"):  # read the rows as just written
            getattr(self, "_prefetched_objects_cache", {}).pop(name, None)
        self.set_summary_fields(self.framework.scheme())
        Assessment.objects.filter(pk=self.pk).update(total=self.total, level=self.level, passed=self.passed)

    def set_summary_fields(self, scheme: scoring.Scheme) -> None:
        """Set (not save) total, level and passed by `scheme` from the scores loaded or prefetched."""
        summary = AssessmentSummary.of(self, scheme=scheme)
        band = next((b for b in scheme.levels if b.label == summary.level), None)
        if band is not None:
            passed = band.passed
        else:
            passed = None if summary.total is None else summary.total >= scheme.pass_mark
        self.total, self.level, self.passed = summary.total, summary.level, passed


class AssessmentSummary:
    """Official and computed figures side by side, with the disagreements a person must see."""

    def __init__(
        self, *, total, level, tools, computed: scoring.Result, official_total, official_level, official_tools
    ):
        self.total, self.level, self.tools = total, level, tools
        self.computed = computed
        self.official_total, self.official_level, self.official_tools = (
            official_total,
            official_level,
            official_tools,
        )

    @classmethod
    def of(cls, assessment: Assessment, *, scheme: scoring.Scheme | None = None) -> AssessmentSummary:
        scheme = scheme or assessment.framework.scheme()
        computed = scoring.compute(scheme, assessment.indicator_score_map())
        official_tools = assessment.official_tool_map()
        tools = {
            code: official_tools[code] if official_tools.get(code) is not None else value
            for code, value in computed.tools.items()
        }
        for code, value in official_tools.items():
            tools.setdefault(code, value)
        total = assessment.official_total if assessment.official_total is not None else computed.total
        level_label = assessment.official_level
        if not level_label:
            band = computed.level or (
                scoring.level_from_official(scheme, total, tools) if total is not None else None
            )
            level_label = band.label if band else ""
        return cls(
            total=total,
            level=level_label,
            tools=tools,
            computed=computed,
            official_total=assessment.official_total,
            official_level=assessment.official_level,
            official_tools=official_tools,
        )

    @property
    def mismatches(self) -> list[tuple[str, Decimal | str, Decimal | str]]:
        """(what, official, computed) for every figure where the two disagree by more than 0.01."""
        out = []
        if scoring.differs(self.official_total, self.computed.total):
            out.append(("คะแนนรวม", self.official_total, self.computed.total))
        for code, official in self.official_tools.items():
            if scoring.differs(official, self.computed.tools.get(code)):
                out.append((code, official, self.computed.tools[code]))
        if self.official_level and self.computed.level and self.official_level != self.computed.level.label:
            out.append(("ระดับผล", self.official_level, self.computed.level.label))
        return out


def _same_framework(assessment: Assessment, obj, field: str, label: str) -> None:
    if obj is not None and assessment is not None and obj.framework_id != assessment.framework_id:
        raise ValidationError(
            {
                field: f"{label} “{obj}” เป็นของกรอบการประเมินปี {obj.framework.fiscal_year} ไม่ใช่ปี {assessment.fiscal_year}"
            }
        )


class ToolScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="tool_scores", verbose_name="ผลการประเมิน"
    )
    tool = models.ForeignKey(Tool, on_delete=models.PROTECT, verbose_name="เครื่องมือ")
    score = ScoreField("คะแนนที่ประกาศ", null=True, blank=True)
    part1_score = ScoreField("คะแนนส่วนที่ ๑", null=True, blank=True, help_text="เช่น EIT ส่วนที่ ๑ (ปี ๒๕๖๖)")
    part2_score = ScoreField("คะแนนส่วนที่ ๒", null=True, blank=True)

    objects = scoped_queryset("assessment__organisation").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "คะแนนรายเครื่องมือ"
        verbose_name_plural = "คะแนนรายเครื่องมือ"
        constraints = [models.UniqueConstraint(fields=["assessment", "tool"], name="toolscore_unique")]

    def __str__(self) -> str:
        return f"{self.tool.code} {self.score}"

    def clean(self) -> None:
        if self.assessment_id and self.tool_id:
            _same_framework(self.assessment, self.tool, "tool", "เครื่องมือ")


class IndicatorScore(models.Model):
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="indicator_scores", verbose_name="ผลการประเมิน"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name="ตัวชี้วัด")
    score = ScoreField("คะแนน")

    objects = scoped_queryset("assessment__organisation").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "คะแนนรายตัวชี้วัด"
        verbose_name_plural = "คะแนนรายตัวชี้วัด"
        ordering = ["indicator__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="indicatorscore_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.number}: {self.score}"

    def clean(self) -> None:
        if self.assessment_id and self.indicator_id:
            _same_framework(self.assessment, self.indicator, "indicator", "ตัวชี้วัด")


class QuestionScore(models.Model):
    """A question's score (IIT/EIT) or an OIT item's pass/fail."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="question_scores", verbose_name="ผลการประเมิน"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, verbose_name="ข้อคำถาม")
    score = ScoreField("คะแนน", null=True, blank=True)
    passed = models.BooleanField("ผ่าน", null=True, blank=True)

    objects = scoped_queryset("assessment__organisation").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "คะแนนรายข้อ"
        verbose_name_plural = "คะแนนรายข้อ"
        ordering = ["question__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="questionscore_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"

    @property
    def value(self) -> Decimal | None:
        """The item as a number: an OIT item that passed counts 100, failed 0."""
        if self.passed is not None:
            return Decimal(100) if self.passed else Decimal(0)
        return self.score

    def clean(self) -> None:
        if not (self.assessment_id and self.question_id):
            return
        _same_framework(self.assessment, self.question, "question", "ข้อ")
        if self.question.is_item and self.score is not None and self.passed is None:
            raise ValidationError({"passed": f"ข้อ {self.question.code} เป็นข้อมูล OIT ให้บันทึกเป็นผ่าน/ไม่ผ่าน"})
        if not self.question.is_item and self.passed is not None:
            raise ValidationError({"score": f"ข้อ {self.question.code} ให้บันทึกเป็นคะแนน ไม่ใช่ผ่าน/ไม่ผ่าน"})


class RecommendationKind(models.TextChoices):
    STRENGTH = "strength", "จุดแข็ง ควรรักษามาตรฐาน"
    WEAKNESS = "weakness", "จุดอ่อน ควรพัฒนา/ปรับปรุง"


class Recommendation(CleansTextMixin, models.Model):
    """A NACC recommendation (ข้อเสนอแนะ) on a tool, indicator or question, and who it is assigned to."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="recommendations", verbose_name="ผลการประเมิน"
    )
    tool = models.ForeignKey(Tool, on_delete=models.PROTECT, null=True, blank=True, verbose_name="เครื่องมือ")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, verbose_name="ตัวชี้วัด"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, null=True, blank=True, verbose_name="ข้อ")
    score = ScoreField("คะแนน", null=True, blank=True)
    kind = models.CharField("ประเภท", max_length=10, choices=RecommendationKind.choices)
    issue = models.TextField("ประเด็น", blank=True, **bounded(NOTE))
    advice = models.TextField("ข้อเสนอแนะ", blank=True, **bounded(NARRATIVE))
    assigned_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="recommendations", verbose_name="มอบหมายให้"
    )
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)
    version = models.PositiveIntegerField("รุ่นแก้ไข", default=1, editable=False)

    objects = scoped_queryset("assessment__organisation").as_manager()
    history = HistoricalRecords(m2m_fields=[assigned_units])

    class Meta:
        verbose_name = "ข้อเสนอแนะ"
        verbose_name_plural = "ข้อเสนอแนะ"
        ordering = ["assessment", "order", "pk"]

    def __str__(self) -> str:
        target = self.question or self.indicator or self.tool or ""
        return f"{self.get_kind_display()}: {target}"

    def clean(self) -> None:
        if not self.assessment_id:
            return
        _same_framework(self.assessment, self.tool, "tool", "เครื่องมือ")
        _same_framework(self.assessment, self.indicator, "indicator", "ตัวชี้วัด")
        _same_framework(self.assessment, self.question, "question", "ข้อ")
        if self.question and self.indicator and self.question.indicator_id != self.indicator_id:
            raise ValidationError({"question": "ข้อนี้ไม่อยู่ในตัวชี้วัดที่เลือก"})
        if self.indicator and self.tool and self.indicator.tool_id != self.tool_id:
            raise ValidationError({"indicator": "ตัวชี้วัดนี้ไม่อยู่ในเครื่องมือที่เลือก"})
        if not (self.tool or self.indicator or self.question):
            raise ValidationError("ระบุเครื่องมือ ตัวชี้วัด หรือข้อที่ข้อเสนอแนะนี้อ้างถึง")


class AnalysisIssue(CleansTextMixin, models.Model):
    """An issue (ประเด็น) of the analysis report: the questions bearing on it, the analysis, the limitation."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="analysis_issues", verbose_name="ผลการประเมิน"
    )
    number = models.PositiveSmallIntegerField("ประเด็นที่")
    title = models.CharField("ประเด็น", max_length=300)
    analysis = models.TextField("ผลการวิเคราะห์", blank=True, **bounded(NARRATIVE))
    limitation = models.TextField("ข้อจำกัดของหน่วยงาน", blank=True, **bounded(NOTE))

    objects = scoped_queryset("assessment__organisation").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ประเด็นการวิเคราะห์"
        verbose_name_plural = "ประเด็นการวิเคราะห์"
        ordering = ["assessment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="analysisissue_unique_number")
        ]

    def __str__(self) -> str:
        return f"ประเด็นที่ {self.number} {self.title}"


class AnalysisIssueQuestion(CleansTextMixin, models.Model):
    issue = models.ForeignKey(
        AnalysisIssue, on_delete=models.CASCADE, related_name="rows", verbose_name="ประเด็น"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, verbose_name="ข้อ")
    score = ScoreField("คะแนน", null=True, blank=True)
    remark = models.TextField("หมายเหตุ", blank=True, **bounded(NOTE))
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)

    objects = scoped_queryset("issue__assessment__organisation").as_manager()

    class Meta:
        verbose_name = "ข้อที่เกี่ยวกับประเด็น"
        verbose_name_plural = "ข้อที่เกี่ยวกับประเด็น"
        ordering = ["issue", "order"]

    def __str__(self) -> str:
        return f"{self.question.code} {self.score}"

    def clean(self) -> None:
        if self.issue_id and self.question_id:
            _same_framework(self.issue.assessment, self.question, "question", "ข้อ")
