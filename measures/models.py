"""Improvement measures (มาตรการส่งเสริมคุณธรรมและความโปร่งใส), their steps and the progress reported on them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from assessments.models import AnalysisIssue, Indicator, Question, Recommendation, Tool
from assessments.validators import validate_fiscal_year
from ita_portal import fiscal
from ita_portal.models import Organisation, OrgUnit
from ita_portal.scoping import scoped_queryset
from ita_portal.text_input import CleansTextMixin
from ita_portal.text_limits import NARRATIVE, NOTE, STEP, TITLE, bounded


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "ยังไม่ดำเนินการ"
    IN_PROGRESS = "in_progress", "อยู่ระหว่างดำเนินการ"
    DONE = "done", "ดำเนินการแล้วเสร็จ"


class MeasureQuerySet(scoped_queryset("organisation")):
    def overdue(self, today: dt.date):
        """Not done and past the due date."""
        return self.filter(due_date__lt=today).exclude(status=Status.DONE)

    def due_between(self, first: dt.date, last: dt.date):
        """Not done and due in [first, last] (e.g. the next 30 days)."""
        return self.filter(due_date__range=(first, last)).exclude(status=Status.DONE)


class Measure(CleansTextMixin, models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="measures", verbose_name="หน่วยงาน"
    )
    fiscal_year = models.PositiveSmallIntegerField(
        "ปีงบประมาณ (พ.ศ.)", validators=[validate_fiscal_year], db_index=True
    )
    number = models.PositiveSmallIntegerField("ลำดับ", default=0)
    title = models.TextField("มาตรการ/โครงการ/กิจกรรม", **bounded(TITLE))
    issue = models.TextField("ประเด็นที่ต้องปรับปรุง/พัฒนา", blank=True, **bounded(NOTE))
    tool = models.ForeignKey(
        Tool,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="เครื่องมือการประเมิน",
    )
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="measures", verbose_name="ตัวชี้วัด")
    questions = models.ManyToManyField(
        Question, blank=True, related_name="measures", verbose_name="ข้อคำถาม/รายการ"
    )
    recommendations = models.ManyToManyField(
        Recommendation, blank=True, related_name="measures", verbose_name="ข้อเสนอแนะที่ตอบสนอง"
    )
    analysis_issues = models.ManyToManyField(
        AnalysisIssue, blank=True, related_name="measures", verbose_name="ประเด็นการวิเคราะห์"
    )
    units = models.ManyToManyField(OrgUnit, blank=True, related_name="measures", verbose_name="ผู้รับผิดชอบ")
    # Printed instead of the units' names when set ("สำนักปลัด ภารกิจอื่นที่เกี่ยวข้อง"); the units stay linked.
    responsible_text = models.CharField(
        "ผู้รับผิดชอบ (ข้อความตามที่เขียน)",
        max_length=300,
        blank=True,
        help_text="เว้นว่าง = พิมพ์ชื่อหน่วยงานผู้รับผิดชอบที่เลือกไว้พร้อมสังกัด",
    )
    period_start = models.DateField(
        "เริ่ม (เดือน)", null=True, blank=True, help_text="เว้นว่างทั้งสองช่อง = ตลอดปีงบประมาณ"
    )
    period_end = models.DateField("สิ้นสุด (เดือน)", null=True, blank=True)
    period_text = models.CharField("ระยะเวลา (ข้อความ)", max_length=200, blank=True)
    reporting = models.TextField("การรายงานผลและการกำกับติดตาม", blank=True, **bounded(NOTE))
    reporting_deadline = models.DateField("กำหนดเวลาแล้วเสร็จ", null=True, blank=True)
    # A deadline as written when it is not an exact day ("ภายในเดือนมกราคม"): printed as is, never made a date.
    deadline_text = models.CharField(
        "กำหนดเวลาแล้วเสร็จ (ข้อความตามที่เขียน)",
        max_length=200,
        blank=True,
        help_text="เช่น “ภายในเดือนมกราคม ๒๕๖๖” เมื่อไม่มีวันที่แน่นอน",
    )
    expected_outcome = models.TextField("ผลที่คาดว่าจะได้รับ", blank=True, **bounded(NOTE))
    # Derived (measures.derived), stored by the services that write a measure or its progress, so
    # dashboards count in SQL.
    status = models.CharField(
        "สถานะ",
        max_length=12,
        choices=Status.choices,
        default=Status.NOT_STARTED,
        editable=False,
        db_index=True,
    )
    due_date = models.DateField("ครบกำหนด", editable=False, db_index=True)
    suggestion = models.TextField("ข้อเสนอแนะ", blank=True, **bounded(NOTE))
    remark = models.TextField("หมายเหตุ", blank=True, **bounded(NOTE))
    version = models.PositiveIntegerField("รุ่นข้อมูล", default=1, editable=False)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)

    objects = MeasureQuerySet.as_manager()
    # Links are snapshotted with each history row so the change log can say which units/indicators changed.
    history = HistoricalRecords(m2m_fields=[units, indicators, questions, recommendations])

    class Meta:
        verbose_name = "มาตรการ"
        verbose_name_plural = "มาตรการ"
        ordering = ["organisation", "fiscal_year", "number", "pk"]
        indexes = [models.Index(fields=["organisation", "fiscal_year"])]

    def __str__(self) -> str:
        return self.title.splitlines()[0][:80] if self.title else f"มาตรการ {self.pk}"

    def clean(self) -> None:
        if bool(self.period_start) != bool(self.period_end):
            raise ValidationError("ระบุทั้งเดือนเริ่มและเดือนสิ้นสุด หรือเว้นว่างทั้งสองช่องเพื่อให้เป็นตลอดปีงบประมาณ")
        if self.period_start:
            self.period_start = self.period_start.replace(day=1)
            self.period_end = self.period_end.replace(day=1)
            if self.period_end < self.period_start:
                raise ValidationError({"period_end": "เดือนสิ้นสุดต้องไม่ก่อนเดือนเริ่ม"})
            if self.fiscal_year and not fiscal.within_fiscal_year(
                self.fiscal_year, self.period_start, self.period_end
            ):
                raise ValidationError(
                    {
                        "period_end": f"ระยะเวลาต้องอยู่ในปีงบประมาณ {self.fiscal_year} (ต.ค. {self.fiscal_year - 1} – ก.ย. {self.fiscal_year})"
                    }
                )

    @property
    def period_bounds(self) -> tuple[dt.date, dt.date]:
        """First and last day of the period; the whole fiscal year when no months are set."""
        if self.period_start and self.period_end:
            return self.period_start, fiscal.month_end(self.period_end)
        return fiscal.fiscal_year_bounds(self.fiscal_year)

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    def is_overdue(self, today: dt.date | None = None) -> bool:
        """Not done and past its due date (derived; never stored)."""
        today = today or timezone.localdate()
        return self.status != Status.DONE and self.due_date < today


class MeasureStep(CleansTextMixin, models.Model):
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="steps", verbose_name="มาตรการ"
    )
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)
    text = models.TextField("ขั้นตอน/วิธีการ", **bounded(STEP))

    objects = scoped_queryset("measure__organisation").as_manager()

    class Meta:
        verbose_name = "ขั้นตอน/วิธีการ"
        verbose_name_plural = "ขั้นตอน/วิธีการ"
        ordering = ["measure", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Progress(CleansTextMixin, models.Model):
    """What was actually done on a measure, reported for a round (6-month or annual)."""

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="progress", verbose_name="มาตรการ"
    )
    round = models.CharField(
        "รอบการรายงาน",
        max_length=10,
        choices=[
            (fiscal.Round.HALF.value, "รอบ ๖ เดือน (ต.ค.–มี.ค.)"),
            (fiscal.Round.ANNUAL.value, "รอบ ๑๒ เดือน (ทั้งปี)"),
        ],
    )
    reported_on = models.DateField("วันที่รายงาน", null=True, blank=True)
    done = models.TextField("ผลการดำเนินการ", blank=True, **bounded(NARRATIVE))
    outcome = models.TextField("ผลลัพธ์ที่ได้", blank=True, **bounded(NARRATIVE))
    completed_on = models.DateField("วันที่แล้วเสร็จ", null=True, blank=True)
    status = models.CharField("สถานะ", max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    created_by = models.ForeignKey(
        "ita_portal.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ผู้บันทึก",
    )
    created_at = models.DateTimeField("บันทึกเมื่อ", auto_now_add=True)
    updated_at = models.DateTimeField("แก้ไขล่าสุด", auto_now=True)
    version = models.PositiveIntegerField("รุ่นข้อมูล", default=1, editable=False)

    objects = scoped_queryset("measure__organisation").as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ผลการดำเนินการ"
        verbose_name_plural = "ผลการดำเนินการ"
        ordering = ["measure", "reported_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_round_display()} {self.measure}"

    def clean(self) -> None:
        if self.status == Status.DONE and not (self.done or "").strip():
            raise ValidationError({"done": "บันทึกผลการดำเนินการก่อนระบุว่าแล้วเสร็จ"})
        if self.completed_on and self.status != Status.DONE:
            raise ValidationError({"status": "มีวันที่แล้วเสร็จ สถานะต้องเป็น “ดำเนินการแล้วเสร็จ”"})
        if self.measure_id and self.reported_on:
            start, _ = fiscal.fiscal_year_bounds(self.measure.fiscal_year)
            if self.reported_on < start:
                raise ValidationError({"reported_on": "วันที่รายงานต้องไม่ก่อนเริ่มปีงบประมาณของมาตรการ"})


class EvidenceLink(CleansTextMixin, models.Model):
    progress = models.ForeignKey(
        Progress, on_delete=models.CASCADE, related_name="links", verbose_name="ผลการดำเนินการ"
    )
    url = models.URLField("ลิงก์หลักฐาน", max_length=500)
    title = models.CharField("คำอธิบาย", max_length=200, blank=True)

    objects = scoped_queryset("progress__measure__organisation").as_manager()

    class Meta:
        verbose_name = "ลิงก์หลักฐาน"
        verbose_name_plural = "ลิงก์หลักฐาน"

    def __str__(self) -> str:
        return self.title or self.url


class EvidenceFile(CleansTextMixin, models.Model):
    progress = models.ForeignKey(
        Progress, on_delete=models.CASCADE, related_name="files", verbose_name="ผลการดำเนินการ"
    )
    file = models.FileField("ไฟล์หลักฐาน", upload_to="evidence/%Y/%m/")
    original_name = models.CharField("ชื่อไฟล์เดิม", max_length=255)
    content_type = models.CharField("ชนิดไฟล์", max_length=100)
    size = models.PositiveIntegerField("ขนาด (ไบต์)")
    uploaded_at = models.DateTimeField("อัปโหลดเมื่อ", auto_now_add=True)

    objects = scoped_queryset("progress__measure__organisation").as_manager()

    class Meta:
        verbose_name = "ไฟล์หลักฐาน"
        verbose_name_plural = "ไฟล์หลักฐาน"

    def __str__(self) -> str:
        return self.original_name
